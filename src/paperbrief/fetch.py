"""The fetch stage: the PDF of the exact arXiv id and version of each paper arXiv described, so extraction can
fill what the metadata lacks (institutions above all). Never a title search: that can fetch another paper."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from .context import Event, Stage
from .errors import NetworkError
from .models import Code, Origin, Paper

if TYPE_CHECKING:
    from .context import Context


def wants_pdf(paper: Paper) -> bool:
    """An active paper whose arXiv id (with its version) came from arXiv itself and whose PDF is not here yet."""
    return paper.active and paper.provenance.get("arxiv_id") == Origin.ARXIV and not paper.pdf_path


def fetch(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    wanted = [p for p in papers if wants_pdf(p)]
    for done, paper in enumerate(wanted, start=1):
        assert paper.arxiv_id is not None
        try:
            paper.pdf_path = str(context.arxiv.pdf_path(paper.arxiv_id))
        except NetworkError as exc:
            paper.warn(Code.PDF_NOT_FETCHED, f"PDF not downloaded ({exc}): institutions may be missing", field="pdf")
        yield Event(Stage.FETCH, done, len(wanted), paper.source)
    return papers
