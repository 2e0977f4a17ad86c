"""Phrases kept as data, found in a text however papers write them, fast enough for a month of listings.

Four kinds of rule, each a list in a table of the data files:

    keywords  case-insensitive whole words, whatever sits between them (a space, a hyphen, a line break or
              nothing: "KV cache", "KV-cache", "KVCache"), a plural ending allowed on the last word, any
              punctuation after ("speculative decoding."); a trailing `*` makes a word a prefix ("quantiz*")
    acronyms  case-sensitive whole words ("MoE", not "moe")
    near      groups of keywords that must all occur within `window` words of the first group's (default 8),
              e.g. [["<factor>"], ["faster", "speedup*"]] for "2.1× faster" and "a speedup of 2.1×"; one group
              alone is any of its keywords. A group may name a figure: <number>, <factor> (2×, 3x, 10 times,
              5-fold, 4倍), <percent>, <time> (ms, s), <rate> (FPS, tokens/s), <size> (GB, MB), <count> (125M,
              7B), <flops> (GFLOPs, MACs), <energy> (mJ, W), <bits> (4-bit, W4A8, INT8)
    regexes   Python regular expressions, case-insensitive, for what the others cannot say; each costs a scan
              of every text, so the bundled data avoids them

A text's words are joined once and read in one pass of an Aho-Corasick automaton, whatever the number of phrases
(the original screener ran a regular expression per keyword per text: too slow for a day's listing); where each
match is in the text is worked out only for the matches a caller keeps.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, compress, count
from operator import add, sub
from typing import Any, Generic, NamedTuple, TypeVar

from .errors import ConfigError

K = TypeVar("K")
G = TypeVar("G")
RULE_FIELDS = ("keywords", "acronyms", "regexes")
DEFAULT_WINDOW = 8
# Characters that separate words: ASCII punctuation and the symbols papers set between words. A letter or digit
# of any script stays in its word.
_ASCII_SEPARATORS = bytes(c if chr(c).isalnum() else 32 for c in range(256))
_SEPARATORS = str.maketrans(
    dict.fromkeys(
        [chr(c) for c in range(128) if not chr(c).isalnum()]
        + list("\u00a0“”‘’«»–—−‐‑‒―×÷·•…°±≈≠≤≥→←↑↓⇒∼～、，。：；！？（）【】《》「」『』〈〉"),
        " ",
    )
)
# For ASCII texts: every character a 1 in a word and a 0 between words; every digit a 0 (and nothing else).
_WORD_CHARACTERS = bytes(ord("1") if chr(c).isalnum() else ord("0") for c in range(256))
_DIGITS_AS_ZERO = bytes.maketrans(b"123456789", b"000000000")
# In those classes, after a 0 for the text's start: where a word starts (the offset of its 0 is the word's own).
_WORD_START = re.compile(b"01")
_SPLIT = re.compile(r"[^\w*<>]+|_")
_STEM = 3  # letters of a one-word prefix's stem the index goes by; shorter prefixes would match too much
# Figures: a number (or a range), and what its unit makes it.
_NUMBER = r"\d+(?:[.,]\d+)*(?:\s?[-–~]\s?\d+(?:[.,]\d+)*)?"
_FIGURES = re.compile(
    rf"{_NUMBER}\s?(?:"
    r"(?P<factor>×|[xX](?![\w-])|times\b|-?fold\b|倍)"
    r"|(?P<percent>%|percent\b)"
    r"|(?P<time>(?:ms|milliseconds?|µs|us|s|sec|seconds?|minutes?|hours?)\b)"
    r"|(?P<rate>(?:FPS|fps|QPS|it/s|tok/s|tokens?/s|frames per second|tokens per second)(?![\w/]))"
    r"|(?P<size>(?:[KMGT]i?B)\b)"
    r"|(?P<count>(?:[KMB]|million|billion)\b)"
    r"|(?P<flops>(?:[GTMP]?FLOPs|[GTM]?MACs)\b)"
    r"|(?P<energy>(?:[mµu]?J|[mk]?W|kWh)\b)"
    r"|(?P<bits>-?bits?\b)"
    r")?"
)
# Bit-widths written without a number first (W4A8, INT4, FP8); apart, so the scan for numbers stays fast.
_WIDTHS = re.compile(r"\b(?:W\d{1,2}A\d{1,2}|INT\d{1,2}|FP\d{1,2}|int\d{1,2}|fp\d{1,2})\b")
# Where a width can start, in a text whose digits are all 0 (`_WIDTHS` is not tried on a text without any).
_WIDTH_STARTS = (b"W0", b"INT0", b"FP0", b"int0", b"fp0")
FIGURES = ("number", "factor", "percent", "time", "rate", "size", "count", "flops", "energy", "bits")


@dataclass(frozen=True)
class Rules:
    """What one table of rules says, as written in the data."""

    keywords: tuple[str, ...] = ()
    acronyms: tuple[str, ...] = ()
    regexes: tuple[str, ...] = ()
    near: tuple[tuple[str, ...], ...] = ()
    window: int = DEFAULT_WINDOW

    @classmethod
    def from_table(cls, table: Mapping[str, Any], where: str) -> Rules:
        """The rules of a TOML table; a value of the wrong shape or a broken regex is a `ConfigError`."""
        lists: dict[str, tuple[str, ...]] = {name: _strings(table, name, where) for name in RULE_FIELDS}
        for expression in lists["regexes"]:
            try:
                re.compile(expression)
            except re.error as exc:
                raise ConfigError(f"{where}: invalid regular expression {expression!r}: {exc}") from exc
        near = _groups(table.get("near", []), where)
        window = table.get("window", DEFAULT_WINDOW)
        if not isinstance(window, int) or isinstance(window, bool) or window < 1:
            raise ConfigError(f"{where}: window must be a whole number of words, at least 1")
        return cls(lists["keywords"], lists["acronyms"], lists["regexes"], near, window)

    def __bool__(self) -> bool:
        return bool(self.keywords or self.acronyms or self.regexes or self.near)


def _strings(table: Mapping[str, Any], name: str, where: str) -> tuple[str, ...]:
    values = table.get(name, [])
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise ConfigError(f"{where}: {name} must be a list of non-empty strings")
    return tuple(values)


def _groups(value: object, where: str) -> tuple[tuple[str, ...], ...]:
    problem = f"{where}: near must be a list of lists of keywords, e.g. [['<factor>'], ['faster']]"
    if not isinstance(value, list):
        raise ConfigError(problem)
    groups = []
    for group in value:
        if not isinstance(group, list) or not group or not all(isinstance(v, str) and v.strip() for v in group):
            raise ConfigError(problem)
        unknown = [v for v in group if v.startswith("<") and v.strip("<>") not in FIGURES]
        if unknown:
            raise ConfigError(f"{where}: unknown figure {unknown[0]}: use one of <{'>, <'.join(FIGURES)}>")
        groups.append(tuple(group))
    return tuple(groups)


class Hit(NamedTuple, Generic[K]):
    """One match: whose rule it is, and where in the text (`text` as the paper wrote it). A tuple rather than a
    frozen dataclass: a month of listings makes tens of thousands of them."""

    key: K
    start: int
    end: int
    text: str


class _Words:
    """A text split once (for every index that reads it): its words joined by single spaces, as written and
    lower-cased, for the automata; and, worked out only when a match needs them, where each word is in the text
    and the text's figures."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Punctuation to spaces, then split and join: in C, an order of magnitude faster than a regular expression
        # for words (and for plain ASCII, most abstracts, a byte table faster still).
        spaced = text.encode().translate(_ASCII_SEPARATORS).decode() if text.isascii() else text.translate(_SEPARATORS)
        self._spaced = spaced  # as long as the text: a separator became one space
        cased = " " + " ".join(spaced.split()) + " "
        # Word i of either is the one after its (i + 1)th space: lower-casing may change a word's length ("İ") but
        # never makes or takes a space, so both number their words alike, and no list of words is needed to read
        # them.
        self.joined = (cased.lower(), cased)  # indexed by case sensitivity
        self._starts: list[int] | None = None
        self._lengths: list[int] | None = None  # of each word, outside ASCII (see `_end`)
        self._figures: dict[str, list[tuple[int, int]]] | None = None
        self._digits: bytes | None = None  # ASCII only: see `_marked`
        self._held: dict[str, bool] = {}  # see `may_hold`
        self._classes: bytes | None = None  # ASCII only: see `_word_classes`
        self._counted = (0, 0)  # ASCII only: an offset and the words before it (see `words_before`)

    @property
    def starts(self) -> list[int]:
        """Where each word starts in the text."""
        if self._starts is None:
            if self.text.isascii():  # where a non-word character (or the text's start) comes before a word's
                self._starts = [m.start() for m in _WORD_START.finditer(self._word_classes())]
            else:
                words = self.joined[1].split()
                self._starts = self._starts_by_spaces(len(words)) or self._starts_by_search(words)
                self._lengths = list(map(len, words))
        return self._starts

    def _end(self, word: int) -> int:
        """Where word number `word` ends in the text: in ASCII, at the first non-word character after its start (or
        at the text's end)."""
        start = self.starts[word]
        if self._lengths is None:
            end = self._word_classes().find(b"10", start + 1)
            return end if end >= 0 else len(self.text)
        return start + self._lengths[word]

    def _starts_by_spaces(self, words: int) -> list[int] | None:
        """When the only separator is a space, the offsets follow from the lengths of the pieces between spaces,
        in C: piece k starts at the sum of the lengths before it, plus k."""
        pieces = self._spaced.split(" ")
        lengths = list(map(len, pieces))
        starts = list(compress(map(add, map(sub, accumulate(lengths), lengths), count()), pieces))
        return starts if len(starts) == words else None  # else another kind of space split a piece

    def _starts_by_search(self, words: list[str]) -> list[int]:
        """Each word is the first occurrence of its letters after the word before, since only non-word characters
        stand between two words (faster than match objects)."""
        starts, at, find = [], 0, self.text.find
        for word in words:
            at = find(word, at)
            starts.append(at)
            at += len(word)
        return starts

    @property
    def figures(self) -> dict[str, list[tuple[int, int]]]:
        """Each kind of figure -> (first word, last word + 1) of each one in the text."""
        if self._figures is None:
            self._figures = self._find_figures()
        return self._figures

    def _find_figures(self) -> dict[str, list[tuple[int, int]]]:
        found: dict[str, list[tuple[int, int]]] = {name: [] for name in FIGURES}
        text, numbers, words_of = self.text, found["number"], self._words_of
        for match in self._figure_matches():
            start = match.start()
            if start and (text[start - 1].isalnum() or text[start - 1] == "."):
                continue  # the digits of a name or a version ("ResNet50", "v1.2"), not a figure
            place = words_of(start, match.end())
            numbers.append(place)
            if match.lastgroup is not None:
                found[match.lastgroup].append(place)
        if self._may_hold_width():
            for match in _WIDTHS.finditer(text):
                found["bits"].append(self._words_of(match.start(), match.end()))
        return found

    def _figure_matches(self) -> Iterator[re.Match[str]]:
        """What `_FIGURES.finditer` finds. A regular expression tries every character of the text; in ASCII, where
        a figure starts at a digit 0-9, `bytes.find` jumps to the next one instead, and the expression is tried
        there (it always matches: its unit is optional)."""
        if not self.text.isascii():
            yield from _FIGURES.finditer(self.text)
            return
        marked, match_at = self._marked(), _FIGURES.match
        at = marked.find(b"0")
        while at >= 0:
            match = match_at(self.text, at)
            assert match is not None
            yield match
            at = marked.find(b"0", match.end())

    def may_hold(self, figure: str) -> bool:
        """False when the text has no figure of that kind, as a glance shows: in ASCII, none without a digit, and
        no bit-width without "bit" or a width's letters before a digit (see `_FIGURES` and `_WIDTHS`)."""
        if figure not in self._held:
            self._held[figure] = not self.text.isascii() or (
                b"0" in self._marked() and (figure != "bits" or "bit" in self.text or self._may_hold_width())
            )
        return self._held[figure]

    def _may_hold_width(self) -> bool:
        """Whether `_WIDTHS` could match: in ASCII, only where its letters stand before a digit."""
        return not self.text.isascii() or any(map(self._marked().__contains__, _WIDTH_STARTS))

    def _marked(self) -> bytes:
        """The ASCII text with every digit a 0."""
        if self._digits is None:
            self._digits = self.text.encode().translate(_DIGITS_AS_ZERO)
        return self._digits

    def _words_of(self, start: int, end: int) -> tuple[int, int]:
        """The words a stretch of the text covers (a figure's "×" or "%" is no word: the span then ends after it)."""
        first, last = self.words_before(start + 1) - 1, self.words_before(end)
        return max(first, 0), max(last, first + 1)

    def words_before(self, offset: int) -> int:
        """How many words start before `offset` in the text. In ASCII, counted in C where a non-word character (or
        the text's start) is followed by a word character, without working out every word's offset."""
        if self.text.isascii():
            # Counted on from the offset asked for last when this one is past it (figures and parts are asked for
            # in the order of the text): the words before it, and those from it.
            at, words = self._counted if offset >= self._counted[0] else (0, 0)
            words += self._word_classes().count(b"01", at, offset + 1)
            self._counted = (offset, words)
            return words
        return bisect_left(self.starts, offset)

    def _word_classes(self) -> bytes:
        """The ASCII text as a 1 for each word character and a 0 for each other, after a 0 for its start."""
        if self._classes is None:
            self._classes = b"0" + self.text.encode().translate(_WORD_CHARACTERS)
        return self._classes

    def hit(self, key: K, first: int, last: int) -> Hit[K]:
        """A hit over words `first` to `last` (excluded), with what follows the last word up to the next word when
        it is a figure's sign ("2.1×", "38%")."""
        starts = self.starts
        start, end = starts[first], self._end(last - 1)
        following = self.text[end : starts[last] if last < len(starts) else len(self.text)]
        end += len(following) - len(following.lstrip("×%倍"))
        return Hit(key, start, end, self.text[start:end])


