"""The headline results of an abstract: its quantitative claims, each with its metric, its kind (a speed-up, a
reduction, an improvement, …) and its value as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from itertools import pairwise

from .text import NOT_RANGING, Quantity, quantities, sentence_spans

RESULTS_PER_PAPER = 3


_SCORE_NAMES = (
    r"BLEU|F1|mAP|AP50|WER|EER|perplexity|Cavg|accuracy|GLUE|PSNR|SSIM|mIoU|AUC|AUROC|Dice|ROUGE(?:-\w+)?|CIDEr|"
    r"FID|MAE|MSE|RMSE|minADE|minFDE"
)
# A value is a claim when it has a unit that makes it one (×, %, FPS, ms, GB, ..., see `text.quantities`), or
# when a bare number is written next to a score's name ("28.4 BLEU", "BLEU score of 41.8"), which then names
# its metric.
_SCORE_AFTER = re.compile(rf"\s(?:\w+\s)?(?P<name>{_SCORE_NAMES})\b")
_SCORE_BEFORE = re.compile(rf"\b(?P<name>{_SCORE_NAMES})\)?(?:\s(?:score|rate))?\s(?:of|to|=|is|at)\s$")
_POINTS = re.compile(r"\s(?:absolute\s)?points?\b")
_CHANGE_UNIT = re.compile(r"[%×xX]$|fold$|times$|cent$")

# (metric, Chinese name, pattern, lower is better).
_METRICS: tuple[tuple[str, str, re.Pattern[str], bool], ...] = tuple(
    (metric, zh, re.compile(pattern, re.IGNORECASE), lower)
    for metric, zh, pattern, lower in (
        ("speed-up", "速度", r"\bspeed[\s-]?ups?\b|\bfaster\b|\baccelerat\w*|\binference speed\b|\bFPS\b", False),
        ("throughput", "吞吐量", r"\b(?:throughput|goodput)\b", False),
        ("SLO attainment", "SLO达成率", r"\bSLO attainment\b", False),
        ("forgetting", "遗忘", r"\b(?:catastrophic )?forgetting\b", True),
        ("storage", "存储", r"\bstorage\b", True),
        ("bandwidth", "带宽", r"\bbandwidth\b", True),
        (
            "latency",
            "延迟",
            r"\blatency\b|\bdelays?\b|\bms\b|\bmilliseconds\b|\bTTFT\b|\bTPOT\b|\btime[- ]to[- ]first[- ]token\b",
            True,
        ),
        ("memory", "内存", r"\bmemory\b|\bGB\b|\bMB\b|\bTB\b|\b(?:KV[- ])?cache(?: size)?\b", True),
        (
            "parameters",
            "参数量",
            r"\bparameters?\b|(?:(?<=of )|(?<=of the )|(?<=of its ))weights\b|\bparams\b|\bmodel size\b"
            r"|(?<=[×x] )smaller\b",
            True,
        ),
        (
            "FLOPs",
            "计算量",
            r"\bG?FLOPs\b|\bMACs\b|\bcomputation(?:al (?:cost|savings?|load))?\b|\b(?:training )?compute\b",
            True,
        ),
        ("energy", "能耗", r"\benergy\b|\bpower consumption\b", True),
        ("emissions", "碳排放", r"\bcarbon (?:footprint|emissions?)\b|\bCO2 emissions?\b", True),
        ("data transfer", "数据传输量", r"\b(?:data|uplink|downlink) (?:transfer|transmission|movement)s?\b", True),
        (
            "time",
            "时间",
            r"\b(?:training|inference|running|run|processing|response|decoding|generation|wall-clock|prefill(?:ing)?|"
            r"rollout|execution|search|compilation|tuning|fine-tuning|end-to-end|simulation|rendering|reconstruction|"
            r"extraction)"
            r" times?\b"
            r"|\bruntime\b",
            True,
        ),
        (
            "cost",
            "成本",
            r"\b(?:(?:communication|computational|computation|memory|inference|training|deployment) )?"
            r"(?:costs?|overheads?)\b",
            True,
        ),
        (
            "efficiency",
            "效率",
            r"\b(?:(?:inference|energy|computational|training|memory|parameter) )?efficiency\b",
            False,
        ),
        ("error rate", "错误率", r"\berror(?: rates?)?\b|\bEERs?\b|\bWER\b|\bCavg\b", True),
        ("false positives", "误报", r"\bfalse (?:positives?|alarms?)(?: rates?)?\b", True),
        ("error", "误差", r"\bMAE\b|\bR?MSE\b|\bminADE\b|\bminFDE\b|\bFID\b", True),
        ("accuracy", "准确率", r"\baccurac(?:y|ies)\b|\btop-[15]\b|\b(?-i:Acc)\b", False),
        ("success rate", "成功率", r"\bsuccess(?:ful(?: \w+)?)? rates?\b|\bsuccess\b", False),
        ("precision", "精确率", r"\bprecision\b|\bpre-cision\b", False),
        ("recall", "召回率", r"\brecall(?:@\d+)?\b", False),
        ("BLEU", "BLEU", r"\bBLEU\b", False),
        ("F1", "F1", r"\bF1(?:-score)?\b", False),
        ("mAP", "mAP", r"\b(?-i:mAP)(?:50)?\b|\bAP50\b", False),
        ("perplexity", "困惑度", r"\bperplexity\b", True),
        (
            "score",
            "得分",
            r"\bGLUE\b|\bPSNR\b|\bSSIM\b|\bmIoU\b|\bAUC\b|\bAUROC\b|\bDice\b|\bROUGE(?:-\w+)?|\bCIDEr\b|\bwin rates?\b"
            r"|\b(?:overall|average|weighted|benchmark|alignment|quality|reward|preference|similarity) scores?\b",
            False,
        ),
        ("sparsity", "稀疏度", r"\bsparsity\b", False),
        ("pruning ratio", "剪枝率", r"\bpruning (?:ratios?|rates?)\b", False),
        (
            "steps",
            "步数",
            r"\b(?:decoding|sampling|denoising|diffusion|inference|reasoning|generation) steps\b|\bNFEs?\b",
            True,
        ),
        ("bias", "偏差", r"\bbias(?:es)?\b", True),
        ("acceptance length", "接受长度", r"\b(?:average )?acceptance (?:length|rate)s?\b", False),
        ("bitrate", "码率", r"\bBD-?rate\b|\bDelta-rate\b|\bbit-?rates?\b|\bbpp\b", True),
        # the tokens a model reads ("reduces visual tokens by 88.9%"), not the ones it writes per second
        (
            "tokens",
            "token数",
            r"\b(?:visual |vision |image |video |input |prompt |total )?tokens\b(?! per\b|/s)"
            r"|\btoken(?= (?:reduction|usage|consumption|counts?)\b)"
            r"|\b(?:input )?sequence lengths?\b|\binput sequences\b",
            True,
        ),
        (
            "quality loss",
            "质量损失",
            r"\b(?:\w+ )?(?:quality|accuracy|performance|(?-i:mAP|BLEU|F1|PSNR)) (?:loss|drop|degradation)\b",
            True,
        ),
        # only as the subject of a change ("performance improvements of 3.05%"): alone it names nothing
        # or as what is kept of a reference ("retains 94% of the full-cache performance"), or right after the
        # value ("keeps 98% performance")
        (
            "performance",
            "性能",
            r"\bperformance(?= (?:improvements?|gains?|boosts?|drops?|degradation|by)\b)"
            r"|\b(?:original|full|baseline|base|dense|uncompressed|teacher|vanilla|full-\w+|model's|its)"
            r"(?: model(?:'s)?)? performance\b|\b[\w.-]+'s performance\b|^\s?performance\b",
            False,
        ),
        ("compression", "压缩比", r"\bcompression(?: ratio| rate)?\b", False),
    )
)
_REDUCTION = re.compile(
    r"\b(?:fewer|less|lesser|lower|smaller|shorten\w*|reduc\w*|sav\w*|cut\w*|decreas\w*|drop\w*|remov\w*|discard\w*|evict\w*|"
    r"eliminat\w*)\b|\bprun\w*\b(?! (?:ratios?|rates?)\b)",
    re.I,
)
_GAIN = re.compile(r"\b(?:improv\w*|gain\w*|boost\w*|enhanc\w*|better|lift|outperform\w*|surpass\w*)\b", re.I)
_INCREASE = re.compile(r"\b(?:increas\w*|higher|larger|greater|grow\w*)\b", re.I)
_DIRECTIONS = ((_REDUCTION, "reduction"), (_GAIN, "improvement"), (_INCREASE, "increase"))
_PREDICATE = re.compile(r"\b(?:outperform|surpass|exceed|beat)\w*", re.I)
# A comparative right before a value bounds it ("greater than 30 FPS"): it says nothing of a change.
_THAN = re.compile(r"\b(?:greater|higher|larger|more|better)\s+than\s*$", re.I)
_CONJUNCTION = re.compile(r"\s(?:and|or|with|while|but|at)\s.*", re.I)
_UNKNOWN_CHANGE = re.compile(r"^\s*(?:\w+\s)?(?:increase|reduction|improvement|decrease|gain)s?\sin\b", re.I)
# A level's last words ("error rate of", "reaches"), not a change's ("by a factor of", "ranged from").
_FINAL_VALUE = re.compile(
    rf"(?:\b(?<!up )to|{NOT_RANGING}\bfrom|(?<!factor )\bof|\bis|\bat|\bachiev\w*|\breach\w*|=)"
    r"(?:\s(?:about|around|approximately|nearly|roughly|only|just))?\s*$",
    re.I,
)
_FACTOR = r"(?:\s(?:up to\s)?a factor of)?"  # "by a factor of 3.7", "of up to a factor of 3.65x"
_BY = re.compile(rf"\bby(?:\s(?:over|up to|about|nearly|more than|at least|only|an average of))?{_FACTOR}\s*$", re.I)
# A change named before its size: "energy savings of 22%", "a reduction of 40%", "gains of 1.44%", "a reduction
# in RMSE of 3.65x".
_DIRECTED = re.compile(
    r"\b(?:sav\w*|reduc\w*|improv\w*|gain\w*|increas\w*|decreas\w*|drop\w*|boost\w*|cut\w*|lower\w*)"
    r"(?:\s+in\s+[\w\s-]{1,40}?)?\s+(?:of|by)"
    rf"(?:\s(?:over|up to|about|nearly|more than|at least|only|an average of|approximately))?{_FACTOR}\s*$",
    re.I,
)
_PAIRED = re.compile(r"^\s*,?\s*(?:and|or)\s+(?:up to\s+)?[\d.,]+\s?(?:%|×|x)?")
# Values in a row of one metric: "by 30% and 40%", "by 1.28× on average and by up to 2.01×".
_JOINED = re.compile(r"^\s*(?:on average\s*)?(?:,|and|,\s*and|or)(?:\s+by)?(?:\s+up to)?\s*$")
# Values in a row that each name what they beat: "by 2.65% over vanilla Transformers and 0.8% over PCformer".
_JOINED_OVER = re.compile(
    r"^\s*(?:over|than|compared (?:to|with)|vs\.?)\s+[^,;()\d]{1,40}?(?:,\s*and\b|,|\band\b)\s*$", re.I
)
_CLAUSE_END = re.compile(r"[,;()]")
_BARE_LOSS = re.compile(r"^\s?(?P<words>degradation|drop)\b", re.I)
# A measure named right before its value ("a generation rate of", "GPU utilization above").
_OWN_MEASURE = re.compile(
    r"\b(?:rates?|ratios?|percentages?|proportions?|fractions?|shares?|utili[sz]ation|consistency|coverage)"
    r"\s(?:of|at|above|below|over|exceeding|reaching)(?:\s(?:up to|about|nearly|over|only|approximately))?\s*$",
    re.I,
)
_PARENTHETICAL = re.compile(r"\([^()]*\)")
_BEFORE, _AFTER = 100, 40
_KIND_RANK = {"speed-up": 0, "reduction": 1, "improvement": 2, "increase": 2, "retention": 3, "value": 3}
# What is kept of a reference: "retains 94% of the original performance", "preserving 35% of image tokens".
_RETAINED = re.compile(
    r"\b(?:retain|maintain|preserv|keep|recover|sustain)\w*\s+"
    r"(?:(?:about|around|approximately|over|nearly|up to|roughly|at least|more than|only|~)\s+)?$",
    re.I,
)
# A gain over others with no metric named: "outperforming vanilla MTP by 82%".
_OUTPERFORMED_BY = re.compile(
    r"\b(?P<words>outperform\w*|surpass\w*|exceed\w*|beat\w*)\b[^,;]{0,60}?\bby"
    r"(?:\s(?:over|up to|about|nearly|more than|at least|an average of|approximately))?\s*$",
    re.I,
)


def is_metric_name(word: str) -> bool:
    """Whether `word` is the name of a metric ("Top-1", "F1", "mAP50"), not of a model or data set."""
    return any(pattern.fullmatch(word) for _, _, pattern, _ in _METRICS)


def _metric_info(metric: str) -> tuple[str, bool]:
    """(Chinese name, lower is better) of a metric."""
    return next((zh, lower) for m, zh, _, lower in _METRICS if m == metric)


@dataclass(frozen=True)
class Claim:
    """One quantitative claim: `value` is a verbatim slice of the abstract, `context` its whole sentence."""

    start: int
    value: str
    number: float  # the first number of `value`, thousands separators dropped
    metric: str
    kind: str  # "speed-up" | "reduction" | "improvement" | "increase" | "retention" | "value"
    context: str
    metric_words: str = ""  # the words that named the metric, as written ("success rate", "FLOPs")

    @property
    def metric_zh(self) -> str:
        """The metric's plain Chinese name ("速度", "延迟"), without a direction."""
        return _metric_info(self.metric)[0]

    @property
    def lower_is_better(self) -> bool:
        """Whether less of the metric is the gain (latency, memory, error rate), as opposed to accuracy."""
        return _metric_info(self.metric)[1]

    @property
    def label_zh(self) -> str:
        zh, lower_is_better = _metric_info(self.metric)
        if self.metric == "speed-up":
            return "加速" if self.kind != "value" else zh
        if self.kind == "reduction":
            return f"{zh}降低"
        if self.kind == "retention":
            return f"{zh}保留"
        if self.kind == "increase":
            return f"{zh}{'增加' if lower_is_better else '提升'}"
        if self.kind == "improvement":
            return f"{zh}{'改善' if lower_is_better else '提升'}"
        return zh


