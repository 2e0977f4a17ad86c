"""The command line: parse options, call the library, show progress, write the output, pick the exit code.

Only this module prints or exits. Exit codes: 0 every input became a paper, 1 the output was written but
some inputs failed (or the run stopped on an error), 2 usage errors.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from . import pipeline
from .cache import Store
from .errors import ConfigError, PaperbriefError
from .models import Paper, Report
from .render import format_for, render, write_atomic

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

InputsArg = Annotated[list[str], typer.Argument(help="PDF files, folders of PDFs, or JSONL metadata files.")]
JobsOpt = Annotated[
    int | None, typer.Option("--jobs", "-j", min=1, help="Parallel PDF extraction processes [default: all cores].")
]
TimeoutOpt = Annotated[float, typer.Option("--file-timeout", min=1, help="Seconds allowed to read one PDF.")]


@app.command()
def report(
    inputs: InputsArg,
    output: Annotated[str, typer.Option("--output", "-o", help="Where to write the report; '-' for stdout.")],
    fmt: Annotated[
        str | None, typer.Option("--format", "-f", help="md, html or json [default: from the suffix of -o, else md].")
    ] = None,
    topic: Annotated[str | None, typer.Option(help="Topic for the heading: '# 〈topic〉论文分析报告'.")] = None,
    jobs: JobsOpt = None,
    file_timeout: TimeoutOpt = 60.0,
) -> None:
    """Write a report: a Chinese brief and the details of every paper, and the inputs that failed."""
    options = pipeline.Options(topic=topic, jobs=jobs, timeout=file_timeout)
    with _user_errors():
        chosen = format_for(output, fmt)
        result = _with_progress(pipeline.iter_run(inputs, options))
        _write(output, render(result, chosen))
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
    options = pipeline.Options(jobs=jobs, timeout=file_timeout, briefs=False)
    with _user_errors():
        papers = _with_progress(pipeline.iter_papers(inputs, options))
        _write(output, "".join(json.dumps(_extract_record(p), ensure_ascii=False) + "\n" for p in papers))
    failed = [p for p in papers if p.failed]
    _report_failures(failed)
    raise typer.Exit(EXIT_FAILED if failed else EXIT_OK)


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
        "warnings",
        "error",
    )
    return {k: record[k] for k in keep}


def _with_progress(events: Generator[pipeline.Event, None, T]) -> T:
    """Drain the pipeline's events, drawing a progress bar when stderr is a terminal."""
    if not stderr.is_terminal:
        return _drain(events)
    columns = (TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr, transient=True) as progress:
        tasks: dict[pipeline.Stage, TaskID] = {}
        while True:
            try:
                event = next(events)
            except StopIteration as stop:
                return stop.value  # type: ignore[no-any-return]
            if event.stage not in tasks:
                tasks[event.stage] = progress.add_task(str(event.stage), total=event.total)
            progress.update(tasks[event.stage], completed=event.done, total=event.total)


def _drain(events: Generator[pipeline.Event, None, T]) -> T:
    while True:
        try:
            next(events)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]


def _write(output: str, text: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(Path(output), text)


def _report_failures(failed: list[Paper]) -> None:
    for paper in failed:
        stderr.print(f"failed\t{paper.source}\t{paper.error}", markup=False, highlight=False, soft_wrap=True)


def _summarise(result: Report, output: str) -> None:
    _report_failures(result.failed)
    where = "stdout" if output == "-" else output
    stderr.print(
        f"papers\t{len(result.papers)}\tfailed\t{len(result.failed)}\toutput\t{where}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )


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
