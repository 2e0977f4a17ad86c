"""The fetch stage: the PDF of the exact arXiv id and version of each kept paper arXiv or a listing described,
so extraction can fill what the metadata lacks (institutions above all). Never a title search: that can fetch
another paper. A paper whose PDF cannot be fetched keeps its metadata and says so."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from .arxiv import parse_id
from .context import Event, Stage
from .errors import NetworkError
from .models import Code, Origin, Paper

if TYPE_CHECKING:
    from .context import Context

_DESCRIBED = (Origin.ARXIV, Origin.LISTING)


def wants_pdf(paper: Paper) -> bool:
    """An active paper whose arXiv id came from arXiv itself or its listing and whose PDF is not here yet."""
    return paper.active and paper.provenance.get("arxiv_id") in _DESCRIBED and not paper.pdf_path


def fetch(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    wanted = [p for p in papers if wants_pdf(p)]
    for done, paper in enumerate(wanted, start=1):
        try:
            paper.pdf_path = str(context.arxiv.pdf_path(_versioned(paper, context)))
        except NetworkError as exc:
            paper.warn(Code.PDF_NOT_FETCHED, f"PDF not downloaded ({exc}): institutions may be missing", field="pdf")
        yield Event(Stage.FETCH, done, len(wanted), paper.source)
    return papers


def _versioned(paper: Paper, context: Context) -> str:
    """The paper's id with its version; a listing's replacement names none, so arXiv is asked for the latest
    version of that id (by id, never by title)."""
    assert paper.arxiv_id is not None
    parsed = parse_id(paper.arxiv_id)
    if parsed is None or parsed.version is not None:
        return paper.arxiv_id
    [latest] = context.arxiv.papers([(paper.source, parsed)])
    if latest.error or latest.arxiv_id is None:
        raise NetworkError(latest.error or "arXiv does not know the id")
    return latest.arxiv_id
