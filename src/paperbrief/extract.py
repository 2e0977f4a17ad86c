"""Header fields from a PDF: title, authors, institutions, abstract and arXiv id, each with a confidence.

The extractor reads PyMuPDF spans (`page.get_text("dict")`), not a flat text dump: font size, weight,
superscript flags and positions decide which lines form the title, the author block, the affiliations
and the abstract. Only the first pages are read, lazily, and the document is always closed.

`extract_all` runs `extract_pdf` over many files in worker processes with a per-file time limit and a
memory cap; a worker that overruns is terminated and replaced, so one pathological PDF cannot stall (or
exhaust) a batch.
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import re
import sys
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any

import pymupdf

from .arxiv.ids import find_stamped_id
from .errors import ExtractionError
from .institutions import clean_institutions
from .models import Code, Origin, Paper

__all__ = ["extract_all", "extract_pdf"]

# PyMuPDF's annotations are partial; reach it through Any so strict typing stays on for our code.
_fitz: Any = pymupdf

# Below this confidence a field gets a warning on the paper instead of being passed off as fact.
WARN_BELOW = 0.5
BODY_TEXT_LIMIT = 6000

# PyMuPDF flags: no images (speed), ligatures expanded ("ﬁ" -> "fi"), whitespace kept as printed.
_TEXT_FLAGS = pymupdf.TEXT_PRESERVE_WHITESPACE | pymupdf.TEXT_MEDIABOX_CLIP
_SUPERSCRIPT = 1
_BOLD = 16

# Footnote and affiliation markers that are never part of a name.
_MARKS = "*∗†‡§¶#♠♣♥♦♡♢♤♧⋆★☆✝✉⊥∥‖♮♭♯✦✧◆◇○●□■▲△▽▼⁎⁑※"
_MARK_RE = re.compile(f"[{re.escape(_MARKS)}]")
# Chinese and Japanese characters and their full-width punctuation (a character class body): text written
# without spaces between words.
_CJK = "\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")


# --------------------------------------------------------------------------------------------- layout


@dataclass(slots=True)
class _Span:
    text: str
    size: float
    bold: bool
    sup: bool
    x0: float
    x1: float
    font: str = ""


@dataclass(slots=True)
class _Line:
    spans: list[_Span]
    page: int
    x0: float
    y0: float
    x1: float
    y1: float
    text: str = ""
    size: float = 0.0
    bold: bool = False
    font: str = ""

    def finish(self) -> _Line:
        self.text = _join_spans(self.spans, keep_sup=True)
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
        return _join_spans(self.spans, keep_sup=False, sup_sep=sep)


def _join_spans(spans: list[_Span], *, keep_sup: bool, sup_sep: str = " ") -> str:
    parts: list[str] = []
    prev: _Span | None = None
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
    return _clean_text("".join(parts))


def _glued(spans: list[_Span], i: int) -> bool:
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


def _clean_text(text: str) -> str:
    if any(c in text for c in _SPACING_ACCENTS):
        text = _ACCENT_BEFORE.sub(lambda m: m.group(2) + _SPACING_ACCENTS[m.group(1)], text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00ad", "").replace("\ufb01", "fi").replace("\ufb02", "fl").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class _Page:
    number: int
    width: float
    height: float
    lines: list[_Line] = field(default_factory=list)  # horizontal text, reading order
    rotated: list[str] = field(default_factory=list)  # vertical text (margin stamps)


def _read_page(page: Any, number: int) -> _Page:
    info = page.get_text("dict", flags=_TEXT_FLAGS)
    out = _Page(number, float(page.rect.width), float(page.rect.height))
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
            out.lines.append(_Line(spans, number, x0, y0, x1, y1).finish())
    out.lines = _merge_same_baseline(out.lines)
    out.lines = _reading_order(out.lines, out.width)
    return out


def _make_span(raw: dict[str, Any]) -> _Span:
    flags = int(raw["flags"])
    font = str(raw.get("font", "")).lower()
    bold = bool(flags & _BOLD) or "bold" in font or ".b" in font or "-b" in font or "black" in font
    x0, _, x1, _ = raw["bbox"]
    return _Span(raw["text"], float(raw["size"]), bold, bool(flags & _SUPERSCRIPT), x0, x1, str(raw.get("font", "")))


def _mark_raised(spans: list[_Span], raw: list[dict[str, Any]]) -> None:
    """Small spans sitting above the line's baseline are superscripts even when the font says otherwise."""
    if len(spans) < 2:
        return
    big = max(s.size for s in spans)
    base = max(r["origin"][1] for r, s in zip(raw, spans, strict=False) if s.size == big)
    for span, r in zip(spans, raw, strict=False):
        if span.size < 0.85 * big and r["origin"][1] < base - 0.15 * big:
            span.sup = True


def _merge_same_baseline(lines: list[_Line]) -> list[_Line]:
    """Join fragments of one printed line that PyMuPDF put apart (a raised marker, a split word)."""
    lines.sort(key=lambda ln: (round(ln.y1), ln.x0))
    merged: list[_Line] = []
    for line in lines:
        prev = next((m for m in reversed(merged[-4:]) if _same_printed_line(m, line)), None)
        if prev is not None:
            prev.spans.extend(line.spans)
            prev.x1, prev.y0, prev.y1 = line.x1, min(prev.y0, line.y0), max(prev.y1, line.y1)
            prev.finish()
        else:
            merged.append(line)
    return merged


def _same_printed_line(prev: _Line, line: _Line) -> bool:
    gap = line.x0 - prev.x1
    if not -0.5 <= gap < 0.6 * max(prev.size, line.size, 1.0):
        return False
    if abs(prev.y1 - line.y1) < 0.3 * max(line.height, 1.0):
        return True
    # a marker ('1', '*') set higher than the text it belongs to
    overlap = min(prev.y1, line.y1) - max(prev.y0, line.y0)
    short = min(prev, line, key=lambda ln: len(ln.text))
    return len(short.text) <= 3 and overlap > 0.3 * min(prev.height, line.height)