@lru_cache(maxsize=16)
def _split(text: str) -> _Words:
    return _Words(text)


class _WordIndex(Generic[G]):
    """Keywords and acronyms as one Aho-Corasick automaton over a text's lower-cased words joined by single
    spaces: every phrase of the data is found in one pass in C. A phrase is padded with spaces, so it matches
    whole words only; a prefix ("quantiz*") is padded at its start only. An acronym is found lower-cased too,
    then kept only where the text writes it as the data does (the words as written line up with the lower-cased
    ones); in a text whose lower-casing changes its length ("İ"), acronyms are looked for by a second automaton
    over the words as written."""

    def __init__(self) -> None:
        # Padded and lower-cased -> (key, words, the padded acronym as written; None for a keyword).
        self._phrases: dict[str, list[tuple[G, int, str | None]]] = {}
        self._automata: dict[bool, Any] = {}  # by case sensitivity: the acronyms alone are the cased one

    def add_keyword(self, phrase: str, key: G) -> None:
        words = [w.lower() for w in _words(phrase)]
        if words[-1].endswith("*"):
            stem = words[-1][:-1]
            if len(stem) < _STEM and len(words) == 1:
                raise ConfigError(f"the prefix {phrase!r} is too short: give at least {_STEM} letters before *")
            self._add(" " + " ".join([*words[:-1], stem]), len(words), key)
            return
        for form in _plurals(words[-1]):
            self._add(" " + " ".join([*words[:-1], form]) + " ", len(words), key)
            if len(words) > 1:  # "KV cache" is also written "KVCache"
                self._add(" " + "".join(words[:-1]) + form + " ", 1, key)

    def add_acronym(self, word: str, key: G) -> None:
        words = _words(word)
        padded = " " + " ".join(words) + " "
        self._add(padded.lower(), len(words), key, padded)

    def _add(self, padded: str, count: int, key: G, written: str | None = None) -> None:
        entries = self._phrases.setdefault(padded, [])
        if (key, count, written) not in entries:
            entries.append((key, count, written))
        self._automata.clear()

    def _automaton(self, cased: bool) -> Any:
        if cased not in self._automata:
            import ahocorasick  # a C extension, imported with the first text a phrase index reads

            automaton = ahocorasick.Automaton()
            for padded, entries in self._phrases.items():
                if cased:
                    for key, length, written in entries:
                        if written is not None:
                            _add_entry(automaton, written, (key, length, None))
                else:  # keywords first, as when the acronyms had a pass of their own after them
                    for entry in sorted(entries, key=lambda e: e[2] is not None):
                        _add_entry(automaton, padded, entry)
            if len(automaton):
                automaton.make_automaton()
            self._automata[cased] = automaton if len(automaton) else None
        return self._automata[cased]

    def find(self, words: _Words) -> list[tuple[G, int, int]]:
        """(key, first word, last word + 1) of every match."""
        lower, cased = words.joined
        aligned = len(lower) == len(cased)
        found = self._matches(False, lower, cased if aligned else None)
        if not aligned:
            found += self._matches(True, cased, None)
        return found

    def _matches(self, cased: bool, joined: str, written: str | None) -> list[tuple[G, int, int]]:
        """The matches of one automaton in `joined`; acronyms where `written` writes them as the data does, or
        none without it. The automaton reports matches by where they end, so the spaces before each end (word
        numbers, see `_Words`) are counted once along the text; a phrase's first word is that count less the
        phrase's own spaces."""
        automaton = self._automaton(cased)
        found: list[tuple[G, int, int]] = []
        if automaton is None:
            return found
        spaces, counted, spaces_in = 0, 0, joined.count
        for end, (own, entries) in automaton.iter(joined):
            spaces += spaces_in(" ", counted, end + 1)
            counted = end + 1
            first = spaces - own
            for key, length, acronym in entries:
                if acronym is None or (written is not None and written.startswith(acronym, end + 1 - len(acronym))):
                    found.append((key, first, first + length))
        return found


