"""Shape and content checks for the bundled institutions table and affiliation word lists."""

from __future__ import annotations

import csv
import re
import tomllib
from importlib import resources

import pytest

from paperbrief.institutions import chinese_name, name_key
from paperbrief.institutions.words import words

HEADER = ["name", "zh", "aliases", "country", "tier"]
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _lines() -> list[str]:
    text = resources.files("paperbrief.data").joinpath("institutions.tsv").read_text(encoding="utf-8")
    return text.splitlines()


def _rows() -> list[list[str]]:
    """The rows with the tier filled in: a row without a tier may leave the last column out (most rows do,
    so that rating an institution changes only its own line)."""
    rows = list(csv.reader(_lines()[1:], delimiter="\t"))
    return [[*row, ""] if len(row) == len(HEADER) - 1 else row for row in rows]


def test_header() -> None:
    assert _lines()[0].split("\t") == HEADER


def test_row_count_and_width() -> None:
    rows = _rows()
    assert len(rows) >= 500
    bad = [row for row in rows if len(row) != len(HEADER)]
    assert bad == []


def test_required_cells_present() -> None:
    empty = [row for row in _rows() if not (row[0].strip() and row[1].strip() and row[3].strip())]
    assert empty == []


def test_tiers_are_one_two_or_empty() -> None:
    assert {row[4] for row in _rows()} <= {"", "1", "2"}
    assert sum(row[4] == "1" for row in _rows()) >= 50


def test_country_codes() -> None:
    bad = [(row[0], row[3]) for row in _rows() if not re.fullmatch(r"[A-Z]{2}", row[3])]
    assert bad == []


def test_chinese_names_are_chinese_or_the_brand_itself() -> None:
    """Chinese media write some companies (OpenAI, IBM) by their Latin name; anything else needs CJK."""
    bad = [
        (name, zh)
        for name, zh, aliases, _country, _tier in _rows()
        if not _CJK.search(zh) and zh not in {name, *aliases.split("|")} and not name.startswith(zh)
    ]
    assert bad == []


def test_no_shared_folded_keys() -> None:
    owner: dict[str, str] = {}
    clashes: list[tuple[str, str, str]] = []
    for name, _zh, aliases, _country, _tier in _rows():
        keys = {name_key(text) for text in [name, *filter(None, aliases.split("|"))]}
        for key in keys:
            if not key:
                clashes.append((name, "", "empty key"))
            elif key in owner:
                clashes.append((name, key, owner[key]))
            else:
                owner[key] = name
    assert clashes == []


@pytest.mark.parametrize(
    ("english", "zh"),
    [
        ("Tsinghua University", "清华大学"),
        ("Columbia University", "哥伦比亚大学"),
        ("University of Pennsylvania", "宾夕法尼亚大学"),
        ("Swedish Defence Research Agency", "瑞典国防研究局"),
        ("Microsoft Research", "微软研究院"),
    ],
)
def test_known_chinese_names(english: str, zh: str) -> None:
    assert chinese_name(english) == zh


@pytest.mark.parametrize(
    ("variant", "zh"),
    [
        ("THU", "清华大学"),
        ("The University of Hong Kong", "香港大学"),
        ("Univ. of Oxford", "牛津大学"),
        ("ETH Zürich", "苏黎世联邦理工学院"),
        ("FOI", "瑞典国防研究局"),
        ("MSRA", "微软亚洲研究院"),
        ("Facebook AI Research", "Meta人工智能研究院"),
    ],
)
def test_aliases_resolve(variant: str, zh: str) -> None:
    assert chinese_name(variant) == zh


# ------------------------------------------------------------------------------------ affiliation words


def _affiliation_words() -> dict[str, dict[str, list[str]]]:
    with resources.files("paperbrief.data").joinpath("affiliation_words.toml").open("rb") as f:
        return tomllib.load(f)


WORD_LISTS = {
    "organisation": ["cjk_top", "cjk_unit", "companies", "fields", "generic", "top", "unit"],
    "notes": ["roles"],
    "place": ["cities", "countries"],
    "header": ["cjk_places", "organisation", "places"],
}
PATTERN = {  # the pattern of `words()` each list is read into
    ("organisation", "top"): "top",
    ("organisation", "companies"): "top",
    ("organisation", "unit"): "unit",
    ("organisation", "fields"): "unit",
    ("organisation", "generic"): "generic",
    ("notes", "roles"): "role",
    ("organisation", "cjk_top"): "cjk_top",
    ("organisation", "cjk_unit"): "cjk_unit",
    ("header", "organisation"): "header",
    ("header", "places"): "header",
    ("header", "cjk_places"): "header",
}


def test_affiliation_words_have_their_lists() -> None:
    assert {section: sorted(lists) for section, lists in _affiliation_words().items()} == WORD_LISTS


@pytest.mark.parametrize(("section", "name"), [(s, n) for s, names in WORD_LISTS.items() for n in names])
def test_affiliation_word_list_shape(section: str, name: str) -> None:
    items = _affiliation_words()[section][name]
    assert items, "empty list"
    assert items == sorted(set(items)), "not sorted, or an item twice"
    assert [w for w in items if w != w.strip().casefold() or not w] == [], "not lower case, or stray spaces"
    assert [w for w in items if "*" in w[:-1]] == [], "a star stands only at the end"
    cjk = name.startswith("cjk_")
    assert [w for w in items if bool(_CJK.search(w) or re.search("[\u3000-\u30ff]", w)) != cjk] == []


def _example(word: str) -> str:
    """A text the item must match: a star stands for any ending; a final full stop wants a letter after it."""
    return word[:-1] + "al" if word.endswith("*") else word + "x" if word.endswith(".") else word


@pytest.mark.parametrize(("section", "name"), list(PATTERN))
def test_every_affiliation_word_is_matched_as_written(section: str, name: str) -> None:
    pattern = getattr(words(), PATTERN[section, name])
    missed = [w for w in _affiliation_words()[section][name] if not pattern.search(_example(w).title())]
    assert missed == []


def test_places_are_not_organisations_and_countries_are_not_cities() -> None:
    place = _affiliation_words()["place"]
    assert set(place["countries"]) & set(place["cities"]) == set()
    assert [p for p in place["countries"] + place["cities"] if words().top.search(p)] == []
