"""The stages in order: sources → extract → institutions → summarize → report.

`iter_run` is a generator: it yields `Event`s as work progresses (the CLI turns them into a progress bar)
and returns the `Report`. Stages record problems on the papers; only a problem with the whole run raises.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from . import analytics, dedup, extract, online, sources
from .arxiv.client import Settings as ArxivSettings
from .institutions import clean_institutions
from .llm import LLMSettings, iter_llm_briefs, wants_llm_brief
from .models import Code, Origin, Paper, Report
from .summarize import brief_paper

T = TypeVar("T")
Y = TypeVar("Y")

REPORT_TITLE = "论文分析报告"
_SENTENCE_END = (".", "!", "?", "。", "！", "？", ")", '"', "”")


class Stage(StrEnum):
    """The pipeline step an `Event` reports on."""

    COLLECT = "collect"
    DOWNLOAD = "download"
    EXTRACT = "extract"
    ENRICH = "enrich"
    BRIEF = "brief"
    LLM = "llm"
    DONE = "done"


@dataclass(frozen=True)
class Event:
    """Progress: `done` of `total` items in `stage`; `source` names the item just finished, if any."""

    stage: Stage
    done: int
    total: int
    source: str | None = None


@dataclass(kw_only=True)
class Options:
    """How a run behaves; every field has a default that works offline."""

    topic: str | None = None
    jobs: int | None = None
    timeout: float = 60.0
    briefs: bool = True
    arxiv_query: str | None = None
    max_results: int = 50
    sort: str = "relevance"  # relevance | lastUpdatedDate | submittedDate
    since_last: str | None = None  # name of a digest: report only papers it has not reported yet
    enrich: list[str] = field(default_factory=list)  # "openalex"
    arxiv_api_url: str | None = None  # else PAPERBRIEF_ARXIV_API_URL, else arXiv's
    arxiv_pdf_url: str | None = None  # else PAPERBRIEF_ARXIV_PDF_URL, else arXiv's
    arxiv_max_age: float = 86400.0  # seconds a cached "latest version" or query result stays fresh
    techniques: Path | None = None  # a TOML file of technique rules merged over the bundled taxonomy
    llm: LLMSettings | None = None  # briefs from a model after the offline ones; None stays offline

    def online_request(self, inputs: Sequence[str]) -> online.Request:
        return online.Request(
            needs_arxiv=any(sources.arxiv_input(given) for given in inputs),
            query=self.arxiv_query,
            max_results=self.max_results,
            sort=self.sort,
            since_last=self.since_last,
            enrich=tuple(self.enrich),
            arxiv_settings=ArxivSettings.from_env(
                api_url=self.arxiv_api_url, pdf_url=self.arxiv_pdf_url, max_age=self.arxiv_max_age
            ),
        )


def run(inputs: Sequence[str], options: Options | None = None) -> Report:
    """Run the whole pipeline and return the report, ignoring progress events."""
    return drain(iter_run(inputs, options or Options()))


def drain(events: Generator[Y, None, T], on_event: Callable[[Y], None] | None = None) -> T:
    """Run a generator to its end, handing each item it yields to `on_event`; returns what it returns."""
    while True:
        try:
            event = next(events)
        except StopIteration as stop:
            result: T = stop.value
            return result
        if on_event:
            on_event(event)


def iter_run(inputs: Sequence[str], options: Options) -> Generator[Event, None, Report]:
    """Run the pipeline, yielding progress `Event`s; the generator returns the `Report`."""
    taxonomy = analytics.load_taxonomy(options.techniques)  # a bad rules file fails before any work is done
    papers = yield from iter_papers(inputs, options)
    good = [p for p in papers if not p.failed]
    usage: dict[str, Any] = {}
    if options.briefs:
        for done, paper in enumerate(good, start=1):
            brief_paper(paper)
            yield Event(Stage.BRIEF, done, len(good), paper.source)
        if options.llm:
            usage = yield from _llm_briefs(good, options.llm)
    summary = analytics.analyze(good, taxonomy)
    yield Event(Stage.DONE, len(good), len(papers))
    return Report(
        title=f"{options.topic or ''}{REPORT_TITLE}",
        generated_at=generation_time(),
        papers=good,
        failed=[p for p in papers if p.failed],
        analytics=summary,
        usage=usage,
    )


def _llm_briefs(papers: list[Paper], settings: LLMSettings) -> Generator[Event, None, dict[str, Any]]:
    """Model briefs replace the offline ones that the model can improve on; returns the usage for the report."""
    targets = [p for p in papers if wants_llm_brief(p)]
    yield Event(Stage.LLM, 0, len(targets))
    briefs = iter_llm_briefs(targets, settings)
    done = 0
    while True:
        try:
            paper = next(briefs)
        except StopIteration as stop:
            return stop.value.to_dict()  # type: ignore[no-any-return]
        done += 1
        yield Event(Stage.LLM, done, len(targets), paper.source)


def iter_papers(inputs: Sequence[str], options: Options) -> Generator[Event, None, list[Paper]]:
    """Collect, extract, collapse duplicates and clean: every input as a `Paper`, failed ones included.

    With `since_last`, papers that digest already reported are left out (arXiv ones before their PDF is
    fetched); `mark_reported` records the rest once the report is written.
    """
    with online.Services.open(options.online_request(inputs)) as services:
        papers = list(sources.iter_inputs(inputs, services.arxiv)) + services.query_papers()
        yield Event(Stage.COLLECT, len(papers), len(papers))
        papers = dedup.collapse(services.unreported(papers))  # before downloading: one PDF per arXiv paper
        yield from _each(Stage.DOWNLOAD, [p for p in papers if services.wants_pdf(p)], services.download)
        yield from _extract(papers, options)
        papers = dedup.collapse(papers)  # again: extraction found the arXiv ids stamped on local PDFs
        yield from _each(Stage.ENRICH, [p for p in papers if services.wants_enrichment(p)], services.enrich)
        for paper in papers:
            if not paper.failed:
                _tidy(paper)
        return services.unreported(papers)


def mark_reported(report: Report, options: Options) -> None:
    """With `since_last`, remember the report's papers as reported; call it after the report is written."""
    if options.since_last:
        online.mark_reported(options.since_last, report.papers)


