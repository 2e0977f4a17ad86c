"""JSONL records that say which listing they came from: `listing_date` and `section`."""

from __future__ import annotations

from paperbrief.models import Code
from paperbrief.sources.jsonl import paper_from_record


def test_listing_date_and_section_are_read() -> None:
    paper = paper_from_record({"title": "T", "listing_date": " 2025-10-09 ", "section": "cross"}, "m.jsonl:1")
    assert (paper.listing_date, paper.section, paper.warnings) == ("2025-10-09", "cross", [])


def test_values_of_the_wrong_form_are_ignored_with_a_warning() -> None:
    for record in (
        {"listing_date": "10/09/2025"},
        {"listing_date": "2025-02-30"},
        {"listing_date": "2025-10-09T18:00:00"},
        {"listing_date": 20251009},
        {"section": "updated"},
    ):
        paper = paper_from_record({"title": "T", **record}, "m.jsonl:1")
        assert (paper.listing_date, paper.section) == (None, None)
        [warning] = paper.warnings
        assert warning.code is Code.FIELD_IGNORED and warning.field == next(iter(record)), record


def test_records_without_them_are_not_from_a_listing() -> None:
    paper = paper_from_record({"title": "T"}, "m.jsonl:1")
    assert (paper.listing_date, paper.section, paper.warnings) == (None, None, [])
