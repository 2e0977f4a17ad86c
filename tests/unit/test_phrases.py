"""The shortcuts `paperbrief.phrases` takes on ASCII texts (the digits found with `bytes.find`, word numbers
counted in C) give what the plain way gives: `_FIGURES.finditer` over the text, and a binary search in the
offsets of every word."""

from __future__ import annotations

import os
from bisect import bisect_left

from hypothesis import given, settings
from hypothesis import strategies as st

from paperbrief.phrases import _FIGURES, _Words

# Digits, letters of the units and widths, and the separators figures are written with.
ASCII_TEXT = st.text(alphabet="0123456789 .,-~%xXsmKMBGWAINTFPbitfold\n()", max_size=80)


@settings(max_examples=300, database=None, derandomize=bool(os.environ.get("CI")))
@given(ASCII_TEXT)
def test_figures_are_found_from_digit_to_digit_as_a_scan_finds_them(text: str) -> None:
    words = _Words(text)
    assert [m.span() for m in words._figure_matches()] == [m.span() for m in _FIGURES.finditer(text)]


@settings(max_examples=300, database=None, derandomize=bool(os.environ.get("CI")))
@given(ASCII_TEXT)
def test_words_counted_in_c_are_the_words_before_each_offset(text: str) -> None:
    words = _Words(text)
    starts = words.spans[0]
    assert [words._starts_before(at) for at in range(len(text) + 1)] == [
        bisect_left(starts, at) for at in range(len(text) + 1)
    ]
