"""Reading a paper's text the same way everywhere: sentences, numbers as written, and clauses short enough
for a brief, in English and in Chinese.

Stdlib only and free of paperbrief imports, so every stage (and the pipeline's early checks) can use it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache

# --- Sentences ------------------------------------------------------------------------------------------

# What an abstract that was not cut off ends with: a sentence's end, or a closing bracket or quote after one.
SENTENCE_END = (".", "!", "?", "。", "！", "？", ")", '"', "”")
_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CHINESE_CHARACTER = f"[{_CJK}]"
_ENGLISH_WORD = re.compile(r"[A-Za-z]+")
_CLOSERS = "\\]\"'”’)）」』"
# An English sentence ends at . ! ? before a space and a capital, digit, bracket, quote or Chinese character;
# a Chinese one at 。！？； whatever follows (Chinese puts no space between sentences), and at an ASCII . ! ?
# written right before a Chinese character, as Chinese text typed on an English keyboard has it.
_SENTENCE_BREAK = rf"[.!?]+[{_CLOSERS}]*(?=\s+[A-Z0-9(\[\"“‘{_CJK}])|[.!?]+(?=[{_CJK}])|[。！？；]+[{_CLOSERS}]*"
_ABBREVIATION = re.compile(r"(?<![\w.])(?:e\.g|i\.e|et al|etc|vs|cf|Figs?|Eqs?|Secs?|No|approx)\.$", re.IGNORECASE)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """The dearest expressions to compile (long alternations, wide classes of Chinese characters), compiled on
    first use: a command that imports this module for `squeeze` alone (screening a listing) does not wait for
    them."""
    return re.compile(pattern)


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, without the spaces around it, so `text[start:end]` is the
    sentence verbatim; never split after an abbreviation ("e.g.", "et al.") or inside a number (3.5, v1.2)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _compiled(_SENTENCE_BREAK).finditer(text):
        if _ABBREVIATION.search(text, start, match.end()):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return [trimmed for span in spans if (trimmed := _strip_span(text, *span))]


def _strip_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    if not piece.strip():
        return None
    leading = len(piece) - len(piece.lstrip())
    return start + leading, start + len(piece.rstrip())


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, each with its runs of whitespace (line breaks of a PDF) made one space."""
    return [" ".join(text[start:end].split()) for start, end in sentence_spans(text)]


# What `str.split()` splits at in ASCII, besides the space and the line feed.
_OTHER_ASCII_SPACES = "\t\x0b\x0c\r\x1c\x1d\x1e\x1f"


def squeeze(text: str) -> str:
    """`text` with its whitespace collapsed to single spaces, as `" ".join(text.split())` makes it, but quicker
    for what listings mostly hold (ASCII lines wrapped at single newlines) and for text squeezed already."""
    flat = text.replace("\n", " ").strip()
    # An ASCII text is squeezed when no space follows a space and no other whitespace is in it (each looked for
    # by `in`, which skips through the text in C: `isprintable` reads it character by character).
    if flat.isascii() and "  " not in flat and not any(map(flat.__contains__, _OTHER_ASCII_SPACES)):
        return flat
    return " ".join(flat.split())


def ends_with_sentence(text: str) -> bool:
    """Whether `text` ends with a full sentence; an abstract that does not was probably cut off."""
    return text.rstrip().endswith(SENTENCE_END)


def is_chinese(text: str) -> bool:
    """Whether `text` is written in Chinese: at least as many Chinese characters as English words, so a
    Chinese sentence naming an English method ("我们提出了 TinyServe") still counts as Chinese."""
    return len(_compiled(_CHINESE_CHARACTER).findall(text)) >= max(1, len(_ENGLISH_WORD.findall(text)))


# --- Numbers as written ---------------------------------------------------------------------------------

