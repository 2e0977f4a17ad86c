"""Under CI a missing ../shared fails the suite; elsewhere the tests that need it skip."""

from __future__ import annotations

from pathlib import Path

import pytest

from shared_data import require_shared


def test_a_missing_shared_file_fails_under_ci_and_skips_elsewhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "no-such-corpus"
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="no-such-corpus"):
        require_shared(missing)
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        require_shared(missing)
    assert require_shared(tmp_path) == tmp_path
