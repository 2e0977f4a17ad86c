"""The daily job end to end against the local arXiv look-alike: a mailing in, screened, each kept paper's PDF
fetched by its exact id and version, extracted, briefed, and the report out, whatever goes wrong on the way."""

from __future__ import annotations

import json
from pathlib import Path

from fake_arxiv import FakeArxiv
from typer.testing import CliRunner

from paperbrief import pipeline
from paperbrief.cli import app
from paperbrief.models import Code, Paper, Report

ENTRY = """------------------------------------------------------------------------------
\\\\
arXiv:{id}{cross}
Date: Mon, 15 Sep 2025 19:00:00 GMT   (100kb)

Title: {title}
Authors: Ann Lee, Bo Wu
Categories: cs.CL
\\\\
  {abstract}
\\\\ ( https://arxiv.org/abs/{id} ,  100kb)
"""
REPLACED = """------------------------------------------------------------------------------
\\\\
arXiv:{id}
replaced with revised version Tue, 16 Sep 2025 10:00:00 GMT   (120kb)

Title: {title}
Authors: Ann Lee, Bo Wu
Categories: cs.CL
\\\\ ( https://arxiv.org/abs/{id} ,  120kb)
"""
HEAD = """Gmail\tsomeone <someone@example.com>
 Submissions to:
Computation and Language
 received from  Mon 15 Sep 25 18:00:00 GMT  to  Tue 16 Sep 25 18:00:00 GMT
"""
SPEC = "Decoding is slow. We propose FastSpec, a speculative decoding method. It is 2.1x faster than greedy decoding."
KV = "Long contexts are costly. We propose KVTrim, which prunes the KV cache and cuts memory by 40% at equal accuracy."
BIRDS = "We record bird songs in three forests and release the recordings for ecologists."
GHOST = "We propose GhostQuant, a post-training quantization method for LLMs reaching 3.1x speedup at W4A8."


def mailing(path: Path) -> Path:
    text = HEAD
    text += ENTRY.format(id="2509.12211", cross="", title="FastSpec: Speculative Decoding for LLMs", abstract=SPEC)
    text += ENTRY.format(id="2509.99999", cross="", title="GhostQuant: Quantization That Vanished", abstract=GHOST)
    text += ENTRY.format(id="2509.55555", cross="", title="Songs of Forest Birds", abstract=BIRDS)
    text += "%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-%-\n"
    text += ENTRY.format(id="2509.13848", cross=" (*cross-listing*)", title="KVTrim: KV Cache Pruning", abstract=KV)
    text += "%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%--%%\n"
    text += REPLACED.format(id="2509.12211", title="FastSpec: Speculative Decoding for LLMs")
    text += "%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---%%%---\n"
    path.write_text(text, encoding="utf-8")
    return path


def by_title(papers: list[Paper]) -> dict[str, Paper]:
    return {p.title.split(":")[0]: p for p in papers}


def run(inputs: list[str]) -> Report:
    return pipeline.run(inputs, pipeline.Options(jobs=1))


def test_a_mailing_is_screened_its_kept_papers_fetched_by_exact_version_and_briefed(
    fake_arxiv: FakeArxiv, tmp_path: Path
) -> None:
    report = run([str(mailing(tmp_path / "arxiv_daily.txt"))])
    kept = by_title(report.papers)
    assert sorted(kept) == ["FastSpec", "GhostQuant", "KVTrim"]
    assert report.title == "AI推理加速技术论文分析报告" and report.date == "2025-09-15"
    # Only the kept papers' PDFs, each by its exact id and version; the bird paper and the replacement cost nothing.
    assert sorted(h.path for h in fake_arxiv.requests("/pdf/")) == [
        "/pdf/2509.12211v1", "/pdf/2509.13848v1", "/pdf/2509.99999v1"
    ]  # fmt: skip
    assert not fake_arxiv.requests("/api/")
    spec = kept["FastSpec"]
    assert spec.title == "FastSpec: Speculative Decoding for LLMs"  # the listing's title, not the PDF's
    assert spec.abstract == SPEC and spec.authors == ["Ann Lee", "Bo Wu"]
    assert spec.institutions == ["Tsinghua University", "Columbia University"]  # what only the PDF knows
    assert spec.provenance["title"] == "listing" and spec.provenance["institutions"] == "pdf"
    assert spec.brief is not None and spec.brief.text.startswith("清华大学、哥伦比亚大学发布了FastSpec论文")
    # A PDF arXiv does not have: the paper stays, with the listing's facts and a warning.
    ghost = kept["GhostQuant"]
    assert ghost.has_warning(Code.PDF_NOT_FETCHED) and ghost.abstract == GHOST and ghost.brief is not None
    reasons = {p.title.split(":")[0]: p.dropped.code for p in report.dropped if p.dropped}
    # The replacement is the new submission again: reported once, as the new one.
    assert reasons == {"Songs of Forest Birds": Code.SCREENED_OUT, "FastSpec": Code.DUPLICATE}
    assert report.failed == []


