"""The extract stage over a run's papers: each PDF read once (in the worker pool), what it knows filling what
the paper lacks, duplicates found by the arXiv ids stamped on local PDFs collapsed, and the fields checked."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from .. import dedup
from ..context import Event, Stage
from ..models import Code, Origin, Paper
from ..text import ends_with_sentence
from . import extract_all

if TYPE_CHECKING:
    from ..context import Context


def read_pdfs(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    """Extract each PDF once, even when several papers point at it (an arXiv id given twice)."""
    by_path: dict[str, list[Paper]] = {}
    for paper in papers:
        if paper.pdf_path and paper.active:
            by_path.setdefault(paper.pdf_path, []).append(paper)
    found_all = extract_all(list(by_path), jobs=context.options.jobs, timeout=context.options.timeout)
    for done, found in enumerate(found_all, start=1):
        for paper in by_path[found.source]:
            fill_from(paper, found)
        yield Event(Stage.EXTRACT, done, len(by_path), found.source)
    dedup.collapse(papers)  # again: extraction found the arXiv ids stamped on local PDFs
    for paper in papers:
        if paper.active:
            _check_fields(paper)
    return papers


def fill_from(paper: Paper, found: Paper) -> None:
    """Take what `found` knows and `paper` lacks; fields already set (e.g. from arXiv) stay authoritative."""
    authoritative = {name for name, origin in paper.provenance.items() if origin in (Origin.ARXIV, Origin.LISTING)}
    error = _as_named(found.error, paper) if found.error else None
    if error and authoritative:
        paper.warn(Code.PDF_UNREADABLE, f"the PDF could not be read ({error}): only arXiv's metadata is used")
        return
    if error:
        paper.fail(error)
        return
    for name in ("title", "abstract", "arxiv_id", "authors", "institutions"):
        value = getattr(found, name)
        if not getattr(paper, name) and value:
            setattr(paper, name, list(value) if isinstance(value, list) else value)
            paper.provenance.setdefault(name, found.provenance.get(name, Origin.PDF))
    if not paper.abstract and not paper.body_text:
        # Briefs read the body only in place of a missing abstract. Kept for every paper, it was most of
        # what a run holds per paper (about 12 KB of the 6,000 characters): 60 MB over 5,000 papers.
        paper.body_text = found.body_text
    for name, value in found.confidence.items():
        paper.confidence.setdefault(name, value)
    for warning in found.warnings:
        if warning.field not in authoritative:  # a PDF doubt about a field arXiv gave is moot
            paper.warn(warning.code, warning.message, field=warning.field)


def _as_named(reason: str, paper: Paper) -> str:
    """`reason` with the file's path on disk (MuPDF quotes it) replaced by the paper's name in the report."""
    return reason.replace(paper.pdf_path, paper.source) if paper.pdf_path else reason


def _check_fields(paper: Paper) -> None:
    """Flag what a reader should not trust; a paper with nothing to report fails."""
    if not paper.title.strip() and not paper.abstract.strip():
        paper.fail("no title and no abstract found: the input is empty or unreadable")
        return
    if not paper.title.strip():
        paper.warn(Code.NOT_FOUND, "no title found", field="title")
    if not paper.abstract.strip():
        paper.warn(Code.NOT_FOUND, "no abstract found", field="abstract")
    elif not ends_with_sentence(paper.abstract):
        paper.warn(
            Code.ABSTRACT_CUT, "the abstract seems cut off: it does not end with a full sentence", field="abstract"
        )
    if paper.effective_author_count is None:
        paper.warn(Code.AUTHOR_COUNT_UNKNOWN, "author count unknown", field="authors")
