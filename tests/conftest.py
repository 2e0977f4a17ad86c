"""Shared fixtures: every test runs with its own cache and without the user's paperbrief/OpenAI settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed"
CORPUS = SHARED / "corpus"


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
    return cache


@pytest.fixture
def seed_jsonl() -> Path:
    path = SEED / "papers.jsonl"
    if not path.exists():
        pytest.skip("../shared/seed is not beside the repository")
    return path


@pytest.fixture
def corpus_pdfs() -> Path:
    path = CORPUS / "pdfs"
    if not path.exists():
        pytest.skip("../shared/corpus is not beside the repository")
    return path
