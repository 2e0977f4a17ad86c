"""Where ../shared is, and what a test does when something it needs from there (or from the machine) is missing."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed"
CORPUS = SHARED / "corpus"
DAILY = SHARED / "arxiv-daily"


def require_shared(path: Path) -> Path:
    """`path` if it exists; else the test skips, except under CI (`CI` set), where what .ci/run provides must be
    there: a missing ../shared or Chromium fails the suite instead of passing it silently."""
    if not path.exists():
        message = f"{path} is not there: ../shared must sit beside the repository (and .ci/run installs Chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path
