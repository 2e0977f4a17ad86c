"""The stages in order: sources → extract → institutions → summarize → report.

`iter_run` is a generator: it yields `Event`s as work progresses (the CLI turns them into a progress bar)
and returns the `Report`. Stages record problems on the papers; only a problem with the whole run raises.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

from . import extract, sources
from .institutions import clean_institutions
from .models import Origin, Paper, Report
from .summarize import brief_paper

REPORT_TITLE = "论文分析报告"
_SENTENCE_END = (".", "!", "?", "。", "！", "？", ")", '"', "”")


class Stage(StrEnum):
    COLLECT = "collect"
    EXTRACT = "extract"
    BRIEF = "brief"
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
    topic: str | None = None
    jobs: int | None = None
    timeout: float = 60.0
    briefs: bool = True


def run(inputs: Sequence[str], options: Options | None = None) -> Report:
    """Run the whole pipeline and return the report, ignoring progress events."""
    events = iter_run(inputs, options or Options())
    while True:
        try:
            next(events)
        except StopIteration as stop:
            report: Report = stop.value
            return report


def iter_run(inputs: Sequence[str], options: Options) -> Generator[Event, None, Report]:
    papers = yield from iter_papers(inputs, options)
    good = [p for p in papers if not p.failed]
    if options.briefs:
        for done, paper in enumerate(good, start=1):
            brief_paper(paper)
            yield Event(Stage.BRIEF, done, len(good), paper.source)
    yield Event(Stage.DONE, len(good), len(papers))
    return Report(
        title=f"{options.topic or ''}{REPORT_TITLE}",
        generated_at=generation_time(),
        papers=good,
        failed=[p for p in papers if p.failed],
    )


def iter_papers(inputs: Sequence[str], options: Options) -> Generator[Event, None, list[Paper]]:
    """Collect, extract and clean: every input as a `Paper`, failed ones included."""
    papers = list(sources.iter_local(inputs))
    yield Event(Stage.COLLECT, len(papers), len(papers))
    yield from _extract(papers, options)
    for paper in papers:
        if not paper.failed:
            _tidy(paper)
    return papers


def _extract(papers: list[Paper], options: Options) -> Generator[Event, None, None]:
    pending = [p for p in papers if p.pdf_path and not p.failed]
    by_path = {p.pdf_path: p for p in pending}
    paths = [p.pdf_path for p in pending if p.pdf_path]
    for done, found in enumerate(extract.extract_all(paths, jobs=options.jobs, timeout=options.timeout), start=1):
        paper = by_path[found.source]
        fill_from(paper, found)
        yield Event(Stage.EXTRACT, done, len(paths), paper.source)


def fill_from(paper: Paper, found: Paper) -> None:
    """Take what `found` knows and `paper` lacks; fields already set (e.g. from arXiv) stay authoritative."""
    if found.error:
        paper.fail(found.error)
        return
    for name in ("title", "abstract", "arxiv_id", "body_text"):
        if not getattr(paper, name) and getattr(found, name):
            setattr(paper, name, getattr(found, name))
            paper.provenance.setdefault(name, found.provenance.get(name, Origin.PDF))
    for name in ("authors", "institutions"):
        if not getattr(paper, name) and getattr(found, name):
            setattr(paper, name, list(getattr(found, name)))
            paper.provenance.setdefault(name, found.provenance.get(name, Origin.PDF))
    for name, value in found.confidence.items():
        paper.confidence.setdefault(name, value)
    for warning in found.warnings:
        paper.warn(warning)


def _tidy(paper: Paper) -> None:
    """Clean institutions and flag what a reader should not trust; a paper with nothing to report fails."""
    paper.institutions = clean_institutions(paper.institutions)
    if not paper.title.strip() and not paper.abstract.strip():
        paper.fail("no title and no abstract found: the input is empty or unreadable")
        return
    if not paper.title.strip():
        paper.warn("no title found")
    if not paper.abstract.strip():
        paper.warn("no abstract found")
    elif not paper.abstract.rstrip().endswith(_SENTENCE_END):
        paper.warn("the abstract seems cut off: it does not end with a full sentence")
    if paper.effective_author_count is None:
        paper.warn("author count unknown")


def generation_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` (UTC) when it is set, so that reports can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now().astimezone()