def headline_results(abstract: str, limit: int = RESULTS_PER_PAPER) -> list[Claim]:
    """The abstract's main quantitative claims, at most `limit`, efficiency gains preferred, in the order the
    abstract states them; a number no known metric is near is not a claim."""
    claims: list[Claim] = []
    for start, end in sentence_spans(abstract):
        claims += _claims_in(abstract, start, end)
    unique = list({(c.metric, c.kind, c.value): c for c in reversed(claims)}.values())
    best = sorted(unique, key=lambda c: (_KIND_RANK[c.kind], c.start))[:limit]
    return sorted(best, key=lambda c: c.start)


@dataclass(frozen=True)
class _Candidate:
    """A value that may be a claim: `anchor` is where its words begin (a score's name before it, else the
    value), `name` what may name its metric (that score's name, else the value with its unit)."""

    anchor: int
    quantity: Quantity
    name: str


def _candidates(sentence: str) -> list[_Candidate]:
    found = []
    for quantity in quantities(sentence):
        if quantity.unit or sentence[quantity.start - 1 : quantity.start] == "+":
            # a signed bare number ("mAP by up to +6.76") is a change, like one with a unit
            found.append(_Candidate(quantity.start, quantity, quantity.text))
        elif before := _SCORE_BEFORE.search(sentence, 0, quantity.start):
            found.append(_Candidate(before.start(), quantity, before["name"]))
        elif after := _SCORE_AFTER.match(sentence, quantity.end):
            found.append(_Candidate(quantity.start, quantity, after["name"]))
        elif (points := _POINTS.match(sentence, quantity.end)) and _BY.search(sentence, 0, quantity.start):
            # "by 1.1 points": a change on a score, its unit the points
            text = sentence[quantity.start : points.end()]
            found.append(_Candidate(quantity.start, replace(quantity, end=points.end(), text=text), text))
    return found


