"""Topic profiles: what a report is about, as data (TOML) a reader can check and change.

A profile names the topic (`AI推理加速`, which also makes the report's heading), and four kinds of rules,
each a table of `keywords`, `acronyms` and `regexes` (see `paperbrief.phrases`) with a `weight` and a
Chinese `label_zh`:

    [terms.NAME]       what the topic is made of: a match counts its weight, a match in the title
                       `title_weight` times more on top
    [hints.NAME]       words that hint at the topic but prove nothing alone ("efficient"): together at
                       most `hint_cap`
    [measures.NAME]    figures that show the topic is measured (speed-ups, latency, FLOPs…): counted
                       once each, together at most `measure_cap`, and only beside a term or hint
    [exclusions.NAME]  what looks like the topic but is not (a faster SAT solver): negative weights
    [requirements.NAME] what a paper on the topic names at all (an AI model): a negative weight, counted
                       when none of its words occurs (a faster scheduler of cluster jobs names no model)

`[scoring]` holds `keep` (a paper scoring at least this is kept), `uncertain = [low, high]` (the band a
model judge reads, when one is asked), `title_weight`, `hint_cap` and `measure_cap`. A model judge reads the
`topic` and `description`, and the optional `judge_rubric`: what counts as on the topic and what does not,
in the words a person labelling papers would use. Bundled profiles live in `paperbrief/data/profiles/`;
`--profile FILE.toml` reads the user's own.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..phrases import Rules

DEFAULT_PROFILE = "inference-acceleration"


class RuleKind(StrEnum):
    TERM = "terms"
    HINT = "hints"
    MEASURE = "measures"
    EXCLUSION = "exclusions"
    REQUIREMENT = "requirements"


@dataclass(frozen=True)
class Rule:
    key: str
    kind: RuleKind
    label_zh: str
    weight: float
    rules: Rules


@dataclass(frozen=True)
class Profile:
    name: str
    topic: str
    title: str
    description: str
    judge_rubric: str  # what counts, for a model judge; "" leaves the description to say it
    keep: float
    uncertain: tuple[float, float]
    title_weight: float
    hint_cap: float
    measure_cap: float
    rules: tuple[Rule, ...]
    origin: str  # "bundled" or the file it was read from

    def rules_of(self, kind: RuleKind) -> list[Rule]:
        return [rule for rule in self.rules if rule.kind is kind]


def load_profile(name_or_path: str | Path | None = None) -> Profile:
    """A bundled profile by name, or the profile in a TOML file; a bad profile is a `ConfigError`."""
    chosen = str(name_or_path or DEFAULT_PROFILE)
    if chosen in bundled_names():
        return _bundled(chosen)
    path = Path(chosen)
    if path.suffix.lower() != ".toml" and not path.exists():
        raise ConfigError(f"unknown profile {chosen!r}: use one of {', '.join(bundled_names())} or a .toml file")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read the profile {path}: {exc.strerror}; check the --profile path") from exc
    return parse_profile(text, path.stem, str(path))


def bundled_names() -> list[str]:
    """The names of the profiles that come with paperbrief, sorted."""
    folder = resources.files("paperbrief.data").joinpath("profiles")
    return sorted(entry.name.removesuffix(".toml") for entry in folder.iterdir() if entry.name.endswith(".toml"))


def bundled_profiles() -> list[Profile]:
    """The profiles that come with paperbrief, sorted by name."""
    return [_bundled(name) for name in bundled_names()]


@cache
def _bundled(name: str) -> Profile:
    text = resources.files("paperbrief.data").joinpath("profiles", f"{name}.toml").read_text(encoding="utf-8")
    return parse_profile(text, name, "bundled")


def parse_profile(text: str, name: str, origin: str) -> Profile:
    where = origin if origin != "bundled" else f"profile {name}"
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where} is not valid TOML ({exc}): fix it") from exc
    topic = _text(data, "topic", where)
    scoring = _table(data, "scoring", where)
    keep = _number(scoring, "keep", where)
    band = scoring.get("uncertain", [keep, keep])
    if not (isinstance(band, list) and len(band) == 2 and all(isinstance(v, int | float) for v in band)):
        raise ConfigError(f"{where}: [scoring] uncertain must be two numbers, [low, high]")
    low, high = float(band[0]), float(band[1])
    if not low <= keep <= high:
        raise ConfigError(f"{where}: [scoring] needs uncertain low <= keep <= high, got {low}, {keep}, {high}")
    rubric = data.get("judge_rubric", "")
    if not isinstance(rubric, str):
        raise ConfigError(f"{where}: judge_rubric must be a string")
    rules = tuple(rule for kind in RuleKind for rule in _rules(data, kind, where))
    if not any(rule.kind is RuleKind.TERM for rule in rules):
        raise ConfigError(f"{where}: a profile needs at least one [terms.NAME] table")
    return Profile(
        name=str(data.get("name") or name),
        topic=topic,
        title=str(data.get("title") or f"{topic}技术论文分析报告"),
        description=str(data.get("description") or ""),
        judge_rubric=rubric.strip(),
        keep=keep,
        uncertain=(low, high),
        title_weight=float(scoring.get("title_weight", 1.0)),
        hint_cap=float(scoring.get("hint_cap", 0.0)),
        measure_cap=float(scoring.get("measure_cap", 0.0)),
        rules=rules,
        origin=origin,
    )


def _rules(data: dict[str, Any], kind: RuleKind, where: str) -> list[Rule]:
    tables = data.get(str(kind), {})
    if not isinstance(tables, dict):
        raise ConfigError(f"{where}: [{kind}] must hold tables such as [{kind}.NAME]")
    rules = []
    for key, table in tables.items():
        here = f"{where}: [{kind}.{key}]"
        if not isinstance(table, dict):
            raise ConfigError(f"{here} must be a table")
        weight = _number(table, "weight", here)
        negative = kind in (RuleKind.EXCLUSION, RuleKind.REQUIREMENT)
        if (weight < 0) != negative:
            raise ConfigError(f"{here}: weight must be {'negative' if negative else 'positive'}")
        found = Rules.from_table(table, here)
        if not found:
            raise ConfigError(f"{here} needs keywords, acronyms or regexes")
        rules.append(Rule(key, kind, _text(table, "label_zh", here), weight, found))
    return rules


def _table(data: dict[str, Any], key: str, where: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise ConfigError(f"{where} needs a [{key}] table")
    return value


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where} needs a non-empty string {key!r}")
    return value.strip()


def _number(data: dict[str, Any], key: str, where: str) -> float:
    value = data.get(key)
    if not isinstance(value, int | float) or isinstance(value, bool):
        raise ConfigError(f"{where} needs a number {key!r}")
    return float(value)
