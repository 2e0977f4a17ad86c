"""The abstract, found under its heading (or under the header block when it has none), and the body text
that follows it, kept for the brief."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import ends_with_sentence
from .layout import (
    CAPTION,
    CJK,
    FIRST_SECTION,
    Doc,
    Line,
    Page,
    Span,
    dehyphenate_join,
    is_margin,
    join_spans,
    word_count,
)

BODY_TEXT_LIMIT = 6000

# The abstract's heading in the languages papers come in; CJK headings are often spaced out ("摘 要").
_ABSTRACT_WORD = r"(?:a\s?bstract|r[ée]sum[ée]|zusammenfassung|аннотация|摘\s*要|概\s*要|要\s*旨)"
_ABSTRACT_HEAD = re.compile(rf"^\s*{_ABSTRACT_WORD}\s*(?:[.:：—–\-]+\s*|\s+(?=[A-Z{CJK}])|$)", re.IGNORECASE)
# the word alone or followed by punctuation: a heading even in body type ("Abstract syntax ..." is not)
_ABSTRACT_LABEL = re.compile(rf"^\s*{_ABSTRACT_WORD}\s*(?:[.:：—–\-]|$)", re.IGNORECASE)
_SECTION_HEAD = re.compile(
    r"^\s*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.|[A-Z]\.)\s+[A-Z]|"
    r"(?:keywords?|key\s?words|index terms|ccs concepts|acm reference format|additional key words|"
    r"general terms|categories and subject descriptors|introduction|i\s?ntroduction|"
    r"background|related work|contents)\b)",
    re.IGNORECASE,
)


def find_abstract_heading(pages: Doc, start: int) -> tuple[int, float, Line] | None:
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


def read_abstract(
    pages: Doc, heading: tuple[int, float, Line] | None, page: Page, header: list[Line]
) -> tuple[str, tuple[int, int], float]:
    """The abstract and where it ends (page, index of the first line after it). Without a heading it is the
    text under the `header` (title, authors, affiliations), unless that text opens the first section: a
    paper without an abstract has none (empty, confidence 0), not its introduction."""
    if heading is not None:
        number, _, line = heading
        at = pages.page(number)
        assert at is not None
        index = at.lines.index(line)
        first = _ABSTRACT_HEAD.sub("", line.text, count=1).strip()
        texts, end = _collect_paragraphs(pages, (number, index + 1), first, header)
        conf = 0.95
    else:
        number = page.number
        bottom = max((ln.y1 for ln in header), default=0.0)
        index = next((i for i, ln in enumerate(page.lines) if ln.y0 > bottom and ln not in header), len(page.lines))
        opening = next((ln for ln in page.lines[index:] if not is_margin(ln, page)), None)
        if opening is not None and FIRST_SECTION.match(opening.text):
            return "", (number, index), 0.0
        texts, end = _collect_paragraphs(pages, (number, index), "", header)
        conf = 0.6
    text = dehyphenate_join(texts)
    words = word_count(text)
    if words < 30 or words > 700:
        conf = min(conf, 0.4)
    return text, end, conf


@dataclass
class _Run:
    """The abstract collected so far: its lines, body size and left margin, the header lines to pass over,
    and the last line of a figure caption met at a column or page break."""

    texts: list[str]
    header: set[int]
    size: float = 0.0
    left: float = 0.0
    prev: Line | None = None
    caption: Line | None = None

    def is_open(self) -> bool:
        """Whether the abstract stops mid-sentence so far: it goes on after a column or page break."""
        return bool(self.texts) and not ends_with_sentence(self.texts[-1])


def _collect_paragraphs(
    pages: Doc, at: tuple[int, int], first: str, header: list[Line]
) -> tuple[list[str], tuple[int, int]]:
    """Lines in reading order until the next section: a heading, a bigger font, a wide gap, or text that
    starts left of the abstract's margin on the same page (an indented abstract over full-width body).
    Mid-sentence, the abstract goes on past what sits at a column or page break (header cells in the other
    column, a figure and its caption, footnotes, a running head) until a section heading."""
    number, index = at
    run = _Run([first] if first else [], {id(ln) for ln in header})
    while (page := pages.page(number)) is not None:
        lines = page.lines
        while index < len(lines):
            line = lines[index]
            verdict = _abstract_step(run, line, page, lines[index + 1] if index + 1 < len(lines) else None)
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


def _goes_on(run: _Run, line: Line) -> bool:
    """Whether a line that reads like a heading ("introduction of a cache …") carries on a sentence left open:
    a heading starts with a capital or a number, a wrapped sentence with a lower-case word."""
    return run.is_open() and line.text.lstrip()[:1].islower()


def _abstract_step(run: _Run, line: Line, page: Page, after: Line | None) -> str:
    if is_margin(line, page) or id(line) in run.header:
        return "skip"
    started = bool(run.texts) or bool(run.size)
    if started and _SECTION_HEAD.match(line.text) and not _goes_on(run, line):
        return "stop"
    if _in_caption(run, line):
        return "skip"
    prev, open_ = run.prev, run.is_open()
    turned = prev is not None and _turned(prev, line)
    if started and CAPTION.match(line.text):
        if not open_:
            return "stop"
        run.caption = line  # a figure at the break: its caption is passed over, the abstract goes on after it
        return "skip"
    if prev is not None and line.page != prev.page and _running_head(line, page, after, run.size, open_):
        return "skip"
    if not run.size:
        run.size = line.size
    elif abs(line.size - run.size) > 0.9:
        # bigger: the next section, or text in a figure at the break; smaller: a footnote or caption beside it
        return "stop" if line.size > run.size and not (open_ and turned) else "skip"
    if prev is not None and line.page == prev.page and run.texts:
        below = line.y0 > prev.y1 - 1
        if below and line.y0 - prev.y1 > 2.5 * max(run.size, 1.0):
            return "skip" if open_ and line.y0 > 0.6 * page.height else "stop"  # footnotes under a cut column
        if below and line.x0 < run.left - 1.5 * run.size and line.x1 > prev.x1 + run.size:
            return "stop"
    return "take"


def _turned(prev: Line, line: Line) -> bool:
    """Whether `line` is past a column or page break after `prev`: on a later page, or above it."""
    return line.page != prev.page or line.y1 < prev.y0


def _in_caption(run: _Run, line: Line) -> bool:
    """Whether `line` goes on with the figure caption being passed over: right under its last line."""
    caption = run.caption
    if caption is None:
        return False
    if line.page == caption.page and 0 <= line.y0 - caption.y1 + 1 < 0.8 * max(caption.size, 1.0):
        run.caption = line
        return True
    run.caption = None
    return False


def _running_head(line: Line, page: Page, after: Line | None, size: float, open_: bool) -> bool:
    """A page's running head (title, venue): in the top tenth of the page, set apart by more than a line from
    the body line under it, or from the next section's heading when the abstract ended with its sentence
    (mid-sentence, a line over that heading is the abstract's last)."""
    if line.y1 > 0.1 * page.height or after is None or after.y0 - line.y1 <= max(line.height, 1.0):
        return False
    if _SECTION_HEAD.match(after.text):
        return not open_
    return abs(after.size - size) <= 0.9


def _without_markers(line: Line) -> str:
    """The line without footnote markers ('... our mission.²'), keeping exponents after digits."""
    kept: list[Span] = []
    for span in line.spans:
        mark = span.text.strip()
        if span.sup and re.fullmatch(r"[\d,*∗†‡§¶]+", mark or "x"):
            before = kept[-1].text.rstrip() if kept else ""
            if not before[-1:].isdigit() and before[-1:] not in ")":
                continue
        kept.append(span)
    return join_spans(kept, keep_sup=True) if kept else ""


def body_text(pages: Doc, end: tuple[int, int]) -> str:
    """The text after the abstract (from `end`), up to `BODY_TEXT_LIMIT` characters, without margins."""
    parts: list[str] = []
    size = 0
    number, index = end
    while (page := pages.page(number)) is not None and size < BODY_TEXT_LIMIT:
        for line in page.lines[index:]:
            if is_margin(line, page):
                continue
            parts.append(line.text)
            size += len(line.text) + 1
            if size >= BODY_TEXT_LIMIT:
                break
        number += 1
        index = 0
    return dehyphenate_join(parts)[:BODY_TEXT_LIMIT]
