"""The commands: each parses its options (`options.settings_of`), builds `Options`, runs the library and picks the
exit code: 0 every input became a paper, 1 the output was written but some inputs failed (or the run stopped on
an error), 2 usage errors (options, config files).

The pipeline and the store are imported by the commands that use them, so that `--help` does not wait for them.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import (
    Archive,
    ConfigError,
    DatedBy,
    Options,
    Paper,
    Report,
    ScreeningFormat,
    Stage,
    bundled_profiles,
    config,
    format_for,
    parse_formats,
    write_atomic,
)
from ..config import Value
from . import options as opt
from .show import (
    exit_code,
    machine_line,
    report_failures,
    stderr,
    summarise,
    summarise_usage,
    user_errors,
    where,
    with_progress,
)


def examples(*lines: str) -> str:
    """A command's epilog: examples, one a line (`#` starts a comment)."""
    shown = [f"  [bold]{line}[/bold]" if not line.startswith("#") else f"  [dim]{line}[/dim]" for line in lines]
    return "[bold]Examples[/bold]\n\n" + "\n".join(shown)


REPORT_EXAMPLES = examples(
    "paperbrief report examples -o report.md",
    "paperbrief report arxiv_daily.txt --profile llm-agents -o agents.html",
    "paperbrief report --arxiv-query 'cat:cs.CL' --since yesterday --archive site/ --since-last daily",
    "# the model, endpoint and key variable from paperbrief.toml (paperbrief config shows them):",
    "paperbrief report papers/ -o report.md --translate",
)


@opt.shared(opt.LISTINGS, opt.PDFS, opt.MODEL)
def report(
    ctx: typer.Context,
    inputs: opt.InputsOrQuery = None,
    output: Annotated[
        str | None, opt.output_option("Where to write the report; - for stdout. Or --archive.", None)
    ] = None,
    format: opt.ReportFormat = None,
    archive: opt.Archive = None,
    archive_formats: opt.ArchiveFormats = None,
    topic: opt.Topic = None,
    analytics: opt.Analytics = None,
    techniques: opt.Techniques = None,
    since_last: opt.SinceLast = None,
    enrich: opt.Enrich = None,
    profile: opt.Profile = None,
    screen: opt.Screen = None,
    include_replaced: opt.IncludeReplaced = None,
    translate: opt.Translate = None,
    **settings: Any,
) -> None:
    """Write a report: a Chinese brief and the details of each paper, and the inputs that failed."""
    from .. import Output, iter_run

    with user_errors():
        values = opt.settings_of(ctx)
        options = opt.build_options(values)
        if not inputs and not options.arxiv_query:
            raise ConfigError("nothing to report: give INPUT paths or arXiv ids, or --arxiv-query")
        filing = _archive(values, output)
        if (output is None) == (filing is None):
            raise ConfigError("give either -o FILE (one report) or --archive DIR (a report per day)")
        if filing is not None:
            _file_days(inputs or [], options, filing)
        assert output is not None
        fmt = format_for(output, _configured(values["format"], output))
        result = with_progress(iter_run(inputs or [], options, [Output(output, fmt, values["analytics"].value)]))
    summarise(result, output)
    raise exit_code(bool(result.failed))


def _archive(values: dict[str, Value], output: str | None) -> Archive | None:
    """The archive to file days in: --archive, or one a config file or the environment names unless -o asks
    for one report instead."""
    folder = values["archive"]
    if folder.value is None or (output is not None and not folder.from_flag):
        return None
    return Archive(Path(folder.value), parse_formats(values["archive_formats"].value), values["analytics"].value)


def _configured(fmt: Value, output: str) -> str | None:
    """The format asked for: a flag always; a config file's or the environment's only where the name of the
    output says none (stdout, or no suffix), so that `-o report.html` is HTML whatever the config says."""
    return fmt.value if fmt.from_flag or output == "-" or not Path(output).suffix else None


def _file_days(inputs: list[str], options: Options, archive: Archive) -> None:
    """Run `iter_days`, then one summary per day filed; exits."""
    from .. import iter_days

    filed = with_progress(iter_days(inputs, options, archive))
    for result, day in filed:
        if day.dated_by is DatedBy.TODAY:
            machine_line("note", day.folder, "no listing date: filed under the day the report was made")
        summarise(result, str(archive.root / day.folder))
    raise exit_code(any(result.failed for result, _ in filed))


SCREEN_EXAMPLES = examples(
    "paperbrief screen arxiv_daily.txt",
    "paperbrief screen 2025-10/*/arxiv_daily.txt -o october.csv",
    "paperbrief screen cs.AI.rss --profile llm-agents --format html -o agents.html",
    "paperbrief screen --arxiv-query 'cat:cs.LG' --since yesterday -o today.jsonl --model gpt-4o-mini",
)
_SCREENING_SUFFIXES = {f".{f.value}": f for f in ScreeningFormat}


