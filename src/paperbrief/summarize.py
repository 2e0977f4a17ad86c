"""One-sentence Chinese briefs: the offline brief built from the paper's own sentences, and the checks
every brief (offline, LLM or given) must pass before it is printed."""

from __future__ import annotations

import re

from .institutions import brief_institutions
from .models import Brief, BriefOrigin, Code, Paper
from .text import clause, numbers_in, split_sentences

UNKNOWN_TEAM = "研究团队"
# Each cue pattern reads English and Chinese abstracts; Chinese has no word boundaries, so its cues stand bare.
_PROPOSE = re.compile(
    r"\b(?:we|this (?:paper|work|study|article)|our (?:method|approach|work))\b[^.]*?\b"
    r"(?:propose[sd]?|present(?:s|ed)?|introduce[sd]?|develop(?:s|ed)?|design(?:s|ed)?|describe[sd]?)\b\s*"
    r"|(?:本文|我们|本研究|本工作|本论文)[^，。；！？]{0,12}?(?:提出|设计|开发|构建|引入|介绍|推出)了?"
    r"|(?:^|[，,])\s*提出了?",  # "针对…问题，提出了…": Chinese abstracts often leave out the subject
    re.IGNORECASE,
)
_PROBLEM = re.compile(
    r"\b(?:however|challeng\w*|problem\w*|issue\w*|limit\w*|suffer\w*|costly|expensive|inefficien\w*|"
    r"bottleneck\w*|difficult\w*|struggl\w*|lack\w*|hinder\w*|remain\w*|fail\w*|require\w*)\b"
    r"|然而|但是|不过|挑战|问题|瓶颈|难以|无法|局限|不足|缺乏|受限|高昂|昂贵|低效|困难|开销",
    re.IGNORECASE,
)
_RESULT = re.compile(
    r"\b(?:achiev\w*|outperform\w*|improv\w*|reduc\w*|speed\w*|faster|accura\w*|state[- ]of[- ]the[- ]art|"
    r"surpass\w*|gain\w*|lower\w*|saving\w*|better|competitive|results?)\b|%|×"
    r"|实验表明|结果表明|实验结果|表明|提升|提高|降低|减少|加速|优于|超越|超过|达到|取得|节省|倍",
    re.IGNORECASE,
)
# "针对…问题，提出了…": a Chinese abstract often names the problem in the proposal's own opening clause.
_PROBLEM_LEAD = re.compile(r"^(?:针对|为了?解决|为了?应对|面对)(?P<problem>[^，。；]+?)[，,]")
# Discourse openers that add nothing inside the brief's fixed frame ("使用…，解决了…，达成了…").
_LEAD_IN_TECHNIQUE = re.compile(r"^(?:to (?:use|apply|adopt|employ|leverage)\s+|to\s+|一种|一个|一套)", re.IGNORECASE)
_LEAD_IN_PROBLEM = re.compile(
    r"^(?:however|but|yet|unfortunately|nevertheless|nonetheless|in particular|in practice|notably)\b,?\s*"
    r"|^(?:然而|但是|不过|但)[，,]?|^(?:此外|目前)[，,]",
    re.IGNORECASE,
)
_LEAD_IN_EFFECT = re.compile(
    r"^[^,.]{0,80}?\b(?:show|shows|showed|demonstrate|demonstrates|indicate|indicates|reveal|reveals|confirm|"
    r"confirms|verify|verifies)\s+that\s+"
    r"|^[^，。]{0,20}?(?:实验|结果|评估|测试)[^，。]{0,6}?(?:表明|显示|证明)[，,：:]?",
    re.IGNORECASE,
)
# A clause continues the Chinese sentence, so a capitalised opening function word is lowered; names stay.
_LOWER_START = re.compile(r"^(?:The|This|These|Those|Our|We|It|Its|A|An|Existing|Current|Most|Many|Such)\b")


def paper_numbers(paper: Paper) -> set[str]:
    """The numbers a brief may use: those in the paper's title, abstract and institution names."""
    return numbers_in(" ".join([paper.title, paper.abstract, *paper.institutions]))


def invented_numbers(text: str, paper: Paper) -> list[str]:
    """Numbers in `text` that the paper's own text does not contain."""
    allowed = paper_numbers(paper)
    return sorted(n for n in numbers_in(text) if n not in allowed)


def has_material(paper: Paper) -> bool:
    """A brief needs an abstract (or, failing that, body text) to say anything true."""
    return bool(paper.abstract.strip() or paper.body_text.strip())


def subject(paper: Paper) -> list[str]:
    return brief_institutions(paper.institutions) or [UNKNOWN_TEAM]


def assemble(institutions_zh: list[str], paper_name: str, technique: str, problem: str, effect: str) -> str:
    """The brief's fixed sentence form; parts are filled in code so every brief has the same shape."""
    return (
        f"{'、'.join(institutions_zh) or UNKNOWN_TEAM}发布了{paper_name}论文，使用{technique}，"
        f"解决了{problem}，达成了{effect}的效果"
    )


def offline_brief(paper: Paper) -> Brief | None:
    """A deterministic brief from the paper's own sentences, or None when there is nothing to brief from."""
    sentences = split_sentences(paper.abstract or paper.body_text[:3000])
    if not sentences:
        return None
    technique_sentence = _pick(sentences, _PROPOSE, fallback=0)
    problem_sentence = _pick_problem(sentences, technique_sentence)
    rest = [s for s in sentences if s not in (technique_sentence, problem_sentence)]
    effect_sentence = _pick_result(rest) or technique_sentence
    technique = _clause(_LEAD_IN_TECHNIQUE.sub("", _after_proposal(technique_sentence)))
    problem = _clause(_LEAD_IN_PROBLEM.sub("", problem_sentence))
    effect = _clause(_LEAD_IN_EFFECT.sub("", effect_sentence))
    names = subject(paper)
    name = paper.short_name or "该"
    return Brief(
        text=assemble(names, name, technique, problem, effect),
        origin=BriefOrigin.OFFLINE,
        institutions_zh=names,
        paper_name=name,
        technique=technique,
        problem=problem,
        effect=effect,
    )


def _pick(sentences: list[str], pattern: re.Pattern[str], *, fallback: int) -> str:
    for sentence in sentences:
        if pattern.search(sentence):
            return sentence
    return sentences[min(fallback, len(sentences) - 1)] if sentences else ""


def _pick_problem(sentences: list[str], technique_sentence: str) -> str:
    """The problem: abstracts state it before they propose, so look there first, and never at a result."""
    lead = _PROBLEM_LEAD.match(technique_sentence)
    if lead:
        return lead["problem"]
    before = sentences[: sentences.index(technique_sentence)]
    others = [s for s in sentences if s != technique_sentence and not _RESULT.search(s)]
    for candidates in (before, others):
        found = [s for s in candidates if _PROBLEM.search(s)]
        if found:
            return found[0]
    return (before or others or [s for s in sentences if s != technique_sentence] or sentences)[0]


def _pick_result(sentences: list[str]) -> str:
    """The headline result: a result sentence with a number if there is one, else any result sentence."""
    results = [s for s in sentences if _RESULT.search(s)]
    with_numbers = [s for s in results if numbers_in(s)]
    return (with_numbers or results or sentences[-1:] or [""])[0]


def _after_proposal(sentence: str) -> str:
    match = _PROPOSE.search(sentence)
    return sentence[match.end() :] if match else sentence


def _clause(sentence: str) -> str:
    return clause(_LOWER_START.sub(lambda m: m.group(0).lower(), sentence.strip()))


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
