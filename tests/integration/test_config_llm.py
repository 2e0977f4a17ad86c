"""A config file drives a whole model run, with no model flag on the command line, against the fake
OpenAI-compatible server on 127.0.0.1; the key comes from the variable the file names, never from the file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_openai import Behaviour, FakeOpenAI
from typer.testing import CliRunner

from paperbrief import config
from paperbrief.cli import app

PAPERS = [
    {
        "title": "FastKV: KV Cache Compression for LLM Inference",
        "institutions": "Tsinghua University",
        "abstract": "Serving LLMs is memory-bound. We propose FastKV, which compresses the KV cache. "
        "FastKV cuts memory by 50% and runs 2x faster at inference.",
        "section": "new",
    },
    {
        "title": "Efficient Graph Learning for Inference",  # the rules are unsure: the judge decides
        "abstract": "We propose an efficient method that reduces latency at inference.",
        "section": "new",
    },
]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def listing(tmp_path: Path) -> Path:
    path = tmp_path / "listing.jsonl"
    path.write_text("".join(json.dumps(p) + "\n" for p in PAPERS), encoding="utf-8")
    return path


@pytest.mark.parametrize("fake", [Behaviour(required_key="k-local-123")], indirect=True)
def test_a_config_file_drives_briefs_judgements_and_translations_without_model_flags(
    fake: FakeOpenAI, listing: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = config.user_file()  # the conftest's, named by PAPERBRIEF_CONFIG
    user.write_text(f'model = "fake-model"\nbase_url = "{fake.url}"\napi_key_env = "MY_LOCAL_KEY"\n', encoding="utf-8")
    (tmp_path / "paperbrief.toml").write_text("concurrency = 2\ntranslate = true\n", encoding="utf-8")
    monkeypatch.setenv("MY_LOCAL_KEY", "k-local-123")
    code, err = invoke("report", str(listing), "-o", "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert code == 0, err
    assert report["usage"]["model"] == "fake-model"
    assert {p["brief"]["origin"] for p in report["papers"]} == {"llm"}
    assert all(p["translation"] for p in report["papers"])
    assert fake.asked("judge") and fake.max_in_flight <= 2
    assert "llm\tfake-model\tcalls\t" in err
    assert all(seen.authorization == "Bearer k-local-123" for seen in fake.requests)
    assert "k-local-123" not in (tmp_path / "r.json").read_text(encoding="utf-8") + err


def test_screen_judges_with_the_configured_model(fake: FakeOpenAI, listing: Path, tmp_path: Path) -> None:
    (tmp_path / "paperbrief.toml").write_text(f'model = "fake-model"\nbase_url = "{fake.url}"\n', encoding="utf-8")
    code, err = invoke("screen", str(listing), "-o", "t.jsonl", "--judge", "all")
    rows = [json.loads(line) for line in (tmp_path / "t.jsonl").read_text(encoding="utf-8").splitlines()]
    assert code == 0, err
    assert [row["judge"]["relevant"] for row in rows] == [True, True]
    assert fake.asked("judge") and not fake.asked("brief")  # the table only: nothing is briefed
    assert "llm-task\tjudge\tcalls\t2" in err
