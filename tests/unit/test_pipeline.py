from __future__ import annotations

import json
from collections.abc import Generator
from pathlib import Path

import pytest

from paperbrief import pipeline
from paperbrief.context import Stage
from paperbrief.errors import ConfigError
from paperbrief.extract.stage import fill_from
from paperbrief.models import Code, Paper, Report


def test_arxiv_fields_stay_authoritative_and_the_pdf_fills_gaps() -> None:
    paper = Paper(source="2509.1", title="From the API", provenance={"title": "arxiv"})
    found = Paper(
        source="x.pdf", title="From the PDF", institutions=["MIT"], provenance={"title": "pdf", "institutions": "pdf"}
    )
    found.confidence["title"] = 0.4
    found.warn(
        Code.LOW_CONFIDENCE, "title extracted with low confidence (0.40): check it", field="title"
    )  # moot: the title came from arXiv
    found.warn(Code.LOW_CONFIDENCE, "institutions extracted with low confidence (0.50): check it", field="institutions")
    fill_from(paper, found)
    assert paper.title == "From the API"
    assert paper.provenance == {"title": "arxiv", "institutions": "pdf"}
    assert paper.institutions == ["MIT"]
    assert [(w.code, w.field) for w in paper.warnings] == [(Code.LOW_CONFIDENCE, "institutions")]


def test_the_body_text_is_kept_only_for_a_paper_without_an_abstract() -> None:
    """Briefs read the body only in place of an abstract; holding it for every paper costs memory at scale."""
    with_abstract, without = Paper(source="a.pdf"), Paper(source="b.pdf")
    fill_from(with_abstract, Paper(source="a.pdf", title="A", abstract="We propose A.", body_text="1 Introduction"))
    fill_from(without, Paper(source="b.pdf", title="B", body_text="1 Introduction We propose B."))
    assert with_abstract.abstract == "We propose A." and with_abstract.body_text == ""
    assert without.body_text == "1 Introduction We propose B."


def test_an_extraction_error_fails_the_paper() -> None:
    paper = Paper(source="x.pdf")
    fill_from(paper, Paper(source="x.pdf", error="not a PDF"))
    assert paper.error == "not a PDF"


def run_records(tmp_path: Path, *records: dict[str, object]) -> Report:
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return pipeline.run([str(path)])


def test_papers_without_title_and_abstract_fail_and_cut_abstracts_are_flagged(tmp_path: Path) -> None:
    report = run_records(
        tmp_path,
        {"title": "T", "abstract": "We propose X and it reaches 90% on"},
        {"title": "", "abstract": "", "author_count": 3},
    )
    [paper] = report.papers
    assert paper.has_warning(Code.ABSTRACT_CUT)
    assert paper.has_warning(Code.AUTHOR_COUNT_UNKNOWN)
    assert report.failed[0].error == "no title and no abstract found: the input is empty or unreadable"


def test_events_report_progress_and_the_report_is_returned(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"title": "A", "abstract": "We propose A."}\n' * 3, encoding="utf-8")
    events = pipeline.iter_run([str(path)], pipeline.Options())
    seen = []
    with pytest.raises(StopIteration) as stop:
        while True:
            seen.append(next(events))
    assert [e.stage for e in seen] == [
        "sources", "screen", "screen", "institutions", "summarize", "summarize", "summarize", "analytics", "done"
    ]  # fmt: skip
    assert len(stop.value.value.papers) == 3


def test_stopping_after_the_sources_stage_gives_the_papers_as_read(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"title": "A", "abstract": "We propose A."}\n', encoding="utf-8")
    events: list[str] = []
    report = pipeline.drain(
        pipeline.iter_run([str(path)], pipeline.Options(stop_after=Stage.SOURCES)), lambda e: events.append(e.stage)
    )
    assert events == ["sources", "done"]
    assert [p.title for p in report.papers] == ["A"]
    assert report.papers[0].screening is None and report.papers[0].brief is None


@pytest.mark.parametrize("stage", [Stage.JUDGE, Stage.TRANSLATE, Stage.DONE])
def test_a_stage_a_run_cannot_stop_after_is_refused_before_any_work(tmp_path: Path, stage: Stage) -> None:
    missing = tmp_path / "nothing-here.pdf"
    with pytest.raises(ConfigError, match=f"cannot stop after the {stage} stage: stop_after must be one of sources"):
        next(pipeline.iter_run([str(missing)], pipeline.Options(stop_after=stage)))


def test_source_date_epoch_fixes_the_generation_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert pipeline.generation_time().isoformat() == "1970-01-01T00:00:00+00:00"


def test_drain_hands_every_item_to_the_callback_and_returns_the_result() -> None:
    def stage() -> Generator[int, None, str]:
        yield 1
        yield 2
        return "done"

    seen: list[int] = []
    assert pipeline.drain(stage(), seen.append) == "done"
    assert seen == [1, 2]
    assert pipeline.drain(stage()) == "done"