def _reading_order(lines: list[_Line], width: float) -> list[_Line]:
    """Lines in reading order: bands split by lines crossing the page middle; within a band the left
    column before the right one. Single-column text crosses the middle, so it simply reads top-down."""
    mid = width / 2
    ordered: list[_Line] = []
    band: list[_Line] = []

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


class _Doc:
    """The open document with pages read on demand."""

    def __init__(self, doc: Any, max_pages: int) -> None:
        self.doc = doc
        self.count = min(max_pages, doc.page_count)
        self._pages: dict[int, _Page] = {}

    def page(self, number: int) -> _Page | None:
        if number >= self.count:
            return None
        if number not in self._pages:
            self._pages[number] = _read_page(self.doc[number], number)
        return self._pages[number]

    def lines_from(self, number: int) -> Iterator[_Line]:
        while (page := self.page(number)) is not None:
            yield from page.lines
            number += 1


# --------------------------------------------------------------------------------------------- opening


# Failure reasons say what to do: they reach the user as they are. MuPDF's own text is never quoted (it
# holds the absolute path and means nothing to a reader).
_DAMAGED = "damaged PDF (MuPDF cannot open it): download the file again or repair it (e.g. qpdf --replace-input)"
_DAMAGED_INSIDE = "damaged PDF (MuPDF failed while reading it): download the file again or repair it (e.g. qpdf)"
# MuPDF reports a failed allocation as a RuntimeError "code=2: malloc (N bytes) failed"
_OUT_OF_MEMORY = re.compile(r"\b(?:malloc|realloc|calloc)\b.*\bfailed|out of memory", re.IGNORECASE)
_HTML_HEAD = re.compile(rb"<!doctype\s+html|<html", re.IGNORECASE)


def _open(path: str) -> Any:
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except FileNotFoundError as exc:
        raise ExtractionError("file not found: check the path") from exc
    except PermissionError as exc:
        raise ExtractionError("permission denied: make the file readable (chmod +r) or leave it out") from exc
    except OSError as exc:
        raise ExtractionError(f"cannot read the file ({exc.strerror or exc}): check it or leave it out") from exc
    if not head:
        raise ExtractionError("the file is empty (0 bytes): download or export it again")
    if b"%PDF" not in head:
        if _HTML_HEAD.search(head):
            raise ExtractionError("not a PDF but a web page (HTML) saved with a .pdf name: download the PDF itself")
        raise ExtractionError("not a PDF: the file does not start with a PDF header; download the PDF again")
    try:
        doc = _fitz.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own types; every one means the bytes are unusable
        raise ExtractionError(_DAMAGED) from exc
    if doc.needs_pass:
        doc.close()
        raise ExtractionError(
            "encrypted PDF: it needs a password to open; save an unencrypted copy (e.g. qpdf --decrypt) and try again"
        )
    if doc.page_count == 0:
        doc.close()
        raise ExtractionError("damaged PDF: it has no pages; download the file again")
    return doc


def extract_pdf(path: str | os.PathLike[str], *, max_pages: int = 3) -> Paper:
    """Read the header fields of one PDF. Raises `ExtractionError` when the file cannot be read."""
    source = str(path)
    doc = _open(source)
    try:
        pages = _Doc(doc, max(1, max_pages))
        paper = Paper(source=source)
        try:
            _extract_fields(paper, pages, doc.metadata or {})
        except ExtractionError:
            raise
        except Exception as exc:  # a MuPDF failure mid-document means the file is damaged, or too big
            if isinstance(exc, MemoryError) or _OUT_OF_MEMORY.search(str(exc)):
                raise ExtractionError(_too_big()) from exc
            raise ExtractionError(_DAMAGED_INSIDE) from exc
        if doc.is_repaired:  # MuPDF rebuilt a broken cross-reference table: fields may be missing
            paper.warn(Code.PDF_REPAIRED, "the PDF is damaged and was repaired: check its fields")
        return paper
    finally:
        doc.close()


def _extract_fields(paper: Paper, pages: _Doc, metadata: dict[str, str]) -> None:
    first = pages.page(0)
    assert first is not None
    if not any(p.lines for p in (pages.page(i) for i in range(pages.count)) if p is not None):
        raise ExtractionError(
            "no text layer: the PDF is a scanned image; run OCR on it first (e.g. ocrmypdf in.pdf out.pdf)"
        )
    header = _Header.find(pages, metadata)
    _set(paper, "title", header.title, header.title_conf)
    _set(paper, "authors", header.authors, header.authors_conf)
    _set(paper, "institutions", header.institutions, header.institutions_conf)
    _set(paper, "abstract", header.abstract, header.abstract_conf)
    arxiv_id, arxiv_conf = _find_arxiv_id(pages, metadata)
    if arxiv_id:
        paper.arxiv_id = arxiv_id
        paper.provenance["arxiv_id"] = Origin.PDF
        paper.confidence["arxiv_id"] = arxiv_conf
    paper.body_text = header.body_text


def _set(paper: Paper, name: str, value: Any, confidence: float) -> None:
    paper.confidence[name] = round(confidence, 3)
    if value:
        setattr(paper, name, value)
        paper.provenance[name] = Origin.PDF
    if confidence < WARN_BELOW:
        label = name.replace("_", " ")
        if value:
            paper.warn(
                Code.LOW_CONFIDENCE, f"{label} extracted with low confidence ({confidence:.2f}): check it", field=name
            )
        else:
            paper.warn(Code.NOT_FOUND, f"no {label} found in the PDF", field=name)


# --------------------------------------------------------------------------------------------- arXiv id


