"""The bundled table of known institutions (`data/institutions.tsv`): canonical English name, usual Chinese
name and country, found under any of their aliases."""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


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


@cache
def _known() -> dict[str, KnownInstitution]:
    """The bundled table keyed by every folded name and alias."""
    table: dict[str, KnownInstitution] = {}
    with resources.files("paperbrief.data").joinpath("institutions.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            known = KnownInstitution(row["name"], row["zh"], row["country"])
            for alias in [row["name"], *filter(None, row["aliases"].split("|"))]:
                table.setdefault(name_key(alias), known)
    return table


def lookup(name: str) -> KnownInstitution | None:
    """The table entry for an organisation name, if the table knows it."""
    return _known().get(name_key(name))


def chinese_name(name: str) -> str:
    """The usual Chinese name of an organisation, or the name itself when the table does not know it."""
    known = lookup(name)
    return known.zh if known else name


def brief_institutions(names: list[str], limit: int = 2) -> list[str]:
    """The first institutions, in Chinese, for a brief's subject."""
    return [chinese_name(n) for n in names[:limit]]
