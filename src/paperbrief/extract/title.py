"""The title: the biggest text above the abstract, with its wrapped lines and subtitle."""

from __future__ import annotations

import re
import unicodedata

from .authors import EMAILS, name_pieces
from .layout import CJK, Line, Page, clean_text, dehyphenate_join, is_margin, word_count

# Lines above the title that are never part of it: venue, preprint and copyright notes.
JUNK_TOP = re.compile(
    r"^(arXiv|Published as|Accepted|Preprint|Under review|Proceedings|Journal|Vol\.|Volume|In Proc|"
    r"To appear|Workshop|Conference|Technical Report|Draft|Copyright|©|\d+(st|nd|rd|th) Conference|"
    r"This paper|IEEE|ACM|Page \d)",
    re.IGNORECASE,
)


def title_lines(page: Page, abstract_at: tuple[int, float, Line] | None) -> list[Line]:
    """The title: the biggest text above the abstract, plus the lines right under it in the same font
    (a wrapped title, or a subtitle set a little smaller)."""
    limit = abstract_at[1] if abstract_at is not None and abstract_at[0] == page.number else page.height * 0.6
    # the title sits above the authors' e-mails: bigger text further down is a figure
    limit = min([limit, *(ln.y0 for ln in page.lines if EMAILS.search(ln.text) and ln.y0 > page.height * 0.08)])
    candidates = sorted(
        (
            ln
            for ln in page.lines
            if ln.y1 <= limit + 1
            and not is_margin(ln, page)
            and sum(c.isalpha() for c in ln.text) >= 2
            and not JUNK_TOP.match(ln.text)
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


def _looks_like_names(line: Line) -> bool:
    """An author line right under the title, set in the title's font: a list of names, or one short name."""
    pieces = name_pieces(line)
    return len(pieces) >= 2 or (len(pieces) == 1 and len(line.text.split()) <= 3 and "," not in line.text)


def read_title(lines: list[Line], metadata: dict[str, str]) -> tuple[str, float]:
    """The title's text and confidence; the PDF's metadata confirms it, or stands in when the page has none."""
    text = dehyphenate_join([ln.text for ln in lines])
    text = re.sub(r"\s*[∗*†‡§¶]+\s*$", "", text).strip()
    meta = clean_text(metadata.get("title") or "")
    if not text:
        # the embedded metadata is only a hint: used when the layout finds nothing, flagged as doubtful
        return (meta, 0.3) if len(meta.split()) >= 3 else ("", 0.0)
    conf = 0.85
    words = word_count(text)
    if words < 2 or words > 40:
        conf = 0.4
    if _key(meta) and _key(meta) == _key(text):
        conf = 1.0
    elif text.isupper():
        conf = min(conf, 0.8)
    return text, conf


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return re.sub(f"[^0-9a-z{CJK}]+", "", "".join(c for c in text if not unicodedata.combining(c)).casefold())
