"""The word lists of `data/affiliation_words.toml` as patterns: what names an organisation, a unit of one,
a place; loaded once, on first use."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources

# A US state after a name, with its ZIP code: "Philadelphia, PA 19104, USA" names a place.
US_STATE = re.compile(r"^[A-Z]{2}(?:\s+\d{5}(?:-\d{4})?)?(?:\s+USA)?$")


@dataclass(frozen=True)
class Words:
    top: re.Pattern[str]  # a university or company
    unit: re.Pattern[str]  # an institute, lab or centre, or a field word
    head: re.Pattern[str]  # a university, company or unit word: one that can start an organisation's name
    generic: re.Pattern[str]  # a word saying what kind an organisation is, not which (whole text, one word)
    role: re.Pattern[str]  # a footnote about an author (at the start of a text)
    cjk_top: re.Pattern[str]
    cjk_unit: re.Pattern[str]
    countries: frozenset[str]
    cities: frozenset[str]
    header: re.Pattern[str]  # an affiliation line in a paper's header


@cache
def words() -> Words:
    with resources.files("paperbrief.data").joinpath("affiliation_words.toml").open("rb") as f:
        data = tomllib.load(f)
    org, place, header = data["organisation"], data["place"], data["header"]
    cjk_org = [*org["cjk_top"], *org["cjk_unit"]]
    kinds = [*org["top"], *org["unit"], *org["fields"], *org["generic"]]
    return Words(
        top=_whole_words([*org["top"], *org["companies"]]),
        unit=_whole_words([*org["unit"], *org["fields"]]),
        head=_whole_words([*org["top"], *org["companies"], *org["unit"]]),
        generic=re.compile(rf"(?:{_alternatives(kinds, whole=False)})$", re.IGNORECASE),
        role=re.compile(rf"^\W*{_alternatives(data['notes']['roles'], whole=True)}", re.IGNORECASE),
        cjk_top=_anywhere(org["cjk_top"]),
        cjk_unit=_anywhere(org["cjk_unit"]),
        countries=frozenset(place["countries"]),
        cities=frozenset(place["cities"]),
        header=re.compile(
            rf"{_alternatives([*header['organisation'], *header['places']], whole=True)}|\d{{5}}|"
            + _alternatives([*cjk_org, *header["cjk_places"]], whole=False),
            re.IGNORECASE,
        ),
    )


def looks_like_affiliation(text: str) -> bool:
    """Whether a line of a paper's header reads as an affiliation, not names: it holds an organisation word,
    a country or address word, or a postcode (in English, Chinese or Japanese)."""
    return words().header.search(text) is not None


def is_generic(text: str) -> bool:
    """Whether `text` only says what kind of organisation something is ("University", "School of", "National
    Institute"): a fragment of a name cut at a line break or a marker, unless the institution table knows it
    as a whole name ("National Science Foundation"; cleaning asks the table)."""
    found = text.replace(".", " ").split()
    return bool(found) and all(words().generic.match(w) for w in found)


def is_role_note(text: str) -> bool:
    """Whether a marked piece of an affiliation line is a note about an author ("Equal contribution",
    "Student", "Work done at X", "Corresponding author"), not an affiliation."""
    return words().role.match(text) is not None


def _whole_words(items: list[str]) -> re.Pattern[str]:
    return re.compile(_alternatives(items, whole=True), re.IGNORECASE)


def _anywhere(items: list[str]) -> re.Pattern[str]:
    return re.compile(_alternatives(items, whole=False))


def _alternatives(items: list[str], *, whole: bool) -> str:
    # "universit*" stands for universit\w*; everything else is literal
    body = "|".join(re.escape(w[:-1]) + r"\w*" if w.endswith("*") else re.escape(w) for w in items)
    return rf"\b(?:{body})\b" if whole else body
