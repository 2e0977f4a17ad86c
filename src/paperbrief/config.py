"""Settings: one table of every setting a run can have, read from flags, the environment and TOML files.

Each `Setting` is a flag of the commands that use it (`--max-cost`), a key of a config file (`max_cost`) and
an environment variable (`PAPERBRIEF_MAX_COST`), with one type, one default and one help text for all three.
`resolve` merges them, the first that sets a value winning:

    1. the value given (a command-line flag, or a library caller's own)
    2. the environment: PAPERBRIEF_<NAME> (a few settings also read an older variable, e.g. OPENAI_BASE_URL)
    3. paperbrief.toml in the working folder
    4. the user file: paperbrief.toml in the user config folder, or the file PAPERBRIEF_CONFIG names
    5. the default

and says where each value came from (`Value.origin`). A config file is a flat TOML table of those keys; a bad
one (broken TOML, an unknown key, a wrong type or value) is a `ConfigError` naming the file, the key and its
line. A file never holds an API key: a key named like one (`api_key`, `token`, …) or a value that looks like
one (`sk-…`) is refused, since keys belong in the environment (`api_key_env` names the variable).
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

import platformdirs

from .archive import DEFAULT_FORMATS
from .errors import ConfigError
from .llm.settings import DEFAULT_BASE_URL, DEFAULT_KEY_ENV, JsonMode, LLMSettings
from .options import ENRICHERS, JUDGES, SORTS, Options
from .render import Format, ScreeningFormat

FILE_NAME = "paperbrief.toml"
CONFIG_ENV = "PAPERBRIEF_CONFIG"  # names the user file instead of the one in the user config folder
FLAG, DEFAULT = "flag", "default"

# The panels of `--help` and the sections of a starter file, in this order.
PDFS, LISTINGS, SCREENING, MODEL, OUTPUT = "PDFs", "arXiv and listings", "Screening", "Model", "Output"


def _default(record: type[Any], name: str) -> Any:
    """A dataclass field's default, so that a setting's default is the one the library itself uses."""
    return next(f.default for f in fields(record) if f.name == name)


@dataclass(frozen=True)
class Setting:
    """One setting: its key, type (str, int, float, bool or list of str), default and help."""

    name: str
    kind: type[Any]
    group: str
    help: str
    default: Any = None
    metavar: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    shown_default: str | None = None  # what `--help` says when the default is not a plain value (None: all cores)
    example: str | None = None  # a value for the starter file when there is no default
    also_env: tuple[str, ...] = ()  # older variables read after PAPERBRIEF_<NAME>

    @property
    def env(self) -> tuple[str, ...]:
        return (f"PAPERBRIEF_{self.name.upper()}", *self.also_env)

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("jobs", int, PDFS, "PDF extraction processes in parallel.", metavar="N", minimum=1,
                shown_default="all cores", example="2"),
        Setting("file_timeout", float, PDFS, "Seconds allowed to read one PDF before it fails.",
                _default(Options, "timeout"), "SECONDS", minimum=1),
        Setting("arxiv_query", str, LISTINGS,
                "Also take the papers an arXiv API search_query finds, e.g. 'cat:cs.LG'.", metavar="QUERY",
                example="cat:cs.AI OR cat:cs.CL"),
        Setting("since", str, LISTINGS,
                "With --arxiv-query, every paper submitted from DAY on: today, yesterday or YYYY-MM-DD (GMT).",
                metavar="DAY", example="yesterday"),
        Setting("until", str, LISTINGS, "With --since, up to DAY (included).", metavar="DAY",
                shown_default="the --since day", example="today"),
        Setting("max_results", int, LISTINGS, "How many papers --arxiv-query may bring (a --since window: all).",
                _default(Options, "max_results"), "N", minimum=1),
        Setting("sort", str, LISTINGS, "Order of --arxiv-query: relevance, lastUpdatedDate or submittedDate.",
                _default(Options, "sort"), "ORDER", SORTS),
        Setting("status", list, LISTINGS, "Conference lists: keep only these statuses, e.g. oral,spotlight.",
                metavar="STATUS", example='["oral", "spotlight"]'),
        Setting("profile", str, SCREENING, "Topic profile: a bundled one's name or a TOML file.",
                metavar="NAME|FILE", shown_default="inference-acceleration", example="llm-agents"),
        Setting("screen", bool, SCREENING,
                "Screen every paper by the profile, or none; unset: the papers of listings and feeds.",
                example="true"),
        Setting("include_replaced", bool, SCREENING, "Screen a listing's replacements instead of dropping them.",
                _default(Options, "include_replaced")),
        Setting("model", str, MODEL, "Brief with this model; unset: offline briefs from the papers' sentences.",
                metavar="NAME", example="gpt-4o-mini"),
        Setting("base_url", str, MODEL, "The model's OpenAI-compatible endpoint.", DEFAULT_BASE_URL, "URL",
                also_env=("OPENAI_BASE_URL",)),
        Setting("api_key_env", str, MODEL, "The environment variable that holds the API key (never the key).",
                DEFAULT_KEY_ENV, "NAME"),
        Setting("concurrency", int, MODEL, "Model calls in flight at once.", _default(LLMSettings, "concurrency"),
                "N", minimum=1),
        Setting("rpm", float, MODEL, "At most N model calls per minute.", metavar="N", minimum=0.1, example="60"),
        Setting("timeout", float, MODEL, "Seconds allowed for one model call.", _default(LLMSettings, "timeout"),
                "SECONDS", minimum=0.1),
        Setting("json_mode", str, MODEL,
                "How to ask for JSON: schema, object or text; a server that refuses one gets the next.",
                str(_default(LLMSettings, "json_mode")), "MODE", tuple(map(str, JsonMode))),
        Setting("cache", bool, MODEL, "Reuse stored model replies; --no-cache asks again.",
                _default(LLMSettings, "use_cache")),
        Setting("max_cost", float, MODEL, "Stop calling the model once it has cost about USD.", metavar="USD",
                minimum=0, example="1.0"),
        Setting("judge", str, MODEL, "Which screened papers the model judges: uncertain, all or none.",
                metavar="WHICH", choices=JUDGES, shown_default="uncertain with a model", example="uncertain"),
        Setting("translate", bool, MODEL, "Add the model's Chinese translation of each abstract.",
                _default(Options, "translate")),
        Setting("offline", bool, MODEL,
                "No model, whatever --model, PAPERBRIEF_MODEL or a config file say (no judge, no translations).",
                False),
        Setting("format", str, OUTPUT, "Report format: md, html or json.", metavar="FORMAT",
                choices=tuple(map(str, Format)), shown_default="from the suffix of -o, else md", example="html"),
        Setting("screening_format", str, OUTPUT, "Screening table format: csv, jsonl, md or html.",
                metavar="FORMAT", choices=tuple(map(str, ScreeningFormat)),
                shown_default="from the suffix of -o, else csv (md on stdout)", example="csv"),
        Setting("topic", str, OUTPUT, "Topic of the heading: '# 〈TEXT〉论文分析报告'.", metavar="TEXT",
                example="推理加速"),
        Setting("analytics", bool, OUTPUT, "Add the 技术趋势概览 overview tables to a Markdown report.", False),
        Setting("techniques", str, OUTPUT, "Technique rules (TOML) merged over the bundled taxonomy.",
                metavar="FILE", example="techniques.toml"),
        Setting("archive", str, OUTPUT, "File one report per listing day in DIR/YYYY-MM/MM-DD/, with an index.",
                metavar="DIR", example="site"),
        Setting("archive_formats", str, OUTPUT, "The report formats of each archived day: md, html and/or json.",
                ",".join(DEFAULT_FORMATS), "FORMATS"),
        Setting("since_last", str, OUTPUT, "Report only the papers the digest NAME has not reported yet.",
                metavar="NAME", example="daily"),
        Setting("enrich", list, OUTPUT, "Fill missing institutions from a service: openalex (needs network).",
                metavar="SERVICE", choices=ENRICHERS, example='["openalex"]'),
    )
}  # fmt: skip

_KINDS = {str: "text", int: "a whole number", float: "a number", bool: "true or false", list: "a list of text"}
# A key named like a secret, and values shaped like API keys: tokens with a vendor prefix, UUIDs, long hex or
# mixed-case runs. A file holding one is refused before anything else is read from it.
_SECRET_NAME = re.compile(r"(?:^|_)(?:api_?key|key|token|secret|password|passwd|credentials?)s?$")
_PREFIXED_KEY = re.compile(r"\b(?:sk|pk|rk)-[\w-]{16,}|\b(?:ghp|gho|ghs|github_pat|hf|xox[abp])_\w{16,}|Bearer\s+\S{8}")
_BARE_KEY = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[0-9a-fA-F]{32,}"
    r"|(?=[A-Za-z0-9]*[a-z])(?=[A-Za-z0-9]*[A-Z])(?=[A-Za-z0-9]*[0-9])[A-Za-z0-9]{32,}"
)
_TRUE, _FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off")


@dataclass(frozen=True)
class Value:
    """A setting's value and where it came from: `flag`, `env NAME`, `FILE:LINE` or `default`."""

    value: Any
    origin: str

    @property
    def from_flag(self) -> bool:
        return self.origin == FLAG


