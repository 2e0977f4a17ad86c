"""The bundled table of known institutions (`data/institutions.tsv`): canonical English name, usual Chinese
name, country and how famous it is (its tier), found under any of its aliases or its Chinese name; and how
a name as papers print it is found there (`resolve`: legal forms, asides and places dropped)."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .words import words

# Ranks beyond the tiers: a known but unrated organisation, an unknown name.
UNRATED, UNKNOWN_NAME = 3, 4


def name_key(name: str) -> str:
    """Case, accents, punctuation and spacing folded away, for matching names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = re.sub(r"^the\s+", "", text)
    return re.sub(r"[^0-9a-z\u4e00-\u9fff]+", "", text)


@dataclass(frozen=True)
class KnownInstitution:
    name: str
    zh: str
    country: str
    tier: int | None = None  # how famous: 1 globally leading, 2 well known, None not rated (see `rank_by_fame`)


@cache
def _known() -> dict[str, KnownInstitution]:
    """The bundled table keyed by every folded name, alias and Chinese name."""
    table: dict[str, KnownInstitution] = {}
    with resources.files("paperbrief.data").joinpath("institutions.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            known = KnownInstitution(row["name"], row["zh"], row["country"], _tier(row.get("tier")))
            for alias in [row["name"], *filter(None, row["aliases"].split("|")), row["zh"]]:
                table.setdefault(name_key(alias), known)
    return table


def _tier(text: str | None) -> int | None:
    return int(text) if text and text.strip().isdigit() else None


def lookup(name: str) -> KnownInstitution | None:
    """The table entry for an organisation name, if the table knows it."""
    return _known().get(name_key(name))


_ASIDE = re.compile(r"\s*[(（].*$")
_LEGAL_FORM = re.compile(r"(?:,?\s+(?:Inc|Corporation|Corp|Co|Ltd|Limited|LLC|GmbH|PLC|AG)\.?)+$", re.I)
_ZH_LEGAL_FORM = re.compile(r"(?:(?:股份|技术|科技)?有限公司|公司|集团)$")


def resolve(name: str) -> KnownInstitution | None:
    """The table entry for a name as papers print it: whole, else without an aside in parentheses or a legal
    form ("Co., Ltd.", "有限公司"), a place after it ("Zhejiang University HangZhou") or a repeated last word
    ("University of Houston Houston")."""
    known = lookup(name)
    if known is not None:
        return known
    bare = _ZH_LEGAL_FORM.sub("", _LEGAL_FORM.sub("", _ASIDE.sub("", name))).strip()
    places = words().cities | words().countries
    found = bare.split()
    for cut in (1, 2):
        head, tail = found[:-cut], " ".join(found[-cut:])
        if head and (tail.casefold() in places or tail in head):
            known = lookup(" ".join(head))
            if known is not None:
                return known
    return lookup(bare) if bare != name else None


def chinese_name(name: str) -> str:
    """The usual Chinese name of an organisation, or the name itself when the table does not know it."""
    known = resolve(name)
    return known.zh if known else name


def fame(name: str) -> int:
    """A name's rank for `rank_by_fame`: its tier (1 or 2), 3 for a known but unrated one, 4 for unknown."""
    known = resolve(name)
    if known is None:
        return UNKNOWN_NAME
    return known.tier or UNRATED


def rank_by_fame(names: list[str]) -> list[str]:
    """`names` best known first (tier 1, tier 2, in the table, unknown), in the paper's order on ties."""
    return sorted(names, key=fame)


def brief_institutions(names: list[str], limit: int = 2) -> list[str]:
    """The best-known institutions (`rank_by_fame`), in Chinese, for a brief's subject: an unknown name only
    when no known one is listed ("Institute of Big Data" beside Fudan University is a unit, not news)."""
    ranked = rank_by_fame(names)
    kept = ranked[:1] + [name for name in ranked[1:] if fame(name) < UNKNOWN_NAME]
    return [chinese_name(n) for n in kept[:limit]]
