"""The shortcuts `paperbrief.phrases` takes give what the plain way gives: on ASCII texts, the digits found with
`bytes.find` and word numbers counted in C (`_FIGURES.finditer` over the text, a binary search in the offsets of
every word); for TeX, an expression whose branches start with a literal (the expression without that care); the
first match of each key in each part of a text, found before the matches are placed (every match, placed)."""

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
    spans = [m.span() for m in re.finditer("[A-Za-z0-9]+", text)]  # the plain way: every run of letters and digits
    starts = [start for start, _ in spans]
    assert words.starts == starts
    assert [words._end(i) for i in range(len(spans))] == [end for _, end in spans]
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


# Phrases of every kind, words that are none, figures and separators, so that keys repeat within and across parts.
FIELD_PIECES = ["KV cache", "KVCache", "kv-caches", "MoE", "moe", "quantized", "2.5×", "3x", "faster", "fast", "İ"]
FIELD_TEXT = st.lists(st.sampled_from([*FIELD_PIECES, " ", ", ", "-", "."]), max_size=12).map("".join)
RULES = [
    (1, Rules(keywords=("KV cache", "quantiz*"))),
    (2, Rules(acronyms=("MoE",))),
    (3, Rules(near=(("<factor>",), ("faster",)), window=3)),
    (4, Rules(keywords=("KV",))),  # starts where "KV cache" starts: the longer match comes first
]


@pytest.mark.parametrize("regexes", [(), (r"fast\w*",)])  # matches placed by characters take the plain way
@settings(max_examples=300, database=None, derandomize=bool(os.environ.get("CI")))
@given(st.lists(FIELD_TEXT, min_size=1, max_size=3))
def test_the_first_hits_in_each_part_are_the_first_of_every_hit(regexes: tuple[str, ...], fields: list[str]) -> None:
    index = PhraseIndex([*RULES, (5, Rules(regexes=regexes))] if regexes else RULES)
    text, parts, at = "\n\n".join(fields), [], 0
    for field in fields:
        parts.append((at, at + len(field)))
        at += len(field) + 2
    expected: dict[tuple[int, int], object] = {}
    for hit in index.find(text):
        part = next((p for p, (start, end) in enumerate(parts) if start <= hit.start and hit.end <= end), None)
        if part is not None:
            expected.setdefault((hit.key, part), (hit, part))
    assert index.first_hits(text, parts) == list(expected.values())
