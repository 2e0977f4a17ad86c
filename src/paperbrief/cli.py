"""The command line: parse options, call the library, show progress, write the output, pick the exit code.

Only this module prints or exits. Exit codes: 0 every input became a paper, 1 the output was written but
some inputs failed (or the run stopped on an error), 2 usage errors.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from . import (
    Archive,
    ConfigError,
    DatedBy,
    Event,
    JsonMode,
    Options,
    Output,
    Paper,
    PaperbriefError,
    Report,
    Stage,
    Store,
    bundled_profiles,
    drain,
    format_for,
    iter_days,
    iter_run,
    parse_day,
    parse_formats,
    parse_statuses,
    resolve_settings,
    write_atomic,
)

T = TypeVar("T")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    help="Turn research papers (PDFs, folders, JSONL metadata) into an analysis report with Chinese briefs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
cache_app = typer.Typer(help="Inspect or clear the cache of LLM replies and downloads.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

stderr = Console(stderr=True)

_INPUTS_HELP = "PDF files, folders of PDFs, JSONL metadata files, or arXiv ids and abs/pdf URLs."
InputsArg = Annotated[list[str], typer.Argument(help=_INPUTS_HELP)]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Parallel PDF extraction processes [default: all cores].")
]
TimeoutOpt = Annotated[float, typer.Option("--file-timeout", min=1, help="Seconds allowed to read one PDF.")]


@app.command()
def report(
    output: Annotated[
        str | None, typer.Option("--output", "-o", help="Where to write the report; '-' for stdout. Or --archive.")
    ] = None,
    inputs: Annotated[list[str] | None, typer.Argument(help=_INPUTS_HELP + " Optional with --arxiv-query.")] = None,
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="md, html or json [default: from the suffix of -o, else md].")
    ] = None,
    topic: Annotated[str | None, typer.Option(help="Topic for the heading: '# 〈topic〉论文分析报告'.")] = None,
    jobs: JobsOpt = None,
    file_timeout: TimeoutOpt = 60.0,
    arxiv_query: Annotated[
        str | None, typer.Option(help="Also report the papers an arXiv API search_query finds, e.g. 'cat:cs.LG'.")
    ] = None,
    max_results: Annotated[int, typer.Option(min=1, help="How many papers --arxiv-query may bring.")] = 50,
    sort: Annotated[str, typer.Option(help="Order of --arxiv-query: relevance, lastUpdatedDate or submittedDate.")] = (
        "relevance"
    ),
    since: Annotated[
        str | None,
        typer.Option(metavar="DAY", help="--arxiv-query: submitted from DAY (today, yesterday, YYYY-MM-DD; GMT)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DAY", help="--arxiv-query: ...to DAY [default: --since].")
    ] = None,
    status: Annotated[
        list[str] | None, typer.Option(help="Conference lists: keep only these statuses, e.g. oral,spotlight.")
    ] = None,
    since_last: Annotated[
        str | None, typer.Option(metavar="NAME", help="Report only papers the digest NAME has not reported yet.")
    ] = None,
    enrich: Annotated[
        list[str] | None, typer.Option(help="Fill missing institutions from a service: openalex (needs network).")
    ] = None,
    analytics: Annotated[
        bool, typer.Option("--analytics", help="Add the 技术趋势概览 overview tables to a Markdown report.")
    ] = False,
    profile: Annotated[
        str | None,
        typer.Option(metavar="NAME|FILE", help="Topic profile for screening [default: inference-acceleration]."),
    ] = None,
    screen: Annotated[
        bool | None,
        typer.Option(
            "--screen/--no-screen",
            help="Screen every paper by the profile, or none [default: the papers of listings and feeds].",
        ),
    ] = None,
    include_replaced: Annotated[
        bool, typer.Option("--include-replaced", help="Screen a listing's replacements instead of dropping them.")
    ] = False,
    techniques: Annotated[
        Path | None,
        typer.Option(metavar="FILE.toml", help="Technique keyword rules merged over the bundled taxonomy."),
    ] = None,
    model: Annotated[
        str | None, typer.Option(help="Brief with this model [default: $PAPERBRIEF_MODEL; unset: offline briefs].")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(help="OpenAI-compatible endpoint [default: $OPENAI_BASE_URL, else https://api.openai.com/v1]."),
    ] = None,
    api_key_env: Annotated[
        str | None, typer.Option(metavar="NAME", help="Environment variable holding the key [default: OPENAI_API_KEY].")
    ] = None,
    concurrency: Annotated[int, typer.Option(min=1, help="Model calls in flight at once.")] = 4,
    rpm: Annotated[float | None, typer.Option(min=0.1, help="At most this many model calls per minute.")] = None,
    timeout: Annotated[float, typer.Option(min=0.1, help="Seconds allowed for one model call.")] = 60.0,
    json_mode: Annotated[
        JsonMode, typer.Option(help="How to ask for JSON; falls back by itself when the server refuses.")
    ] = JsonMode.SCHEMA,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Ask the model again instead of reusing replies.")
    ] = False,
    max_cost: Annotated[
        float | None, typer.Option(metavar="USD", min=0, help="Stop calling the model once this much is spent.")
    ] = None,
    judge: Annotated[
        str | None,
        typer.Option(help="Which screened papers the model judges: uncertain, all or none [default: uncertain]."),
    ] = None,
    translate: Annotated[
        bool, typer.Option("--translate", help="Add the model's Chinese translation of each abstract.")
    ] = False,
    archive: Annotated[
        Path | None,
        typer.Option(metavar="DIR", help="File one report per listing day in DIR/YYYY-MM/MM-DD/ and index them."),
    ] = None,
    archive_formats: Annotated[
        str, typer.Option(metavar="md,html,json", help="The report formats of each archived day.")
    ] = "md,html",
) -> None:
    """Write a report: a Chinese brief and the details of every paper, and the inputs that failed (with --archive,
    one report per listing day, filed by date)."""
    options = Options(
        topic=topic,
        jobs=jobs,
        timeout=file_timeout,
        arxiv_query=arxiv_query,
        max_results=max_results,
        sort=sort,
        since_last=since_last,
        venue_status=parse_statuses(status or []),
        enrich=list(enrich or []),
        techniques=techniques,
        profile=profile,
        screen=screen,
        include_replaced=include_replaced,
        judge=judge,
        translate=translate,
    )
    with _user_errors():
        options.since = parse_day(since) if since else None
        options.until = parse_day(until) if until else None
        if not inputs and not arxiv_query:
            raise ConfigError("nothing to report: give INPUT paths or arXiv ids, or --arxiv-query")
        if (output is None) == (archive is None):
            raise ConfigError("give either -o FILE (one report) or --archive DIR (a report per day)")
        options.llm = resolve_settings(
            model=model,
            base_url=base_url,
            api_key_env=api_key_env,
            concurrency=concurrency,
            rpm=rpm,
            timeout=timeout,
            json_mode=json_mode,
            use_cache=not no_cache,
            max_cost=max_cost,
        )
        if archive is not None:
            _file_days(inputs or [], options, Archive(archive, parse_formats(archive_formats), analytics))
        assert output is not None
        result = _with_progress(iter_run(inputs or [], options, [Output(output, format_for(output, fmt), analytics)]))
    _summarise(result, output)
    raise typer.Exit(EXIT_FAILED if result.failed else EXIT_OK)


@app.command()
def extract(
    inputs: InputsArg,
    output: Annotated[str, typer.Option("--output", "-o", help="JSONL file to write; '-' for stdout.")] = "-",
    jobs: JobsOpt = None,
    file_timeout: TimeoutOpt = 60.0,
) -> None:
    """Extract title, authors, institutions and abstract as JSONL, one object per input paper."""
    options = Options(jobs=jobs, timeout=file_timeout, stop_after=Stage.ENRICH)
    with _user_errors():
        result = _with_progress(iter_run(inputs, options))
        _write(output, "".join(json.dumps(_extract_record(p), ensure_ascii=False) + "\n" for p in result.entries))
    _report_failures(result.failed)
    raise typer.Exit(EXIT_FAILED if result.failed else EXIT_OK)


@app.command()
def profiles() -> None:
    """List the bundled topic profiles: name, report heading, keep threshold and uncertain band."""
    for found in bundled_profiles():
        low, high = found.uncertain
        typer.echo(f"{found.name}\t{found.title}\tkeep>={found.keep:g}\tuncertain={low:g}-{high:g}")
        typer.echo(f"\t{found.description}")


@cache_app.command("clear")
def cache_clear() -> None:
    """Forget every cached LLM reply, download and digest."""
    with _user_errors(), Store() as store:
        removed = store.clear()
        stderr.print(f"Cleared {removed} cached entries from {store.path}")


@cache_app.command("info")
def cache_info() -> None:
    """Show where the cache lives and how much it holds."""
    with _user_errors(), Store() as store:
        typer.echo(f"path\t{store.path}")
        for table, count in store.counts().items():
            typer.echo(f"{table}\t{count}")


def _file_days(inputs: list[str], options: Options, archive: Archive) -> None:
    """Run `iter_days`, then one summary per day filed; exits."""
    filed = _with_progress(iter_days(inputs, options, archive))
    for report, day in filed:
        if day.dated_by is DatedBy.TODAY:
            _machine_line("note", day.folder, "no listing date: filed under the day the report was made")
        _summarise(report, str(archive.root / day.folder))
    raise typer.Exit(EXIT_FAILED if any(report.failed for report, _ in filed) else EXIT_OK)


def _extract_record(paper: Paper) -> dict[str, object]:
    record = paper.to_dict()
    keep = (
        "source",
        "title",
        "authors",
        "author_count",
        "institutions",
        "abstract",
        "arxiv_id",
        "provenance",
        "confidence",
        "status",
        "warnings",
        "error",
    )
    return {k: record[k] for k in keep}


def _with_progress(events: Generator[Event, None, T]) -> T:
    """Drain the pipeline's events, drawing a progress bar when stderr is a terminal."""
    if not stderr.is_terminal:
        return drain(events)
    columns = (TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        tasks: dict[Stage, TaskID] = {}

        def show(event: Event) -> None:
            if event.stage not in tasks:
                tasks[event.stage] = progress.add_task(str(event.stage), total=event.total)
            progress.update(tasks[event.stage], completed=event.done, total=event.total)

        return drain(events, show)


def _write(output: str, text: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(Path(output), text)


def _machine_line(*fields: object) -> None:
    """A tab-separated status line on stderr, for scripts as much as for people."""
    typer.echo("\t".join(str(f) for f in fields), err=True)


def _report_failures(failed: list[Paper]) -> None:
    for paper in failed:
        _machine_line("failed", paper.source, paper.error)


def _summarise(result: Report, output: str) -> None:
    _report_failures(result.failed)
    if result.usage:
        _summarise_usage(result.usage)
    where = "stdout" if output == "-" else output
    _machine_line("papers", len(result.papers), "failed", len(result.failed), "output", where)


def _summarise_usage(usage: dict[str, Any]) -> None:
    """One line of what the model was asked over the run and what it cost, one line per task besides briefs,
    then anything the run should say about it."""
    cost = usage["cost_usd"]
    fields = ("calls", "retries", "cached", "llm_briefs", "fallbacks", "input_tokens", "output_tokens")
    shown_cost = "unknown" if cost is None else f"{cost:.4f}"
    _machine_line("llm", usage["model"], *_pairs(usage, fields), "cost_usd", shown_cost)
    for task, counts in usage["tasks"].items():
        if task != "brief":
            _machine_line("llm-task", task, *_pairs(counts, counts))
    for note in usage["notes"]:
        _machine_line("llm-note", note)


def _pairs(values: dict[str, Any], names: Iterable[str]) -> list[Any]:
    """`name, value, name, value, …` for a tab-separated line."""
    return [item for name in names for item in (name, values[name])]


@contextmanager
def _user_errors() -> Iterator[None]:
    """A run-level error becomes one line and an exit code; PAPERBRIEF_RAISE_ERRORS shows the traceback."""
    try:
        yield
    except PaperbriefError as exc:
        if os.environ.get("PAPERBRIEF_RAISE_ERRORS"):
            raise
        stderr.print(f"Error: {exc}", markup=False, highlight=False)
        raise typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_FAILED) from exc


def main() -> None:
    app()