def _find_arxiv_id(pages: _Doc, metadata: dict[str, str]) -> tuple[str | None, float]:
    """The id from arXiv's margin stamp (rotated text on page 1), else from the first page's text."""
    first = pages.page(0)
    assert first is not None
    for texts, conf in ((first.rotated, 1.0), ([ln.text for ln in first.lines[:60]], 0.7)):
        for text in texts:
            found = find_stamped_id(text)
            if found:
                return str(found), conf
    for value in metadata.values():
        found = find_stamped_id(value or "")
        if found and found.base[:1].isdigit():
            return str(found), 0.5
    return None, 0.0


# --------------------------------------------------------------------------------------------- header


_JUNK_TOP = re.compile(
    r"^(arXiv|Published as|Accepted|Preprint|Under review|Proceedings|Journal|Vol\.|Volume|In Proc|"
    r"To appear|Workshop|Conference|Technical Report|Draft|Copyright|©|\d+(st|nd|rd|th) Conference|"
    r"This paper|IEEE|ACM|Page \d)",
    re.IGNORECASE,
)
# The abstract's heading in the languages papers come in; CJK headings are often spaced out ("摘 要").
_ABSTRACT_WORD = r"(?:a\s?bstract|r[ée]sum[ée]|zusammenfassung|аннотация|摘\s*要|概\s*要|要\s*旨)"
_ABSTRACT_HEAD = re.compile(rf"^\s*{_ABSTRACT_WORD}\s*(?:[.:：—–\-]+\s*|\s+(?=[A-Z{_CJK}])|$)", re.IGNORECASE)
# the word alone or followed by punctuation: a heading even in body type ("Abstract syntax ..." is not)
_ABSTRACT_LABEL = re.compile(rf"^\s*{_ABSTRACT_WORD}\s*(?:[.:：—–\-]|$)", re.IGNORECASE)
_SECTION_HEAD = re.compile(
    r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-Z]\.)\s+[A-Z]|"
    r"(?:keywords?|key\s?words|index terms|ccs concepts|acm reference format|additional key words|"
    r"general terms|categories and subject descriptors|introduction|i\s?ntroduction|"
    r"background|related work|contents)\b)",
    re.IGNORECASE,
)


@dataclass
class _Header:
    title: str = ""
    title_conf: float = 0.0
    authors: list[str] = field(default_factory=list)
    authors_conf: float = 0.0
    institutions: list[str] = field(default_factory=list)
    institutions_conf: float = 0.0
    abstract: str = ""
    abstract_conf: float = 0.0
    body_text: str = ""

    @classmethod
    def find(cls, pages: _Doc, metadata: dict[str, str]) -> _Header:
        header = cls()
        start = next(p.number for p in map(pages.page, range(pages.count)) if p is not None and p.lines)
        abstract_at = _find_abstract_heading(pages, start)
        first = pages.page(_header_page(pages, start, abstract_at))
        assert first is not None
        title_lines = _title_lines(first, abstract_at)
        header.title, header.title_conf = _title(title_lines, metadata)
        block = _header_block(first, title_lines, abstract_at)
        kinds = _classify(block)
        header.authors, header.authors_conf = _authors(block, kinds, metadata)
        header.institutions, header.institutions_conf = _institutions(block, kinds, first)
        abstract, end, conf = _abstract(pages, abstract_at, first, block or title_lines)
        header.abstract, header.abstract_conf = abstract, conf
        header.body_text = _body_text(pages, end)
        return header


def _find_abstract_heading(pages: _Doc, start: int) -> tuple[int, float, _Line] | None:
    """(page, y, line) of the 'Abstract' heading in the first two pages with text."""
    for number in range(start, min(start + 2, pages.count)):
        page = pages.page(number)
        if page is None:
            break
        for line in page.lines:
            if _ABSTRACT_HEAD.match(line.text) and len(line.text) < 2000:
                head = line.text.split()[0]
                # 'Abstract' inside body text ("Abstract syntax ...") is neither bold, nor capitalised
                # as a heading, nor followed by punctuation.
                if line.bold or head.isupper() or _ABSTRACT_LABEL.match(line.text):
                    return number, line.y0, line
                if line.spans and line.spans[0].bold:
                    return number, line.y0, line
    return None


def _header_page(pages: _Doc, start: int, abstract_at: tuple[int, float, _Line] | None) -> int:
    """The page holding the title: the first page with text, unless that page is a cover sheet (a
    repository's, a thesis's) and the next page opens the paper itself: a title in big type above its
    'Abstract' heading. Only continued author lists and running heads sit above a heading otherwise."""
    if abstract_at is None or abstract_at[0] == start:
        return start
    number, top, heading = abstract_at
    page = pages.page(number)
    assert page is not None
    body = next((ln.size for ln in page.lines[page.lines.index(heading) + 1 :] if not _is_margin(ln, page)), 0.0)
    above = [ln for ln in page.lines if ln.y1 <= top + 1 and not _is_margin(ln, page) and not _JUNK_TOP.match(ln.text)]
    titled = any(ln.max_size >= 1.3 * max(body, heading.size) for ln in above)
    return number if titled else start


