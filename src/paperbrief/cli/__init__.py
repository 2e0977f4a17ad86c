"""The command line (Typer + Rich): parse the options, call the library, show progress, pick the exit code.

Only this package prints or exits. `options` defines the options the commands share and turns a command's
parameters into `Options` (flags over the environment over config files, `paperbrief.config`); `commands`
holds the commands; `show` what they print. `main` is the `paperbrief` program.
"""

from __future__ import annotations

from typing import Any

import typer
import typer.core

from . import commands
from .show import tolerate_console_encoding


def _of_its_type(param: Any, value: Any) -> bool:
    """Whether `value` is what Typer's conversion would give back unchanged: None (an option left unset), a
    string for `str`, strings for `list[str]`. Typer 0.29 converts every value, None included, with a pydantic
    `TypeAdapter` it builds at each start: pydantic imported and some thirty adapters built, a tenth of a
    second, longer than a day's listing takes to screen."""
    descriptor = getattr(param, "type_descriptor", None)  # Typer ≥ 0.29; else Typer converts as it always has
    annotation = getattr(descriptor, "annotation", None)
    if descriptor is None or param.required:
        return False  # a missing value is Typer's to report
    if value is None:
        return True
    if annotation is str:
        return isinstance(value, str)
    return annotation == list[str] and isinstance(value, tuple) and all(isinstance(item, str) for item in value)


def _as_given(param: Any, ctx: Any, value: Any) -> Any:
    """What Typer's `process_value` gives for a value `_of_its_type`: () for an unset multiple value, a list for
    `list[str]`, after the parameter's callback (`--help`'s)."""
    if value is None and (param.multiple or param.nargs == -1):
        value = ()
    elif isinstance(value, tuple):
        value = list(value)
    return param.callback(ctx, param, value) if param.callback is not None else value


class _Argument(typer.core.TyperArgument):
    __slots__ = ()

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _as_given(self, ctx, value) if _of_its_type(self, value) else super().process_value(ctx, value)

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # its metavar (INPUT, FILE) says what it takes; the type would add `<list[str]>`


class _Option(typer.core.TyperOption):
    __slots__ = ()

    def process_value(self, ctx: Any, value: Any) -> Any:
        return _as_given(self, ctx, value) if _of_its_type(self, value) else super().process_value(ctx, value)


def _plain_metavars(params: list[Any]) -> list[Any]:
    """What `--help` shows beside each parameter: a flag takes no value, so nothing (this Typer would print
    `<bool>`, even beside `--help`), an argument its metavar alone."""
    for param in params:
        if getattr(param, "is_flag", False) and param.metavar is None:
            param.metavar = ""
        if isinstance(param, typer.core.TyperArgument):
            param.__class__ = _Argument
        elif type(param) is typer.core.TyperOption:
            param.__class__ = _Option
    return params


class _Command(typer.core.TyperCommand):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_metavars(super().get_params(ctx))


class _Group(typer.core.TyperGroup):
    def get_params(self, ctx: Any) -> list[Any]:
        return _plain_metavars(super().get_params(ctx))


app = typer.Typer(
    cls=_Group,
    help="Turn research papers (PDFs, arXiv ids, daily listings, JSONL) into an analysis report with Chinese briefs.",
    epilog=commands.examples(
        "paperbrief report examples -o report.md",
        "paperbrief screen arxiv_daily.txt -o screening.csv",
        "paperbrief config",
        "paperbrief report --help",
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode="rich",
)
cache_app = typer.Typer(
    cls=_Group,
    help="Inspect or clear the cache of LLM replies, downloads and digests.",
    epilog=commands.examples("paperbrief cache info", "paperbrief cache clear"),
    no_args_is_help=True,
    rich_markup_mode="rich",
)

app.command(cls=_Command, epilog=commands.REPORT_EXAMPLES)(commands.report)
app.command(cls=_Command, epilog=commands.SCREEN_EXAMPLES)(commands.screen)
app.command(cls=_Command, epilog=commands.EXTRACT_EXAMPLES)(commands.extract)
app.command(cls=_Command, epilog=commands.PROFILES_EXAMPLES)(commands.profiles)
app.command("config", cls=_Command, epilog=commands.CONFIG_EXAMPLES)(commands.config_command)
app.add_typer(cache_app, name="cache")
cache_app.command("info", cls=_Command, epilog=commands.examples("paperbrief cache info"))(commands.cache_info)
cache_app.command("clear", cls=_Command, epilog=commands.examples("paperbrief cache clear"))(commands.cache_clear)


def main() -> None:
    tolerate_console_encoding()
    app()


__all__ = ["app", "main"]
