"""Phrases kept as data, compiled once into patterns that survive how papers actually write them.

A keyword matches case-insensitively as whole words, whatever sits between its words (a space, a hyphen
or nothing: "KV cache", "KV-cache", "KVCache"), with a plural ending on its last word, and followed by
any punctuation ("speculative decoding."). A trailing `*` makes a word a prefix ("quantiz*"). An acronym
matches case-sensitively as a whole word ("MoE", not "moe"). A regex is a Python regular expression,
case-insensitive, for what the other two cannot say. Used by the technique taxonomy and topic profiles.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .errors import ConfigError

RULE_FIELDS = ("keywords", "acronyms", "regexes")
_WORD_GAP = r"[\s\-‐‑–]?"


def keyword_pattern(phrase: str) -> str:
    """The regular expression (without flags) for one keyword."""
    words = [w for w in re.split(r"[\s\-‐‑–]+", phrase.strip()) if w]
    parts = []
    for i, word in enumerate(words):
        if word.endswith("*"):
            parts.append(re.escape(word[:-1]) + r"\w*")
        elif i == len(words) - 1 and word[-1:].isalpha():
            parts.append(re.escape(word) + r"(?:e?s)?")
        else:
            parts.append(re.escape(word))
    return r"(?<![\w])" + _WORD_GAP.join(parts) + r"(?![\w])"


def acronym_pattern(word: str) -> str:
    return r"(?<![\w-])" + re.escape(word.strip()) + r"(?![\w-])"


def rule_patterns(table: Mapping[str, Any], where: str) -> tuple[list[str], list[str]]:
    """(case-insensitive patterns, case-sensitive patterns) for a table's keywords, regexes and acronyms."""
    lists = {}
    for name in RULE_FIELDS:
        values = table.get(name, [])
        if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
            raise ConfigError(f"{where}: {name} must be a list of non-empty strings")
        lists[name] = values
    for expression in lists["regexes"]:
        try:
            re.compile(expression)
        except re.error as exc:
            raise ConfigError(f"{where}: invalid regular expression {expression!r}: {exc}") from exc
    folded = [keyword_pattern(k) for k in lists["keywords"]] + [f"(?:{r})" for r in lists["regexes"]]
    return folded, [acronym_pattern(a) for a in lists["acronyms"]]


def alternation(named: Sequence[tuple[str, Sequence[str]]], *, ignore_case: bool) -> re.Pattern[str] | None:
    """One pattern for many groups of alternatives, a named group per group: a text is scanned once, and
    `match.lastgroup` says which group matched. Group names must be identifiers."""
    branches = [f"(?P<{name}>{'|'.join(patterns)})" for name, patterns in named if patterns]
    if not branches:
        return None
    return re.compile("|".join(branches), re.IGNORECASE if ignore_case else 0)