def _title_lines(page: _Page, abstract_at: tuple[int, float, _Line] | None) -> list[_Line]:
    """The title: the biggest text above the abstract, plus the lines right under it in the same font
    (a wrapped title, or a subtitle set a little smaller)."""
    limit = abstract_at[1] if abstract_at is not None and abstract_at[0] == page.number else page.height * 0.6
    # the title sits above the authors' e-mails: bigger text further down is a figure
    limit = min([limit, *(ln.y0 for ln in page.lines if _EMAILS.search(ln.text) and ln.y0 > page.height * 0.08)])
    candidates = sorted(
        (
            ln
            for ln in page.lines
            if ln.y1 <= limit + 1
            and not _is_margin(ln, page)
            and sum(c.isalpha() for c in ln.text) >= 2
            and not _JUNK_TOP.match(ln.text)
            and "@" not in ln.text
        ),
        key=lambda ln: ln.y0,
    )
    if not candidates:
        return []
    biggest = max(ln.max_size for ln in candidates)
    start = next(i for i, ln in enumerate(candidates) if ln.max_size >= biggest - 0.6)
    first = candidates[start]
    lines = [first]
    for line in candidates[start + 1 :]:
        if line.y0 - lines[-1].y1 > 1.3 * biggest:
            break
        same = line.max_size >= biggest - 0.6 and line.bold == first.bold
        subtitle = (
            line.bold == first.bold
            and line.font == first.font
            and line.max_size >= 0.75 * biggest
            and not any(s.sup for s in line.spans)
            and not _looks_like_names(line)
        )
        if not (same or subtitle):
            break
        lines.append(line)
    return lines


def _looks_like_names(line: _Line) -> bool:
    """An author line right under the title, set in the title's font: a list of names, or one short name."""
    pieces = _name_pieces(line)
    return len(pieces) >= 2 or (len(pieces) == 1 and len(line.text.split()) <= 3 and "," not in line.text)


def _title(lines: list[_Line], metadata: dict[str, str]) -> tuple[str, float]:
    text = _dehyphenate_join([ln.text for ln in lines])
    text = re.sub(r"\s*[∗*†‡§¶]+\s*$", "", text).strip()
    meta = _clean_text(metadata.get("title") or "")
    if not text:
        # the embedded metadata is only a hint: used when the layout finds nothing, flagged as doubtful
        return (meta, 0.3) if len(meta.split()) >= 3 else ("", 0.0)
    conf = 0.85
    words = _word_count(text)
    if words < 2 or words > 40:
        conf = 0.4
    if _key(meta) and _key(meta) == _key(text):
        conf = 1.0
    elif text.isupper():
        conf = min(conf, 0.8)
    return text, conf


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(f"[^0-9a-z{_CJK}]+", "", "".join(c for c in text if not unicodedata.combining(c)).casefold())


def _word_count(text: str) -> int:
    """Words in `text`; Chinese and Japanese, written without spaces, count two characters a word."""
    cjk = len(_CJK_CHAR.findall(text))
    return len(_CJK_CHAR.sub(" ", text).split()) + (cjk + 1) // 2


_CAPTION = re.compile(r"^\s*(?:Figure|Fig\.|Table)\s*\d+\s*[:.]", re.IGNORECASE)


def _header_block(page: _Page, title_lines: list[_Line], abstract_at: tuple[int, float, _Line] | None) -> list[_Line]:
    """Lines between the title and the abstract, in rows (top-down) and, within a row, left to right:
    the order in which an author grid is read. Ends at a figure caption or the first line of prose."""
    top = max((ln.y1 for ln in title_lines), default=0.0)
    bottom = abstract_at[1] if abstract_at is not None and abstract_at[0] == page.number else page.height * 0.8
    chosen = [
        ln
        for ln in page.lines
        if ln.y0 >= top - 1 and ln.y1 <= bottom + 1 and ln not in title_lines and not _is_margin(ln, page)
    ]
    block: list[_Line] = []
    for line in _rows(chosen):
        if _CAPTION.match(line.text) or _is_prose(line):
            break
        block.extend(_split_styles(line))
    return block


def _rows(lines: list[_Line]) -> list[_Line]:
    out: list[_Line] = []
    rows: list[list[_Line]] = []
    for line in sorted(lines, key=lambda ln: ln.y0):
        mid = (line.y0 + line.y1) / 2
        if rows and rows[-1][0].y0 - 1 <= mid <= rows[-1][0].y1 + 1:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        out.extend(sorted(row, key=lambda ln: ln.x0))
    return out


_FUNCTION_WORDS = {"the", "a", "an", "of", "to", "in", "and", "is", "are", "we", "for", "that", "with", "on", "this"}


def _is_prose(line: _Line) -> bool:
    """A line of running text (an unlabelled abstract, a footnote), not a name or affiliation line."""
    words = line.plain().split()
    if len(words) < 9:
        return False
    lower = sum(1 for w in words if w[:1].islower())
    return lower / len(words) >= 0.55 and any(w.casefold() in _FUNCTION_WORDS for w in words)


def _split_styles(line: _Line) -> list[_Line]:
    """'JANE DOE, Some University, Country' set in two sizes (ACM journals): names and affiliation
    become two lines. Only at a word break, so small capitals stay whole."""
    main = [i for i, s in enumerate(line.spans) if not s.sup and s.text.strip()]
    for a, b in itertools.pairwise(main):
        left, right = line.spans[a], line.spans[b]
        at_break = (
            left.text.rstrip() != left.text or right.text.lstrip() != right.text or left.text.rstrip()[-1:] in ",;:"
        )
        if (
            at_break
            and abs(left.size - right.size) > 1.0
            and sum(c.isalpha() for sp in line.spans[:b] for c in sp.text) >= 3
            and all(abs(line.spans[i].size - left.size) < 0.3 for i in main if i <= a)
            and all(abs(line.spans[i].size - right.size) < 0.3 for i in main if i >= b)
        ):
            head = _Line(line.spans[:b], line.page, line.x0, line.y0, right.x0, line.y1).finish()
            tail = _Line(line.spans[b:], line.page, right.x0, line.y0, line.x1, line.y1).finish()
            return [head, tail]
    return [line]


# --------------------------------------------------------------------------------------------- authors