def test_the_same_mailing_twice_reports_each_paper_once_and_a_rerun_asks_arxiv_nothing(
    fake_arxiv: FakeArxiv, tmp_path: Path
) -> None:
    first = mailing(tmp_path / "a" / "arxiv_daily.txt") if (tmp_path / "a").mkdir() is None else None
    second = mailing(tmp_path / "b" / "arxiv_daily.txt") if (tmp_path / "b").mkdir() is None else None
    assert first and second
    report = run([str(first), str(second)])
    assert sorted(by_title(report.papers)) == ["FastSpec", "GhostQuant", "KVTrim"]
    assert len(report.papers) == 3
    duplicates = [p for p in report.dropped if p.dropped and p.dropped.code is Code.DUPLICATE]
    assert len(duplicates) == 6  # every entry of the second mail, and each mail's replacement of FastSpec
    hits = len(fake_arxiv.hits)
    again = run([str(first), str(second)])
    assert [p.to_dict() for p in again.papers] == [p.to_dict() for p in report.papers]
    assert len(fake_arxiv.hits) == hits + 1  # only the PDF arXiv does not have is asked for again


def test_a_pdf_that_is_html_or_cut_off_leaves_the_listings_facts_and_a_warning(
    fake_arxiv: FakeArxiv, tmp_path: Path
) -> None:
    fake_arxiv.pdf_bodies["2509.12211v1"] = ("text/html", b"<!DOCTYPE html><html><body>Just a moment...</body></html>")
    whole = next(p for p in fake_arxiv.papers if p.id == "2509.13848v1").pdf()
    fake_arxiv.pdf_bodies["2509.13848v1"] = ("application/pdf", whole[: len(whole) // 3])
    kept = by_title(run([str(mailing(tmp_path / "arxiv_daily.txt"))]).papers)
    assert kept["FastSpec"].has_warning(Code.PDF_NOT_FETCHED)  # not a PDF: never handed to extraction
    truncated = kept["KVTrim"]
    assert truncated.has_warning(Code.PDF_UNREADABLE) or truncated.has_warning(Code.PDF_REPAIRED)
    for paper in (kept["FastSpec"], truncated):
        assert paper.title and paper.abstract and paper.brief is not None and paper.error is None


def test_arxiv_busy_with_429_and_503_loses_no_paper(fake_arxiv: FakeArxiv, tmp_path: Path) -> None:
    fake_arxiv.throttle, fake_arxiv.retry_after = 2, "0"
    assert sorted(by_title(run([str(mailing(tmp_path / "arxiv_daily.txt"))]).papers)) == [
        "FastSpec", "GhostQuant", "KVTrim"
    ]  # fmt: skip
    fake_arxiv.throttle, fake_arxiv.throttle_status = 1, 503
    report = run([str(mailing(tmp_path / "again.txt"))])
    assert len(report.papers) == 3 and report.failed == []


def test_the_cli_reports_a_mailing_as_json(fake_arxiv: FakeArxiv, tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    args = ["report", str(mailing(tmp_path / "arxiv_daily.txt")), "-o", str(out), "--jobs", "1"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["title"] == "AI推理加速技术论文分析报告" and data["paper_count"] == 3
    assert {p["screening"]["decision"] for p in data["papers"]} == {"keep"}
