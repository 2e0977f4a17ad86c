"""One PDF's header: the page it is on, the fields its parts find there, each with a confidence.

The parts are `title`, `authors` (authors and affiliations) and `abstract` (abstract and body text);
this module orders them and records their findings on the `Paper`, with a warning for a doubtful field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..arxiv.ids import find_stamped_id
from ..errors import ExtractionError
from ..models import Code, Origin, Paper
from .abstract import body_text, find_abstract_heading, read_abstract
from .authors import classify, header_block, read_affiliations, read_authors
from .layout import Doc, Line, is_margin
from .opening import SCANNED, open_pdf, reading_failure
from .title import JUNK_TOP, read_title, title_lines

# Below this confidence a field gets a warning on the paper instead of being passed off as fact.
WARN_BELOW = 0.5


def read_pdf(path: str, max_pages: int) -> Paper:
    """The header fields of the PDF at `path`, from its first `max_pages` pages (read only as needed)."""
    doc = open_pdf(path)
    try:
        paper = Paper(source=path)
        try:
            _extract_fields(paper, Doc(doc, max(1, max_pages)), doc.metadata or {})
        except ExtractionError:
            raise
        except Exception as exc:  # a MuPDF failure mid-document means the file is damaged, or too big
            raise reading_failure(exc) from exc
        if doc.is_repaired:  # MuPDF rebuilt a broken cross-reference table: fields may be missing
            paper.warn(Code.PDF_REPAIRED, "the PDF is damaged and was repaired: check its fields")
        return paper
    finally:
        doc.close()


def _extract_fields(paper: Paper, pages: Doc, metadata: dict[str, str]) -> None:
    if not any(p.lines for p in (pages.page(i) for i in range(pages.count)) if p is not None):
        raise ExtractionError(SCANNED)
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


def _find_arxiv_id(pages: Doc, metadata: dict[str, str]) -> tuple[str | None, float]:
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
    def find(cls, pages: Doc, metadata: dict[str, str]) -> _Header:
        header = cls()
        start = next(p.number for p in map(pages.page, range(pages.count)) if p is not None and p.lines)
        abstract_at = find_abstract_heading(pages, start)
        first = pages.page(_header_page(pages, start, abstract_at))
        assert first is not None
        title = title_lines(first, abstract_at)
        header.title, header.title_conf = read_title(title, metadata)
        block = header_block(first, title, abstract_at)
        kinds = classify(block)
        header.authors, header.authors_conf = read_authors(block, kinds, metadata)
        header.institutions, header.institutions_conf = read_affiliations(block, kinds, first)
        abstract, end, conf = read_abstract(pages, abstract_at, first, [*title, *block])
        header.abstract, header.abstract_conf = abstract, conf
        header.body_text = body_text(pages, end)
        return header


def _header_page(pages: Doc, start: int, abstract_at: tuple[int, float, Line] | None) -> int:
    """The page holding the title: the first page with text, unless that page is a cover sheet (a
    repository's, a thesis's) and the next page opens the paper itself: a title in big type above its
    'Abstract' heading. Only continued author lists and running heads sit above a heading otherwise."""
    if abstract_at is None or abstract_at[0] == start:
        return start
    number, top, heading = abstract_at
    page = pages.page(number)
    assert page is not None
    body = next((ln.size for ln in page.lines[page.lines.index(heading) + 1 :] if not is_margin(ln, page)), 0.0)
    above = [ln for ln in page.lines if ln.y1 <= top + 1 and not is_margin(ln, page) and not JUNK_TOP.match(ln.text)]
    titled = any(ln.max_size >= 1.3 * max(body, heading.size) for ln in above)
    return number if titled else start
