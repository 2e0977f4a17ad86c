"""The field's words in English and Chinese (`data/glossary.toml`) and a translator that says an English noun
phrase in Chinese only when it knows every word of it.

A phrase is read as words ("query-aware" is two words joined by a hyphen); the longest run of words the
glossary knows is translated first, so "KV cache compression" is one term and not three words. A word the
glossary does not know makes the phrase untranslatable, except a name (a word with capitals or digits
inside, such as LightVLA or YOLOv8), which stays as written: names have no Chinese form. `tail` says less
when a phrase cannot be said whole: its longest translatable end, which for an English noun phrase is its
head with the modifiers nearest to it ("Gumbel-softmax token selection module" → "token选择模块").
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources

KINDS = ("objects", "techniques", "settings", "issues", "words", "metrics")
_MAX_WORDS = 5
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\.\d+)?|\d+(?:\.\d+)?[A-Za-z]*")
_HYPHENS = "-‐‑–"
_NAME = re.compile(r"^(?:[A-Za-z]+[A-Z0-9][A-Za-z0-9.]*|[A-Z]{2,}[a-z]?|\d+[A-Za-z]+)$")
# Prepositions that join a noun phrase to its complement, with how Chinese puts the two together: "{0}" is
# the phrase before the preposition, "{1}" the one after ("X for Y" → "面向Y的X").
_JOINS = {
    "for": "面向{1}的{0}",
    "of": "{1}{0}",
    "in": "{1}中的{0}",
    "on": "{1}上的{0}",
    "under": "{1}下的{0}",
    "with": "结合{1}的{0}",
    "via": "基于{1}的{0}",
    "through": "基于{1}的{0}",
    "using": "基于{1}的{0}",
    "by": "基于{1}的{0}",
}
_AND = {"and", "&"}


@dataclass(frozen=True)
class Entry:
    zh: str
    kinds: frozenset[str]


@dataclass(frozen=True)
class Word:
    """One word of a text: `joined` when a hyphen ties it to the word before ("query-aware")."""

    text: str
    start: int
    end: int
    joined: bool


@dataclass(frozen=True)
class Term:
    """A run of words the glossary knows, as written in the text, with its Chinese and its kinds."""

    text: str
    zh: str
    kinds: frozenset[str]
    start: int
    end: int


@dataclass(frozen=True)
class Glossary:
    """`exact` holds the case-sensitive keys (acronyms: "LLM", "MoE"), `folded` the others, lower case."""

    exact: dict[str, Entry]
    folded: dict[str, Entry]
    skip: frozenset[str]
    suffixes: dict[str, str]

    def terms(self, text: str) -> list[Term]:
        """The glossary's terms in `text`, longest first at each place, in order, never overlapping."""
        words = split_words(text)
        found: list[Term] = []
        i = 0
        while i < len(words):
            hit = self._longest(words, i)
            if hit is None:
                i += 1
                continue
            size, entry = hit
            start, end = words[i].start, words[i + size - 1].end
            found.append(Term(text[start:end], entry.zh, entry.kinds, start, end))
            i += size
        return found

    def translate(self, phrase: str) -> str | None:
        """`phrase` in Chinese, or None when a word of it is neither known nor a name."""
        words = split_words(phrase)
        return self._phrase(words, phrase) if words else None

    def tail(self, phrase: str) -> str:
        """The longest end of `phrase` (before any preposition) that translates, or "" when even its last word
        does not: a shorter, still true name for the same thing."""
        words = split_words(phrase)
        cut = next((i for i, w in enumerate(words) if w.text.lower() in _JOINS), len(words))
        words = words[:cut]
        for start in range(len(words)):
            if words[start].joined:
                continue  # never start inside a compound ("aware" of "query-aware")
            said = self._words(words[start:])
            if said:
                return said
        return ""

    def lookup(self, phrase: str, kind: str | None = None) -> Entry | None:
        """The entry for the whole of `phrase`, if the glossary has one (of `kind`, when given)."""
        words = split_words(phrase)
        hit = self._longest(words, 0) if words else None
        if hit is None or hit[0] != len(words) or (kind and kind not in hit[1].kinds):
            return None
        return hit[1]

    # --- internals ---

    def _phrase(self, words: Sequence[Word], text: str) -> str | None:
        """Split at the last preposition, so "X for Y via Z" is (X for Y) via Z, as English attaches it."""
        for i in range(len(words) - 1, 0, -1):
            template = _JOINS.get(words[i].text.lower())
            if template and not words[i].joined:
                head, rest = self._phrase(words[:i], text), self._phrase(words[i + 1 :], text)
                return template.format(head, rest) if head and rest else None
        return self._words(words)

    def _words(self, words: Sequence[Word]) -> str | None:
        parts: list[list[Word]] = [[]]
        for word in words:
            if word.text.lower() in _AND and not word.joined:
                parts.append([])
            else:
                parts[-1].append(word)
        said = [self._units(part) for part in parts]
        if not all(said):
            return None
        return "与".join(s for s in said if s).removesuffix("的") or None

    def _units(self, words: Sequence[Word]) -> str | None:
        units: list[str] = []
        i = 0
        while i < len(words):
            word = words[i]
            suffix = self.suffixes.get(word.text.lower())
            if suffix and word.joined and units:
                units[-1] = suffix.format(units[-1])
                i += 1
                continue
            hit = self._longest(words, i)
            if hit is not None:
                units.append(hit[1].zh)
                i += hit[0]
            elif word.text.lower() in self.skip:
                i += 1
            elif _NAME.match(word.text) or word.text.replace(".", "").isdigit():
                units.append(word.text)  # names and numbers are said as written ("YOLOv8", "4-bit" → "4比特")
                i += 1
            else:
                return None
        return join_units(units)

    def _longest(self, words: Sequence[Word], i: int) -> tuple[int, Entry] | None:
        for size in range(min(_MAX_WORDS, len(words) - i), 0, -1):
            window = words[i : i + size]
            if size > 1 and not all(w.start - p.end <= 1 for p, w in itertools.pairwise(window)):
                continue  # a term never spans punctuation
            entry = self._entry([w.text for w in window])
            if entry is not None:
                return size, entry
        return None

    def _entry(self, texts: list[str]) -> Entry | None:
        for form in _forms(texts):
            entry = self.exact.get(" ".join(form)) or self.folded.get(" ".join(form).lower())
            if entry is not None:
                return entry
        return None


