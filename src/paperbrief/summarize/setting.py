"""〈技术〉's setting: the configuration the abstract states for its own method ("4比特量化", "100步采样",
"参数量149M"), the models, data sets and hardware it names as measured on ("在LLaMA-2-7B、GSM8K上评测") and
the ones it is compared with ("对比GPT-4o"), with the paper's numbers as written.

Only what the method is run with: facts from the proposal sentence on (and the title), never in a clause
about a baseline ("the baseline's 100-step inference"); the names of such a clause are what it is compared
with, except those after "on" ("outperforms X on GSM8K"). A fact whose numbers do not all read back from the
paper as the same numbers is left out, so a rendering can never make a number up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ..claims import is_metric_name
from ..models import Paper
from ..text import normalize_number, numbers_in
from .glossary import glossary
from .sentences import proposal

MAX_FACTS = 4
MAX_NAMES = 3

_SPELLED = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty"
_COUNT = rf"(?P<n>\d+|(?i:{_SPELLED}))"
_DECIMAL = r"(?P<n>\d+(?:\.\d+)?)"
_MAGNITUDE = {"thousand": "K", "million": "M", "billion": "B", "trillion": "T"}
# Words of a clause that make it about another method's setting, not the paper's own.
_OTHERS = re.compile(
    r"\b(?:baselines?|prior|previous|existing|conventional|standard|than|compared|versus|vs|against|outperform\w*|"
    r"surpass\w*|beat\w*|exceed\w*|match\w*|rival\w*|compet\w*|comparable)\b",
    re.I,
)
# Addresses (code, e-mail) are no setting, and the names in them are no models ("github.com/kec1212").
_ADDRESS = re.compile(r"\S*(?:https?://|www\.|\.com\b|\.io\b|\.org\b|@)\S*")
_ON = re.compile(r"\b(?:on|across|over)\s")
_CLAUSE = re.compile(
    r"[,;:()]|\b(?:while|whereas|but)\b|\b(?:shows?|demonstrates?|indicates?|reveals?|confirms?|suggests?)\s+that\b"
)


@dataclass(frozen=True)
class _Rule:
    """A pattern for one kind of fact and how Chinese says what it matched."""

    pattern: re.Pattern[str]
    say: Callable[[re.Match[str]], str]


def _count(match: re.Match[str]) -> str:
    """The count as digits: "six" is 6 (`normalize_number` reads both the same)."""
    return normalize_number(match["n"])


def _magnitude(match: re.Match[str]) -> str:
    """A size with its magnitude as Chinese reports write it: "149M", "1.7B", "7 billion" → "7B"."""
    written = match["m"]
    return f"{match['n']}{_MAGNITUDE.get(written.lower(), written)}"


_STEP_KINDS = {
    "sampling": "采样",
    "denoising": "去噪",
    "inference": "推理",
    "diffusion": "扩散",
    "decoding": "解码",
    "training": "训练",
    "generation": "生成",
}
_BIT_NEXT = {"quantization": "量化", "quantized": "量化", "precision": "精度", "weights": "权重"}
_UNITS_OF_COUNT = {
    "datasets": "个数据集",
    "benchmarks": "个基准",
    "tasks": "项任务",
    "languages": "种语言",
    "models": "个模型",
    "environments": "个环境",
}

_RULES = (
    # "4-bit quantization", "2 bits", "1.58-bit weights"
    _Rule(
        re.compile(r"(?<![\w.])(?P<n>\d+(?:\.\d+)?)[- ]?bits?\b(?:[- ](?P<next>quantiz\w*|precision|weights))?", re.I),
        lambda m: f"{m['n']}比特{_BIT_NEXT.get((m['next'] or '').lower(), '量化' if m['next'] else '')}",
    ),
    # "INT4", "FP8", "W4A16": precision formats are names with numbers, said as written
    _Rule(re.compile(r"(?<![\w-])(?P<n>(?:INT|FP|BF)\d+|W\d+A\d+)(?![\w-])"), lambda m: f"{m['n']}精度"),
    # "100 sampling steps", "4-step", "eight denoising steps"; not "three steps" of a procedure
    _Rule(
        re.compile(
            rf"(?<![\w.-])(?:(?P<digits>\d+)[- ](?:(?P<kind>{'|'.join(_STEP_KINDS)})[- ])?|{_COUNT}[- ](?P<named>"
            rf"{'|'.join(_STEP_KINDS)})[- ])steps?\b(?![- ]size)",
            re.I,
        ),
        lambda m: f"{m['digits'] or _count(m)}步{_STEP_KINDS.get((m['kind'] or m['named'] or '').lower(), '')}",
    ),
    # "1-NFE", "5 function evaluations"
    _Rule(
        re.compile(rf"(?<![\w.-]){_COUNT}[- ]?(?:NFEs?\b|(?:neural )?function evaluations?\b)", re.I),
        lambda m: f"{_count(m)}次函数评估",
    ),
    # "149M parameters", "1.7B-parameter", "7 billion parameters"
    _Rule(
        re.compile(
            rf"(?<![\w.-]){_DECIMAL}\s?(?P<m>[KMBT]|thousand|million|billion|trillion)\b[- ]"
            r"(?:(?:total|activated|active|trainable|learnable)[- ])?param(?:eter)?s?\b",
        ),
        lambda m: f"参数量{_magnitude(m)}",
    ),
    # "a 5k-token context", "32k prompt length", "128K context"
    _Rule(
        re.compile(
            r"(?<![\w.-])(?P<n>\d+(?:\.\d+)?[kKM])[- ](?:tokens?[- ])?(?:context|prompt|sequence|input)"
            r"(?: length| window)?\b",
        ),
        lambda m: f"{m['n']}上下文长度",
    ),
    # "768 × 1408 videos", "2160×3840 video generation", "1024x1024 images"
    _Rule(
        re.compile(
            r"(?<![\w.])(?P<a>\d{3,5})\s?[×x]\s?(?P<b>\d{3,5})(?![\d.])(?=\s(?:\w+\s)?(?:images?|videos?|resolution|"
            r"pixels?|frames?)\b)"
        ),
        lambda m: f"{m['a']}×{m['b']}分辨率",
    ),
    # "on 15 image restoration datasets", "across six benchmarks"
    _Rule(
        re.compile(
            rf"\b(?:on|across|over|covering|spanning)\s(?:a\s(?:suite|total)\sof\s)?{_COUNT}\s"
            rf"(?:[A-Za-z-]+\s){{0,3}}?(?P<what>{'|'.join(_UNITS_OF_COUNT)})\b",
        ),
        lambda m: f"{_count(m)}{_UNITS_OF_COUNT[m['what']]}",
    ),
)

# A name with a number in it: a model, data set or chip ("LLaMA-2-7B", "CIFAR-10", "Qwen2.5-3B", "H100").
_NUMBERED_NAME = re.compile(
    r"(?<![\w.-])[A-Za-z][A-Za-z0-9]*(?:\.\d+[A-Za-z0-9]*|×\d+[A-Za-z0-9]*|-[A-Za-z0-9]+(?:\.\d+)?)*(?![\w×-])"
)


def _names_it(text: str, name: str) -> bool:
    """Whether `text` has `name` as a word of its own (Mamba2 is not said by "Mamba2Serve")."""
    return re.search(rf"(?<![A-Za-z0-9-]){re.escape(name)}(?![A-Za-z0-9-])", text) is not None  # 中文 bounds it too


def setting(paper: Paper, sentences: list[str], said: str, room: int) -> str:
    """What the method is run with, measured on and compared with, in Chinese ("4比特量化，在LLaMA-2-7B上评测，对比
    GPT-4o"), in at most `room` characters, leaving out what `said` (the rest of the brief) already carries."""
    own, others = _clauses(paper, sentences)
    allowed = numbers_in(" ".join([paper.title, paper.abstract]))
    facts = [f for _, f in _facts(own) if numbers_in(f) <= allowed and f not in said][:MAX_FACTS]
    # in a comparison, what comes after "on" is still where it was measured ("outperforms X on GSM8K")
    split = [_ON.split(c, maxsplit=1) for c in others]
    where = own + [parts[1] for parts in split if len(parts) > 1]
    measured = [n for n in _names(where) if not _names_it(said, n) and not any(n in f for f in facts)][:MAX_NAMES]
    compared = [n for n in _names(p[0] for p in split) if not _names_it(said, n) and n not in measured][:MAX_NAMES]
    parts = [facts, measured, compared]
    while len(_say(parts)) > room and any(parts):
        max(reversed(parts), key=len).pop()  # the last of the longest list goes first
    return _say(parts)


def _say(parts: list[list[str]]) -> str:
    facts, measured, compared = parts
    said = [
        "、".join(facts),
        f"在{'、'.join(measured)}上评测" if measured else "",
        f"对比{'、'.join(compared)}" if compared else "",
    ]
    return "，".join(filter(None, said))


def _clauses(paper: Paper, sentences: list[str]) -> tuple[list[str], list[str]]:
    """The clauses of the title and of the sentences from the proposal on: those about the paper's own method,
    and those that compare it with others."""
    technique_sentence = proposal(sentences)
    start = sentences.index(technique_sentence) if technique_sentence in sentences else 0
    texts = [_ADDRESS.sub(" ", s) for s in [paper.title, *sentences[start:]]]
    clauses = [c for s in texts for c in _CLAUSE.split(s) if c and c.strip()]
    return [c for c in clauses if not _OTHERS.search(c)], [c for c in clauses if _OTHERS.search(c)]


def _facts(clauses: Iterable[str]) -> list[tuple[str, str]]:
    """The configuration facts of the clauses, as written and in Chinese, in the order the text states them."""
    found: dict[str, str] = {}
    for clause in clauses:
        matches = [(m.start(), m.group(), rule.say(m)) for rule in _RULES for m in rule.pattern.finditer(clause)]
        for _, written, fact in sorted(matches):
            found.setdefault(fact, written)
    return [(written, fact) for fact, written in found.items()]


def _names(clauses: Iterable[str]) -> list[str]:
    """Names with a capital and a number in them that the glossary does not know and that name no metric
    ("Top-1", "F1")."""
    words = glossary()
    found = []
    for text in clauses:
        for match in _NUMBERED_NAME.finditer(text):
            name = match.group()
            numbered = any(c.isdigit() for c in name) and any(c.isupper() for c in name)
            if numbered and words.lookup(name) is None and not is_metric_name(name):
                found.append(name)
    return list(dict.fromkeys(found))
