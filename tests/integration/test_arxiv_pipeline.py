"""arXiv inputs through the whole pipeline and the CLI, against the local fake: ids, queries, cache, duplicates,
incremental digests."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fake_arxiv import FakeArxiv, FakePaper
from typer.testing import CliRunner

from paperbrief import pipeline
from paperbrief.cache import Store
from paperbrief.cli import app
from paperbrief.context import Stage
from paperbrief.models import Code, Paper
from paperbrief.render import Format

runner = CliRunner()
ONE_JOB = pipeline.Options(jobs=1, stop_after=Stage.ENRICH)


def by_id(papers: list[Paper]) -> dict[str | None, Paper]:
    return {p.arxiv_id: p for p in papers}


def test_ids_in_every_form_resolve_with_arxiv_metadata_and_pdf_institutions(fake_arxiv: FakeArxiv) -> None:
    inputs = [
        "2509.12211",
        "arXiv:2509.13848v1",
        "https://arxiv.org/abs/hep-th/9901001",
        "http://export.arxiv.org/abs/math.GT/0309136v1",
        "https://arxiv.org/pdf/2401.00001v1.pdf",
    ]
    report = pipeline.run(inputs, ONE_JOB)
    assert report.failed == []
    papers = by_id(report.papers)
    assert list(papers) == ["2509.12211v2", "2509.13848v1", "hep-th/9901001v1", "math/0309136v1", "2401.00001v1"]
    latest = papers["2509.12211v2"]
    assert latest.title == "FastSpec: Speculative Decoding at Scale, Revised"  # the API's, not the PDF's
    assert latest.institutions == ["Tsinghua University", "Columbia University"]  # only the PDF has them
    assert latest.provenance["title"] == "arxiv" and latest.provenance["institutions"] == "pdf"
    assert latest.categories == ["cs.LG"] and latest.published == "2025-09-15T17:59:59Z"
    assert latest.url == "http://arxiv.org/abs/2509.12211v2"
    assert not any(w.field in ("title", "abstract") for w in latest.warnings)  # PDF doubts about API fields are moot
    with_affiliation = papers["2509.13848v1"]
    assert with_affiliation.institutions == ["Peking University"]
    assert with_affiliation.provenance["institutions"] == "arxiv"
    assert [h.path for h in fake_arxiv.requests("/pdf/")] == [f"/pdf/{i}" for i in papers]


def test_a_rerun_makes_no_request(fake_arxiv: FakeArxiv) -> None:
    first = pipeline.run(["2509.12211", "hep-th/9901001v1"], ONE_JOB)
    count = len(fake_arxiv.hits)
    second = pipeline.run(["2509.12211", "hep-th/9901001v1"], ONE_JOB)
    assert len(fake_arxiv.hits) == count == 3  # one metadata request for both ids, one PDF each
    assert [p.to_dict() for p in second.papers] == [p.to_dict() for p in first.papers]


def test_one_unreachable_id_is_that_papers_error_and_a_missing_pdf_only_a_warning(
    fake_arxiv: FakeArxiv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAPERBRIEF_ARXIV_PDF_URL", "http://127.0.0.1:9/pdf")  # nothing listens on port 9
    report = pipeline.run(["2509.99999", "2509.13848"], pipeline.Options(jobs=1, stop_after=Stage.ENRICH))
    [missing] = report.failed
    assert missing.source == "2509.99999" and missing.error == "not found on arXiv: check the id"
    [paper] = report.papers
    assert paper.title.startswith("KVTrim") and paper.institutions == ["Peking University"]
    assert paper.has_warning(Code.PDF_NOT_FETCHED)


def test_a_429_in_the_middle_of_a_run_loses_no_paper(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.throttle = 2
    fake_arxiv.retry_after = "0"
    report = pipeline.run(["2509.12211", "2509.13848"], ONE_JOB)
    assert [p.arxiv_id for p in report.papers] == ["2509.12211v2", "2509.13848v1"]
    assert report.failed == []


def test_the_same_paper_as_two_versions_an_id_and_local_copies_appears_once(
    fake_arxiv: FakeArxiv, tmp_path: Path
) -> None:
    v1 = next(p for p in fake_arxiv.papers if p.id == "2509.12211v1")
    local = tmp_path / "fastspec.pdf"
    local.write_bytes(v1.pdf())  # its margin stamp says arXiv:2509.12211v1
    shutil.copy(local, tmp_path / "copy-of-fastspec.pdf")
    report = pipeline.run(
        ["2509.12211v1", str(local), "arXiv:2509.12211", str(tmp_path / "copy-of-fastspec.pdf"), "2509.12211"],
        ONE_JOB,
    )
    [paper] = report.papers
    assert paper.arxiv_id == "2509.12211v2" and paper.source == "arXiv:2509.12211"
    [note] = [w.message for w in paper.warnings if w.code == Code.DUPLICATES]
    for other in ("2509.12211v1", "fastspec.pdf", "copy-of-fastspec.pdf"):
        assert other in note
    assert report.failed == []


def test_identical_local_files_under_two_names_appear_once(tmp_path: Path) -> None:
    pdf = FakePaper(
        "2601.00001", 1, "Twin: A Paper Saved Twice", "We propose Twin. It works.", ["A B"], [], stamp=False
    )
    content = pdf.pdf()
    (tmp_path / "a.pdf").write_bytes(content)
    (tmp_path / "b.pdf").write_bytes(content)
    report = pipeline.run([str(tmp_path)], ONE_JOB)
    [paper] = report.papers
    assert paper.arxiv_id is None and paper.title.startswith("Twin")
    assert any("b.pdf" in w.message for w in paper.warnings if w.code == Code.DUPLICATES)


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--jobs", "1"] if args[0] == "report" else list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


def report_ids(path: Path) -> list[str]:
    return [p["arxiv_id"] for p in json.loads(path.read_text(encoding="utf-8"))["papers"]]


def test_since_last_reports_only_new_papers_on_the_second_run(fake_arxiv: FakeArxiv, tmp_path: Path) -> None:
    local = tmp_path / "local.pdf"
    local.write_bytes(
        FakePaper("2601.00002", 1, "Local: Only On Disk", "We do X. It works.", ["A"], [], stamp=False).pdf()
    )
    first, second, third = (tmp_path / f"r{n}.json" for n in (1, 2, 3))
    assert invoke("report", "2509.12211", str(local), "--since-last", "weekly", "-o", str(first))[0] == 0
    assert report_ids(first) == ["2509.12211v2", None]
    code, _ = invoke("report", "2509.12211v1", str(local), "2509.13848", "--since-last", "weekly", "-o", str(second))
    assert code == 0
    assert report_ids(second) == ["2509.13848v1"]
    assert invoke("report", "2509.13848", "--since-last", "other", "-o", str(third))[0] == 0
    assert report_ids(third) == ["2509.13848v1"]  # each digest remembers on its own
    with Store() as store:
        assert store.reported("weekly") >= {"arxiv:2509.12211", "arxiv:2509.13848"}


def test_reported_papers_are_marked_only_once_the_outputs_are_written(fake_arxiv: FakeArxiv, tmp_path: Path) -> None:
    options = pipeline.Options(jobs=1, stop_after=Stage.ENRICH, since_last="weekly")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the report's folder should be", encoding="utf-8")
    unwritable = pipeline.Output(str(blocked / "r.md"), Format.MD)
    with pytest.raises(OSError):
        pipeline.drain(pipeline.iter_run(["2509.12211"], options, [unwritable]))
    with Store() as store:
        assert store.reported("weekly") == set()  # a crash before the report is written loses nothing
    written = pipeline.Output(str(tmp_path / "r.md"), Format.MD)
    assert [p.arxiv_id for p in pipeline.drain(pipeline.iter_run(["2509.12211"], options, [written])).papers] == [
        "2509.12211v2"
    ]
    again = pipeline.run(["2509.12211"], options)
    assert again.papers == [] and [p.dropped and p.dropped.code for p in again.dropped] == [Code.ALREADY_REPORTED]


def test_an_arxiv_query_needs_no_input_and_the_json_shows_provenance(fake_arxiv: FakeArxiv, tmp_path: Path) -> None:
    out = tmp_path / "q.json"
    code, err = invoke(
        "report", "--arxiv-query", "ti:Batcher AND cat:cs.LG", "--max-results", "3", "--sort", "submittedDate",
        "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [p["arxiv_id"] for p in data["papers"]] == ["2510.00005v1", "2510.00004v1", "2510.00003v1"]
    assert data["papers"][0]["provenance"]["title"] == "arxiv"
    assert data["papers"][0]["provenance"]["institutions"] == "pdf"
    assert fake_arxiv.requests("/api/query")[0].query["search_query"] == ["ti:Batcher AND cat:cs.LG"]


def test_report_without_inputs_or_query_is_a_usage_error(tmp_path: Path) -> None:
    code, err = invoke("report", "-o", str(tmp_path / "r.md"))
    assert code == 2 and "--arxiv-query" in err


def test_a_bad_sort_or_enrichment_is_a_usage_error(tmp_path: Path) -> None:
    assert invoke("report", "--arxiv-query", "x", "--sort", "newest", "-o", str(tmp_path / "r.md"))[0] == 2
    assert invoke("report", "x.pdf", "--enrich", "crossref", "-o", str(tmp_path / "r.md"))[0] == 2
