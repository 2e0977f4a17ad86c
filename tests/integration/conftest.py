"""The fake arXiv server, with paperbrief pointed at it and its politeness delay off (it is not arxiv.org)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_arxiv import FakeArxiv


@pytest.fixture
def fake_arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArxiv]:
    with FakeArxiv() as fake:
        monkeypatch.setenv("PAPERBRIEF_ARXIV_API_URL", fake.api_url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_PDF_URL", fake.pdf_url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_RSS_URL", fake.url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_DELAY", "0")
        yield fake
