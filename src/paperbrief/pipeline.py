"""The stages in order: sources → screen → fetch → extract → institutions → enrich → summarize → analytics.

`iter_run` is a generator: it yields `Event`s as work progresses (the CLI turns them into a progress bar)
and returns the `Report`. Every stage takes the run's papers and returns them, acting only on the active
ones (neither failed nor dropped) and recording on each paper what happened; only a problem with the whole
run raises. The outputs asked for are written atomically before a digest remembers what it reported.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from . import analytics, dedup, enrich, extract, fetch, screen, sources
from .context import Context, Event, Stage
from .institutions import clean_institutions
from .llm import iter_llm_briefs, iter_translations, wants_llm_brief, wants_translation
from .models import Code, Origin, Paper, Report
from .options import Options
from .render import Format, render, write_atomic
from .summarize import brief_paper
from .text import ends_with_sentence

T = TypeVar("T")
Y = TypeVar("Y")

REPORT_TITLE = "论文分析报告"

StageRun = Callable[[list[Paper], Context], Generator[Event, None, list[Paper]]]


@dataclass(frozen=True)
class Output:
    """A file to write the report to, in one format; `-` is standard output."""

    path: str
    format: Format
    analytics: bool = False  # the 技术趋势概览 section in Markdown (HTML and JSON always carry it)


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


def iter_run(inputs: Sequence[str], options: Options, outputs: Sequence[Output] = ()) -> Generator[Event, None, Report]:
    """Run the pipeline, yielding progress `Event`s; write `outputs`; the generator returns the `Report`."""
    with Context(options) as context:
        context.taxonomy  # noqa: B018 -- a bad rules file or profile fails before any work is done
        context.profile  # noqa: B018
        papers = yield from sources.collect(inputs, context)
        for stage in stages(options):
            papers = yield from stage(papers, context)
        report = _report(papers, context)
        for output in outputs:
            _write(output, render(report, output.format, analytics=output.analytics))
        if options.since_last:
            # only once every output is safely written, so a crash never loses a paper from the digest
            context.store.mark_reported(options.since_last, [dedup.digest_key(p) for p in report.papers])
    yield Event(Stage.DONE, len(report.papers), len(papers))
    return report


def stages(options: Options) -> list[StageRun]:
    """The stages after `sources`, in order, up to `options.stop_after`. PDFs given as files are screened once
    extraction has read them; for the screening table alone nothing is fetched."""
    if options.stop_after is Stage.SCREEN:
        return [screen.screen, _extract, screen.screen]
    plan: list[tuple[Stage, StageRun]] = [
        (Stage.SCREEN, screen.screen),
        (Stage.FETCH, fetch.fetch),
        (Stage.EXTRACT, _extract),
        (Stage.SCREEN, screen.screen),
        (Stage.INSTITUTIONS, _institutions),
        (Stage.ENRICH, enrich.enrich),
        (Stage.SUMMARIZE, _summarize),
        (Stage.ANALYTICS, _analytics),
    ]
    names = [name for name, _ in plan]
    last = len(plan) - 1 - names[::-1].index(options.stop_after) if options.stop_after in names else len(plan) - 1
    return [run_stage for _, run_stage in plan[: last + 1]]


def _report(papers: list[Paper], context: Context) -> Report:
    reported = [p for p in papers if p.active]
    return Report(
        title=report_title(papers, context),
        generated_at=generation_time(),
        papers=reported,
        failed=[p for p in papers if p.failed],
        dropped=[p for p in papers if p.dropped is not None],
        entries=papers,
        topic=context.options.topic,
        analytics=context.analytics,
        usage=context.usage,
    )


def report_title(papers: list[Paper], context: Context) -> str:
    """`--topic` names the heading; else the profile does when it screened the papers, as in the seed."""
    if context.options.topic:
        return f"{context.options.topic}{REPORT_TITLE}"
    if any(p.screening is not None for p in papers):
        return context.profile.title
    return REPORT_TITLE


def _write(output: Output, text: str) -> None:
    if output.path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(Path(output.path), text)


# --- stages not yet in their own modules -------------------------------------------------------------------


def _extract(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    """Extract each PDF once, even when several papers point at it (an arXiv id given twice)."""
    by_path: dict[str, list[Paper]] = {}
    for paper in papers:
        if paper.pdf_path and paper.active:
            by_path.setdefault(paper.pdf_path, []).append(paper)
    found_all = extract.extract_all(list(by_path), jobs=context.options.jobs, timeout=context.options.timeout)
    for done, found in enumerate(found_all, start=1):
        for paper in by_path[found.source]:
            fill_from(paper, found)
        yield Event(Stage.EXTRACT, done, len(by_path), found.source)
    dedup.collapse(papers)  # again: extraction found the arXiv ids stamped on local PDFs
    for paper in papers:
        if paper.active:
            _check_fields(paper)
    return papers


def fill_from(paper: Paper, found: Paper) -> None:
    """Take what `found` knows and `paper` lacks; fields already set (e.g. from arXiv) stay authoritative."""
    authoritative = {name for name, origin in paper.provenance.items() if origin in (Origin.ARXIV, Origin.LISTING)}
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


def _check_fields(paper: Paper) -> None:
    """Flag what a reader should not trust; a paper with nothing to report fails."""
    if not paper.title.strip() and not paper.abstract.strip():
        paper.fail("no title and no abstract found: the input is empty or unreadable")
        return
    if not paper.title.strip():
        paper.warn(Code.NOT_FOUND, "no title found", field="title")
    if not paper.abstract.strip():
        paper.warn(Code.NOT_FOUND, "no abstract found", field="abstract")
    elif not ends_with_sentence(paper.abstract):
        paper.warn(
            Code.ABSTRACT_CUT, "the abstract seems cut off: it does not end with a full sentence", field="abstract"
        )
    if paper.effective_author_count is None:
        paper.warn(Code.AUTHOR_COUNT_UNKNOWN, "author count unknown", field="authors")


def _institutions(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    """Clean institution names once, keeping the names as printed for checks that match a model's reply."""
    active = [p for p in papers if p.active]
    for paper in active:
        paper.raw_institutions = list(paper.institutions)
        paper.institutions = clean_institutions(paper.institutions)
    yield Event(Stage.INSTITUTIONS, len(active), len(active))
    return papers