def user_file() -> Path:
    """The user's config file: the one `PAPERBRIEF_CONFIG` names, else paperbrief.toml in the user config
    folder (`~/.config/paperbrief/` on Linux, `%APPDATA%\\paperbrief\\` on Windows)."""
    named = os.environ.get(CONFIG_ENV, "").strip()
    if named:
        return Path(named).expanduser()
    return Path(platformdirs.user_config_dir("paperbrief", appauthor=False, roaming=True)) / FILE_NAME


def folder_file(folder: Path | None = None) -> Path:
    """The working folder's config file."""
    return (folder or Path.cwd()) / FILE_NAME


def config_files(folder: Path | None = None) -> list[Path]:
    """The config files that exist, the strongest first: the working folder's, then the user's. A file that
    `PAPERBRIEF_CONFIG` names must exist: a mistyped name is an error, not an empty config."""
    user = user_file()
    if os.environ.get(CONFIG_ENV, "").strip() and not user.is_file():
        raise ConfigError(
            f"{CONFIG_ENV} names {user}, which is not a file: create it with "
            f"'paperbrief config --init {user}' or unset {CONFIG_ENV}"
        )
    found = [path for path in (folder_file(folder), user) if path.is_file()]
    return list(dict.fromkeys(found))  # the working folder may be the user config folder


