"""Shape and content checks for the bundled institutions table."""

from __future__ import annotations

import csv
import re
from importlib import resources

import pytest

from paperbrief.institutions import chinese_name, name_key

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
