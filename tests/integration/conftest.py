"""The fake servers: arXiv, with paperbrief pointed at it and its politeness delay off (it is not arxiv.org),
and an OpenAI-compatible model server (`fake`, its `Behaviour` given by indirect parametrization)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fake_arxiv import FakeArxiv
from fake_openai import Behaviour, FakeOpenAI


@pytest.fixture
def fake_arxiv(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeArxiv]:
    with FakeArxiv() as fake:
        monkeypatch.setenv("PAPERBRIEF_ARXIV_API_URL", fake.api_url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_PDF_URL", fake.pdf_url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_RSS_URL", fake.url)
        monkeypatch.setenv("PAPERBRIEF_ARXIV_DELAY", "0")
        yield fake


@pytest.fixture
def fake(request: pytest.FixtureRequest) -> Iterator[FakeOpenAI]:
    behaviour = getattr(request, "param", None) or Behaviour()
    with FakeOpenAI(behaviour) as server:
        yield server