# "reduces FLOPs and latency by 59.1% and 38.2% respectively": the metrics named in turn, then their values.
_RESPECTIVELY = re.compile(r"\brespectively\b", re.I)


def _respective_metrics(sentence: str, candidates: list[_Candidate]) -> list[tuple[str, str]] | None:
    """The metrics of a "respectively" pair, in order, when as many are named right before the values."""
    if len(candidates) < 2 or not _RESPECTIVELY.search(sentence, candidates[1].quantity.end):
        return None
    before = _CLAUSE_END.split(sentence[: candidates[0].anchor])[-1]
    named = sorted((m.start(), metric, m.group()) for metric, m in _metrics_named(before))
    if len(named) != 2 or not _JOINED.match(sentence[candidates[0].quantity.end : candidates[1].anchor]):
        return None
    return [(metric, words) for _, metric, words in named]


def _claims_in(text: str, start: int, end: int) -> list[Claim]:
    sentence = text[start:end]
    candidates = _candidates(sentence)
    respective = _respective_metrics(sentence, candidates)
    bounds = _group_bounds(sentence, candidates)
    claims: list[Claim] = []
    previous: tuple[int, Claim | None] = (0, None)
    for i, candidate in enumerate(candidates):
        quantity = candidate.quantity
        at, until = quantity.start, quantity.end
        next_start = candidates[i + 1].anchor if i + 1 < len(candidates) else len(sentence)
        named = (respective[i] if respective and i < 2 else None) or (
            _metric_of(candidate.name) or _metric_near(sentence, (at, until), next_start, bounds[i])
        )
        if named is None:
            previous = (until, None)
            continue
        metric, words = named
        before = _clause_before(sentence, max(previous[0], at - _BEFORE), at)
        following = sentence[until:next_start]
        if _JOINED.match(following) and i + 2 <= len(candidates):
            # "26.58% and 15.45% accuracy improvements": the words after the pair tell both changes
            following = sentence[until : candidates[i + 2].anchor if i + 2 < len(candidates) else len(sentence)]
        kind = quantity.change or _kind(metric, quantity.text, before, following)
        last = previous[1]
        if kind == "value" and last and _shares_verb(sentence[previous[0] : at]):
            kind = last.kind  # "reduces A and B by 7.5% and 8.1%": the second number shares the first one's verb
        claim = Claim(start + at, quantity.text, quantity.numbers[0], metric, kind, sentence, words)
        claims.append(claim)
        # A number joined to a change is another end point ("from 8.11% to 21.99% and 18.42%"), not a change.
        previous = (until, None if quantity.change else claim)
    return claims