# A number as papers write it: 1,000 with thousands separators (only in groups of three, so "1,2" is two
# numbers), 3.5 with decimals.
NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_NUMBER = re.compile(NUMBER)
# Letters, digits and "_" of English text: Chinese characters count as words for `\w`, yet "提升了27%" has
# a number of its own.
_LATIN = "A-Za-z0-9_"
# A unit that makes a number a measurement or a change. × and x only when no number follows ("3 × 3 conv",
# "16x16" are sizes); "times" only before a comparative ("2.5 times faster"); percentages also in words
# ("2.8 per cent", "10.2 percentage points", "3.1 pp").
_UNIT = (
    rf"\s?%|\s?×(?!\s?\d)|[xX](?![{_LATIN}×-])(?!\s?\d)|-fold(?![{_LATIN}])|\s?倍"
    rf"|\s?(?:FPS|fps|ms|milliseconds|GB|MB|TB|GFLOPs|dB|mW|mJ)(?![{_LATIN}])"
    r"|\stimes(?=\s(?:faster|less|fewer|smaller|lower)\b)"
    rf"|\s(?:per ?cent|percentage points?)(?![{_LATIN}])|\s?pp(?![{_LATIN}])"
)
# A number glued to a name ("ResNet-50", "Top-1", "v1.5") or to another number is not a value of its own.
_ALONE = rf"(?<![{_LATIN}.,/-])"
# One value: a number, or several joined by slashes ("41.2/38.5 BLEU"), with an optional unit.
_VALUE = rf"{_ALONE}(?:{NUMBER})(?:/(?:{NUMBER}))*(?:{_UNIT})?"
# A range written with "to" ends in a unit of change: "3.7 to 4×", "2.35x to 2.72x" are ranges, "40% to 2.1 GB" is not.
_RANGE_UNIT = rf"\s?(?:×|[xX](?![{_LATIN}×-])|%)|-fold(?![{_LATIN}])"
# Values "ranging from A to B" are a range, not a change: what comes right before its "from".
_RANGING_WORDS = ("range", "ranges", "ranged", "ranging", "varies", "varied", "varying")
NOT_RANGING = "".join(rf"(?<!{word}\s)" for word in _RANGING_WORDS)
_QUANTITY = (
    rf"{NOT_RANGING}\b[Ff]rom\s(?P<low>{_VALUE})\s(?:\([^()]*\)\s)?(?:(?:down|up)\s)?to\s{_VALUE}"
    rf"|(?P<start>{_VALUE})\s?(?:→|->)\s?{_VALUE}"
    rf"|{_ALONE}(?:{NUMBER})(?:{_UNIT})?\s?[-–—~∼]\s?(?:{NUMBER})(?:{_UNIT})"
    rf"|{_ALONE}(?:{NUMBER})(?:{_RANGE_UNIT})?\sto\s(?:(?:over|nearly|about|more than)\s)?"
    rf"(?:{NUMBER})(?:{_RANGE_UNIT})"
    rf"|{_VALUE}"
)


@dataclass(frozen=True)
class Quantity:
    """A value as the text writes it: `text` is the verbatim slice `[start, end)` ("1,000 FPS", "3–5×",
    "from 1,250 ms to 300 ms"); `numbers` its numbers in order, normalised; `unit` what follows the last
    number ("%", "×", "-fold", "ms", "" for none); `change` is "reduction" or "increase" for "from A to B" (or "A→B")
    (both numbers kept), else ""."""

    start: int
    end: int
    text: str
    numbers: tuple[float, ...]
    unit: str
    change: str = ""


# Numbers as Chinese and English writers also write them: with a magnitude ("120K", "12万", "7 billion"), in
# Chinese numerals before a unit that makes them a value ("两倍", "四个数量级"), in words ("fivefold", "twice").
_MAGNITUDES = {"k": 3, "K": 3, "M": 6, "B": 9, "T": 12, "thousand": 3, "million": 6, "billion": 9, "trillion": 12}
_MAGNITUDES_ZH = {"千": 3, "万": 4, "十万": 5, "百万": 6, "千万": 7, "亿": 8}
_DIGITS_ZH = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_UNITS_ZH = {"十": 1, "百": 2, "千": 3, "万": 4, "亿": 8}
_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "thousand": 1000, "twice": 2, "double": 2, "doubled": 2, "doubles": 2, "doubling": 2,
    "triple": 3, "tripled": 3, "triples": 3, "tripling": 3, "quadruple": 4, "quadrupled": 4,
}  # fmt: skip
_WORD_NUMBER = "|".join(sorted(_WORDS, key=len, reverse=True))
_READ = (
    rf"(?P<digits>{NUMBER})(?:(?P<magnitude>[kKMBT])(?![A-Za-z0-9])|\s?(?P<word>(?i:thousand|million|billion|trillion))\b"
    rf"|(?P<zh>十万|百万|千万|万|亿|千)(?![克米瓦]))?"
    r"|(?P<numeral>[零〇一二两三四五六七八九十百千万亿]+)(?=倍|个数量级|个百分点)"
    rf"|\b(?P<spelled>(?i:{_WORD_NUMBER}))(?:-?(?i:fold))?\b"
    rf"|\b(?P<fold>(?i:{_WORD_NUMBER}))(?i:fold)\b"
)


