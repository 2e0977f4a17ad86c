"""Which techniques a paper uses, by a taxonomy of rules kept as data (`data/techniques.toml`, overridable).

The analytics stage tags the reported papers with it; a paper whose `techniques` are already set (by a library
caller) keeps them. A module of its own, apart from the analytics' tables and the claims' patterns,
so that what needs only the taxonomy (the archive's "other", the run's context) loads neither.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import Paper
from .phrases import PhraseIndex, Rules
from .text import squeeze

OTHER = "other"
OTHER_LABELS = ("其他", "Other")
TITLE_WEIGHT = 3


@dataclass(frozen=True)
class Technique:
    key: str
    label_zh: str
    label_en: str
    rules: Rules


def load_taxonomy(override: Path | None = None) -> list[Technique]:
    """The bundled taxonomy, with the tables of `override` (a TOML file) merged over it key by key."""
    default = resources.files("paperbrief.data").joinpath("techniques.toml").read_text(encoding="utf-8")
    tables: dict[str, dict[str, Any]] = dict(tomllib.loads(default))
    if override is not None:
        for key, table in _read_override(override).items():
            if not isinstance(table, dict):
                raise ConfigError(f"{override}: '{key}' must be a table ([{key}]) with label_zh, label_en and rules")
            tables[key] = {**tables.get(key, {}), **table}
    return [_technique(key, table, override) for key, table in tables.items()]


def _read_override(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(
            f"cannot read the techniques file {path}: {exc.strerror}; check the --techniques path"
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"the techniques file {path} is not valid TOML ({exc}); fix it or drop --techniques") from exc


def _technique(key: str, table: Mapping[str, Any], source: Path | None) -> Technique:
    where = f"{source or 'techniques.toml'}: [{key}]"
    labels = [table.get("label_zh"), table.get("label_en")]
    if not all(isinstance(label, str) and label.strip() for label in labels):
        raise ConfigError(f"{where} needs non-empty label_zh and label_en strings")
    return Technique(key, str(labels[0]).strip(), str(labels[1]).strip(), Rules.from_table(table, where))


def assign_techniques(paper: Paper, taxonomy: list[Technique]) -> list[str]:
    """The keys of every technique whose rules match the paper, strongest first (taxonomy order on ties): how
    often its rules match, a match in the title counting `TITLE_WEIGHT` times."""
    return _assigned(paper, taxonomy, _index(tuple(taxonomy)))


def _assigned(paper: Paper, taxonomy: list[Technique], index: PhraseIndex[int]) -> list[str]:
    scores = [0] * len(taxonomy)
    for weight, text in ((TITLE_WEIGHT, paper.title), (1, paper.abstract)):
        for key in index.keys(squeeze(text)):
            scores[key] += weight
    ranked = sorted(range(len(taxonomy)), key=lambda i: (-scores[i], i))
    return [taxonomy[i].key for i in ranked if scores[i] > 0]


@lru_cache(maxsize=8)
def _index(taxonomy: tuple[Technique, ...]) -> PhraseIndex[int]:
    """The taxonomy's rules compiled once (a run tags every paper with the same taxonomy)."""
    return PhraseIndex((i, technique.rules) for i, technique in enumerate(taxonomy))


def tag_techniques(papers: Iterable[Paper], taxonomy: list[Technique]) -> None:
    """Give each paper without techniques the ones its title and abstract match; set ones are kept."""
    index = _index(tuple(taxonomy))  # once: the key of the cache hashes every rule of the taxonomy
    for paper in papers:
        if not paper.techniques:
            paper.techniques = _assigned(paper, taxonomy, index)