_ORG_WORDS = re.compile(
    r"\b(universit\w*|univ\.|institut\w*|laborator\w*|labs?|college|school|academy|department|dept\.?|"
    r"faculty|centre|center|research|inc\.?|corp\.?|corporation|ltd\.?|llc|gmbh|company|hospital|"
    r"foundation|polytechnic\w*|technolog\w*|sciences?|engineering|ai|team|group|division|"
    r"google|microsoft|facebook|meta|amazon|deepmind|openai|nvidia|ibm|apple|intel|adobe|baidu|alibaba|"
    r"tencent|huawei|bytedance|samsung|salesforce|bloomberg)\b",
    re.IGNORECASE,
)
_ADDRESS_WORDS = re.compile(
    r"\b(china|usa|u\.s\.a\.|united states|uk|united kingdom|germany|france|japan|korea|canada|singapore|"
    r"australia|india|italy|spain|switzerland|netherlands|belgium|denmark|sweden|israel|street|road|avenue|"
    r"district|province|city)\b|\d{5}",
    re.IGNORECASE,
)
_NAME_PARTICLES = {"van", "von", "der", "den", "de", "da", "di", "del", "la", "le", "du", "dos", "das", "bin", "al"}
_NOT_HEADER = re.compile(
    r"(equal contribution|contributed equally|corresponding author|correspondence|work (?:was )?(?:done|performed)|"
    r"internship|present address|current address|now at|https?:|www\.|github|^\s*a\s+preprint\s*$|preprint|"
    r"under review|accepted|copyright|licen[cs]e|arxiv|keywords|orcid|contributors?\b|also affiliated|also with|"
    r"通讯作者|通信作者|责任作者|責任著者|关键词|關鍵詞|キーワード)",
    re.IGNORECASE,
)
_EMAILS = re.compile(r"@|\{[^}]*,[^}]*\}")
# Chinese and Japanese organisations and addresses: no word boundaries to match English words at.
_CJK_AFFILIATION = re.compile(
    r"大学|大學|学院|學院|研究所|研究院|研究室|实验室|實驗室|中心|センター|公司|集团|集團|株式会社|医院|醫院|病院|"
    r"中国|中國|日本|省|市|県|区|區|〒"
)
# A Chinese or Japanese name: two to four characters, or family and given name apart ("山田 太郎").
_HAN_KANA = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
_CJK_NAME = re.compile(f"[{_HAN_KANA}]{{2,4}}|[{_HAN_KANA}]{{1,4}} [{_HAN_KANA}]{{1,4}}")

_NAMES, _AFFILIATION, _EMAIL, _OTHER = "names", "affiliation", "email", "other"


def _line_kind(line: _Line) -> str:
    text = line.plain()
    if _EMAILS.search(text):
        return _EMAIL
    if _NOT_HEADER.search(text) or _NOT_HEADER.search(line.text):
        return _OTHER
    if _ORG_WORDS.search(text) or _ADDRESS_WORDS.search(text) or _CJK_AFFILIATION.search(text):
        return _AFFILIATION
    if len(line.spans) > 1 and _starts_with_marker(line) and sum(c.isalpha() for c in text) >= 3:
        return _AFFILIATION  # "¹Some Place" starting with a marker
    if _name_pieces(line):
        return _NAMES
    return _OTHER


def _name_pieces(line: _Line) -> list[str]:
    text = line.plain(sep=",")
    text = _MARK_RE.sub(",", text)
    parts = re.split(r"[,;，、；|&]|\band\b|\s{2,}", text)
    names = [_tidy_name(p) for p in parts]
    return [n for n in names if n]


_MEMBERSHIP = re.compile(r"\b(?:(?:Student|Senior|Life)\s+)?(?:Member|Fellow)\b|\bIEEE\b")


def _tidy_name(raw: str) -> str:
    text = re.sub(r"[\d()\[\]{}^_?]+", " ", raw)
    text = re.sub(r"\s+", " ", text).strip(" .,:;-")
    if _CJK_NAME.fullmatch(text):
        return text
    tokens = text.split()
    if not 2 <= len(tokens) <= 5 or _MEMBERSHIP.search(text):
        return ""
    for token in tokens:
        bare = token.strip(".-'’")
        if not bare:
            return ""
        if bare.lower() in _NAME_PARTICLES or (bare.islower() and len(bare) <= 3 and token.endswith(".")):
            continue  # "van der", "Achintya kr. Sarkar"
        if not bare[0].isupper() or not all(c.isalpha() or c in ".-'’" for c in token):
            return ""
    if text.isupper():
        text = " ".join(t.capitalize() if len(t) > 2 and "." not in t else t for t in tokens)
    return text


def _classify(block: list[_Line]) -> list[str]:
    """The kind of every header line.

    Name lines must look like the first one (same size and weight): that keeps out cities and figure
    labels. When affiliations are set in the very same style as names, position decides: in a grid
    cell, a one-name line stacked under a one-name line is the affiliation ('UC Merced' under
    'Xueqing Deng'), unless both carry affiliation markers or the row holds only names."""
    kinds = [_line_kind(ln) for ln in block]
    names = [i for i, k in enumerate(kinds) if k == _NAMES]
    if not names:
        return kinds
    style = block[names[0]]
    for i, line in enumerate(block):
        if line.size < 0.7 * style.size:
            kinds[i] = _OTHER  # labels of a figure between the authors and the abstract
    affiliations = [ln for ln, k in zip(block, kinds, strict=True) if k == _AFFILIATION]
    ambiguous = any(_same_style(style, ln) for ln in affiliations) or not affiliations
    for i in names[1:]:
        line = block[i]
        if not _same_style(line, style) or (ambiguous and _cell_continuation(block, kinds, i)):
            kinds[i] = _AFFILIATION
    return kinds


def _same_style(a: _Line, b: _Line) -> bool:
    return abs(a.size - b.size) <= 0.6 and a.bold == b.bold