def resolve(
    given: Mapping[str, Any] | None = None, *, names: Iterable[str] | None = None, folder: Path | None = None
) -> dict[str, Value]:
    """Every setting in `names` (default: all) with its value and origin: `given` (None and empty lists are not
    given), else the environment, else the working folder's file, else the user's, else the default. Every
    config file and every PAPERBRIEF_* variable of those settings is checked whole, so that a mistake fails
    before any work, whichever command runs."""
    given = {name: value for name, value in (given or {}).items() if value not in (None, [], ())}
    chosen = list(names) if names is not None else list(SETTINGS)
    unknown = sorted(set(chosen) - set(SETTINGS))
    if unknown:
        raise ValueError(f"not settings: {', '.join(unknown)}")
    layers = [{name: Value(value, FLAG) for name, value in given.items()}, _from_env(chosen)]
    layers += [load_file(path) for path in config_files(folder)]
    return {name: _first(name, layers) for name in chosen}


def _first(name: str, layers: list[dict[str, Value]]) -> Value:
    return next((layer[name] for layer in layers if name in layer), Value(SETTINGS[name].default, DEFAULT))


def _from_env(names: list[str]) -> dict[str, Value]:
    found = {}
    for name in names:
        for variable in SETTINGS[name].env:
            text = os.environ.get(variable, "").strip()
            if text:  # an empty variable is unset, as for PAPERBRIEF_MODEL before
                found[name] = Value(_parse_env(SETTINGS[name], text, variable), f"env {variable}")
                break
    return found


def _parse_env(setting: Setting, text: str, variable: str) -> Any:
    if setting.kind is bool:
        if text.lower() not in (*_TRUE, *_FALSE):
            raise ConfigError(f"{variable}={text!r}: use 1 or 0 (true/false, yes/no, on/off)")
        value: Any = text.lower() in _TRUE
    elif setting.kind is list:
        value = [part.strip() for part in text.split(",") if part.strip()]
    else:
        try:
            value = setting.kind(text)
        except ValueError:
            raise ConfigError(f"{variable}={text!r}: must be {_KINDS[setting.kind]}") from None
    return _checked(setting, value, variable)