def _add_entry(automaton: Any, padded: str, entry: tuple[Any, int, str | None]) -> None:
    """`entry` under `padded`, after those already there, with the phrase's own spaces (see `_WordIndex._matches`)."""
    _, entries = automaton.get(padded, (0, ()))
    automaton.add_word(padded, (padded.count(" "), (*entries, entry)))


@dataclass(frozen=True)
class _Near(Generic[K]):
    key: K
    window: int
    figures: tuple[tuple[str, ...], ...]  # the figures each group names ("<factor>" -> "factor")


# What a phrase of a `PhraseIndex` stands for: a rule's keyword or acronym (False, its key), or a keyword of a near
# rule's group (True, (rule, group)).
_Target = tuple[bool, Any]


class PhraseIndex(Generic[K]):
    """Every rule of many keys, compiled once; `find` reports the matches of every key in a text."""

    def __init__(self, rules: Iterable[tuple[K, Rules]]) -> None:
        self._words: _WordIndex[_Target] = _WordIndex()  # keywords and acronyms, and the keywords of near rules
        self._near: list[_Near[K]] = []
        branches: list[str] = []
        self._regex_keys: list[K] = []
        for key, table in rules:
            for phrase in table.keywords:
                self._words.add_keyword(phrase, (False, key))
            for word in table.acronyms:
                self._words.add_acronym(word, (False, key))
            for expression in table.regexes:
                branches.append(f"(?P<r{len(self._regex_keys)}>{expression})")
                self._regex_keys.append(key)
            if table.near:
                self._add_near(key, table)
        self._regex = re.compile("|".join(branches), re.IGNORECASE) if branches else None

    def _add_near(self, key: K, table: Rules) -> None:
        number = len(self._near)
        figures = tuple(tuple(p.strip("<>") for p in group if p.startswith("<")) for group in table.near)
        self._near.append(_Near(key, table.window, figures))
        for g, group in enumerate(table.near):
            for phrase in group:
                if not phrase.startswith("<"):
                    self._words.add_keyword(phrase, (True, (number, g)))

    def find(self, text: str) -> list[Hit[K]]:
        """Every match, in the order of the text."""
        words = _split(text)
        phrases, near = self._word_matches(words)
        hits = [words.hit(key, first, last) for key, first, last in phrases]
        hits += self._regex_hits(text)
        hits += [words.hit(key, first, last) for key, first, last in near]
        return sorted(hits, key=_in_text_order)

    def first_hits(self, text: str, parts: Sequence[tuple[int, int]]) -> list[tuple[Hit[K], int]]:
        """The first match of each key in each part of `text` (parts: `(start, end)` stretches in order, none
        overlapping another), with the part's number, in the order of the text: what `find` reports within the
        parts, less the repeats. A match that runs out of its part is in none. Repeats are left out before their
        place in the text is worked out, so a text that repeats its words costs little more than one that does not."""
        if self._regex is not None:  # matches placed by characters: no shortcut
            return _firsts((hit, _part_of(hit, parts)) for hit in self.find(text))
        words = _split(text)
        phrases, near = self._word_matches(words)
        firsts = [words.words_before(start) for start, _ in parts]  # part p's words: firsts[p] to lasts[p]
        lasts = [words.words_before(end) for _, end in parts]
        seen: set[tuple[K, int]] = set()
        found: list[tuple[Hit[K], int]] = []
        # The order of `find`: a match's offsets rise with its word numbers (and ties keep phrases first).
        for key, first, last in sorted(phrases + near, key=_in_word_order):
            part = bisect_right(firsts, first) - 1
            if part < 0 or last > lasts[part] or (key, part) in seen:
                continue
            hit = words.hit(key, first, last)
            if hit.end <= parts[part][1]:  # not the case when the part ends inside the match's last word
                seen.add((key, part))
                found.append((hit, part))
        return found

    def keys(self, text: str) -> list[K]:
        """The key of every match, as often as `find` reports it, without working out where each one is."""
        phrases, near = self._word_matches(_split(text))
        return [key for key, _, _ in phrases] + [hit.key for hit in self._regex_hits(text)] + [k for k, _, _ in near]

    def _word_matches(self, words: _Words) -> tuple[list[tuple[K, int, int]], list[tuple[K, int, int]]]:
        """(key, first word, last word + 1) of the keywords' and acronyms' matches, and of the near rules'."""
        phrases: list[tuple[K, int, int]] = []
        places: dict[tuple[int, int], list[tuple[int, int]]] = {}  # (near rule, group) -> (first word, last + 1)
        for (near, key), first, last in self._words.find(words):
            if near:
                places.setdefault(key, []).append((first, last))
            else:
                phrases.append((key, first, last))
        return phrases, list(self._near_matches(words, places)) if self._near else []

    def _regex_hits(self, text: str) -> Iterator[Hit[K]]:
        if self._regex is None:
            return
        for match in self._regex.finditer(text):
            key = self._regex_keys[int((match.lastgroup or "r0")[1:])]
            yield Hit(key, match.start(), match.end(), match.group(0))

    def _near_matches(
        self, words: _Words, places: dict[tuple[int, int], list[tuple[int, int]]]
    ) -> Iterator[tuple[K, int, int]]:
        """For each near rule, a match wherever every group occurs within the window of the first group's. The
        figures are looked for only when a rule could still match (they cost a scan of the text)."""
        may_hold = words.may_hold
        for number, rule in enumerate(self._near):
            # A loop, not all() over a generator: most texts leave most rules at their first group.
            for g, figures in enumerate(rule.figures):
                if (number, g) not in places and not any(map(may_hold, figures)):
                    break
            else:
                yield from _rule_matches(number, rule, words, places)


