"""Finding the sentences of an abstract that propose, state the problem and report the result, in English
and in Chinese; a Chinese abstract's brief is made of its own clauses (`chinese_clauses`)."""

from __future__ import annotations

import re

from ..text import clause, numbers_in

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
_LEAD_IN_TECHNIQUE = re.compile(r"^(?:一种|一个|一套)")
_LEAD_IN_PROBLEM = re.compile(r"^(?:然而|但是|不过|但)[，,]?|^(?:此外|目前)[，,]")
_LEAD_IN_EFFECT = re.compile(r"^[^，。]{0,20}?(?:实验|结果|评估|测试)[^，。]{0,6}?(?:表明|显示|证明)[，,：:]?")


def proposal(sentences: list[str]) -> str:
    """The sentence that proposes the method, else the first one."""
    return next((s for s in sentences if _PROPOSE.search(s)), sentences[0] if sentences else "")


def after_proposal(sentence: str) -> str:
    """What the proposal sentence proposes: the words after "we propose"."""
    match = _PROPOSE.search(sentence)
    return sentence[match.end() :] if match else sentence


def problem_sentences(sentences: list[str], technique_sentence: str) -> list[str]:
    """Where the problem is stated, best first: abstracts state it before they propose, so look there first,
    and never at a result."""
    before = sentences[: sentences.index(technique_sentence)] if technique_sentence in sentences else []
    others = [s for s in sentences if s != technique_sentence and not _RESULT.search(s)]
    cued = [s for s in before if _PROBLEM.search(s)] + [s for s in others if _PROBLEM.search(s)]
    rest = before or others or [s for s in sentences if s != technique_sentence] or sentences
    return list(dict.fromkeys([*cued, *rest]))


def result_sentences(sentences: list[str], technique_sentence: str) -> list[str]:
    """The result sentences, those with a number first."""
    rest = [s for s in sentences if s != technique_sentence]
    results = [s for s in rest if _RESULT.search(s)]
    return [s for s in results if numbers_in(s)] + [s for s in results if not numbers_in(s)]


def chinese_clauses(sentences: list[str]) -> tuple[str, str, str]:
    """(technique, problem, effect) of a Chinese abstract, each a clause of its own sentences."""
    technique_sentence = proposal(sentences)
    lead = _PROBLEM_LEAD.match(technique_sentence)
    problem = lead["problem"] if lead else problem_sentences(sentences, technique_sentence)[0]
    rest = [s for s in sentences if s not in (technique_sentence, problem)]
    effect = (result_sentences(rest, "") or rest[-1:] or [technique_sentence])[0]
    return (
        clause(_LEAD_IN_TECHNIQUE.sub("", after_proposal(technique_sentence))),
        clause(_LEAD_IN_PROBLEM.sub("", problem)),
        clause(_LEAD_IN_EFFECT.sub("", effect)),
    )