@opt.shared(opt.LISTINGS, opt.PDFS, opt.MODEL)
def screen(
    ctx: typer.Context,
    inputs: opt.InputsOrQuery = None,
    output: Annotated[str, opt.output_option("Where to write the table; - for stdout.", "-")] = "-",
    screening_format: opt.ScreeningFormat = None,
    profile: opt.Profile = None,
    include_replaced: opt.IncludeReplaced = None,
    **settings: Any,
) -> None:
    """Screen papers by a topic profile: a table of every entry, kept or dropped, with its score and reason."""
    from .. import Output, iter_run

    with user_errors():
        values = opt.settings_of(ctx)
        options = opt.build_options(values, screen=True, stop_after=Stage.SCREEN)
        if not inputs and not options.arxiv_query:
            raise ConfigError("nothing to screen: give INPUT files, feeds or arXiv ids, or --arxiv-query")
        fmt = _screening_format(output, _configured(values["screening_format"], output))
        result = with_progress(iter_run(inputs or [], options, [Output(output, fmt)]))
    _summarise_screening(result, output)
    raise exit_code(bool(result.failed))


def _screening_format(output: str, explicit: str | None) -> ScreeningFormat:
    """The format asked for, else the one the suffix of the output names, else CSV for a file and Markdown for
    stdout (a table to read there, to open in Excel elsewhere)."""
    if explicit:
        try:
            return ScreeningFormat(explicit.lower())
        except ValueError:
            raise ConfigError(f"unknown format {explicit!r}: use csv, jsonl, md or html") from None
    if output == "-":
        return ScreeningFormat.MD
    return _SCREENING_SUFFIXES.get(Path(output).suffix.lower(), ScreeningFormat.CSV)


def _summarise_screening(result: Report, output: str) -> None:
    report_failures(result.failed)
    screened = [p for p in result.entries if p.screening is not None]
    kept = sum(p.screening.kept for p in screened if p.screening is not None)
    summarise_usage(result.usage)
    machine_line(
        "screened", len(screened), "kept", kept, "dropped", len(screened) - kept, "failed", len(result.failed),
        "output", where(output),
    )  # fmt: skip


EXTRACT_EXAMPLES = examples(
    "paperbrief extract examples -o papers.jsonl",
    "paperbrief extract '论文 2025/' --jobs 2 --file-timeout 120 > papers.jsonl",
)


@opt.shared(opt.PDFS)
def extract(
    ctx: typer.Context,
    inputs: opt.Inputs,
    output: Annotated[str, opt.output_option("JSONL file to write; - for stdout.", "-")] = "-",
    **settings: Any,
) -> None:
    """Extract title, authors, institutions and abstract as JSONL, one object per input paper."""
    from .. import iter_run

    with user_errors():
        options = opt.build_options(opt.settings_of(ctx), stop_after=Stage.ENRICH)
        result = with_progress(iter_run(inputs, options))
        _write(output, "".join(json.dumps(_extract_record(p), ensure_ascii=False) + "\n" for p in result.entries))
    report_failures(result.failed)
    raise exit_code(bool(result.failed))


_EXTRACT_FIELDS = (
    "source", "title", "authors", "author_count", "institutions", "abstract", "arxiv_id", "provenance",
    "confidence", "status", "warnings", "error",
)  # fmt: skip


def _extract_record(paper: Paper) -> dict[str, object]:
    record = paper.to_dict()
    return {k: record[k] for k in _EXTRACT_FIELDS}


def _write(output: str, text: str) -> None:
    if output == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_atomic(Path(output), text)


PROFILES_EXAMPLES = examples("paperbrief profiles", "paperbrief report arxiv_daily.txt --profile llm-agents -o r.md")


def profiles() -> None:
    """List the bundled topic profiles: name, report heading, keep threshold and uncertain band."""
    for found in bundled_profiles():
        low, high = found.uncertain
        typer.echo(f"{found.name}\t{found.title}\tkeep>={found.keep:g}\tuncertain={low:g}-{high:g}")
        typer.echo(f"\t{found.description}")


CONFIG_EXAMPLES = examples(
    "paperbrief config",
    "paperbrief config --init",
    "paperbrief config --init ~/.config/paperbrief/paperbrief.toml",
    "PAPERBRIEF_MODEL=qwen-plus paperbrief config",
)


def config_command(
    file: Annotated[
        Path | None,
        # Escaped as Rich markup reads it (`rich.markup.escape` would import Rich at every start).
        typer.Argument(metavar="FILE", help="With --init, the file to write \\[default: ./paperbrief.toml]"),
    ] = None,
    init: Annotated[
        bool, typer.Option("--init", help="Write a starter config file, every setting commented out and explained.")
    ] = False,
) -> None:
    """Show the settings in force and where each comes from, or write a starter config file (--init)."""
    with user_errors():
        if init:
            target = file or config.folder_file()
            config.write_starter(target)
            stderr().print(
                f"Wrote {target}; settings left commented out keep their defaults", markup=False, soft_wrap=True
            )
            return
        if file is not None:
            raise ConfigError("FILE goes with --init: paperbrief config --init FILE")
        values = config.resolve()
    for path in (config.folder_file(), config.user_file()):
        typer.echo(f"file\t{path}\t{'found' if path.is_file() else 'not found'}")
    for name, value in values.items():
        typer.echo(f"{name}\t{_shown(value.value)}\t{value.origin}")


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return ",".join(value) if isinstance(value, list) else str(value)


def cache_clear() -> None:
    """Forget every cached LLM reply, download and digest."""
    from .. import Store

    with user_errors(), Store() as store:
        removed = store.clear()
        stderr().print(f"Cleared {removed} cached entries from {store.path}")


def cache_info() -> None:
    """Show where the cache lives and how much it holds."""
    from .. import Store

    with user_errors(), Store() as store:
        typer.echo(f"path\t{store.path}")
        for table, count in store.counts().items():
            typer.echo(f"{table}\t{count}")
