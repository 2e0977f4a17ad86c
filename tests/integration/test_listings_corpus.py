"""Every real mailing in ../shared/arxiv-daily parses into exactly its entries.

The counts to meet are made here by another, simpler method than the parser's: the parser starts an entry at
its `arXiv:` line and checks its closing line; this counts the closing `\\\\ ( https://arxiv.org/abs/… )` lines
of each section, the sections cut at the marks arXiv puts between them.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from pathlib import Path

import pytest

from paperbrief.models import Paper
from paperbrief.sources import read_inputs

pytestmark = pytest.mark.corpus

CLOSING = re.compile(r"^\\\\ \( https://arxiv\.org/abs/(\S+) ,", re.M)
MARKS = ("%-%-%-", "%%--%%--", "%%%---")  # start of the cross-lists, of the replacements, the end


def days(arxiv_daily: Path) -> list[Path]:
    found = sorted(arxiv_daily.glob("*/*/arxiv_daily.txt"))
    assert found, f"no mailings under {arxiv_daily}"
    return found


def expected_counts(text: str) -> dict[str, int]:
    """Closing lines per section, the sections found by cutting the text at each mark in turn."""
    counts = {}
    rest = text
    for section, mark in zip(("new", "cross", "replaced"), MARKS, strict=True):
        before, _, rest = rest.partition("\n" + mark)
        counts[section] = len(CLOSING.findall(before))
    return counts


@cache
def parse_day(path: Path) -> list[Paper]:
    """A day's papers, parsed once for all the tests here (they only read them)."""
    return read_inputs([str(path)])


def test_every_mailing_parses_into_exactly_its_entries(arxiv_daily: Path) -> None:
    totals: Counter[str] = Counter()
    for path in days(arxiv_daily):
        papers = parse_day(path)
        day = path.parent.name
        assert [p.source for p in papers if p.failed] == [], day
        counts = Counter(p.section for p in papers)
        assert dict(counts) == expected_counts(path.read_text(encoding="utf-8")), day
        totals.update(counts)
    assert sum(totals.values()) > 20_000  # all 32 days read, not a subset


def test_titles_and_abstracts_are_whole_and_free_of_separators(arxiv_daily: Path) -> None:
    for path in days(arxiv_daily):
        before = _preceding(" ".join(path.read_text(encoding="utf-8").split()))
        for paper in parse_day(path):
            where = f"{path.parent.name} {paper.source}"
            assert paper.title and "\n" not in paper.title, where
            for text in (paper.title, paper.abstract):
                assert "\\\\ (" not in text and "-----" not in text and "%-%-" not in text, where
                assert "\\\\" not in text.split(), where  # a `\\` separator line joined into the text
            base = paper.source.rsplit("#", 1)[1]
            if paper.section == "replaced":
                assert paper.abstract == "", where
            else:
                assert paper.abstract, where
                assert before[base].endswith(f"\\\\ {paper.abstract}"), where  # all of it, from its start


def _preceding(flat: str) -> dict[str, str]:
    """The text before each closing line, by the id the closing line names: an entry's abstract ends right
    before it, after its `\\\\` line."""
    parts = flat.split(" \\\\ ( https://arxiv.org/abs/")
    return {after.split(" ", 1)[0]: text for text, after in pairwise(parts)}


def test_ids_are_unique_per_section_and_dates_consistent(arxiv_daily: Path) -> None:
    for path in days(arxiv_daily):
        papers = parse_day(path)
        for section in ("new", "cross", "replaced"):
            ids = [p.arxiv_id for p in papers if p.section == section]
            assert len(ids) == len(set(ids)), (path.parent.name, section)
        listing_days = {p.listing_date for p in papers}
        assert len(listing_days) == 1 and None not in listing_days, path.parent.name
        [listing_day] = listing_days
        # The listing's day opens its window, which closes one working day later (three over a weekend, four
        # over a holiday): a new submission was sent before that.
        closes = (date.fromisoformat(listing_day) + timedelta(days=4)).isoformat()
        assert all((p.published or "")[:10] <= closes for p in papers if p.section == "new"), path.parent.name
        assert any((p.published or "")[:10] >= listing_day for p in papers if p.section == "new"), path.parent.name


def test_the_two_copies_of_one_mail_parse_the_same(arxiv_daily: Path) -> None:
    first, second = (parse_day(arxiv_daily / "2025-10" / day / "arxiv_daily.txt") for day in ("10-09", "10-10"))
    assert [p.to_dict() for p in first] == [p.to_dict() for p in second]
    assert [p.listing_date for p in first] == [p.listing_date for p in second]


def test_the_largest_day_parses_fast(arxiv_daily: Path) -> None:
    """A guard against a slow path creeping in (pylatexenc on abstracts takes seconds a day); the measured
    figure (a few tens of milliseconds) is in bench/RESULTS.md."""
    largest = max(days(arxiv_daily), key=lambda p: p.stat().st_size)
    read_inputs([str(largest)])  # imports and first calls out of the way
    started = time.process_time()
    papers = read_inputs([str(largest)])
    assert time.process_time() - started < 1.0, len(papers)
