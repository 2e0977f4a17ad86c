"""Page layout: PyMuPDF's spans as lines with their size, weight and position, in reading order.

The extractor reads PyMuPDF spans (`page.get_text("dict")`), not a flat text dump: font size, weight,
superscript flags and positions decide which lines form the title, the author block, the affiliations
and the abstract. Pages are read lazily (`Doc.page`); the text helpers at the end join lines into text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pymupdf

# PyMuPDF flags: no images (speed), ligatures expanded ("ﬁ" -> "fi"), whitespace kept as printed.
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
_SUPERSCRIPT = 1
_BOLD = 16

# Chinese and Japanese characters and their full-width punctuation (a character class body): text written
# without spaces between words.
CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
CJK_CHAR = re.compile(f"[{CJK}]")


@dataclass(slots=True)
class Span:
    text: str
    size: float
    bold: bool
    sup: bool
    x0: float
    x1: float
    font: str = ""


@dataclass(slots=True)
class Line:
    spans: list[Span]
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""
    size: float = 0.0
    bold: bool = False
    font: str = ""

    def finish(self) -> Line:
        self.text = join_spans(self.spans, keep_sup=True)
        main = [s for s in self.spans if not s.sup and s.text.strip()] or self.spans
        weights: dict[float, int] = {}
        for s in main:
            key = round(s.size, 1)
            weights[key] = weights.get(key, 0) + len(s.text.strip())
        self.size = max(weights, key=lambda k: weights[k]) if weights else 0.0
        self.font = max(main, key=lambda s: len(s.text.strip())).font if main else ""
        letters = sum(len(s.text.strip()) for s in main)
        self.bold = letters > 0 and sum(len(s.text.strip()) for s in main if s.bold) * 2 > letters
        return self

    @property
    def max_size(self) -> float:
        return max((s.size for s in self.spans if not s.sup and s.text.strip()), default=self.size)

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def plain(self, sep: str = " ") -> str:
        """The text with superscript markers replaced by `sep` (they separate names and affiliations)."""
        return join_spans(self.spans, keep_sup=False, sup_sep=sep)


def join_spans(spans: list[Span], *, keep_sup: bool, sup_sep: str = " ") -> str:
    parts: list[str] = []
    prev: Span | None = None
    for i, span in enumerate(spans):
        text = span.text
        if span.sup and not keep_sup and text.strip() and not _glued(spans, i):
            text = sup_sep
        # PyMuPDF splits lines at font changes; a visible gap between spans is a word break.
        joined = prev is None or not parts or not text or parts[-1].endswith(" ") or text.startswith(" ")
        if not joined and prev is not None and span.x0 - prev.x1 > 0.2 * max(span.size, 1.0):
            parts.append(" ")
        parts.append(text)
        prev = span
    return clean_text("".join(parts))


def _glued(spans: list[Span], i: int) -> bool:
    """A raised symbol inside a word ('A⋆STAR') is part of the word, not a marker."""
    if i == 0 or i + 1 >= len(spans):
        return False
    mark, before, after = spans[i].text.strip(), spans[i - 1].text, spans[i + 1].text
    return len(mark) == 1 and not mark.isalnum() and before[-1:].isalpha() and after[:1].isalpha()


# LaTeX prints accents as separate spacing characters before the letter ("Ma´nke"): make them combining.
_SPACING_ACCENTS = {
    "´": "\u0301",
    "`": "\u0300",
    "¨": "\u0308",
    "ˆ": "\u0302",
    "˜": "\u0303",
    "ˇ": "\u030c",
    "˘": "\u0306",
    "˙": "\u0307",
    "˚": "\u030a",
    "˝": "\u030b",
}
_ACCENT_BEFORE = re.compile("([" + "".join(_SPACING_ACCENTS) + "]) ?([A-Za-z])")


def clean_text(text: str) -> str:
    if any(c in text for c in _SPACING_ACCENTS):
        text = _ACCENT_BEFORE.sub(lambda m: m.group(2) + _SPACING_ACCENTS[m.group(1)], text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class Page:
    number: int
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # horizontal text, reading order
    rotated: list[str] = field(default_factory=list)  # vertical text (margin stamps)


def read_page(page: Any, number: int) -> Page:
    info = page.get_text("dict", flags=_TEXT_FLAGS)
    out = Page(number, float(page.rect.width), float(page.rect.height))
    for block in info["blocks"]:
        for raw in block.get("lines", ()):
            dx, dy = raw["dir"]
            text = "".join(s["text"] for s in raw["spans"])
            if not text.strip():
                continue
            if abs(dy) > 0.5 or dx < 0:
                out.rotated.append(text)
                continue
            spans = [_make_span(s) for s in raw["spans"] if s["text"]]
            _mark_raised(spans, raw["spans"])
            x0, y0, x1, y1 = raw["bbox"]
            out.lines.append(Line(spans, number, x0, y0, x1, y1).finish())
    out.lines = _merge_same_baseline(out.lines)
    out.lines = _reading_order(out.lines, out.width)
    return out


def _make_span(raw: dict[str, Any]) -> Span:
    flags = int(raw["flags"])
    font = str(raw.get("font", "")).lower()
    bold = bool(flags & _BOLD) or "bold" in font or ".b" in font or "-b" in font or "black" in font
    x0, _, x1, _ = raw["bbox"]
    return Span(raw["text"], float(raw["size"]), bold, bool(flags & _SUPERSCRIPT), x0, x1, str(raw.get("font", "")))


def _mark_raised(spans: list[Span], raw: list[dict[str, Any]]) -> None:
    """Small spans sitting above the line's baseline are superscripts even when the font says otherwise."""
    if len(spans) < 2:
        return
    big = max(s.size for s in spans)
    base = max(r["origin"][1] for r, s in zip(raw, spans, strict=False) if s.size == big)
    for span, r in zip(spans, raw, strict=False):
        if span.size < 0.85 * big and r["origin"][1] < base - 0.15 * big:
            span.sup = True