def load_file(path: Path) -> dict[str, Value]:
    """The settings a config file sets, checked; a `ConfigError` names the file, the key and its line."""
    try:
        text = path.read_text(encoding="utf-8-sig")  # Windows editors may start the file with a byte-order mark
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text: save the config file as UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read the config file {path}: {exc.strerror}") from exc
    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from None
    found = {}
    for key, raw in table.items():
        where = f"{path}:{_line_of(text, key)}"
        found[key] = Value(_file_value(key, raw, where), where)
    return found


def _file_value(key: str, raw: Any, where: str) -> Any:
    if _SECRET_NAME.search(key.lower().replace("-", "_")):
        raise ConfigError(f"{where}: {key!r} would hold an API key; {_KEYS_ADVICE}")
    if isinstance(raw, dict):
        raise ConfigError(f"{where}: [{key}]: a config file has no sections; write 'name = value' lines")
    if key not in SETTINGS:
        close = difflib.get_close_matches(key.replace("-", "_"), SETTINGS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "'paperbrief config --init' writes a file of all keys"
        raise ConfigError(f"{where}: unknown key {key!r}: {hint}")
    setting = SETTINGS[key]
    if not _has_kind(setting.kind, raw):
        raise ConfigError(f"{where}: {key} must be {_KINDS[setting.kind]}, not {raw!r}")
    return _checked(setting, float(raw) if setting.kind is float else raw, where)


_KEYS_ADVICE = (
    "keys belong in the environment, not in a file: put it in an environment variable and name that "
    'variable with api_key_env (e.g. api_key_env = "ARK_API_KEY")'
)


def _has_kind(kind: type[Any], raw: Any) -> bool:
    if kind is list:
        return isinstance(raw, list) and all(isinstance(item, str) for item in raw)
    if kind is float:
        return isinstance(raw, int | float) and not isinstance(raw, bool)
    if kind is int:
        return isinstance(raw, int) and not isinstance(raw, bool)
    return isinstance(raw, kind)


def _checked(setting: Setting, value: Any, where: str) -> Any:
    """`value` when it is a key-free value the setting allows."""
    texts = value if isinstance(value, list) else [value] if isinstance(value, str) else []
    if any(_PREFIXED_KEY.search(text) or _BARE_KEY.fullmatch(text.strip()) for text in texts):
        raise ConfigError(f"{where}: the value of {setting.name} looks like an API key; {_KEYS_ADVICE}")
    bad = [text for text in texts if setting.choices and text not in setting.choices]
    if bad:
        raise ConfigError(f"{where}: {setting.name} {bad[0]!r} is not one of {', '.join(setting.choices)}")
    if setting.minimum is not None and value < setting.minimum:
        raise ConfigError(f"{where}: {setting.name} must be at least {setting.minimum:g}, not {value!r}")
    return value


def _line_of(text: str, key: str) -> int:
    """The line that sets `key` at the top of the file (`key = …`, or a `[key]` table)."""
    quoted = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    pattern = re.compile(rf"^\s*(?:{quoted}\s*=|\[\s*{quoted}\s*\])")
    return next((n for n, line in enumerate(text.splitlines(), start=1) if pattern.match(line)), 1)


def starter() -> str:
    """A config file with every setting commented out at its default (or an example), grouped as `--help`
    groups the flags, each under its help text."""
    lines = [
        "# paperbrief's settings: what the flags of the same name set (max_cost is --max-cost).",
        "# The first that sets a value wins: a flag, PAPERBRIEF_<NAME> in the environment, paperbrief.toml in",
        "# the working folder, the user file (paperbrief config shows its path), the default.",
        "# Never put an API key here (it is refused): keep it in an environment variable and name that with",
        "# api_key_env. Remove the '# ' before a line to set it.",
    ]
    for group in (PDFS, LISTINGS, SCREENING, MODEL, OUTPUT):
        lines += ["", f"# --- {group} " + "-" * (100 - len(group))]
        for setting in (s for s in SETTINGS.values() if s.group == group):
            lines += [f"# {setting.help}", f"# {setting.name} = {_toml(setting)}"]
    return "\n".join(lines) + "\n"


def _toml(setting: Setting) -> str:
    value = setting.default
    if value is None:
        text = setting.example or ""
        return text if setting.kind is not str else _quoted(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _quoted(value) if isinstance(value, str) else f"{value!r}"


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_starter(path: Path) -> None:
    """Write `starter()` to `path`, never over an existing file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as f:
            f.write(starter())
    except FileExistsError:
        raise ConfigError(f"{path} exists already: edit it, or remove it first") from None
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from exc
