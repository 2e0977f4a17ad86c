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


def require_shared(path: Path) -> Path:
    """`path` under ../shared; a test needing it is skipped when it is missing, but fails under CI, which
    always has it (so a moved file cannot turn a test into a silent skip)."""
    if not path.exists():
        message = f"../{path.relative_to(SHARED.parent)} is not beside the repository"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture
def seed_jsonl() -> Path:
    return require_shared(SEED / "papers.jsonl")


@pytest.fixture
def corpus_pdfs() -> Path:
    return require_shared(CORPUS / "pdfs")


@pytest.fixture
def arxiv_daily() -> Path:
    """The real daily mailings, `YYYY-MM/MM-DD/arxiv_daily.txt`."""
    return require_shared(SHARED / "arxiv-daily")