def _summarize(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    active = [p for p in papers if p.active]
    for done, paper in enumerate(active, start=1):
        brief_paper(paper)
        yield Event(Stage.SUMMARIZE, done, len(active), paper.source)
    settings = context.options.llm
    if settings:
        targets = [p for p in active if wants_llm_brief(p)]
        briefs = iter_llm_briefs(targets, settings, usage=context.llm_usage, transports=context.transports)
        yield from _progress(Stage.LLM, targets, briefs)
    if settings and context.options.translate:
        targets = [p for p in active if wants_translation(p)]
        translated = iter_translations(targets, settings, usage=context.llm_usage, transports=context.transports)
        yield from _progress(Stage.TRANSLATE, targets, translated)
    return papers


def _progress(stage: Stage, targets: list[Paper], finished: Iterator[Paper]) -> Generator[Event, None, None]:
    """Events for a model task over `targets`: one before the first call, then one per paper it finished."""
    yield Event(stage, 0, len(targets))
    for done, paper in enumerate(finished, start=1):
        yield Event(stage, done, len(targets), paper.source)


def _analytics(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    active = [p for p in papers if p.active]
    context.analytics = analytics.analyze(active, context.taxonomy)
    yield Event(Stage.ANALYTICS, len(active), len(active))
    return papers


def generation_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` (UTC) when it is set, so that reports can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now().astimezone()


__all__ = ["Event", "Options", "Output", "Stage", "drain", "iter_run", "run"]