def _cell_continuation(block: list[_Line], kinds: list[str], index: int) -> bool:
    above = _stacked_above(block, index)
    if above is None or kinds[above] != _NAMES or _continues_names(block[above], block[index]):
        return False
    line = block[index]
    if _has_marker(line) and _has_marker(block[above]):
        return False
    row = [j for j, other in enumerate(block) if abs((other.y0 + other.y1) / 2 - (line.y0 + line.y1) / 2) < 2]
    return not (len(row) >= 2 and all(kinds[j] == _NAMES for j in row))


def _has_marker(line: _Line) -> bool:
    return any(s.sup for s in line.spans) or bool(_MARK_RE.search(line.text))


def _stacked_above(block: list[_Line], index: int) -> int | None:
    """The line right above `index` in the same column, if there is one close enough."""
    line = block[index]
    best: int | None = None
    for j, other in enumerate(block[:index]):
        overlaps = other.x0 < line.x1 and line.x0 < other.x1
        gap = line.y0 - other.y1
        if overlaps and -1 <= gap < 1.0 * max(line.size, 1.0) and (best is None or other.y1 > block[best].y1):
            best = j
    return best


def _continues_names(above: _Line, line: _Line) -> bool:
    if re.search(r"(,|\band|&)\s*$", above.plain()) or re.match(r"^\s*(and|&)\b", line.plain()):
        return True
    return len(_name_pieces(line)) >= 2 or len(_name_pieces(above)) >= 2


def _authors(block: list[_Line], kinds: list[str], metadata: dict[str, str]) -> tuple[list[str], float]:
    names: list[str] = []
    for line, kind in zip(block, kinds, strict=True):
        if kind == _NAMES:
            names.extend(_name_pieces(line))
    seen: set[str] = set()
    unique: list[str] = []
    for name in names:
        if name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    if not unique:
        hint = [n.strip() for n in re.split(r";|,|\band\b", metadata.get("author") or "") if n.strip()]
        hint = [n for n in (_tidy_name(h) for h in hint) if n]
        if hint:
            return hint, 0.3
        team = _organisation_as_author(block, kinds)
        return ([team], 0.6) if team else ([], 0.0)
    conf = 0.9 if len(unique) <= 100 else 0.5
    return unique, conf


def _organisation_as_author(block: list[_Line], kinds: list[str]) -> str:
    """A paper signed by an organisation ('Some-AI' over a contact e-mail, the full list at the end): the
    first header line is that one short name, and no person is named. Catalogues (arXiv) list it as author."""
    if not block or kinds[0] != _AFFILIATION or _NAMES in kinds:
        return ""
    text = block[0].plain().strip()
    names = clean_institutions([text])
    return text if len(text.split()) <= 4 and names == [text] else ""


def _institutions(block: list[_Line], kinds: list[str], page: _Page) -> tuple[list[str], float]:
    raw = _affiliation_strings(block, kinds)
    raw.extend(_footnote_affiliations(page, _author_markers(block, kinds)))
    names = clean_institutions(raw)
    return names, (0.8 if names else 0.2)


# Superscript markers become this symbol in affiliation strings: `clean_institutions` splits at it.
_MARK_SEP = " ∗ "
_CUT_NOTES = re.compile(r"\b(?:Correspondence|Proceedings of|Copyright)\b")


def _affiliation_strings(block: list[_Line], kinds: list[str]) -> list[str]:
    """One string per affiliation: lines stacked under each other are one affiliation ('Department of X' /
    'Some University, City') unless the next line starts with its own marker; 'X &' / 'X,' run on."""
    out: list[str] = []
    prev: _Line | None = None
    for i, (line, kind) in enumerate(zip(block, kinds, strict=True)):
        if kind != _AFFILIATION:
            prev = None
            continue
        text = line.plain(sep=_MARK_SEP).strip()
        above = _stacked_above(block, i)
        stacked = prev is not None and above is not None and block[above] is prev
        runs_on = bool(out) and re.search(r"(,|\b(?:of|and|for|at)|&)\s*$", out[-1]) is not None
        if stacked and out and (runs_on or not _starts_with_marker(line)):
            out[-1] = f"{out[-1]}, {text}" if not runs_on else f"{out[-1]} {text}"
        else:
            out.append(text)
        prev = line
    return [_CUT_NOTES.split(t)[0] for t in out]


def _starts_with_marker(line: _Line) -> bool:
    first = next((s for s in line.spans if s.text.strip()), None)
    if first is None:
        return False
    return first.sup or first.size < 0.85 * line.size or bool(re.match(r"^\s*[\d*∗†‡§¶♠♣♥♦♡♢]", line.text))


def _author_markers(block: list[_Line], kinds: list[str]) -> set[str]:
    marks: set[str] = set()
    for line, kind in zip(block, kinds, strict=True):
        if kind == _NAMES:
            for span in line.spans:
                if span.sup:
                    marks.update(m for m in re.findall(r"\d+|[^\s\d,]", span.text))
    return marks


_WITH = re.compile(r"\b(?:is|are)\s+(?:now\s+)?with\s+(?:the\s+)?(.+)", re.IGNORECASE)
# "All authors from DeepMind, †Equal contributions": the organisation ends at the first comma or marker
_ALL_FROM = re.compile(
    rf"\ball authors (?:are )?(?:from|at)\s+(?:the\s+)?([^,;.()\d{re.escape(_MARKS)}]+)", re.IGNORECASE
)


def _footnote_affiliations(page: _Page, marks: set[str]) -> list[str]:
    """Affiliations printed as first-page footnotes: IEEE's 'A. Author is with the School of X, Some
    University, City.' and notes in the lower page whose marker is one of the authors' markers."""
    found: list[str] = []
    lines = page.lines
    for i, line in enumerate(lines):
        everyone = _ALL_FROM.search(line.text)
        match = _WITH.search(line.text)
        if everyone:
            found.append(everyone.group(1))
        elif match:
            text = match.group(1)
            for nxt in lines[i + 1 : i + 4]:
                if re.search(r"[.]\s*$", text) or _WITH.search(nxt.text):
                    break
                text += " " + nxt.text
            found.append(re.split(r"\.\s|\.$|E-?mail|\(e-?mail", text, maxsplit=1)[0])
        elif _is_marked_footnote(line, page, marks):
            found.append(_CUT_NOTES.split(line.plain(sep=_MARK_SEP))[0])
    return found