def _rule_matches(
    number: int, rule: _Near[K], words: _Words, places: dict[tuple[int, int], list[tuple[int, int]]]
) -> Iterator[tuple[K, int, int]]:
    """The matches of near rule `number` (see `PhraseIndex._near_matches`)."""
    spots = []
    for g, figures in enumerate(rule.figures):
        named = [spot for f in figures for spot in words.figures[f]] if figures else []
        spots.append(sorted(places.get((number, g), []) + named))
        if not spots[-1]:
            return
    for anchor in spots[0]:
        found = [_nearest(spot, anchor[0], rule.window) for spot in spots[1:]]
        if all(found):
            first = min([anchor[0], *(f[0] for f in found if f)])
            last = max([anchor[1], *(f[1] for f in found if f)])
            yield rule.key, first, last


def _in_text_order(hit: Hit[Any]) -> tuple[int, int]:
    return hit.start, -hit.end


def _in_word_order(match: tuple[Any, int, int]) -> tuple[int, int]:
    return match[1], -match[2]


def _part_of(hit: Hit[Any], parts: Sequence[tuple[int, int]]) -> int | None:
    return next((p for p, (start, end) in enumerate(parts) if start <= hit.start and hit.end <= end), None)


def _firsts(hits: Iterable[tuple[Hit[K], int | None]]) -> list[tuple[Hit[K], int]]:
    """The first hit of each key in each part, in order; hits in no part left out."""
    seen: set[tuple[K, int]] = set()
    found: list[tuple[Hit[K], int]] = []
    for hit, part in hits:
        if part is not None and (hit.key, part) not in seen:
            seen.add((hit.key, part))
            found.append((hit, part))
    return found