def _forms(texts: list[str]) -> Iterator[list[str]]:
    """The words as written, then with the last one singular ("models", "strategies", "LLMs")."""
    yield texts
    last = texts[-1]
    for singular in _singulars(last):
        yield [*texts[:-1], singular]


def _singulars(word: str) -> list[str]:
    if len(word) <= 3 or not word.endswith("s") or word.endswith("ss"):
        return []
    forms = [word[:-1]]
    if word.endswith("ies"):
        forms.append(word[:-3] + "y")
    if word.endswith(("ches", "shes", "xes", "sses")):
        forms.append(word[:-2])
    return forms


def split_words(text: str) -> list[Word]:
    words: list[Word] = []
    for match in _WORD.finditer(text):
        joined = bool(words) and match.start() == words[-1].end + 1 and text[words[-1].end] in _HYPHENS
        words.append(Word(match.group(), match.start(), match.end(), joined))
    return words


def join_units(units: Sequence[str]) -> str:
    """Chinese pieces run together; two Latin ones keep a space between them ("Gumbel softmax")."""
    out = ""
    for unit in filter(None, units):
        if out and _latin_end(out) and _latin_start(unit):
            out += " "
        out += unit
    return out


def _latin_end(text: str) -> bool:
    return text[-1].isascii() and text[-1].isalnum()


def _latin_start(text: str) -> bool:
    return text[0].isascii() and text[0].isalnum()


@cache
def glossary() -> Glossary:
    """The bundled glossary, read once."""
    text = resources.files("paperbrief.data").joinpath("glossary.toml").read_text(encoding="utf-8")
    return parse_glossary(tomllib.loads(text))


def parse_glossary(tables: dict[str, object]) -> Glossary:
    """A glossary from the TOML tables; a key in several sections keeps the first section's Chinese and
    every section's kind."""
    exact: dict[str, Entry] = {}
    folded: dict[str, Entry] = {}
    for kind in KINDS:
        section = tables.get(kind, {})
        assert isinstance(section, dict), kind
        for key, zh in section.items():
            normal = " ".join(w.text for w in split_words(key))
            table = folded if normal == normal.lower() else exact
            known = table.get(normal)
            table[normal] = Entry(known.zh if known else str(zh), (known.kinds if known else frozenset()) | {kind})
    skip = tables.get("skip", {})
    suffixes = tables.get("suffixes", {})
    assert isinstance(skip, dict) and isinstance(suffixes, dict)
    return Glossary(exact, folded, frozenset(skip.get("words", [])), {str(k): str(v) for k, v in suffixes.items()})
