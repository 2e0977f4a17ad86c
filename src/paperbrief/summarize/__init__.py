"""One-sentence Chinese briefs: the offline brief, said in Chinese from the paper's own facts, and the checks
every brief (offline, LLM or given) must pass before it is printed.

    checks     the sentence form (`assemble`), the numbers a brief may use, whether a paper can be briefed
    glossary   the field's words in English and Chinese, and the phrase translator
    chinese    the parts of a brief said in Chinese from an English abstract
    sentences  which sentences of an abstract propose, state the problem and report the result
"""

from __future__ import annotations

from ..institutions import brief_institutions
from ..models import Brief, BriefOrigin, Code, Paper
from ..text import is_chinese, split_sentences
from . import chinese
from .checks import UNKNOWN_TEAM, assemble, has_material, invented_numbers, paper_numbers
from .sentences import chinese_clauses
from .setting import setting

MAX_SENTENCE = 160  # characters a Chinese reader takes in one sentence

__all__ = [
    "UNKNOWN_TEAM",
    "assemble",
    "brief_paper",
    "has_material",
    "invented_numbers",
    "offline_brief",
    "paper_numbers",
    "subject",
]


def subject(paper: Paper) -> list[str]:
    """Who the brief says published the paper: its best-known one or two institutions, in Chinese."""
    return brief_institutions(paper.institutions) or [UNKNOWN_TEAM]


def _english_parts(paper: Paper, sentences: list[str], names: list[str]) -> tuple[str, str, str, str]:
    """(技术, 论文, 问题, 效果) of an English abstract: the effect gets the sentence's room left after the other
    parts, and the technique its setting ("4比特量化，在LLaMA-2-7B上评测") in what room is left after that."""
    technique, method = chinese.technique(paper, sentences)
    name = chinese.paper_name(paper, method)
    problem = chinese.problem(paper, sentences)
    room = MAX_SENTENCE - len(assemble(names, name, technique, problem, ""))
    effect = chinese.effect(paper, sentences, max(room, chinese.MAX_EFFECT // 2))
    room -= len(effect) + 2  # the brackets around the setting
    context = setting(paper, sentences, " ".join([name, technique, effect]), room)
    return (f"{technique}（{context}）" if context else technique), name, problem, effect


def offline_brief(paper: Paper) -> Brief | None:
    """A deterministic Chinese brief from the paper's own facts, or None when there is nothing to brief from."""
    text = paper.abstract or paper.body_text[:3000]
    sentences = split_sentences(text)
    if not sentences:
        return None
    names = subject(paper)
    if is_chinese(text):
        technique, problem, effect = chinese_clauses(sentences)
        name = paper.short_name or "该"
    else:
        technique, name, problem, effect = _english_parts(paper, sentences, names)
    return Brief(
        text=assemble(names, name, technique, problem, effect),
        origin=BriefOrigin.OFFLINE,
        institutions_zh=names,
        paper_name=name,
        technique=technique,
        problem=problem,
        effect=effect,
    )


def brief_paper(paper: Paper) -> None:
    """Give a paper its brief (given or offline); a paper with nothing to brief from gets none and says so."""
    if paper.failed:
        return
    if not has_material(paper):
        paper.brief = None
        if paper.given_brief:
            paper.warn(
                Code.GIVEN_BRIEF_DROPPED, "the given brief was dropped: the paper has no abstract or text to support it"
            )
        paper.warn(Code.NO_BRIEF, "no abstract or text: no brief was written", field="brief")
        return
    if paper.given_brief:
        paper.brief = Brief(text=paper.given_brief, origin=BriefOrigin.GIVEN)
        invented = invented_numbers(paper.given_brief, paper)
        if invented:
            paper.warn(
                Code.GIVEN_BRIEF_NUMBERS, f"the given brief has numbers not found in the paper: {', '.join(invented)}"
            )
        return
    paper.brief = offline_brief(paper)
