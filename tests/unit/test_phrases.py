"""The shortcuts `paperbrief.phrases` takes give what the plain way gives: on ASCII texts, the digits found with
`bytes.find` and word numbers counted in C (`_FIGURES.finditer` over the text, a binary search in the offsets of
every word); for TeX, an expression whose branches start with a literal (the expression without that care)."""

from __future__ import annotations

import os
import re
from bisect import bisect_left, bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paperbrief.phrases import _FIGURES, _TEX_TEXT, PhraseIndex, Rules, _Words, untex

# Digits, letters of the units and widths, and the separators figures are written with.
ASCII_TEXT = st.text(alphabet="0123456789 .,-~%xXsmKMBGWAINTFPbitfold\n()", max_size=80)


@settings(max_examples=300, database=None, derandomize=bool(os.environ.get("CI")))
@given(ASCII_TEXT)
def test_figures_are_found_from_digit_to_digit_as_a_scan_finds_them(text: str) -> None:
    words = _Words(text)
    assert [m.span() for m in words._figure_matches()] == [m.span() for m in _FIGURES.finditer(text)]


@settings(max_examples=300, database=None, derandomize=bool(os.environ.get("CI")))
@given(ASCII_TEXT)
def test_words_counted_in_c_are_those_a_binary_search_finds(text: str) -> None:
    words = _Words(text)
    starts = words.spans[0]
    for start in range(len(text)):
        for end in range(start + 1, len(text) + 1):
            first = bisect_right(starts, start) - 1
            assert words._words_of(start, end) == (max(first, 0), max(bisect_left(starts, end), first + 1))


# The expression `untex` had before its branches were made to start with a literal, as the reference.
_PLAIN_TEX = re.compile(r"\$?\\(times|sim|approx|%|,|;|!| )\$?|\$(?=\S)|(?<=\S)\$|(?<=\d)~(?=\d)|[{}]")
TEX_PIECES = ["$", "\\", "~", "{", "}", "times", "sim", "approx", "%", ",", ";", "!", " ", "1", "a", "\n"]


@settings(max_examples=500, database=None, derandomize=bool(os.environ.get("CI")))
@given(st.lists(st.sampled_from(TEX_PIECES), max_size=16).map("".join))
def test_tex_is_read_as_the_plain_expression_reads_it(text: str) -> None:
    expected = _PLAIN_TEX.sub(lambda m: _TEX_TEXT[m[1]] if m[1] else ("-" if m[0] == "~" else ""), text)
    assert untex(text) == (expected if any(c in text for c in "\\$~{") else text)


@pytest.mark.parametrize("prefix", ["", "İstanbul: "])  # "İ" lower-cases to two characters: a second pass
def test_an_acronym_is_found_only_as_written_whatever_else_the_text_holds(prefix: str) -> None:
    index = PhraseIndex([(1, Rules(acronyms=("MoE",))), (2, Rules(keywords=("mixture of experts",)))])
    found = index.find(f"{prefix}a Mixture-of-Experts (MoE) layer; moe and MOE are not it")
    assert [(hit.key, hit.text) for hit in found] == [(2, "Mixture-of-Experts"), (1, "MoE")]


@settings(max_examples=300, database=None, derandomize=bool(os.environ.get("CI")))
@given(ASCII_TEXT)
def test_a_text_said_to_hold_no_figure_of_a_kind_holds_none(text: str) -> None:
    words = _Words(text)
    assert all(words.may_hold(kind) for kind, found in words.figures.items() if found)


def test_keys_are_those_of_the_matches_without_where_they_are() -> None:
    index = PhraseIndex(
        [
            (1, Rules(keywords=("speculative decoding", "quantiz*"))),
            (2, Rules(near=(("<factor>",), ("faster",)), window=3)),
            (3, Rules(regexes=(r"\bW\d+A\d+\b",))),
        ]
    )
    text = "Speculative decoding, 2.5× faster; quantized W4A8 models are 3x faster. Speculative decoding again."
    assert sorted(index.keys(text)) == sorted(hit.key for hit in index.find(text)) == [1, 1, 1, 2, 2, 3]