def _nearest(spots: list[tuple[int, int]], word: int, window: int) -> tuple[int, int] | None:
    """The spot nearest to `word` within `window` words of it, if any (`spots` sorted by word)."""
    lo = bisect_left(spots, (word - window, -1))
    hi = bisect_right(spots, (word + window, 1 << 62))
    near = spots[lo:hi]
    return min(near, key=lambda s: abs(s[0] - word)) if near else None


# Every branch starts with a literal, so the search skips in C to the next `$`, `\\`, `~`, `{` or `}` instead of
# trying the expression at every character (tenfold faster on an abstract); the lookbehinds come after the literal.
_TEX = re.compile(
    r"\$\\(times|sim|approx|%|,|;|!| )\$?|\\(times|sim|approx|%|,|;|!| )\$?|\$(?=\S)|\$(?<=\S\$)|~(?<=\d~)(?=\d)|\{|\}"
)
_TEX_TEXT = {"times": "×", "sim": "~", "approx": "≈", "%": "%", ",": " ", ";": " ", "!": "", " ": " "}


def untex(text: str) -> str:
    """The TeX that arXiv abstracts carry, as it prints: "99\\%" -> "99%", "10~100$\\times$" -> "10-100×"."""
    if "\\" not in text and "$" not in text and "~" not in text and "{" not in text:
        return text
    return _TEX.sub(_tex_text, text)


def _tex_text(match: re.Match[str]) -> str:
    command = match[1] or match[2]  # after a `$`, or not
    return _TEX_TEXT[command] if command else ("-" if match[0] == "~" else "")


def _words(phrase: str) -> list[str]:
    return [w for w in _SPLIT.split(phrase.strip()) if w]


def _plurals(word: str) -> tuple[str, ...]:
    """The word and its plural forms, as papers write them ("cache", "caches"; "strategy", "strategies")."""
    forms = (word, word + "s", word + "es")
    return (*forms, word[:-1] + "ies") if word.endswith("y") else forms
