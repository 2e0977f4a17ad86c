"""The options the commands share, each defined once, and the one way a command's parameters become `Options`.

As sqlite-utils' shared option decorators, but with Typer: an `Annotated` alias per setting of
`paperbrief.config.SETTINGS`, whose flag, help, metavar, bounds and `--help` panel come from that table. Every
alias defaults to None ("not given"), so that `settings_of` can hand the flags given to `config.resolve`,
which puts them over the environment, the config files and the defaults, for every command alike.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from .. import JsonMode, LLMSettings, Options, config, parse_day, parse_statuses, resolve_settings
from ..config import OUTPUT, SETTINGS, Value


def _option(name: str, *decls: str) -> Any:
    """The `typer.Option` of the setting `name`; `decls` replace its flag (`--format` for `screening_format`)."""
    setting = SETTINGS[name]
    flag = setting.flag
    flags = decls or ((f"{flag}/--no-{flag[2:]}",) if setting.kind is bool else (flag,))
    return typer.Option(
        *flags,
        help=_help(setting),
        metavar=setting.metavar or None,
        min=setting.minimum,
        rich_help_panel=setting.group,
        show_default=False,  # the help says it, in words where the default is not a plain value
    )


def _help(setting: config.Setting) -> str:
    shown = setting.shown_default
    if shown is None and setting.default is not None and setting.kind is not bool:
        shown = str(setting.default)
    # Help is Rich markup: an unescaped '[default: 4]' would be read as a tag and vanish. Only this bracket is
    # escaped (test_help checks that no help text brings one of its own): rich.markup.escape would import Rich at
    # every start.
    return f"{setting.help} \\[default: {shown}]" if shown else setting.help


Jobs = Annotated[int | None, _option("jobs", "--jobs", "-j")]
FileTimeout = Annotated[float | None, _option("file_timeout")]

ArxivQuery = Annotated[str | None, _option("arxiv_query")]
Since = Annotated[str | None, _option("since")]
Until = Annotated[str | None, _option("until")]
MaxResults = Annotated[int | None, _option("max_results")]
Sort = Annotated[str | None, _option("sort")]
Status = Annotated[list[str] | None, _option("status")]

Profile = Annotated[str | None, _option("profile")]
Screen = Annotated[bool | None, _option("screen")]
IncludeReplaced = Annotated[bool | None, _option("include_replaced")]

Model = Annotated[str | None, _option("model")]
BaseUrl = Annotated[str | None, _option("base_url")]
ApiKeyEnv = Annotated[str | None, _option("api_key_env")]
Concurrency = Annotated[int | None, _option("concurrency")]
Rpm = Annotated[float | None, _option("rpm")]
Timeout = Annotated[float | None, _option("timeout")]
JsonModeOption = Annotated[JsonMode | None, _option("json_mode")]
Cache = Annotated[bool | None, _option("cache")]
MaxCost = Annotated[float | None, _option("max_cost")]
Judge = Annotated[str | None, _option("judge")]
Translate = Annotated[bool | None, _option("translate")]
Offline = Annotated[bool | None, _option("offline", "--offline")]

ReportFormat = Annotated[str | None, _option("format", "--format", "-f")]
ScreeningFormat = Annotated[str | None, _option("screening_format", "--format", "-f")]
Topic = Annotated[str | None, _option("topic")]
Analytics = Annotated[bool | None, _option("analytics")]
Techniques = Annotated[str | None, _option("techniques")]
Archive = Annotated[str | None, _option("archive")]
ArchiveFormats = Annotated[str | None, _option("archive_formats")]
SinceLast = Annotated[str | None, _option("since_last")]
Enrich = Annotated[list[str] | None, _option("enrich")]

# The options that go together, as commands take them (`shared`).
LISTINGS = {
    "arxiv_query": ArxivQuery, "since": Since, "until": Until, "max_results": MaxResults, "sort": Sort,
    "status": Status,
}  # fmt: skip
PDFS = {"jobs": Jobs, "file_timeout": FileTimeout}
MODEL = {
    "model": Model, "base_url": BaseUrl, "api_key_env": ApiKeyEnv, "concurrency": Concurrency, "rpm": Rpm,
    "timeout": Timeout, "json_mode": JsonModeOption, "cache": Cache, "max_cost": MaxCost, "judge": Judge,
    "offline": Offline,
}  # fmt: skip

Command = TypeVar("Command", bound=Callable[..., None])


def shared(*groups: Mapping[str, Any]) -> Callable[[Command], Command]:
    """Give a command the options of `groups`, as sqlite-utils' shared option decorators do for click: Typer reads
    the command's signature, which gains a keyword parameter per option (received by its `**settings`, which the
    command leaves to `settings_of`)."""

    def add(command: Command) -> Command:
        signature = inspect.signature(command, eval_str=True)
        own = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
        added = [
            inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=alias)
            for group in groups
            for name, alias in group.items()
        ]
        setattr(command, "__signature__", signature.replace(parameters=[*own, *added]))  # noqa: B010
        return command

    return add


_INPUTS_HELP = (
    "PDF files, folders of PDFs, JSONL metadata, arXiv ids or abs/pdf URLs, daily mailings, RSS/Atom feeds "
    "(files or URLs) and conference lists (JSON, CSV)."
)
Inputs = Annotated[list[str], typer.Argument(metavar="INPUT", help=_INPUTS_HELP, show_default=False)]
InputsOrQuery = Annotated[
    list[str] | None,
    typer.Argument(metavar="INPUT", help=_INPUTS_HELP + " None needed with --arxiv-query.", show_default=False),
]


def output_option(help: str, default: str | None) -> Any:
    return typer.Option(
        "--output", "-o", metavar="FILE", help=help, show_default=default is not None, rich_help_panel=OUTPUT
    )


# Settings that are fields of `Options`, under their field's name, as that field takes them.
_OPTION_FIELDS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "jobs": ("jobs", int),
    "file_timeout": ("timeout", float),
    "arxiv_query": ("arxiv_query", str),
    "since": ("since", parse_day),
    "until": ("until", parse_day),
    "max_results": ("max_results", int),
    "sort": ("sort", str),
    "status": ("venue_status", parse_statuses),
    "profile": ("profile", str),
    "screen": ("screen", bool),
    "include_replaced": ("include_replaced", bool),
    "judge": ("judge", str),
    "translate": ("translate", bool),
    "topic": ("topic", str),
    "techniques": ("techniques", Path),
    "since_last": ("since_last", str),
    "enrich": ("enrich", list),
}
# Settings that make the model's `LLMSettings`, and the rest, which the commands use themselves.
LLM_SETTINGS = ("model", "base_url", "api_key_env", "concurrency", "rpm", "timeout", "json_mode", "cache", "max_cost")
COMMAND_SETTINGS = ("offline", "format", "screening_format", "analytics", "archive", "archive_formats")
# What needs a model: without one (--offline), these are dropped unless a flag asked for them.
_NEEDS_MODEL = ("judge", "translate")


def settings_of(ctx: typer.Context) -> dict[str, Value]:
    """The settings of the command being run, each from its flag, else the environment, else a config file,
    else the default."""
    names = [name for name in ctx.params if name in SETTINGS]
    return config.resolve({name: ctx.params[name] for name in names}, names=names)


def build_options(values: Mapping[str, Value], **fixed: Any) -> Options:
    """`Options` from a command's settings (a setting the command lacks keeps the library's default), and
    `fixed` for what the command itself decides (`stop_after`)."""
    offline = values.get("offline", Value(False, config.DEFAULT)).value
    chosen = {
        name: value.value
        for name, value in values.items()
        if value.value is not None and not (offline and name in _NEEDS_MODEL and not value.from_flag)
    }
    kwargs = {field: convert(chosen[name]) for name, (field, convert) in _OPTION_FIELDS.items() if name in chosen}
    if "model" in values and not offline:
        kwargs["llm"] = llm_settings(values)
    return Options(**kwargs, **fixed)


def llm_settings(values: Mapping[str, Value]) -> LLMSettings | None:
    """The model's settings, or None (offline) without a model. An endpoint from the environment or a file waits
    for a model; one given as a flag without a model is a mistake, which `resolve_settings` names."""
    value = {name: values[name].value for name in LLM_SETTINGS}
    base_url = value["base_url"] if value["model"] or values["base_url"].from_flag else None
    return resolve_settings(
        model=value["model"],
        base_url=base_url,
        api_key_env=value["api_key_env"],
        concurrency=value["concurrency"],
        rpm=value["rpm"],
        timeout=value["timeout"],
        json_mode=JsonMode(value["json_mode"]),
        use_cache=value["cache"],
        max_cost=value["max_cost"],
    )