def normalize_number(written: str) -> str:
    """The one spelling of a number however it is written, so that numbers compare equal: thousands
    separators dropped (1,000 is 1000), trailing zeros dropped (3.40 is 3.4), magnitudes applied (120K, 12万
    and 120 thousand are 120000), Chinese numerals (两倍 is 2) and words (fivefold, twice) read. Every number
    paperbrief compares goes through here; `written` is one number as `numbers_in` finds it."""
    written = written.strip()
    if written and all(char in _DIGITS_ZH or char in _UNITS_ZH for char in written):
        return str(_chinese_numeral(written))  # found before a unit ("两倍"), which is not part of it
    match = _compiled(_READ).fullmatch(written)
    if match is None:
        return written.replace(",", "")
    if match["spelled"] or match["fold"]:
        value = Decimal(_WORDS[(match["spelled"] or match["fold"]).lower()])
    else:
        value = Decimal(match["digits"].replace(",", ""))
        magnitude = match["magnitude"] or (match["word"] or "").lower()
        value = value.scaleb(_MAGNITUDES.get(magnitude) or _MAGNITUDES_ZH.get(match["zh"] or "", 0))
    return _plain(value)


def _plain(value: Decimal) -> str:
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def _chinese_numeral(text: str) -> int:
    """一 → 1, 十五 → 15, 二十 → 20, 三百 → 300, 两万 → 20000."""
    total, section, digit = 0, 0, 0
    for char in text:
        if char in _DIGITS_ZH:
            digit = _DIGITS_ZH[char]
            continue
        power = _UNITS_ZH[char]
        if power >= 4:
            total += (section + digit) * 10**power
            section = 0
        else:
            section += (digit or 1) * 10**power
        digit = 0
    return total + section + digit


def numbers_in(text: str) -> set[str]:
    """Every number in `text`, normalised, names' numbers included ("ResNet-50" has 50): the set the
    "no invented numbers" checks compare."""
    return {normalize_number(match.group()) for match in _compiled(_READ).finditer(text)}


def quantities(text: str) -> list[Quantity]:
    """The values in `text` in order: numbers with their units, ranges (1.44%-5.46%, 3–5×, 2.35x to 2.72x) and changes
    (from 1,250 ms to 300 ms, kept whole); numbers that are part of a name (ResNet-50) are left out."""
    return [_quantity(match) for match in _compiled(_QUANTITY).finditer(text)]


def _quantity(match: re.Match[str]) -> Quantity:
    written = match.group()
    found = list(_NUMBER.finditer(written))
    numbers = tuple(float(normalize_number(n.group())) for n in found)
    unit = written[found[-1].end() :].strip()
    changed = match.group("low") or match.group("start")
    change = ""
    if changed:
        first_unit = written[found[0].end() : found[1].start()] if len(found) > 1 else ""
        first_scale, last_scale = _scale(first_unit), _scale(unit)
        # "from 12 to 4 GB": an end without a unit of its own has the other's
        first_scale = first_scale or last_scale or 1.0
        last_scale = last_scale or first_scale
        change = "reduction" if numbers[-1] * last_scale < numbers[0] * first_scale else "increase"
    return Quantity(match.start(), match.end(), written, numbers, unit, change)


# The units of `_UNIT` in which the two ends of a change may be written differently ("from 1.3TB to 103GB").
_SCALES = {"mb": 1e6, "gb": 1e9, "tb": 1e12}
_SCALE_UNIT = re.compile(r"^\s*([A-Za-z]+)")


def _scale(unit: str) -> float:
    """What one `unit` is worth, for comparing the two ends of a change; 0 when it is none of `_SCALES`."""
    match = _SCALE_UNIT.match(unit)
    return _SCALES.get(match.group(1).lower(), 0.0) if match else 0.0


# --- Clauses --------------------------------------------------------------------------------------------

MAX_WORDS = 28
MAX_CHINESE_CHARS = 60
_TRAILING = ".;:!。；：！，, "
_CUT_END = ",;: ，；："
_CLAUSE_BREAK = re.compile(r"[,;]\s|[，；]")
# Runs a Chinese clause must not be cut inside: English words and numbers with their decimals and units.
_UNBREAKABLE = re.compile(r"[A-Za-z0-9]+(?:[.,/'-][A-Za-z0-9]+)*[%×]?")


def clause(sentence: str, *, max_words: int = MAX_WORDS, max_chars: int = MAX_CHINESE_CHARS) -> str:
    """`sentence` without its final stop, trimmed to a readable clause when it is long: at most `max_words`
    whole words (English) or `max_chars` characters (Chinese), ended at a comma or semicolon when one falls
    in the second half, and marked with "…"; a word or a number is never cut in two."""
    text = sentence.strip().rstrip(_TRAILING)
    head = _head_chars(text, max_chars) if is_chinese(text) else _head_words(text, max_words)
    if head == text:
        return text
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(head) if m.start() > len(head) // 2]
    if breaks:
        head = head[: breaks[-1]]
    return head.rstrip(_CUT_END) + "…"


def _head_words(text: str, limit: int) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit])


def _head_chars(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    for run in _UNBREAKABLE.finditer(text):
        if run.start() >= limit:
            break
        if run.end() > limit:
            limit = run.start() or run.end()  # a clause that is one long run keeps it whole
            break
    return text[:limit]
