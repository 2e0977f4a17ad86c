"""A polite arXiv client: the API (Atom) and PDFs, one request at a time through one rate limiter.

arXiv asks API users for at most one request every three seconds, a descriptive User-Agent, and backing
off when told to (429/503 with `Retry-After`); `Client` does all three, with an injectable clock and sleep
so tests can check the spacing without waiting.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlparse

import httpx

from ..errors import ConfigError, NetworkError
from ..retry import retry_after
from .atom import Entry, Feed, parse_feed
from .ids import ArxivId

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_PDF_URL = "https://arxiv.org/pdf"
PROJECT_URL = "https://github.com/paperbrief/paperbrief"
MIN_DELAY = 3.0  # arXiv's terms of use: no more than one request every three seconds
PAGE_SIZE = 100
SORTS = ("relevance", "lastUpdatedDate", "submittedDate")


def user_agent() -> str:
    try:
        own = version("paperbrief")
    except PackageNotFoundError:
        own = "0"
    return f"paperbrief/{own} (+{PROJECT_URL}; mailto:paperbrief@users.noreply.github.com)"


class RateLimiter:
    """At most one call to `wait` per `interval` seconds; `clock` and `sleep` are injectable for tests."""

    def __init__(
        self,
        interval: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.clock = clock
        self.sleep = sleep
        self._last: float | None = None

    def wait(self) -> None:
        if self._last is not None:
            delay = self._last + self.interval - self.clock()
            if delay > 0:
                self.sleep(delay)
        self._last = self.clock()


class HttpGetter:
    """GET with a rate limiter, a descriptive User-Agent and retries with backoff on 429/5xx and dropped
    connections, honouring `Retry-After`. Shared by the arXiv and OpenAlex clients; `service` names the API
    in error messages, which never include the URL (it may carry an API key)."""

    RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})

    def __init__(
        self,
        service: str,
        limiter: RateLimiter,
        *,
        retries: int = 4,
        backoff: float = 5.0,
        max_wait: float = 300.0,
        timeout: float = 60.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.service = service
        self.limiter = limiter
        self.retries = retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.http = httpx.Client(
            headers={"User-Agent": user_agent()}, timeout=timeout, follow_redirects=True, transport=transport
        )

    def close(self) -> None:
        self.http.close()

    def get(
        self, url: str, params: dict[str, str] | None = None, *, accept: frozenset[int] = frozenset()
    ) -> httpx.Response:
        """The response; an error status not in `accept` raises `NetworkError` once retries are spent."""
        problem, wait = "", 0.0
        for attempt in range(self.retries + 1):
            if attempt:
                self.limiter.sleep(wait)
            self.limiter.wait()
            try:
                response = self.http.get(url, params=params)
            except httpx.TransportError as exc:
                problem, wait = type(exc).__name__, min(self.backoff * 2**attempt, self.max_wait)
                continue
            if response.status_code not in self.RETRY_STATUSES:
                if response.is_error and response.status_code not in accept:
                    raise NetworkError(f"{self.service} answered HTTP {response.status_code}")
                return response
            problem, wait = f"HTTP {response.status_code}", self._retry_after(response, attempt)
        attempts = self.retries + 1
        raise NetworkError(f"{self.service} kept failing ({problem}) after {attempts} attempts: try again later")

    def _retry_after(self, response: httpx.Response, attempt: int) -> float:
        """Seconds to wait: the server's `Retry-After` (seconds or an HTTP date) if any, else exponential backoff."""
        requested = retry_after(response.headers)
        wait = self.backoff * 2**attempt if requested is None else requested
        return float(min(wait, self.max_wait))


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
            api_url=api_url or os.environ.get("PAPERBRIEF_ARXIV_API_URL") or DEFAULT_API_URL,
            pdf_url=pdf_url or os.environ.get("PAPERBRIEF_ARXIV_PDF_URL") or DEFAULT_PDF_URL,
            delay=spacing,
            max_age=max_age,
        )

    def spacing(self) -> float:
        """The delay between requests; never below arXiv's three seconds when talking to arxiv.org itself."""
        hosts = {urlparse(url).hostname or "" for url in (self.api_url, self.pdf_url)}
        at_arxiv = any(host == "arxiv.org" or host.endswith(".arxiv.org") for host in hosts)
        return max(self.delay, MIN_DELAY) if at_arxiv else max(self.delay, 0.0)


class Client:
    """The arXiv API (Atom) and PDF downloads, one request at a time through one rate limiter."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
        page_size: int = PAGE_SIZE,
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.page_size = page_size
        spacing = self.settings.spacing()
        # Backoff counts in the same unit as the politeness delay: 3 s, 6 s, 12 s… at arXiv.
        limiter = RateLimiter(spacing, clock=clock, sleep=sleep)
        self.http = HttpGetter("arXiv", limiter, backoff=spacing, transport=transport)

    def close(self) -> None:
        self.http.close()

    def fetch(self, ids: Sequence[ArxivId]) -> Feed:
        """Entries for `ids` in one request (an id without version gets its latest version)."""
        params = {"id_list": ",".join(str(i) for i in ids), "max_results": str(len(ids))}
        return parse_feed(self.http.get(self.settings.api_url, params).content)

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
            feed = parse_feed(self.http.get(self.settings.api_url, params).content)
            if feed.errors:
                raise ConfigError(f"arXiv rejected the query {query!r}: {'; '.join(feed.errors)}")
            found.extend(feed.entries)
            if not feed.entries or (feed.total is not None and len(found) >= feed.total):
                break
        return found[:max_results]

    def get(self, url: str) -> bytes:
        """Any other arXiv resource (a listing feed), through the same rate limiter and retries."""
        return self.http.get(url).content

    def pdf(self, arxiv_id: ArxivId) -> bytes:
        response = self.http.get(f"{self.settings.pdf_url.rstrip('/')}/{arxiv_id}")
        if not response.content.startswith(b"%PDF"):
            raise NetworkError(f"arXiv sent no PDF for {arxiv_id} (got {response.headers.get('content-type')})")
        return response.content
