"""The parts of an offline brief said in Chinese from an English abstract, with the glossary's words and the
paper's own names and numbers only.

- 〈论文〉: the title's short name ("TinyServe"), a name the title starts with, the title in Chinese when the
  glossary knows every word of it, else the method's name, else the title as written in 《》.
- 〈技术〉: what the paper proposes, as a Chinese noun phrase, with the method's name ("可微token剪枝框架LightVLA");
  `setting.setting` adds what it is run with and measured on.
- 〈问题〉: the bottleneck the abstract names ("大语言模型推理中KV缓存的内存开销问题").
- 〈效果〉: the headline claims of `claims.headline_results` as Chinese metric phrases with the abstract's
  numbers as written ("延迟降低38.2%、实现3.4倍加速"), as many as the room the sentence leaves, or what the
  abstract claims without numbers.

When a part cannot be said from the paper, it says less: a shorter true phrase made of glossary terms found
in the abstract, never an English clause and never a word the paper does not support.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..claims import Claim, headline_results
from ..models import Paper
from .glossary import Glossary, Term, glossary, join_units
from .sentences import after_proposal, problem_sentences, proposal, result_sentences

MAX_TECHNIQUE = 36
MAX_EFFECT = 110  # the effect's room when the caller gives none
MAX_CLAIMS = 8
MAX_TITLE = 36
_GENERIC_HEADS = {
    "框架",
    "方法",
    "技术",
    "算法",
    "架构",
    "系统",
    "策略",
    "方案",
    "机制",
    "模块",
    "流程",
    "范式",
    "模型",
    "网络",
}
_PROBLEM_ENDS = ("问题", "瓶颈", "挑战", "难题")
_NEAR = 60  # characters between a part ("the KV cache") and the cost it has ("memory overhead")

# --- names ---------------------------------------------------------------------------------------------

# A method's name: one run of letters and digits (hyphens inside) with a capital or a digit after its start
# ("LightVLA", "YOLOv8", "Cott-ADNet", "HTP"), not a glossary term (LLM, KV) and not a plain capitalised word.
_NAME_RUN = re.compile(r"(?<![\w-])[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?![\w-])")
_NAMELIKE = re.compile(r"[A-Za-z].*(?:[A-Z]|\d)|^[A-Z]{2,}")
_CALLED = re.compile(r"\b(?:called|named|termed|dubbed|coined|namely)\s+(?P<name>[A-Za-z][\w-]*)", re.IGNORECASE)
_IN_PARENS = re.compile(r"\((?P<name>[A-Za-z][\w-]*)\)")
# A name given outside the proposal: "We refer to this inference paradigm as Direct Multi-Token Decoding (DMTD)".
_REFERRED = re.compile(
    r"\b(?:we|this paper|this work)\s+(?:refer to|call|term|name|dub)\s+(?:this|it|our|the|such)\b[^.]{0,60}?"
    r"\bas\s+[^.()]{0,80}?\((?P<name>[A-Za-z][\w-]*)\)",
    re.IGNORECASE,
)


def is_name(word: str, words: Glossary) -> bool:
    """Whether `word` is a name of the paper's own making: not a term of the field the glossary knows, nor
    capitalised words joined by hyphens as titles write them ("Time-Contrastive", "Real-Time")."""
    if not (_NAME_RUN.fullmatch(word) and _NAMELIKE.search(word[1:] or "")) or words.lookup(word) is not None:
        return False
    return "-" not in word or not all(part.isalpha() and part.istitle() for part in word.split("-"))


def method_name(paper: Paper, proposed: str) -> str:
    """The name the paper gives its method: the title's short name when the abstract uses it, a name "called"
    or put in parentheses in the proposal, or a name that starts it ("LightVLA, a …")."""
    words = glossary()
    short = paper.short_name
    if short != paper.title.strip() and is_name(short, words):
        written = re.search(rf"(?<![\w-]){re.escape(short)}(?![\w-])", paper.abstract, re.IGNORECASE)
        if written:
            return written.group()  # as the abstract writes it ("Vi-SAFE" for the title's "VI-SAFE")
    for pattern in (_CALLED, _IN_PARENS):
        for match in pattern.finditer(proposed):
            if is_name(match["name"], words):
                return match["name"]
    first = _NAME_RUN.match(proposed.lstrip())
    if first and is_name(first.group(), words):
        return first.group()
    referred = _REFERRED.search(paper.abstract)
    return referred["name"] if referred and is_name(referred["name"], words) else ""


def paper_name(paper: Paper, method: str) -> str:
    """〈论文〉: how the brief names the paper."""
    words = glossary()
    title = " ".join(paper.title.split())
    short = paper.short_name
    if short != title:
        said = words.translate(_unshout(short)) if len(short.split()) >= 3 else None
        return said if said and len(said) <= MAX_TITLE else short
    first = _NAME_RUN.match(_unshout(title))
    if first and is_name(first.group(), words) and len(title.split()) > 1:
        return first.group()  # "ResidualViT for Efficient Temporally Dense Video Encoding"
    chinese = words.translate(_unshout(title))
    if chinese and len(chinese) <= MAX_TITLE:
        return chinese
    if method or not title:
        return method or "相关"  # "发布了相关论文", as Chinese reports name a paper they cannot name
    return f"《{title}》"


def _unshout(title: str) -> str:
    """A title in capitals ("REASONING MODELS CAN BE PRUNED") with its words lowered, acronyms kept, so the
    glossary reads its words rather than taking them for names."""
    words = title.split()
    if sum(w.isupper() for w in words) * 2 < len(words):
        return title
    return " ".join(w.lower() if (w.isupper() and len(w) > 4) or w in _SHOUTED_SMALL else w for w in words)


_SHOUTED_SMALL = {"A", "AN", "THE", "OF", "FOR", "VIA", "AND", "IN", "ON", "WITH", "TO", "BY", "CAN", "BE", "IS"}


# --- technique -----------------------------------------------------------------------------------------

# Where the noun phrase of a proposal ends: a clause, an aside, a naming word.
_PHRASE_END = re.compile(
    r"[,;:(（—]|\s[-–]\s|\b(?:that|which|where|whereby|wherein|who|whose|to|called|named|termed|dubbed|coined|"
    r"namely|as|and then|while|so that|such that|capable|able)\b",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.IGNORECASE)
_NEGATED = re.compile(r"(?:no|not|neither|nor|without|none)\b", re.IGNORECASE)


def technique(paper: Paper, sentences: list[str]) -> tuple[str, str]:
    """(〈技术〉, the method's name) from the proposal sentence."""
    proposed = after_proposal(proposal(sentences))
    name = method_name(paper, proposed)
    described = _description(proposed, name)
    if name and described in _GENERIC_HEADS:
        return f"{name}{described}", name  # "AsyMoE架构"
    if not described or described in _GENERIC_HEADS:
        described = _with_terms(described, _technique_terms(proposed) or _technique_terms(paper.title))
    if name and name in described:
        return described, name
    if name:
        return (join_units([described, name]) if described else f"{name}方法"), name
    if described in _GENERIC_HEADS:
        return f"一种新{described}", name  # "使用方法" would read as "usage"
    return described or "一种新方法", name


def _description(proposed: str, name: str) -> str:
    """The proposal's noun phrase in Chinese ("a differentiable token pruning framework" → "可微token剪枝框架")."""
    words = glossary()
    text = proposed.strip()
    if name and text.startswith(name):
        text = text[len(name) :].lstrip(" ,")
    text = re.sub(r"\s*\([^()]*\)", "", text)  # "a hierarchical temporal pruning (HTP) strategy"
    phrase = _ARTICLE.sub("", _PHRASE_END.split(text, maxsplit=1)[0].strip())
    if not phrase or _NEGATED.match(phrase):
        return ""  # "our method introduces no additional parameters" proposes nothing to name
    whole = words.translate(phrase)
    said = whole if whole and len(whole) <= MAX_TECHNIQUE else words.tail(phrase)
    return said if len(said) <= MAX_TECHNIQUE else ""


def _technique_terms(text: str) -> list[str]:
    """The techniques (else the kinds of model) a text names, at most two."""
    terms = glossary().terms(text)
    for kind in ("techniques", "objects"):
        found = list(dict.fromkeys(t.zh for t in terms if kind in t.kinds and t.zh != "模型"))
        if found:
            return found[:2]
    return []


def _with_terms(head: str, terms: list[str]) -> str:
    if not terms:
        return head
    return f"基于{'与'.join(terms)}的{head or '方法'}"


# --- problem -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Scene:
    """What a problem sentence names: the model or system, the stage (inference), the part and the cost."""

    issue: Term
    subject: str
    setting: str
    part: str


def problem(paper: Paper, sentences: list[str]) -> str:
    """〈问题〉: the bottleneck the abstract names, in Chinese; else the efficiency or the shortcoming it is
    about, said no more precisely than the abstract supports."""
    words = glossary()
    technique_sentence = proposal(sentences)
    candidates = [*problem_sentences(sentences, technique_sentence), technique_sentence]
    subject = _first(words.terms(f"{paper.title}. {paper.abstract}"), "objects")
    for sentence in candidates:
        scene = _scene(words.terms(sentence), subject)
        if scene:
            return _as_problem(_say_scene(scene))
    context = join_units([subject, _first(words.terms(paper.abstract), "settings")])
    if re.search(r"\befficien|\blatency\b|\bspeed|\breal-time\b|\blightweight\b", paper.abstract, re.I):
        return f"{context}的效率问题" if context else "效率问题"
    return f"{context}中现有方法的不足" if context else "现有方法的不足"


def _scene(terms: list[Term], subject: str) -> _Scene | None:
    issues = [t for t in terms if "issues" in t.kinds]
    if not issues:
        return None
    issue = issues[0]
    before = [t for t in terms if t.end <= issue.start]
    # the part that has the cost: a technique or a specific thing ("KV cache", "visual tokens"), not a plain word
    parts = [
        t
        for t in before
        if ("techniques" in t.kinds or (" " in t.text and not t.kinds & {"metrics", "issues", "objects"}))
        and t.zh not in issue.zh
    ]
    part = parts[-1].zh if parts and issue.start - parts[-1].end <= _NEAR else ""
    own_subject = _first(terms, "objects")
    setting = _first([t for t in terms if t.zh not in issue.zh], "settings")
    return _Scene(issue, own_subject or subject, setting, part)


def _say_scene(scene: _Scene) -> str:
    context = join_units([scene.subject, scene.setting if scene.setting not in scene.subject else ""])
    part = scene.part if scene.part not in context else ""
    if part and context:
        return f"{context}中{part}的{scene.issue.zh}"
    if context or part:
        return f"{context or part}的{scene.issue.zh}"
    return scene.issue.zh


def _as_problem(text: str) -> str:
    return text if text.endswith(_PROBLEM_ENDS) else f"{text}问题"


def _first(terms: Iterable[Term], kind: str) -> str:
    return next((t.zh for t in terms if kind in t.kinds), "")


# --- effect --------------------------------------------------------------------------------------------

# Words right before a value that qualify it, in Chinese ("up to 3.4×" → "最高3.4倍").
_QUALIFIERS = (
    (re.compile(r"\bup to\s*$", re.I), "最高"),
    (re.compile(r"\b(?:over|more than|greater than|higher than|larger than|exceeding|above)\s*$", re.I), "超过"),
    (re.compile(r"\b(?:nearly|almost)\s*$", re.I), "近"),
    (re.compile(r"\b(?:about|approximately|around|roughly|~)\s*$", re.I), "约"),
    (re.compile(r"\b(?:an average of|on average|average(?:d)?|mean)\s*(?:of\s*)?$", re.I), "平均"),
    (re.compile(r"\bat least\s*$", re.I), "至少"),
)
_TIMES = re.compile(r"\s?(?:×|[xX]|-fold|\s?times)$")
_RANGE_TIMES = re.compile(r"\s?(?:×|[xX])(?=\s?[-–—~∼]|\sto\s)")
_RANGE_SPACES = re.compile(r"\s+([-–—~∼])\s+")
_RANGE_TO = re.compile(r"\sto\s(?:(?P<over>over|more than)\s|(?:nearly|about)\s)?")
_CHANGE = re.compile(
    r"^(?:[Ff]rom\s(?P<low>.+?)\s(?:\([^()]*\)\s)?(?:(?:down|up)\s)?to\s(?P<high>.+)|(?P<a>.+?)\s?(?:→|->)\s?(?P<b>.+))$"
)
_COUNTED = {"parameters", "FLOPs", "memory", "tokens"}  # "减少" a quantity one counts, "降低" a level


def effect(paper: Paper, sentences: list[str], room: int = MAX_EFFECT) -> str:
    """〈效果〉: the abstract's headline claims as Chinese metric phrases, in at most `room` characters (the first
    claim always), else its claims without numbers."""
    words = glossary()
    # Only what the paper found: a number stated with the problem, before the proposal, is someone else's.
    start = paper.abstract.find(proposal(sentences)[:40])
    claims = [c for c in headline_results(paper.abstract, MAX_CLAIMS) if c.start >= start]
    phrases = _merge([_claim_phrase(claim, words) for claim in claims], [_benchmark(c, words) for c in claims])
    outcomes = _outcomes(sentences, words)
    while len(phrases) > 1 and len("、".join(phrases)) > room:
        phrases.pop()
    if phrases:
        keep = next((o for o in outcomes if o.startswith("保持") or "无损" in o), "")
        scope = _scope(sentences[sentences.index(proposal(sentences)) :], words)
        said = "、".join(phrases)
        if scope and not said.startswith("在") and len(said) + len(scope) < room:
            said = f"在{scope}上{said}"
        return f"{said}且{keep}" if keep and len(said) + len(keep) < room else said
    if outcomes:
        return "、".join(outcomes[:2])
    if re.search(r"\bstate[- ]of[- ]the[- ]art\b|\boutperform|\bsurpass|\bsuperior\b", paper.abstract, re.I):
        return "优于现有方法"
    return "经实验验证有效"


def _claim_phrase(claim: Claim, words: Glossary) -> tuple[str, str, str]:
    """(metric, verb, value) of one claim in Chinese: ("延迟", "降低", "38.2%")."""
    value = _value(claim)
    if claim.kind == "speed-up":
        return ("", "实现", f"{value}加速")
    entry = words.lookup(claim.metric_words) if claim.metric_words else None
    metric = entry.zh if entry else claim.metric_zh
    if metric in claim.value:  # "26 FPS to 45 FPS" is a speed, "7.5 GFLOPs" a computation
        metric = claim.metric_zh
    change = _CHANGE.match(claim.value)
    if change:
        verb = "降至" if claim.kind == "reduction" else "提升至"
        low, high = change["low"] or change["a"], change["high"] or change["b"]
        return (metric, "从", f"{_unit(low)}{verb}{_unit(high)}")
    lower = claim.lower_is_better
    if claim.kind == "retention":  # "retains 94% of the original performance"
        return (metric, "保持为原来的", value)
    if claim.kind == "value":
        multiple = value.endswith("倍") and not lower  # "2.02× the throughput": raised to that multiple
        return (metric, "提升至" if multiple else "为" if lower else "达", value)
    if claim.kind == "reduction" or (claim.kind == "improvement" and lower):
        return (metric, "减少" if claim.metric in _COUNTED else "降低", value)
    return (metric, "增加" if claim.kind == "increase" and lower else "提升", value)


# Not "over" nor "compared with": they name what is beaten ("15.61% over the FR-KAN+ model"), not where.
_ON = re.compile(r"\b(?:on|for|(?<!compared )(?<!comparison )with)\s+(?:the\s+)?(?P<name>[A-Za-z][\w.-]*)")
_LEADING_ON = re.compile(r"^(?:On|For|With)\s+(?:the\s+)?(?P<name>[A-Za-z][\w.-]*)")


def _benchmark(claim: Claim, words: Glossary) -> str:
    """The data set or model a claim was measured on, when its sentence names it right after the value ("on
    ImageNet-1K") or first ("On LLaMA-2-7B, …")."""
    after = claim.context[claim.context.find(claim.value) + len(claim.value) :][:60]
    for found, text in ((_ON.search(after), after), (_LEADING_ON.match(claim.context), claim.context)):
        name = found["name"].rstrip(".-") if found else ""
        if found and name and is_name(name, words):
            return _with_model(name, text[found.end() :], words)
    return ""


_NEXT_WORD = re.compile(r"\s(?P<word>[A-Za-z][\w.-]*)")


def _with_model(name: str, rest: str, words: Glossary) -> str:
    """A vendor's name with its model after it ("NVIDIA A800", not "NVIDIA"): a name without digits, then a word
    that is a name or a model number (A800, H100)."""
    following = _NEXT_WORD.match(rest)
    word = following["word"].rstrip(".-") if following else ""
    numbered = bool(_NAME_RUN.fullmatch(word)) and any(c.isdigit() for c in word) and words.lookup(word) is None
    vendor = not any(c.isdigit() for c in name)  # "GSM8K MATH500" are two names, not a vendor's model
    return f"{name} {word}" if word and vendor and (numbered or is_name(word, words)) else name


# "Experiments on CIFAR-10, CIFAR-100 and Tiny-ImageNet show …": what the results were measured on.
_SCOPE = re.compile(
    r"\b(?:experiments?|evaluations?|results?|tests?|evaluated|tested|validated|benchmarks?)\b[^.;]{0,40}?"
    r"\b(?:on|across|over)\s+(?:the\s+|several\s+|multiple\s+|\w+\s+(?:public\s+)?)?(?P<names>[A-Z][^.;:()]{1,80})"
)
_LIST_SPLIT = re.compile(r",\s*(?:and\s+)?|\s+and\s+")


def _scope(sentences: list[str], words: Glossary) -> str:
    """The data sets or models the results name as measured on, at most three ("CIFAR-10、ImageNet")."""
    for sentence in sentences:
        found = _SCOPE.search(sentence)
        if not found:
            continue
        names = []
        for item in _LIST_SPLIT.split(found["names"]):
            item = item.split()[0].rstrip(".-") if item.split() else ""
            if not is_name(item, words):
                break
            names.append(item)
        if names:
            return "、".join(names[:3])
    return ""


def _value(claim: Claim) -> str:
    before = claim.context[: max(0, claim.context.find(claim.value))]
    qualifier = next((zh for pattern, zh in _QUALIFIERS if pattern.search(before)), "")
    return qualifier + _unit(claim.value, points="个百分点" if claim.metric in _RATES else "分")


# Metrics whose points are percentage points ("accuracy by 1.2 points"); a score's are points (分).
_RATES = {"accuracy", "success rate", "precision", "recall", "error rate"}


def _unit(value: str, points: str = "分") -> str:
    """A value with its unit as Chinese writes it: 3.4× → 3.4倍, 3–5× → 3–5倍, 2.35x to 2.72x → 2.35至2.72倍, 2.8 per
    cent → 2.8%, 10.2 percentage points → 10.2个百分点, 1.2 points → 1.2`points`; others as written."""
    value = re.sub(r"\s*\([^()]*\)", "", value).strip()
    for pattern, chinese in _UNITS:
        value = pattern.sub(chinese, value)
    value = _POINTS.sub(points, value)
    value = _RANGE_TIMES.sub("", _RANGE_SPACES.sub(r"\1", value))  # "20% ∼ 25%" → 20%∼25%
    value = _RANGE_TO.sub(lambda m: "至超过" if m["over"] else "至", value)  # "2.35x to 2.72x" → 2.35至2.72倍
    return _TIMES.sub("倍", value)


_UNITS = (
    (re.compile(r"\sper ?cent$"), "%"),
    (re.compile(r"\s(?:percentage points?|pp)$|pp$"), "个百分点"),
)
_POINTS = re.compile(r"\s(?:absolute\s)?points?$")


def _merge(parts: list[tuple[str, str, str]], where: list[str]) -> list[str]:
    """Claims on the same metric with the same verb said once ("准确率分别提升26.58%和15.45%"), each led by
    the data set or model it was measured on when a new one is named ("在ImageNet上…")."""
    merged: list[tuple[str, str, str, list[str]]] = []
    for (metric, verb, value), place in zip(parts, where, strict=True):
        if merged and merged[-1][1:3] == (metric, verb) and metric and verb != "从":
            merged[-1][3].append(value)
        else:
            merged.append((place, metric, verb, [value]))
    said, last = [], ""
    for place, metric, verb, values in merged:
        lead = f"在{place}上" if place and place != last else ""
        last = place or last
        said.append(f"{lead}{metric}{'分别' if len(values) > 1 else ''}{verb}{'和'.join(values)}")
    return said


# Claims without numbers: a verb and the metric or cost it acts on ("significantly reduces latency").
_VERBS = (
    (re.compile(r"\b(?:reduc|lower|cut|decreas|minimi[sz]|sav|alleviat|mitigat)\w*\s+(?:\w+\s+){0,2}$", re.I), "降低"),
    (re.compile(r"\b(?:improv|enhanc|boost|increas|rais|accelerat|speed\w*\s+up)\w*\s+(?:\w+\s+){0,2}$", re.I), "提升"),
    (re.compile(r"\b(?:maintain|preserv|retain|keep)\w*\s+(?:\w+\s+){0,2}$", re.I), "保持"),
)


# Metrics and qualities of which more is better: only raised or kept, never "降低" (and costs never "提升").
_MORE_IS_BETTER = (
    "效率",
    "准确率",
    "吞吐量",
    "速度",
    "性能",
    "质量",
    "能效",
    "精度",
    "鲁棒性",
    "能力",
    "可扩展性",
    "得分",
    "成功率",
    "召回率",
    "精确率",
    "F1",
    "mAP",
)


def _outcomes(sentences: list[str], words: Glossary) -> list[str]:
    """What the result sentences claim without numbers, in Chinese ("降低推理延迟", "保持准确率")."""
    found: list[str] = []
    technique_sentence = proposal(sentences)
    for sentence in [*result_sentences(sentences, technique_sentence), technique_sentence]:
        for term in words.terms(sentence):
            if not term.kinds & {"metrics", "issues"}:
                continue
            before = sentence[max(0, term.start - 40) : term.start]
            verb = next((zh for pattern, zh in _VERBS if pattern.search(before)), "")
            if verb and (verb == "保持" or (verb == "提升") == term.zh.endswith(_MORE_IS_BETTER)):
                found.append(f"{verb}{term.zh}")
    return list(dict.fromkeys(found))
