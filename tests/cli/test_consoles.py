"""Consoles and paths as Windows has them, run here as a user would: `python -m paperbrief` in a subprocess.

A console whose code page cannot show Chinese (cp1252; gbk can) gets `?` instead of a crash, paths with spaces
and non-ASCII names work, and the worker pool works with spawn, the only start method Windows has (it is
forced here; Windows itself is not tested: see the README's "What is tested where")."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
PAPER = {
    "title": "TinyServe: Query-Aware Cache Selection",
    "institutions": "清华大学, Columbia University",
    "abstract": "Serving is slow. We propose TinyServe, a cache for LLM inference. It is 3.4× faster.",
}


INPUTS = ("论文 2025", "论文 2025/元数据 list.jsonl")  # the folder's PDFs, and the JSONL beside them


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """`论文 2025/` with a PDF and a JSONL, in the working folder."""
    papers = tmp_path / "论文 2025"
    papers.mkdir()
    shutil.copy(EXAMPLES / "tcl_1704.02373.pdf", papers / "第一篇 paper.pdf")
    (papers / "元数据 list.jsonl").write_text(json.dumps(PAPER, ensure_ascii=False) + "\n", encoding="utf-8")
    return papers


def paperbrief(*args: str, encoding: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    command = [sys.executable, "-m", "paperbrief", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, timeout=300, check=False)


def test_a_cp1252_console_gets_question_marks_not_a_crash(folder: Path, tmp_path: Path) -> None:
    run = paperbrief("report", *INPUTS, "-o", "-", "--jobs", "1", encoding="cp1252", cwd=tmp_path)
    assert run.returncode == 0, run.stderr.decode("cp1252")
    out = run.stdout.decode("cp1252")
    assert out.startswith("# ??????\n")  # 论文分析报告, as the console can show it
    assert "### 1. Time-Contrastive Learning" in out and "It is 3.4× faster." in out  # × is in cp1252
    run = paperbrief("report", *INPUTS, "-o", "论文 2025/报告 1.md", "--jobs", "1", encoding="cp1252", cwd=tmp_path)
    assert run.returncode == 0
    assert (folder / "报告 1.md").read_text(encoding="utf-8").startswith("# 论文分析报告\n")  # files: UTF-8
    assert b"output\t?? 2025/?? 1.md" in run.stderr
    for args in (["screen", "论文 2025/元数据 list.jsonl", "--screen"], ["--help"], ["report", "--help"]):
        assert paperbrief(*args, encoding="cp1252", cwd=tmp_path).returncode in (0, 2), args


def test_a_gbk_console_shows_chinese(folder: Path, tmp_path: Path) -> None:
    run = paperbrief("extract", "论文 2025/元数据 list.jsonl", encoding="gbk", cwd=tmp_path)
    assert run.returncode == 0
    [row] = [json.loads(line) for line in run.stdout.decode("gbk").splitlines()]
    assert row["source"] == "论文 2025/元数据 list.jsonl:1" and "清华大学" in row["institutions"]


def test_pdfs_are_read_by_spawned_workers_as_on_windows(folder: Path, tmp_path: Path) -> None:
    """`python -m paperbrief` with spawn: each worker imports the main module again, which must not run the
    command a second time (`__main__` is guarded)."""
    script = (
        "import multiprocessing, runpy, sys\n"
        "multiprocessing.get_all_start_methods = lambda: ['spawn']  # as on Windows: no fork, no forkserver\n"
        "sys.argv = ['paperbrief', *sys.argv[1:]]\n"
        "runpy.run_module('paperbrief', run_name='__main__', alter_sys=True)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, "extract", *INPUTS, "--jobs", "2"],
        cwd=tmp_path,
        capture_output=True,
        timeout=300,
        check=False,
    )
    rows = [json.loads(line) for line in run.stdout.decode("utf-8").splitlines()]
    assert run.returncode == 0, run.stderr.decode()
    assert [row["source"] for row in rows] == ["论文 2025/第一篇 paper.pdf", "论文 2025/元数据 list.jsonl:1"]
    assert rows[0]["title"] and rows[0]["error"] is None