def _each(stage: Stage, papers: list[Paper], step: Callable[[Paper], None]) -> Generator[Event, None, None]:
    for done, paper in enumerate(papers, start=1):
        step(paper)
        yield Event(stage, done, len(papers), paper.source)


def _extract(papers: list[Paper], options: Options) -> Generator[Event, None, None]:
    """Extract each PDF once, even when several papers point at it (an arXiv id given twice)."""
    by_path: dict[str, list[Paper]] = {}
    for paper in papers:
        if paper.pdf_path and not paper.failed:
            by_path.setdefault(paper.pdf_path, []).append(paper)
    paths = list(by_path)
    for done, found in enumerate(extract.extract_all(paths, jobs=options.jobs, timeout=options.timeout), start=1):
        for paper in by_path[found.source]:
            fill_from(paper, found)
        yield Event(Stage.EXTRACT, done, len(paths), found.source)


def fill_from(paper: Paper, found: Paper) -> None:
    """Take what `found` knows and `paper` lacks; fields already set (e.g. from arXiv) stay authoritative."""
    authoritative = {name for name, origin in paper.provenance.items() if origin == Origin.ARXIV}
    error = _as_named(found.error, paper) if found.error else None
    if error and authoritative:
        paper.warn(Code.PDF_UNREADABLE, f"the PDF could not be read ({error}): only arXiv's metadata is used")
        return
    if error:
        paper.fail(error)
        return
    for name in ("title", "abstract", "arxiv_id", "body_text", "authors", "institutions"):
        value = getattr(found, name)
        if not getattr(paper, name) and value:
            setattr(paper, name, list(value) if isinstance(value, list) else value)
            paper.provenance.setdefault(name, found.provenance.get(name, Origin.PDF))
    for name, value in found.confidence.items():
        paper.confidence.setdefault(name, value)
    for warning in found.warnings:
        if warning.field not in authoritative:  # a PDF doubt about a field arXiv gave is moot
            paper.warn(warning.code, warning.message, field=warning.field)


def _as_named(reason: str, paper: Paper) -> str:
    """`reason` with the file's path on disk (MuPDF quotes it) replaced by the paper's name in the report."""
    return reason.replace(paper.pdf_path, paper.source) if paper.pdf_path else reason


def _tidy(paper: Paper) -> None:
    """Clean institutions and flag what a reader should not trust; a paper with nothing to report fails."""
    paper.institutions = clean_institutions(paper.institutions)
    if not paper.title.strip() and not paper.abstract.strip():
        paper.fail("no title and no abstract found: the input is empty or unreadable")
        return
    if not paper.title.strip():
        paper.warn(Code.NOT_FOUND, "no title found", field="title")
    if not paper.abstract.strip():
        paper.warn(Code.NOT_FOUND, "no abstract found", field="abstract")
    elif not paper.abstract.rstrip().endswith(_SENTENCE_END):
        paper.warn(
            Code.ABSTRACT_CUT, "the abstract seems cut off: it does not end with a full sentence", field="abstract"
        )
    if paper.effective_author_count is None:
        paper.warn(Code.AUTHOR_COUNT_UNKNOWN, "author count unknown", field="authors")


def generation_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` (UTC) when it is set, so that reports can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now().astimezone()
