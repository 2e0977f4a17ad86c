"""A profile's rules applied to one paper: the score, the evidence behind it and a reason a reader can check.

All the rules of a profile are one `PhraseIndex`, so a title or an abstract is read once whatever the number
of phrases. A rule counts once per field however often the paper repeats it, so a keyword written twice is
not worth twice as much.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from ..models import Decision, Evidence, Paper, Screening
from ..phrases import PhraseIndex, untex
from ..text import squeeze
from .profiles import Profile, Rule, RuleKind

FIELDS_ZH = {"title": "标题", "abstract": "摘要", "comments": "备注", "paper": "全文"}
_FIELD_BREAK = "\n\n"
_SHOWN = 3


class _Hit(NamedTuple):
    """A tuple, not a frozen dataclass: a month of listings makes tens of thousands, and tuples are made in C."""

    rule: Rule
    where: str
    text: str


class Matcher:
    """The compiled rules of one profile: measures apart, since they count only beside a term or a hint, so most
    papers never need them (and finding figures beside words is the dearest part of reading a text)."""

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self._index = self._compiled(lambda rule: rule.kind is not RuleKind.MEASURE)
        self._measures = self._compiled(lambda rule: rule.kind is RuleKind.MEASURE)

    def _compiled(self, wanted: Callable[[Rule], bool]) -> PhraseIndex[int]:
        return PhraseIndex((i, rule.rules) for i, rule in enumerate(self.profile.rules) if wanted(rule))

    def _hits(self, fields: _Fields, index: PhraseIndex[int]) -> list[_Hit]:
        """Each rule's first match in each field, title first. The fields are read as one text (a listing has
        thousands of papers): a match that runs from one field into the next counts in neither."""
        return [
            _Hit(self.profile.rules[hit.key], fields.names[part], hit.text)
            for hit, part in index.first_hits(fields.text, fields.bounds)
        ]

    def screen(self, paper: Paper) -> Screening:
        fields = _Fields(paper)
        title_only = not paper.abstract.strip()
        evidence = _weighted(
            self._hits(fields, self._index),
            lambda: self._hits(fields, self._measures),
            self.profile,
            title_only=title_only,
        )
        score = round(sum(e.weight for e in evidence), 2)
        keep = score >= self.profile.keep
        low, high = self.profile.uncertain
        return Screening(
            decision=Decision.KEEP if keep else Decision.DROP,
            score=score,
            reason=reason(evidence, score, self.profile, title_only=title_only),
            evidence=evidence,
            uncertain=low <= score < high,
        )


class _Fields:
    """A paper's title, abstract and comments as one text for the indexes, and where each field is in it."""

    def __init__(self, paper: Paper) -> None:
        texts = [
            ("title", _plain(paper.title)),
            ("abstract", _plain(paper.abstract)),
            ("comments", _plain(paper.comments)),
        ]
        self.text = _FIELD_BREAK.join(text for _, text in texts)
        self.names = [where for where, _ in texts]
        self.bounds: list[tuple[int, int]] = []
        at = 0
        for _, text in texts:
            self.bounds.append((at, at + len(text)))
            at += len(text) + len(_FIELD_BREAK)


def _plain(text: str) -> str:
    """Full-width forms and ligatures folded (NFKC), so "ＫＶ ｃａｃｈｅ" reads as "KV cache", and the TeX of
    arXiv's abstracts read as it prints ("99\\%", "10~100$\\times$")."""
    text = squeeze(untex(text))
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def _weighted(
    hits: list[_Hit], measures: Callable[[], list[_Hit]], profile: Profile, *, title_only: bool
) -> list[Evidence]:
    """Evidence with the weight each hit adds: a rule counts once in the body (abstract or comments) and once
    more, `title_weight` times, in the title (a title says what the paper is about); hints together count at
    most `hint_cap`, measures (the hits `measures` finds, looked for only then) at most `measure_cap` and only
    beside a term or a hint. Without an abstract the title stands for both."""
    evidence: list[Evidence] = []
    counted: set[tuple[str, str]] = set()
    room = {RuleKind.HINT: profile.hint_cap}
    for hit in hits:
        if hit.rule.kind is RuleKind.REQUIREMENT:
            continue
        place = "title" if hit.where == "title" else "body"
        if (hit.rule.kind + hit.rule.key, place) in counted:
            continue
        counted.add((hit.rule.kind + hit.rule.key, place))
        factor = profile.title_weight + (1.0 if title_only else 0.0) if place == "title" else 1.0
        weight = hit.rule.weight * factor
        if hit.rule.kind in room:
            weight = min(weight, room[hit.rule.kind])
            room[hit.rule.kind] -= weight
            if weight <= 0:
                continue
        evidence.append(Evidence(hit.text, hit.where, round(weight, 2), str(hit.rule.kind), hit.rule.label_zh))
    if any(e.weight > 0 for e in evidence):
        evidence += _measures(measures(), profile.measure_cap)
    # A title alone rarely names the kind of model it is about: a requirement is asked only of an abstract.
    return evidence if title_only else evidence + _unmet(hits, profile)


def _unmet(hits: list[_Hit], profile: Profile) -> list[Evidence]:
    """A requirement none of whose words occurs in any field counts its (negative) weight once."""
    met = {hit.rule.key for hit in hits if hit.rule.kind is RuleKind.REQUIREMENT}
    return [
        Evidence(f"未提及{rule.label_zh}", "paper", round(rule.weight, 2), str(rule.kind), rule.label_zh)
        for rule in profile.rules_of(RuleKind.REQUIREMENT)
        if rule.key not in met
    ]


def _measures(hits: list[_Hit], cap: float) -> list[Evidence]:
    measures: list[Evidence] = []
    seen: set[str] = set()
    room = cap
    for hit in hits:
        if hit.rule.key in seen or room <= 0:
            continue
        seen.add(hit.rule.key)
        weight = min(hit.rule.weight, room)
        room -= weight
        measures.append(Evidence(hit.text, hit.where, round(weight, 2), str(RuleKind.MEASURE), hit.rule.label_zh))
    return measures


def reason(evidence: list[Evidence], score: float, profile: Profile, *, title_only: bool) -> str:
    """One readable line in Chinese: the decision, the score against the threshold, what counted."""
    kept = score >= profile.keep
    verdict = f"{'保留' if kept else '舍弃'}（得分{score:g}，阈值{profile.keep:g}）"
    shown = sorted(evidence, key=lambda e: -abs(e.weight))[:_SHOWN]
    parts = [_describe(e) for e in shown]
    if not any(e.kind == RuleKind.TERM for e in evidence):
        worded = any(e.kind != RuleKind.REQUIREMENT for e in evidence)
        parts.append(f"仅有泛化词，无{profile.topic}主题词" if worded else f"未见{profile.topic}主题词")
    low, high = profile.uncertain
    if low <= score < high:
        parts.append("处于待定区间，可由模型复核")
    if title_only:
        parts.insert(0, "无摘要，仅依据标题判断")
    return f"{verdict}：{'；'.join(parts)}"


def _describe(item: Evidence) -> str:
    where = FIELDS_ZH.get(item.where, item.where)
    if item.kind == RuleKind.MEASURE:
        return f"{where}有{item.label}实测“{item.text}”"
    if item.kind == RuleKind.EXCLUSION:
        return f"{where}“{item.text}”属{item.label}，扣分"
    if item.kind == RuleKind.REQUIREMENT:
        return f"{item.text}，扣分"
    if item.kind == RuleKind.HINT:
        return f"{where}有泛化词“{item.text}”"
    return f"{where}有{item.label}“{item.text}”"
