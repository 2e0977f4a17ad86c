"""Everyday use: one config file instead of ten flags, `paperbrief config` to see what is in force."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperbrief import config
from paperbrief.cli import app

runner = CliRunner()
PAPER = {"title": "TinyServe", "abstract": "Serving is slow. We propose TinyServe, a cache. It is 3.4× faster."}


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def papers(tmp_path: Path) -> Path:
    path = tmp_path / "p.jsonl"
    path.write_text(json.dumps(PAPER) + "\n", encoding="utf-8")
    return path


def folder_config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "paperbrief.toml"  # the tests run in tmp_path (conftest)
    path.write_text(text, encoding="utf-8")
    return path


def shown(out: str) -> dict[str, tuple[str, str]]:
    return {name: (value, origin) for name, value, origin in (line.split("\t") for line in out.splitlines())}


def test_config_shows_each_setting_and_where_it_comes_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = folder_config(tmp_path, 'model = "qwen-plus"\n\nstatus = ["oral", "spotlight"]\n')
    monkeypatch.setenv("OPENAI_BASE_URL", "https://dashscope.aliyuncs.com/compatible-mode/v1")
    code, out, _ = invoke("config")
    settings = shown(out)
    assert code == 0
    assert out.splitlines()[:2] == [
        f"file\t{path}\tfound",
        f"file\t{config.user_file()}\tfound",
    ]
    assert settings["model"] == ("qwen-plus", f"{path}:1")
    assert settings["status"] == ("oral,spotlight", f"{path}:3")
    assert settings["base_url"] == ("https://dashscope.aliyuncs.com/compatible-mode/v1", "env OPENAI_BASE_URL")
    assert settings["concurrency"] == ("4", "default")
    assert settings["api_key_env"] == ("OPENAI_API_KEY", "default")


def test_config_init_writes_a_starter_once(tmp_path: Path) -> None:
    code, _, err = invoke("config", "--init")
    assert code == 0 and f"Wrote {tmp_path / 'paperbrief.toml'}" in err
    assert "# max_cost = 1.0" in (tmp_path / "paperbrief.toml").read_text(encoding="utf-8")
    code, _, err = invoke("config", "--init")
    assert code == 2 and "exists already" in err
    assert invoke("config", "--init", str(tmp_path / "elsewhere" / "pb.toml"))[0] == 0
    assert invoke("config", "other.toml")[0] == 2


def test_a_bad_config_file_stops_every_command_before_any_work(tmp_path: Path, papers: Path) -> None:
    folder_config(tmp_path, "jobs = 2\ncolour = true\n")
    for args in (["report", str(papers), "-o", "r.md"], ["screen", str(papers)], ["extract", str(papers)], ["config"]):
        code, out, err = invoke(*args)
        assert code == 2, args
        assert f"{tmp_path / 'paperbrief.toml'}:2: unknown key 'colour'" in err
        assert out == ""
    assert not (tmp_path / "r.md").exists()


def test_a_config_file_sets_what_flags_would_and_a_flag_wins(tmp_path: Path, papers: Path) -> None:
    folder_config(tmp_path, 'topic = "推理"\nformat = "json"\n')
    assert invoke("report", str(papers), "-o", "r.md")[0] == 0
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# 推理论文分析报告")  # the suffix names md
    code, out, _ = invoke("report", str(papers), "-o", "-")
    assert code == 0 and json.loads(out)["title"] == "推理论文分析报告"  # stdout: the configured format
    code, out, _ = invoke("report", str(papers), "-o", "-", "--topic", "加速", "--format", "md")
    assert out.startswith("# 加速论文分析报告")


def test_an_archive_from_the_config_file_unless_o_asks_for_one_report(tmp_path: Path, papers: Path) -> None:
    folder_config(tmp_path, 'archive = "site"\narchive_formats = "html"\n')
    assert invoke("report", str(papers))[0] == 0
    assert (tmp_path / "site" / "index.html").exists()
    assert invoke("report", str(papers), "-o", "one.md")[0] == 0
    assert (tmp_path / "one.md").exists()
    code, _, err = invoke("report", str(papers), "-o", "one.md", "--archive", "site")
    assert code == 2 and "give either -o FILE" in err


def test_offline_overrides_a_configured_model_and_what_needs_one(
    tmp_path: Path, papers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fork without the secret: the config names a remote model (no key here), the workflow says offline."""
    folder_config(
        tmp_path,
        'model = "doubao-seed-1-6-250615"\nbase_url = "https://ark.cn-beijing.volces.com/api/v3"\n'
        'api_key_env = "ARK_API_KEY"\ntranslate = true\njudge = "all"\n',
    )
    code, _, err = invoke("report", str(papers), "-o", "r.json")
    assert code == 2 and "set the environment variable ARK_API_KEY" in err
    monkeypatch.setenv("PAPERBRIEF_OFFLINE", "1")
    code, _, err = invoke("report", str(papers), "-o", "r.json")
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert code == 0, err
    assert report["usage"] == {} and report["papers"][0]["brief"]["origin"] == "offline"
    code, _, err = invoke("report", str(papers), "-o", "r.json", "--translate")
    assert code == 2 and "need a model" in err  # asked for on the command line: not dropped silently


def test_an_endpoint_without_a_model_is_fine_from_the_environment_but_not_as_a_flag(
    papers: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    assert invoke("report", str(papers), "-o", "r.md")[0] == 0
    code, _, err = invoke("report", str(papers), "-o", "r.md", "--base-url", "http://127.0.0.1:9/v1")
    assert code == 2 and "--base-url needs a model" in err


def test_bad_flags_and_variables_are_usage_errors(papers: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("report", str(papers), "-o", "r.md", "--sort", "newest")[0] == 2
    assert invoke("screen", str(papers), "--json-mode", "yaml")[0] == 2
    monkeypatch.setenv("PAPERBRIEF_JOBS", "many")
    code, _, err = invoke("extract", str(papers))
    assert code == 2 and "PAPERBRIEF_JOBS='many'" in err