def _is_marked_footnote(line: _Line, page: _Page, marks: set[str]) -> bool:
    low = line.y0 > page.height * 0.6
    return low and _footnote_marker(line) in marks and not _is_prose(line) and _line_kind(line) == _AFFILIATION


def _footnote_marker(line: _Line) -> str:
    first = next((s for s in line.spans if s.text.strip()), None)
    if first is None or not (first.sup or first.size < 0.85 * line.size):
        return ""
    return first.text.strip()


# --------------------------------------------------------------------------------------------- abstract


def _abstract(
    pages: _Doc, heading: tuple[int, float, _Line] | None, page: _Page, header: list[_Line]
) -> tuple[str, tuple[int, int], float]:
    """The abstract and where it ends (page, index of the first line after it)."""
    if heading is not None:
        number, _, line = heading
        at = pages.page(number)
        assert at is not None
        index = at.lines.index(line)
        first = _ABSTRACT_HEAD.sub("", line.text, count=1).strip()
        texts, end = _collect_paragraphs(pages, number, index + 1, first)
        conf = 0.95
    else:
        number = page.number
        bottom = max((ln.y1 for ln in header), default=0.0)
        index = next((i for i, ln in enumerate(page.lines) if ln.y0 > bottom and ln not in header), len(page.lines))
        texts, end = _collect_paragraphs(pages, number, index, "")
        conf = 0.6
    text = _dehyphenate_join(texts)
    words = _word_count(text)
    if words < 30 or words > 700:
        conf = min(conf, 0.4)
    return text, end, conf


@dataclass
class _Run:
    """The abstract collected so far: its lines, body size and left margin."""

    texts: list[str]
    size: float = 0.0
    left: float = 0.0
    prev: _Line | None = None


def _collect_paragraphs(pages: _Doc, number: int, index: int, first: str) -> tuple[list[str], tuple[int, int]]:
    """Lines in reading order until the next section: a heading, a bigger font, a wide gap, or text that
    starts left of the abstract's margin on the same page (an indented abstract over full-width body)."""
    run = _Run([first] if first else [])
    while (page := pages.page(number)) is not None:
        lines = page.lines
        while index < len(lines):
            line = lines[index]
            verdict = _abstract_step(run, line, page)
            if verdict == "stop":
                return run.texts, (number, index)
            if verdict == "take":
                run.texts.append(_without_markers(line))
                run.prev = line
                run.left = run.left or line.x0
            index += 1
        number += 1
        index = 0
    return run.texts, (number, index)


def _abstract_step(run: _Run, line: _Line, page: _Page) -> str:
    if _is_margin(line, page):
        return "skip"
    started = bool(run.texts) or bool(run.size)
    if started and (_SECTION_HEAD.match(line.text) or _CAPTION.match(line.text)):
        return "stop"
    if not run.size:
        run.size = line.size
    elif abs(line.size - run.size) > 0.9:
        return "stop" if line.size > run.size else "skip"  # smaller: a footnote or caption beside it
    prev = run.prev
    if prev is not None and line.page == prev.page and run.texts:
        below = line.y0 > prev.y1 - 1
        if below and line.y0 - prev.y1 > 2.5 * max(run.size, 1.0):
            return "stop"
        if below and line.x0 < run.left - 1.5 * run.size and line.x1 > prev.x1 + run.size:
            return "stop"
    return "take"


def _without_markers(line: _Line) -> str:
    """The line without footnote markers ('... our mission.²'), keeping exponents after digits."""
    kept: list[_Span] = []
    for span in line.spans:
        mark = span.text.strip()
        if span.sup and re.fullmatch(r"[\d,*∗†‡§¶]+", mark or "x"):
            before = kept[-1].text.rstrip() if kept else ""
            if not before[-1:].isdigit() and before[-1:] not in ")":
                continue
        kept.append(span)
    return _join_spans(kept, keep_sup=True) if kept else ""


def _is_margin(line: _Line, page: _Page) -> bool:
    """Running heads, page numbers and footers."""
    if line.y1 < page.height * 0.05 or line.y0 > page.height * 0.95:
        return True
    return bool(re.fullmatch(r"\d{1,4}", line.text))


_HYPHEN_KEEP = re.compile(
    r"(self|non|multi|cross|pre|post|co|semi|inter|intra|state-of-the|end-to|large|small|fine|well|high|low|"
    r"long|short|real|open|one|two|three|zero|few|task|domain|model|data|image|text|sub|single|ill|full)$",
    re.IGNORECASE,
)


def _dehyphenate_join(lines: list[str]) -> str:
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
        elif _CJK_CHAR.match(out[-1:]) and _CJK_CHAR.match(text):
            out += text  # no spaces between CJK words, so none at a line break either
        else:
            out = f"{out} {text}" if out else text
    return re.sub(r"\s+", " ", out).strip()


def _body_text(pages: _Doc, end: tuple[int, int]) -> str:
    parts: list[str] = []
    size = 0
    number, index = end
    while (page := pages.page(number)) is not None and size < BODY_TEXT_LIMIT:
        for line in page.lines[index:]:
            if _is_margin(line, page):
                continue
            parts.append(line.text)
            size += len(line.text) + 1
            if size >= BODY_TEXT_LIMIT:
                break
        number += 1
        index = 0
    return _dehyphenate_join(parts)[:BODY_TEXT_LIMIT]


