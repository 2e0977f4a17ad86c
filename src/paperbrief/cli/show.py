"""What the commands show: progress on a terminal, tab-separated lines otherwise, errors as one line.

Every line for scripts goes to stderr, so that stdout carries only what was asked for (`-o -`).
"""

from __future__ import annotations

import codecs
import io
import os
import sys
from collections.abc import Generator, Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from .. import ConfigError, Event, Paper, PaperbriefError, Report, Stage

if TYPE_CHECKING:
    from rich.console import Console

    from ..llm.usage import Usage

T = TypeVar("T")

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


@cache
def stderr() -> Console:
    """Rich's console on stderr, made when first written to: most runs write only plain lines, and importing Rich
    is a good part of a start-up."""
    from rich.console import Console

    return Console(stderr=True)


# Encodings that can write any text; on a console with another one (a Windows code page), Chinese is replaced.
_UNIVERSAL = {"utf-8", "utf-8-sig", "utf-16", "utf-32", "gb18030"}


def tolerate_console_encoding() -> None:
    """On a console that cannot show Chinese (cp1252, gbk, `PYTHONIOENCODING=cp1252`) print `?` in its place
    instead of failing with UnicodeEncodeError; files are always written as UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and not _universal(stream.encoding):
            stream.reconfigure(errors="replace")


def _universal(encoding: str) -> bool:
    try:
        return codecs.lookup(encoding).name in _UNIVERSAL
    except LookupError:
        return False


def with_progress(events: Generator[Event, None, T]) -> T:
    """Drain the pipeline's events, drawing a progress bar when stderr is a terminal."""
    from .. import drain

    if not sys.stderr.isatty():
        return drain(events)
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    columns = (TextColumn("{task.description:<8}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=stderr(), transient=True) as progress:
        tasks: dict[Stage, TaskID] = {}

        def show(event: Event) -> None:
            if event.stage not in tasks:
                tasks[event.stage] = progress.add_task(str(event.stage), total=event.total)
            progress.update(tasks[event.stage], completed=event.done, total=event.total)

        return drain(events, show)


def machine_line(*fields: object) -> None:
    """A tab-separated status line on stderr, for scripts as much as for people."""
    typer.echo("\t".join("" if f is None else str(f) for f in fields), err=True)


def report_failures(failed: list[Paper]) -> None:
    for paper in failed:
        machine_line("failed", paper.source, paper.error)


def summarise(result: Report, output: str) -> None:
    report_failures(result.failed)
    summarise_usage(result.usage)
    machine_line("papers", len(result.papers), "failed", len(result.failed), "output", where(output))


def where(output: str) -> str:
    return "stdout" if output == "-" else output


def summarise_usage(used: Usage | None) -> None:
    """One line of what the model was asked over the run and what it cost, one line per task besides briefs,
    then anything the run should say about it; nothing offline."""
    if used is None:
        return
    usage = used.to_dict()
    cost = usage["cost_usd"]
    fields = ("calls", "retries", "cached", "llm_briefs", "fallbacks", "input_tokens", "output_tokens")
    shown_cost = "unknown" if cost is None else f"{cost:.4f}"
    machine_line("llm", usage["model"], *_pairs(usage, fields), "cost_usd", shown_cost)
    for task, counts in usage["tasks"].items():
        if task != "brief":
            machine_line("llm-task", task, *_pairs(counts, counts))
    for note in usage["notes"]:
        machine_line("llm-note", note)


def _pairs(values: dict[str, Any], names: Iterable[str]) -> list[Any]:
    """`name, value, name, value, …` for a tab-separated line."""
    return [item for name in names for item in (name, values[name])]


def exit_code(failed: bool) -> typer.Exit:
    return typer.Exit(EXIT_FAILED if failed else EXIT_OK)


@contextmanager
def user_errors() -> Iterator[None]:
    """A run-level error becomes one line and an exit code; PAPERBRIEF_RAISE_ERRORS shows the traceback."""
    try:
        yield
    except PaperbriefError as exc:
        if os.environ.get("PAPERBRIEF_RAISE_ERRORS"):
            raise
        stderr().print(f"Error: {exc}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_USAGE if isinstance(exc, ConfigError) else EXIT_FAILED) from exc