def _joined(between: str) -> bool:
    return bool(_JOINED.match(between) or _JOINED_OVER.match(between))


# "reduces total cost by 30% and unnecessary cost up to 60%": a metric of its own, the verb before.
_AND_ANOTHER = re.compile(r"^\s*,?\s*and\s+[^,;()\d]{1,40}?\s*$", re.I)


def _shares_verb(between: str) -> bool:
    """Whether the words between two values leave the second one the first one's verb."""
    return _joined(between) or bool(_AND_ANOTHER.match(between) and not _FINAL_VALUE.search(between))


def _group_bounds(sentence: str, candidates: list[_Candidate]) -> list[tuple[int, int]]:
    """For each candidate, the stretch of the sentence its metric may be named in: up to the values next to it,
    unless they are joined to it ("26.58% and 15.45% accuracy improvements", "by 30% and 40%"), since a
    metric with another value between it and this one is that value's ("reduces Gaussians by 1.79×, with
    0.5 dB PSNR drops")."""
    gaps = [sentence[a.quantity.end : b.anchor] for a, b in pairwise(candidates)]
    joined = [_joined(between) for between in gaps]
    bounds = []
    for i in range(len(candidates)):
        first, last = i, i
        while first > 0 and joined[first - 1]:
            first -= 1
        while last < len(joined) and joined[last]:
            last += 1
        left = candidates[first - 1].quantity.end if first > 0 else 0
        right = candidates[last + 1].anchor if last + 1 < len(candidates) else len(sentence)
        bounds.append((left, right))
    return bounds