# --------------------------------------------------------------------------------------------- batches


# A worker may map this much memory (address space, of which PyMuPDF alone takes about 0.5 GiB): a
# pathological PDF fails on its own instead of taking the machine down. Normal papers stay far below.
WORKER_MEMORY = 2 * 2**30


def _cap_memory(limit: int | None) -> None:
    if limit is None or sys.platform == "win32":
        return
    import resource  # POSIX only

    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
    with contextlib.suppress(ValueError, OSError):  # some systems (macOS) refuse: no cap there
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _too_big() -> str:
    limit = None
    if sys.platform != "win32":
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_AS)
        limit = None if soft == resource.RLIM_INFINITY else soft
    needed = f"more than {limit / 2**30:.3g} GiB" if limit else "more memory than is available"
    return f"the PDF needs {needed} to read: it is probably damaged or pathological; leave it out"


def _guarded(func: Callable[[str], Paper], path: str) -> Paper:
    """`func(path)`, with any failure recorded on the paper: one file's trouble must not stop a batch."""
    try:
        return func(path)
    except ExtractionError as exc:
        return Paper(source=path, error=str(exc))
    except MemoryError:
        return Paper(source=path, error=_too_big())
    except Exception as exc:
        return Paper(source=path, error=f"extraction failed: {type(exc).__name__}: {exc}")


def _worker(conn: Connection, func: Callable[[str], Paper], memory: int | None) -> None:
    """Worker process: extract one path at a time until told to stop (None)."""
    _cap_memory(memory)
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path = task
        conn.send((index, _guarded(func, path)))


class _Slot:
    """One worker process and the task it is busy with."""

    def __init__(self, ctx: Any, func: Callable[[str], Paper], memory: int | None) -> None:
        self.conn, child = multiprocessing.Pipe()
        self.proc = ctx.Process(target=_worker, args=(child, func, memory), daemon=True)
        self.proc.start()
        child.close()
        self.task: tuple[int, str] | None = None
        self.started = 0.0

    def give(self, index: int, path: str) -> None:
        self.task = (index, path)
        self.started = time.monotonic()
        self.conn.send(self.task)

    def kill(self) -> None:
        self.proc.terminate()
        self.proc.join(1.0)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)
        self.proc.join(2.0)
        if self.proc.is_alive():
            self.kill()
        else:
            self.conn.close()


def _context() -> Any:
    # forkserver: workers fork from a clean server with PyMuPDF preloaded (fast to replace after a
    # timeout, and safe when the parent runs threads); spawn where fork is not available.
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["paperbrief.extract"])
        return ctx
    return multiprocessing.get_context("spawn")


def extract_all(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    timeout: float = 30.0,
    memory: int | None = WORKER_MEMORY,
    extractor: Callable[[str], Paper] | None = None,
) -> Iterator[Paper]:
    """Extract many PDFs; yields one `Paper` per path, in input order, never raising for a bad file.

    Each file runs in one of `jobs` worker processes (`None`: every core), even with `jobs=1`, because
    only a process can be stopped: a file taking longer than `timeout` seconds gets its worker terminated
    and replaced, and a worker may map at most `memory` bytes (`None`: no cap); either way the file
    becomes a `Paper` with `error` set. At most a few files per worker are in flight or waiting to be
    yielded, so memory stays bounded for any number of paths. `extractor` replaces `extract_pdf` (a
    picklable, module-level function taking a path), for tests and other front ends.
    """
    workers = jobs if jobs is not None else (os.cpu_count() or 1)
    count = min(max(1, workers), max(1, len(paths)))
    yield from _pool(list(paths), count, timeout, memory, extractor or extract_pdf)


def _pool(
    paths: list[str], workers: int, timeout: float, memory: int | None, func: Callable[[str], Paper]
) -> Iterator[Paper]:
    if not paths:
        return
    ctx = _context()
    window = workers * 4
    slots = [_Slot(ctx, func, memory) for _ in range(workers)]
    done: dict[int, Paper] = {}
    next_task = next_out = 0
    try:
        while next_out < len(paths):
            for slot in slots:
                if slot.task is None and next_task < len(paths) and next_task - next_out < window:
                    slot.give(next_task, paths[next_task])
                    next_task += 1
            _collect([s for s in slots if s.task is not None], done, timeout)
            for i, slot in enumerate(slots):
                failure = _overdue_or_dead(slot, timeout)
                if failure is not None and slot.task is not None:
                    index, path = slot.task
                    slot.kill()
                    done[index] = Paper(source=path, error=failure)
                    slots[i] = _Slot(ctx, func, memory)
            while next_out in done:
                yield done.pop(next_out)
                next_out += 1
    finally:
        for slot in slots:
            if slot.task is None:
                slot.stop()
            else:
                slot.kill()


def _overdue_or_dead(slot: _Slot, timeout: float) -> str | None:
    if slot.task is None:
        return None
    if not slot.proc.is_alive():
        return "extraction crashed the worker process: the PDF is probably damaged; download it again"
    if time.monotonic() - slot.started > timeout:
        return f"extraction timed out after {timeout:g} s: raise --file-timeout or leave the file out"
    return None


def _collect(busy: list[_Slot], done: dict[int, Paper], timeout: float) -> None:
    """Wait for the first result or the nearest deadline; a dead worker is noticed by the caller."""
    if not busy:
        return
    wait_for = max(0.0, min(s.started + timeout for s in busy) - time.monotonic()) + 0.01
    ready = wait([s.conn for s in busy], timeout=wait_for)
    for slot in busy:
        if slot.conn not in ready:
            continue
        try:
            index, paper = slot.conn.recv()
        except (EOFError, OSError):
            slot.proc.join(0.5)  # the worker died mid-file; _overdue_or_dead records it
            continue
        slot.task = None
        done[index] = paper
