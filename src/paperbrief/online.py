"""What a run needs beyond the local files: the store, the arXiv source, OpenAlex, and the named digest.

`Services.open` starts only what the run uses (no store, no HTTP client for a folder of PDFs) and closes it
all at the end. The pipeline calls these per paper; a network problem with one paper is recorded on that
paper, never raised.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from . import dedup
from .arxiv.client import SORTS, Client
from .arxiv.client import Settings as ArxivSettings
from .arxiv.source import ArxivSource
from .cache import Store
from .errors import ConfigError, NetworkError
from .models import Code, Origin, Paper
from .openalex import OpenAlex

ENRICHERS = ("openalex",)


@dataclass(frozen=True, kw_only=True)
class Request:
    """The networked part of a run's options."""

    needs_arxiv: bool = False
    query: str | None = None
    max_results: int = 50
    sort: str = "relevance"
    since_last: str | None = None
    enrich: Sequence[str] = ()
    arxiv_settings: ArxivSettings = field(default_factory=ArxivSettings.from_env)

    def check(self) -> None:
        unknown = [name for name in self.enrich if name not in ENRICHERS]
        if unknown:
            raise ConfigError(f"unknown enrichment {', '.join(unknown)}: use {', '.join(ENRICHERS)}")
        if self.sort not in SORTS:
            raise ConfigError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")
        if self.max_results < 1:
            raise ConfigError("--max-results must be at least 1")
        if self.since_last is not None and not self.since_last.strip():
            raise ConfigError("--since-last needs a digest name, e.g. --since-last weekly")


@dataclass
class Services:
    request: Request
    store: Store | None = None
    arxiv: ArxivSource | None = None
    openalex: OpenAlex | None = None

    @classmethod
    @contextmanager
    def open(cls, request: Request) -> Iterator[Services]:
        request.check()
        with ExitStack() as stack:
            services = cls(request)
            if request.needs_arxiv or request.query or request.since_last or request.enrich:
                services.store = stack.enter_context(Store())
            if services.store and (request.needs_arxiv or request.query):
                services.arxiv = ArxivSource(services.store, Client(request.arxiv_settings))
                stack.callback(services.arxiv.close)
            if services.store and "openalex" in request.enrich:
                services.openalex = OpenAlex(services.store)
                stack.callback(services.openalex.close)
            yield services

    def query_papers(self) -> list[Paper]:
        """The papers `--arxiv-query` finds; a failed search becomes one failed paper naming the query."""
        if not self.request.query or self.arxiv is None:
            return []
        try:
            return self.arxiv.search(self.request.query, max_results=self.request.max_results, sort=self.request.sort)
        except NetworkError as exc:
            return [Paper(source=f"arXiv query: {self.request.query}", error=f"arXiv search failed: {exc}")]

    def unreported(self, papers: list[Paper]) -> list[Paper]:
        """Without `--since-last` every paper; with it, those the digest has not reported yet."""
        if self.store is None or not self.request.since_last:
            return papers
        return dedup.drop_reported(papers, self.store.reported(self.request.since_last))

    def wants_pdf(self, paper: Paper) -> bool:
        """An arXiv paper whose PDF has not been fetched yet."""
        from_api = paper.provenance.get("arxiv_id") == Origin.ARXIV
        return self.arxiv is not None and from_api and not paper.failed and not paper.pdf_path

    def download(self, paper: Paper) -> None:
        """Give an arXiv paper its PDF so extraction can fill what the API lacks; failing that, a warning."""
        assert self.arxiv is not None and paper.arxiv_id is not None
        try:
            paper.pdf_path = str(self.arxiv.pdf_path(paper.arxiv_id))
        except NetworkError as exc:
            paper.warn(
                Code.PDF_NOT_FETCHED, f"PDF not downloaded ({exc}): institutions may be missing", field="institutions"
            )

    def wants_enrichment(self, paper: Paper) -> bool:
        return self.openalex is not None and not paper.failed and not paper.institutions

    def enrich(self, paper: Paper) -> None:
        assert self.openalex is not None
        self.openalex.enrich(paper)


def mark_reported(digest: str, papers: Sequence[Paper]) -> None:
    """Remember that `digest` has reported `papers`; called once the report is safely written."""
    with Store() as store:
        store.mark_reported(digest, [dedup.digest_key(p) for p in papers if not p.failed])
