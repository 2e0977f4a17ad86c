"""Shared fixtures: every test runs with its own cache and without the user's paperbrief/OpenAI settings or config
files."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from paperbrief import pipeline
from paperbrief.models import Report
from shared_data import CORPUS, DAILY, SEED, require_shared


@pytest.fixture(autouse=True)
def isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in list(os.environ):
        if name.startswith(("PAPERBRIEF_", "OPENAI_", "DEEPSEEK_", "DASHSCOPE_", "OPENALEX_")) or name in (
            "SOURCE_DATE_EPOCH",
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ):
            monkeypatch.delenv(name, raising=False)
    cache = tmp_path / "cache"
    monkeypatch.setenv("PAPERBRIEF_CACHE_DIR", str(cache))
    # No config file of the user's or of the folder pytest runs in: an empty user file (beside tmp_path, which
    # tests list), a working folder of its own.
    user_config = tmp_path.parent / f"{tmp_path.name}-user-config" / "paperbrief.toml"
    user_config.parent.mkdir(exist_ok=True)
    user_config.write_text("", encoding="utf-8")
    monkeypatch.setenv("PAPERBRIEF_CONFIG", str(user_config))
    monkeypatch.chdir(tmp_path)
    return cache


@pytest.fixture
def seed_jsonl() -> Path:
    return require_shared(SEED / "papers.jsonl")


@pytest.fixture
def corpus_pdfs() -> Path:
    return require_shared(CORPUS / "pdfs")


@pytest.fixture(scope="session")
def corpus_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Report]:
    """The whole corpus through the pipeline, once per test session, with a cache of its own."""
    folder = require_shared(CORPUS / "pdfs")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PAPERBRIEF_CACHE_DIR", str(tmp_path_factory.mktemp("corpus-cache")))
        yield pipeline.run([str(folder)])


@pytest.fixture
def arxiv_daily() -> Path:
    """The real daily mailings, `YYYY-MM/MM-DD/arxiv_daily.txt`."""
    return require_shared(DAILY)
