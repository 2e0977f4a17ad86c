"""A polite arXiv client: the API (Atom) and PDFs, one request at a time through one rate limiter.

arXiv asks API users for at most one request every three seconds, a descriptive User-Agent, and backing
off when told to (429/503 with `Retry-After`); `Client` does all three through `paperbrief.http`, with an
injectable clock and sleep so tests can check the spacing without waiting.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

import httpx

from ..errors import ConfigError, NetworkError
from ..http import NETWORK, HttpGetter, RateLimiter, RetryPolicy, Transports
from .atom import Entry, Feed, parse_feed
from .ids import ArxivId

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_PDF_URL = "https://arxiv.org/pdf"
MIN_DELAY = 3.0  # arXiv's terms of use: no more than one request every three seconds
PAGE_SIZE = 100
SORTS = ("relevance", "lastUpdatedDate", "submittedDate")
API_SETTING = "PAPERBRIEF_ARXIV_API_URL"
FEED_SETTING = "the feed's URL (or PAPERBRIEF_ARXIV_RSS_URL)"
PDF_SETTING = "PAPERBRIEF_ARXIV_PDF_URL"


@dataclass(frozen=True)
class Settings:
    """Where arXiv lives and how politely to ask; env vars override the defaults so tests use a local server."""

    api_url: str = DEFAULT_API_URL
    pdf_url: str = DEFAULT_PDF_URL
    delay: float = MIN_DELAY
    max_age: float = 86400.0

    @classmethod
    def from_env(cls, *, api_url: str | None = None, pdf_url: str | None = None, max_age: float = 86400.0) -> Settings:
        """Explicit values win, then `PAPERBRIEF_ARXIV_API_URL`/`_PDF_URL`/`_DELAY`, then arXiv's own."""
        delay = os.environ.get("PAPERBRIEF_ARXIV_DELAY", "")
        try:
            spacing = float(delay) if delay else MIN_DELAY
        except ValueError as exc:
            raise ConfigError(f"PAPERBRIEF_ARXIV_DELAY must be a number of seconds, not {delay!r}") from exc
        return cls(
            api_url=api_url or os.environ.get(API_SETTING) or DEFAULT_API_URL,
            pdf_url=pdf_url or os.environ.get(PDF_SETTING) or DEFAULT_PDF_URL,
            delay=spacing,
            max_age=max_age,
        )

    def spacing(self) -> float:
        """The delay between requests; never below arXiv's three seconds when talking to arxiv.org itself."""
        hosts = {urlparse(url).hostname or "" for url in (self.api_url, self.pdf_url)}
        at_arxiv = any(host == "arxiv.org" or host.endswith(".arxiv.org") for host in hosts)
        return max(self.delay, MIN_DELAY) if at_arxiv else max(self.delay, 0.0)


class Client:
    """The arXiv API (Atom) and PDF downloads, one request at a time through one rate limiter.

    `transports.sync` (or `transport`, its shorthand) replaces the network; `policy` defaults to five attempts
    whose backoff counts in the politeness delay's unit: 3, 6, 12, 24 s (less up to half, at random) at arXiv.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transports: Transports = NETWORK,
        transport: httpx.BaseTransport | None = None,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.page_size = page_size
        spacing = self.settings.spacing()
        limiter = RateLimiter(spacing, clock=clock, sleep=sleep)
        self.http = HttpGetter(
            "arXiv",
            limiter,
            policy or RetryPolicy(backoff=spacing),
            transport=transport or transports.sync,
        )

    def close(self) -> None:
        self.http.close()

    def fetch(self, ids: Sequence[ArxivId]) -> Feed:
        """Entries for `ids` in one request (an id without version gets its latest version)."""
        params = {"id_list": ",".join(str(i) for i in ids), "max_results": str(len(ids))}
        return parse_feed(self.http.get(self.settings.api_url, params, setting=API_SETTING).content)

    def search(self, query: str, *, max_results: int, sort: str = "relevance") -> list[Entry]:
        """Up to `max_results` entries for `query`, fetched in pages of at most `PAGE_SIZE`."""
        if sort not in SORTS:
            raise ConfigError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
        found: list[Entry] = []
        while len(found) < max_results:
            params = {
                "search_query": query,
                "start": str(len(found)),
                "max_results": str(min(self.page_size, max_results - len(found))),
                "sortBy": sort,
                "sortOrder": "descending",
            }
            feed = parse_feed(self.http.get(self.settings.api_url, params, setting=API_SETTING).content)
            if feed.errors:
                raise ConfigError(f"arXiv rejected the query {query!r}: {'; '.join(feed.errors)}")
            found.extend(feed.entries)
            if not feed.entries or (feed.total is not None and len(found) >= feed.total):
                break
        return found[:max_results]

    def get(self, url: str) -> bytes:
        """Any other arXiv resource (a listing feed), through the same rate limiter and retries."""
        return self.http.get(url, setting=FEED_SETTING).content

    def pdf(self, arxiv_id: ArxivId) -> bytes:
        response = self.http.get(f"{self.settings.pdf_url.rstrip('/')}/{arxiv_id}", setting=PDF_SETTING)
        if not response.content.startswith(b"%PDF"):
            raise NetworkError(f"arXiv sent no PDF for {arxiv_id} (got {response.headers.get('content-type')})")
        return response.content