def _merge_same_baseline(lines: list[Line]) -> list[Line]:
    """Join fragments of one printed line that PyMuPDF put apart (a raised marker, a split word)."""
    lines.sort(key=lambda ln: (round(ln.y1), ln.x0))
    merged: list[Line] = []
    for line in lines:
        prev = next((m for m in reversed(merged[-4:]) if _same_printed_line(m, line)), None)
        if prev is not None:
            prev.spans.extend(line.spans)
            prev.x1, prev.y0, prev.y1 = line.x1, min(prev.y0, line.y0), max(prev.y1, line.y1)
            prev.finish()
        else:
            merged.append(line)
    return merged


def _same_printed_line(prev: Line, line: Line) -> bool:
    gap = line.x0 - prev.x1
    if not -0.5 <= gap < 0.6 * max(prev.size, line.size, 1.0):
        return False
    if abs(prev.y1 - line.y1) < 0.3 * max(line.height, 1.0):
        return True
    # a marker ('1', '*') set higher than the text it belongs to
    overlap = min(prev.y1, line.y1) - max(prev.y0, line.y0)
    short = min(prev, line, key=lambda ln: len(ln.text))
    return len(short.text) <= 3 and overlap > 0.3 * min(prev.height, line.height)


def _reading_order(lines: list[Line], width: float) -> list[Line]:
    """Lines in reading order: bands split by lines crossing the page middle; within a band the left
    column before the right one. Single-column text crosses the middle, so it simply reads top-down."""
    mid = width / 2
    ordered: list[Line] = []
    band: list[Line] = []

    def flush() -> None:
        ordered.extend(sorted((ln for ln in band if ln.x1 <= mid + 2), key=lambda ln: ln.y0))
        ordered.extend(sorted((ln for ln in band if ln.x1 > mid + 2), key=lambda ln: ln.y0))
        band.clear()

    for line in sorted(lines, key=lambda ln: (ln.y0, ln.x0)):
        if line.x0 < mid - 2 and line.x1 > mid + 2:
            flush()
            ordered.append(line)
        else:
            band.append(line)
    flush()
    return ordered


class Doc:
    """The open document with pages read on demand."""

    def __init__(self, doc: Any, max_pages: int) -> None:
        self.doc = doc
        self.count = min(max_pages, doc.page_count)
        self._pages: dict[int, Page] = {}

    def page(self, number: int) -> Page | None:
        if number >= self.count:
            return None
        if number not in self._pages:
            self._pages[number] = read_page(self.doc[number], number)
        return self._pages[number]

    def lines_from(self, number: int) -> Iterator[Line]:
        while (page := self.page(number)) is not None:
            yield from page.lines
            number += 1


# --------------------------------------------------------------------------------------------- text


def word_count(text: str) -> int:
    """Words in `text`; Chinese and Japanese, written without spaces, count two characters a word."""
    cjk = len(CJK_CHAR.findall(text))
    return len(CJK_CHAR.sub(" ", text).split()) + (cjk + 1) // 2


CAPTION = re.compile(r"^\s*(?:Figure|Fig\.|Table)\s*\d+\s*[:.]", re.IGNORECASE)
# The heading of a paper's first section, alone on its line ("1 Introduction", "I. INTRODUCTION"): the
# header and any abstract end above it. Unnumbered, only "Introduction": a structured abstract may have a
# "Background:" label of its own.
FIRST_SECTION = re.compile(
    r"^\s*(?:(?:\d{1,2}\.?|[IVX]{1,4}\.)\s*(?:introduction|background|motivation|overview)|introduction)\s*[.:]?\s*$",
    re.IGNORECASE,
)


def is_margin(line: Line, page: Page) -> bool:
    """Running heads, page numbers and footers."""
    if line.y1 < page.height * 0.05 or line.y0 > page.height * 0.95:
        return True
    return bool(re.fullmatch(r"\d{1,4}", line.text))


_HYPHEN_KEEP = re.compile(
    r"(self|non|multi|cross|pre|post|co|semi|inter|intra|state-of-the|end-to|large|small|fine|well|high|low|"
    r"long|short|real|open|one|two|three|zero|few|task|domain|model|data|image|text|sub|single|ill|full)$",
    re.IGNORECASE,
)


def dehyphenate_join(lines: list[str]) -> str:
    """Join lines, removing hyphens that only split a word across a line break."""
    out = ""
    for text in lines:
        text = text.strip()
        if not text:
            continue
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and text[:1].islower():
            stem = re.split(r"[\s/]", out[:-1])[-1]
            out = out if _HYPHEN_KEEP.search(stem) or "-" in stem else out[:-1]
            out += text
        elif CJK_CHAR.match(out[-1:]) and CJK_CHAR.match(text):
            out += text  # no spaces between CJK words, so none at a line break either
        else:
            out = f"{out} {text}" if out else text
    return re.sub(r"\s+", " ", out).strip()
