"""The stages in order: sources → screen → fetch → extract → institutions → enrich → summarize → analytics.

`iter_run` is a generator: it yields `Event`s as work progresses (the CLI turns them into a progress bar)
and returns the `Report`. Every stage takes the run's papers and returns them, acting only on the active
ones (neither failed nor dropped) and recording on each paper what happened; only a problem with the whole
run raises. The outputs asked for are written atomically before a digest remembers what it reported.
`iter_days` reads the inputs once and runs the rest once per listing day, filing each day in an archive.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple, TypeVar

from . import dedup, screen, sources
from .archive import Archive, DatedBy, Day, day_of, fallback_day, file_day, rebuild_index, split_days
from .context import Context, Event, Stage
from .errors import ConfigError
from .extract.stage import read_pdfs
from .models import Paper, Report
from .options import Options
from .render import Format, ScreeningFormat, render, render_screening, write_atomic
from .sources import Given

T = TypeVar("T")
Y = TypeVar("Y")

REPORT_TITLE = "论文分析报告"

StageRun = Callable[[list[Paper], Context], Generator[Event, None, list[Paper]]]


@dataclass(frozen=True)
class Output:
    """A file to write the report to, in one format (a `ScreeningFormat`: its screening table); `-` is standard
    output."""

    path: str
    format: Format | ScreeningFormat
    analytics: bool = False  # the 技术趋势概览 section in Markdown (HTML and JSON always carry it)

    def render(self, report: Report) -> str:
        if isinstance(self.format, ScreeningFormat):
            return render_screening(report, self.format)
        return render(report, self.format, analytics=self.analytics)


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
    plan = stages(options)  # a stage it cannot stop after fails before any work
    with Context(options) as context:
        _load_rules(context)
        papers = yield from sources.collect(inputs, context)
        for stage in plan:
            papers = yield from stage(papers, context)
        report = _report(papers, context, _fallback(options))
        for output in outputs:
            _write(output, output.render(report))
        _remember(report, context)
    yield Event(Stage.DONE, len(report.papers), len(papers))
    return report


class Filed(NamedTuple):
    """One day of an `iter_days` run: its report and the record of its folder in the archive."""

    report: Report
    day: Day


def iter_days(inputs: Sequence[str], options: Options, archive: Archive) -> Generator[Event, None, list[Filed]]:
    """Like `iter_run`, but one report per listing day, each filed in `archive` (oldest day first, the index
    rebuilt after each); the generator returns the days filed.

    The inputs are read once; the papers are then split by `listing_date` (those without one make the day
    `Options.since`, else today) and every day is a run of its own: duplicates collapse within the day, and
    with `since_last` each day is remembered once filed, before the next is screened, so a paper reported on
    one day is left out of the later ones.
    """
    plan = stages(options)
    with Context(options) as context:
        _load_rules(context)
        papers = yield from _read(inputs, context)
        fallback = _fallback(options)  # once: a run that goes past midnight still has one "today"
        days = split_days(papers, fallback[0])
        filed = []
        for done, day_papers in enumerate(days, start=1):
            report = yield from _run_day(day_papers, plan, context, fallback)
            day = file_day(report, archive, dated_by=day_of(report.entries, fallback)[1])
            rebuild_index(archive.root)
            _remember(report, context)
            filed.append(Filed(report, day))
            yield Event(Stage.ARCHIVE, done, len(days), day.folder)
    yield Event(Stage.DONE, sum(len(f.report.papers) for f in filed), len(papers))
    return filed


def _load_rules(context: Context) -> None:
    """Load the technique rules and the profile, so that a bad file fails before any work is done."""
    context.taxonomy  # noqa: B018
    context.profile  # noqa: B018


def _read(inputs: Sequence[str], context: Context) -> Generator[Event, None, list[Paper]]:
    """Every input as papers, nothing dropped yet: which papers are duplicates, or already reported, is a
    question for each day."""
    givens = [Given.of(text) for text in inputs]
    if context.options.arxiv_query:
        givens.append(Given(context.options.arxiv_query, query=True))
    papers = list(sources.read(givens, context))
    yield Event(Stage.SOURCES, len(papers), len(papers))
    return papers


def _run_day(
    papers: list[Paper], plan: list[StageRun], context: Context, fallback: tuple[str, DatedBy]
) -> Generator[Event, None, Report]:
    """What `sources.collect` does after reading, then the stages of `plan`, for one day's papers."""
    dedup.collapse(papers)
    if context.options.since_last:
        sources._drop_reported(papers, context)  # the sources stage's own check, made per day
    for stage in plan:
        papers = yield from stage(papers, context)
    return _report(papers, context, fallback)


def _remember(report: Report, context: Context) -> None:
    """With `since_last`, remember the reported papers; called only once every output is safely written, so
    a crash never loses a paper from the digest."""
    if context.options.since_last:
        context.store.mark_reported(context.options.since_last, [dedup.digest_key(p) for p in report.papers])


def stages(options: Options) -> list[StageRun]:
    """The stages after `sources`, in order, up to `options.stop_after` (`SOURCES` for the papers as read). PDFs
    given as files are screened once extraction has read them; for the screening table alone nothing is fetched."""
    if options.stop_after is Stage.SOURCES:
        return []
    if options.stop_after is Stage.SCREEN:
        return [screen.screen, read_pdfs, screen.screen]
    # Here, not at the top: a screening run loads none of these stages (the briefs' glossary and Chinese rules,
    # the HTTP clients, the institutions' table, the claims' patterns).
    from . import analytics, enrich, fetch
    from .institutions.stage import clean_papers
    from .summarize.stage import brief_papers

    plan: list[tuple[Stage, StageRun]] = [
        (Stage.SCREEN, screen.screen),
        (Stage.FETCH, fetch.fetch),
        (Stage.EXTRACT, read_pdfs),
        (Stage.SCREEN, screen.screen),
        (Stage.INSTITUTIONS, clean_papers),
        (Stage.ENRICH, enrich.enrich),
        (Stage.SUMMARIZE, brief_papers),
        (Stage.ANALYTICS, analytics.summarise),
    ]
    names = [name for name, _ in plan]
    if options.stop_after is None:
        return [run_stage for _, run_stage in plan]
    if options.stop_after not in names:
        can = ", ".join(stage for stage in Stage if stage is Stage.SOURCES or stage in names)
        raise ConfigError(f"cannot stop after the {options.stop_after} stage: stop_after must be one of {can}")
    last = len(plan) - 1 - names[::-1].index(options.stop_after)
    return [run_stage for _, run_stage in plan[: last + 1]]


def _report(papers: list[Paper], context: Context, fallback: tuple[str, DatedBy]) -> Report:
    reported = [p for p in papers if p.active]
    return Report(
        title=report_title(papers, context),
        generated_at=generation_time(),
        papers=reported,
        failed=[p for p in papers if p.failed],
        dropped=[p for p in papers if p.dropped is not None],
        entries=papers,
        topic=context.options.topic,
        date=day_of(papers, fallback)[0],
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


def _fallback(options: Options) -> tuple[str, DatedBy]:
    """The day of papers without a listing date: the run's `since`, else today (the generation time's day)."""
    return fallback_day(options.since, generation_time().date())


def _write(output: Output, text: str) -> None:
    if output.path == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(Path(output.path), text)


def generation_time() -> datetime:
    """Now, or `SOURCE_DATE_EPOCH` (UTC) when it is set, so that reports can be reproduced byte for byte."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now().astimezone()


__all__ = ["Archive", "Event", "Filed", "Options", "Output", "Stage", "drain", "iter_days", "iter_run", "run"]