def _metric_of(text: str) -> tuple[str, str] | None:
    """(metric, the words naming it) for the first metric whose pattern `text` matches."""
    return next(((metric, m.group()) for metric, _, p, _ in _METRICS if (m := p.search(text))), None)


def _metric_near(
    sentence: str, span: tuple[int, int], next_start: int, bounds: tuple[int, int]
) -> tuple[str, str] | None:
    """What the quantity at `span` measures, and the words that say so: named in its own clause after it ("40%
    fewer parameters"), else the nearest metric before it in its clause ("error rates of 3.5%"), else the one
    named after the values joined to it, else the nearest one before it, within `bounds`."""
    start, end = span
    low, high = bounds
    # Its own clause ends at a conjunction too: "reduces FLOPs by 59.1% and latency by 38.2%".
    after = _own_clause(sentence, end, min(next_start, end + _AFTER))
    unknown = _UNKNOWN_CHANGE.match(after)
    if unknown:  # "8.3× reduction in single-batch end-to-end latency": read the whole phrase
        after = _own_clause(sentence, end, min(next_start, end + 2 * _AFTER))
    named = _first_metric(after)
    if named:
        return named[1:]
    if bare := _BARE_LOSS.match(after):
        return "quality loss", bare["words"]  # "only 1.4% degradation"
    if unknown:
        return None  # "10x increase in achievable performance": a change in something we cannot name
    before = _PARENTHETICAL.sub("", sentence[max(low, start - _BEFORE) : start])
    clause = _CLAUSE_END.split(before)[-1]
    outperformed = _OUTPERFORMED_BY.search(clause)
    if outperformed and not any(_metrics_named(clause[outperformed.start() :])):
        return "performance", outperformed["words"]  # unless it names one: "outperforms X in accuracy by 3.2%"
    if in_clause := _last_metric(clause):
        return in_clause
    if _OWN_MEASURE.search(clause):
        return None  # "with a generation rate of 98.4%": it says what it measures, which is none we know
    # Values joined to it share the metric named after them ("delivering 6.3× and 4.0× average speedups");
    # else a metric after the next value is that value's (see `_group_bounds`).
    shared = _first_metric(sentence[end : min(high, end + _BEFORE)]) if next_start < high else None
    return shared[1:] if shared else _last_metric(before)


