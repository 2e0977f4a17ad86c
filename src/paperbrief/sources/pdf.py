"""A PDF file: checked here, read by the extract stage (in a worker process with a time limit)."""

from __future__ import annotations

from collections.abc import Iterator

from ..models import Paper
from .base import Given, InputKind, one_at_a_time, unreadable


def claims(given: Given) -> bool:
    """A file that starts like a PDF (some writers put bytes before the header), or is named .pdf: a file
    named .pdf that is not one (an HTML page saved under that name) fails in extraction with its reason."""
    return given.path is not None and (b"%PDF" in given.head[:1024] or given.suffix == ".pdf")


def pdf_paper(path: str, source: str) -> Paper:
    """A PDF to extract, or a failed paper when the file cannot be opened at all."""
    problem = unreadable(path)
    return Paper(source=source, error=problem) if problem else Paper(source=source, pdf_path=path)


def read_given(given: Given) -> Iterator[Paper]:
    yield pdf_paper(given.text, given.label)


KIND = InputKind("pdf", claims, one_at_a_time(read_given))
