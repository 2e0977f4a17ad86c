"""`paperbrief screen`: the screening table of any input, one row per entry whatever the decision, in each format."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperbrief.cli import app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
runner = CliRunner()

MAILING = r"""Gmail	someone <someone@example.com>
 received from  Mon 15 Sep 25 18:00:00 GMT  to  Tue 16 Sep 25 18:00:00 GMT
------------------------------------------------------------------------------
\\
arXiv:2509.12211
Date: Mon, 15 Sep 2025 19:00:00 GMT   (100kb)

Title: FastSpec: Speculative Decoding for LLM Inference
Authors: Ann Lee (Tsinghua University), Bo Wu
Categories: cs.CL
\\
  Decoding is slow. We propose FastSpec, a speculative decoding method with a draft model. It gives a 2.1x
speedup.
\\ ( https://arxiv.org/abs/2509.12211 ,  100kb)
------------------------------------------------------------------------------
\\
arXiv:2509.12212
Date: Mon, 15 Sep 2025 19:00:00 GMT   (100kb)

Title: Songs of Forest Birds
Authors: Cy Dee
Categories: q-bio.PE
\\
  We record bird songs in three forests and release the recordings for ecologists.
\\ ( https://arxiv.org/abs/2509.12212 ,  100kb)
"""
CUT_OFF = """------------------------------------------------------------------------------
\\\\
arXiv:2509.12213
Date: Mon, 15 Sep 2025 19:00:00 GMT   (100kb)

Title: Cut Off
"""
RSS = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.AI updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.AI</link>
    <pubDate>Mon, 15 Sep 2025 00:00:00 -0400</pubDate>
    <item>
      <title>KVTrim: KV Cache Pruning for Long Contexts</title>
      <link>https://arxiv.org/abs/2509.13848</link>
      <description>arXiv:2509.13848v1 Announce Type: new
Abstract: We prune the KV cache of LLMs and cut memory by 40% during inference.</description>
      <category>cs.CL</category>
      <pubDate>Mon, 15 Sep 2025 00:00:00 -0400</pubDate>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>Ann Lee</dc:creator>
    </item>
  </channel>
</rss>
"""


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def mailing(tmp_path: Path) -> Path:
    path = tmp_path / "arxiv_daily.txt"
    path.write_text(MAILING, encoding="utf-8")
    return path


def jsonl_rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_entry_is_a_row_kept_or_dropped_and_only_failures_exit_one(mailing: Path, tmp_path: Path) -> None:
    out = tmp_path / "table.jsonl"
    code, _, err = invoke("screen", str(mailing), "-o", str(out))
    rows = jsonl_rows(out)
    assert code == 0  # a dropped paper is not a failure
    assert [(r["arxiv_id"], r["decision"]) for r in rows] == [("2509.12211v1", "keep"), ("2509.12212v1", "drop")]
    assert "screened\t2\tkept\t1\tdropped\t1\tfailed\t0\toutput\t" + str(out) in err
    with mailing.open("a", encoding="utf-8") as f:
        f.write(CUT_OFF)
    code, _, err = invoke("screen", str(mailing), "-o", str(out))
    assert code == 1
    assert "failed\tarxiv_daily.txt#2509.12213\t" in err
    assert len(jsonl_rows(out)) == 2


@pytest.mark.parametrize(
    ("args", "check"),
    [
        (["-o", "t.csv"], lambda text: text.startswith("\ufeff标题,arXiv,决定")),
        (["-o", "t.md"], lambda text: text.startswith("# ") and "## 保留（1条）" in text),
        (["-o", "t.html"], lambda text: text.startswith("<!DOCTYPE html>")),
        (["-o", "t.jsonl"], lambda text: json.loads(text.splitlines()[0])["decision"] == "keep"),
        (["-o", "table"], lambda text: text.startswith("\ufeff标题")),  # a file without a suffix: CSV
        (["-o", "t.md", "--format", "jsonl"], lambda text: text.startswith("{")),
    ],
)
def test_the_format_comes_from_the_flag_else_the_suffix_else_csv(
    mailing: Path, tmp_path: Path, args: list[str], check: object
) -> None:
    code, _, _ = invoke("screen", str(mailing), *args)
    assert code == 0
    assert callable(check) and check((tmp_path / args[1]).read_text(encoding="utf-8"))


def test_stdout_gets_markdown_unless_told_otherwise(mailing: Path) -> None:
    code, out, _ = invoke("screen", str(mailing))
    assert code == 0 and out.startswith("# AI推理加速技术论文分析报告 · 筛选表\n")
    code, out, _ = invoke("screen", str(mailing), "-o", "-", "--format", "csv")
    assert code == 0 and out.startswith("\ufeff标题,")
    assert invoke("screen", str(mailing), "--format", "xlsx")[0] == 2


def test_each_input_kind_is_screened(mailing: Path, tmp_path: Path) -> None:
    """A mailing, a feed, JSONL, a conference list and a PDF: screening applies to every paper given."""
    (tmp_path / "cs.AI.rss").write_text(RSS, encoding="utf-8")
    papers = [{"title": "Quantized LLM Serving", "abstract": "We propose post-training quantization for LLMs."}]
    (tmp_path / "p.jsonl").write_text("".join(json.dumps(p) + "\n" for p in papers), encoding="utf-8")
    accepted = [{"title": "Early Exit Transformers", "abstract": "Early exit speeds up inference.", "status": "Oral"}]
    (tmp_path / "iclr.json").write_text(json.dumps(accepted), encoding="utf-8")
    shutil.copy(EXAMPLES / "tcl_1704.02373.pdf", tmp_path / "tcl.pdf")
    inputs = ["arxiv_daily.txt", "cs.AI.rss", "p.jsonl", "iclr.json", "tcl.pdf"]
    out = tmp_path / "t.jsonl"
    code, _, err = invoke("screen", *[str(tmp_path / name) for name in inputs], "-o", str(out), "--jobs", "1")
    assert code == 0, err
    sources = [str(row["source"]).split("#")[0].split(":")[0] for row in jsonl_rows(out)]
    assert sources == ["arxiv_daily.txt", "arxiv_daily.txt", "cs.AI.rss", "p.jsonl", "iclr.json", "tcl.pdf"]


def test_nothing_to_screen_is_a_usage_error() -> None:
    code, _, err = invoke("screen")
    assert code == 2 and "nothing to screen" in err


def test_screening_a_listing_imports_nothing_for_pdfs_models_or_later_stages_and_starts_no_process(
    mailing: Path, tmp_path: Path
) -> None:
    """The fast path (bench/screening.py): the parser and the profile only, no PyMuPDF, no OpenAI SDK, and no
    worker process (the forkserver would outlive the run) when no input is a PDF."""
    script = (
        "import json, sys, psutil\n"
        "from paperbrief.cli import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit as stop:\n"
        "    code = stop.code\n"
        "children = psutil.Process().children(recursive=True)\n"
        "print(json.dumps({'code': code, 'children': len(children), 'modules': sorted(sys.modules)}))\n"
    )
    out = tmp_path / "t.csv"
    run = subprocess.run(
        [sys.executable, "-c", script, "screen", str(mailing), "-o", str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    seen = json.loads(run.stdout.splitlines()[-1])
    assert seen["code"] == 0 and out.exists()
    assert seen["children"] == 0
    # pydantic: Typer (0.29) would import it to convert values that need no converting (`cli._of_its_type`);
    # Rich draws only a progress bar or an error; the stages after screening load when a run gets to them.
    heavy = {"fitz", "pymupdf", "openai", "pydantic", "paperbrief.extract.header", "rich", "multiprocessing"}
    heavy |= {"paperbrief.analytics", "paperbrief.claims", "paperbrief.institutions", "paperbrief.summarize"}
    assert heavy & set(seen["modules"]) == set()