def _own_clause(sentence: str, start: int, end: int) -> str:
    """The words after a value up to its clause's end, asides in parentheses passed over ("1.8% (11.7M) of its
    parameters")."""
    return _CONJUNCTION.sub("", _CLAUSE_END.split(_PARENTHETICAL.sub("", sentence[start:end]))[0])


def _last_metric(text: str) -> tuple[str, str] | None:
    """The metric named last in `text`, and its words."""
    found = [(len(text) - m.end(), metric, m.group()) for metric, m in _metrics_named(text)]
    return min(found)[1:] if found else None


def _first_metric(text: str) -> tuple[int, str, str] | None:
    found = [(m.start(), metric, m.group()) for metric, m in _metrics_named(text)]
    return min(found) if found else None


# A metric word made into a qualifier of something else ("memory-efficient", "latency-aware", "energy-delay").
_QUALIFIES = re.compile(
    r"-(?:efficient|aware|bound|intensive|sensitive|constrained|critical|optimal|driven|delay|area)\b"
)


def _metrics_named(text: str) -> Iterator[tuple[str, re.Match[str]]]:
    """Each metric named in `text`, but not as the end of a compound that qualifies something else
    ("in low-bandwidth scenarios", "energy-delay-area product")."""
    for metric, _, pattern, _ in _METRICS:
        for match in pattern.finditer(text):
            if text[match.start() - 1 : match.start()] != "-" and not _QUALIFIES.match(text, match.end()):
                yield metric, match


def _clause_before(sentence: str, start: int, end: int) -> str:
    """The words leading up to a quantity within its clause, asides in parentheses dropped."""
    text = _PARENTHETICAL.sub("", sentence[start:end])
    return _CLAUSE_END.split(text)[-1]


def _kind(metric: str, value: str, before: str, after: str) -> str:
    signed = before.endswith("+")  # "+3.5% Top-1 accuracy", "by up to +6.76": a change
    before = _THAN.sub("", before.removesuffix("+"))
    after = _PAIRED.sub("", after)  # "26.58% and 15.45% accuracy improvements": the words after both count
    if metric == "speed-up" and _CHANGE_UNIT.search(value):
        return "speed-up"
    # The words right after it: "40% fewer", "2× reduction", "7.7% point absolute improvement" (not past an
    # "and": "by 1.2 points and reduces latency"); they also outrank "sustains" ("sustains 40% higher throughput").
    head = " ".join(_CONJUNCTION.sub("", " " + _CLAUSE_END.split(after)[0]).split()[:3])
    head = _PREDICATE.split(head)[0]  # "a ratio of 39.5% even outperformed X": the clause's verb, not a direction
    for pattern, kind in _DIRECTIONS:
        if pattern.search(head):
            return kind
    if _RETAINED.search(before):
        return "retention"
    directed = _DIRECTED.search(before)
    if directed:
        return next(kind for pattern, kind in _DIRECTIONS if pattern.search(directed.group()))  # "savings of 22%"
    if _OUTPERFORMED_BY.search(before):
        return "improvement"  # "surpassing the strongest baseline by an average of 4.02%"
    if signed:
        return "improvement" if _BY.search(before) else "increase"
    if _FINAL_VALUE.search(before):
        return "value"  # "error rate of 3.5%", "reaches 22.0%": a level, not a change
    nearest = max(((m.end(), kind) for pattern, kind in _DIRECTIONS for m in pattern.finditer(before)), default=None)
    if nearest:
        return nearest[1]
    return "improvement" if _BY.search(before) else "value"
