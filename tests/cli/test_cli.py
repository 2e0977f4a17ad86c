from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperbrief.cli import app

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def write_papers(path: Path, *records: dict[str, object]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


GOOD = {
    "title": "TinyServe: Query-Aware Cache Selection",
    "authors": ["A B", "C D"],
    "institutions": "Columbia University, Yale University",
    "abstract": "Serving is slow. We propose TinyServe, a cache. It is 3.4× faster.",
}


@pytest.mark.parametrize("command", [[], ["report"], ["extract"], ["cache"], ["cache", "clear"], ["cache", "info"]])
def test_every_command_has_help(command: list[str]) -> None:
    code, out, _ = invoke(*command, "--help")
    assert code == 0
    assert "Usage:" in out


def test_report_writes_markdown_and_exits_zero_when_all_inputs_are_papers(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", GOOD)
    code, _, err = invoke("report", str(papers), "-o", str(tmp_path / "r.md"), "--topic", "推理")
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert code == 0
    assert text.startswith("# 推理论文分析报告\n")
    assert "哥伦比亚大学、耶鲁大学发布了TinyServe论文" in text
    assert "papers\t1\tfailed\t0" in err


def test_report_exits_one_and_lists_failures_when_some_inputs_fail(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", GOOD, {"title": "", "abstract": ""})
    code, _, err = invoke("report", str(papers), str(tmp_path / "missing.pdf"), "-o", str(tmp_path / "r.md"))
    text = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert code == 1
    assert "分析论文数量: 1篇" in text
    assert "## 未能分析的输入" in text
    assert f"failed\t{tmp_path / 'missing.pdf'}\tfile not found" in err


@pytest.mark.parametrize(("suffix", "fmt", "marker"), [(".json", None, '"papers"'), (".md", "html", "<!DOCTYPE html>")])
def test_format_from_suffix_or_flag(tmp_path: Path, suffix: str, fmt: str | None, marker: str) -> None:
    papers = write_papers(tmp_path / "p.jsonl", GOOD)
    out = tmp_path / f"r{suffix}"
    args = ["report", str(papers), "-o", str(out)] + (["--format", fmt] if fmt else [])
    assert invoke(*args)[0] == 0
    assert marker in out.read_text(encoding="utf-8")


def test_dash_writes_the_report_to_stdout(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", GOOD)
    code, out, _ = invoke("report", str(papers), "-o", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)["paper_count"] == 1


def test_usage_errors_exit_two(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", GOOD)
    assert invoke("report", str(papers))[0] == 2
    code, _, err = invoke("report", str(papers), "-o", "-", "--format", "pdf")
    assert code == 2
    assert "use md, html or json" in err


def test_extract_writes_one_json_object_per_paper(tmp_path: Path) -> None:
    papers = write_papers(tmp_path / "p.jsonl", GOOD, {"title": "", "abstract": ""})
    code, out, _ = invoke("extract", str(papers))
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 1
    assert set(rows[0]) >= {
        "source",
        "title",
        "authors",
        "author_count",
        "institutions",
        "abstract",
        "arxiv_id",
        "warnings",
        "error",
    }
    assert rows[0]["author_count"] == 2
    assert rows[1]["error"]


def test_cache_info_and_clear(tmp_path: Path, isolated_env: Path) -> None:
    code, out, _ = invoke("cache", "info")
    assert code == 0
    assert str(isolated_env) in out
    code, _, err = invoke("cache", "clear")
    assert code == 0
    assert "Cleared 0" in err


LISTING = r"""Gmail	someone <someone@example.com>
 received from  Mon 15 Sep 25 18:00:00 GMT  to  Tue 16 Sep 25 18:00:00 GMT
------------------------------------------------------------------------------
\\
arXiv:2509.12211
Date: Mon, 15 Sep 2025 19:00:00 GMT   (100kb)

Title: FastSpec: Speculative Decoding at Scale
Authors: Ann Lee (Tsinghua University), Bo Wu
Categories: cs.CL
\\
  Decoding is slow. We propose FastSpec, a speculative decoder. FastSpec is 2.1x
faster.
\\ ( https://arxiv.org/abs/2509.12211 ,  100kb)
------------------------------------------------------------------------------
\\
arXiv:2509.12212
Date: Mon, 15 Sep 2025 19:00:00 GMT   (100kb)

Title: Cut Off
"""


def test_a_mailing_and_a_conference_list_report_with_failed_entries_listed(tmp_path: Path) -> None:
    (tmp_path / "arxiv_daily.txt").write_text(LISTING, encoding="utf-8")
    accepted = [{"title": "Oral One", "abstract": "We do it. It works.", "status": "Oral", "author": "C D"}]
    accepted.append({"title": "Poster Two", "abstract": "We do more.", "status": "Poster", "author": "E F"})
    (tmp_path / "icml.json").write_text(json.dumps(accepted), encoding="utf-8")
    out = tmp_path / "r.json"
    inputs = [str(tmp_path / "arxiv_daily.txt"), str(tmp_path / "icml.json")]
    code, _, err = invoke("report", *inputs, "-o", str(out), "--status", "ORAL", "--no-screen")
    report = json.loads(out.read_text(encoding="utf-8"))
    assert code == 1  # the cut-off entry failed
    assert [p["source"] for p in report["papers"]] == ["arxiv_daily.txt#2509.12211", "icml.json#1"]
    assert report["papers"][0]["authors"] == ["Ann Lee", "Bo Wu"]
    assert [f["source"] for f in report["failed"]] == ["arxiv_daily.txt#2509.12212"]
    assert "failed\tarxiv_daily.txt#2509.12212\tentry at line 17 is cut off at the end of the file" in err
