"""arXiv: identifiers, a polite API client, the Atom parser, and a cache-backed source of `Paper`s.

arXiv asks API users for at most one request every three seconds, a descriptive User-Agent, and backing
off when told to (429/503 with `Retry-After`); `Client` does all three, with an injectable clock and sleep
so tests can check the spacing without waiting. `ArxivSource` puts the SQLite store in front of the
client: an entry fetched for a given version is kept for good, "the latest version" and query results
for `max_age` seconds (so a weekly digest sees new papers), and a PDF once per id and version.

The API's metadata is authoritative (`provenance[field] = "arxiv"`); the PDF, extracted later by the
pipeline, only fills what the API lacks — institutions above all.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import httpx

from .cache import Store
from .errors import ConfigError, NetworkError
from .models import Origin, Paper
from .retry import retry_after

DEFAULT_API_URL = "https://export.arxiv.org/api/query"
DEFAULT_PDF_URL = "https://arxiv.org/pdf"
PROJECT_URL = "https://github.com/paperbrief/paperbrief"
MIN_DELAY = 3.0  # arXiv's terms of use: no more than one request every three seconds
PAGE_SIZE = 100
ID_BATCH = 50
SORTS = ("relevance", "lastUpdatedDate", "submittedDate")

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}

# ----------------------------------------------------------------------------------------------- ids

_VERSION = r"(?:v(?P<version>[1-9]\d*))?"
_NEW_ID = re.compile(rf"(?P<base>\d{{4}}\.\d{{4,5}}){_VERSION}")
# Old style: archive[.SUBJECT-CLASS]/YYMMNNN. The subject class is not part of the identifier, so it is dropped.
_OLD_ID = re.compile(rf"(?P<archive>[a-z][a-z\-]*[a-z])(?:\.[A-Z]{{2}})?/(?P<number>\d{{7}}){_VERSION}")
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/", re.IGNORECASE)
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)


@dataclass(frozen=True)
class ArxivId:
    """An arXiv identifier: `base` such as `2509.12211` or `hep-th/9901001`, and a version when one was given."""

    base: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base

    def matches(self, other: ArxivId) -> bool:
        """Same paper, and the same version when this id names one."""
        return self.base == other.base and (self.version is None or self.version == other.version)


def parse_id(text: str) -> ArxivId | None:
    """The arXiv id in `text` (bare, `arXiv:`-prefixed, or an abs/pdf URL), or None when it is not one."""
    rest = text.strip()
    if rest.lower().startswith("arxiv:"):
        rest = rest[len("arxiv:") :]
    else:
        rest = _URL_PREFIX.sub("", rest, count=1)
        rest = rest.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        rest = rest[: -len(".pdf")] if rest.lower().endswith(".pdf") else rest
    new = _NEW_ID.fullmatch(rest)
    if new:
        return ArxivId(new["base"], int(new["version"]) if new["version"] else None)
    old = _OLD_ID.fullmatch(rest)
    if old:
        return ArxivId(f"{old['archive']}/{old['number']}", int(old["version"]) if old["version"] else None)
    return None


# ----------------------------------------------------------------------------------------------- Atom


@dataclass
class Entry:
    """One paper as the API describes it."""

    id: ArxivId
    title: str
    abstract: str
    authors: list[str]
    affiliations: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    published: str | None = None
    updated: str | None = None
    comment: str = ""
    doi: str | None = None
    abs_url: str | None = None
    pdf_url: str | None = None

    @property
    def withdrawn(self) -> bool:
        return bool(_WITHDRAWN.search(self.comment)) or self.pdf_url is None

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "id": str(self.id)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Entry:
        arxiv_id = parse_id(data["id"])
        if arxiv_id is None:
            raise ValueError(f"bad cached arXiv id {data['id']!r}")
        return cls(**{**data, "id": arxiv_id})


@dataclass
class Feed:
    entries: list[Entry]
    total: int | None
    errors: list[str]


def parse_feed(content: bytes) -> Feed:
    """Parse an API response. Error entries (title "Error") become `errors`; the rest become `Entry`s."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise NetworkError(f"arXiv sent a response that is not valid XML ({exc}): try again later") from exc
    if root.tag != f"{{{_NS['atom']}}}feed":
        raise NetworkError("arXiv sent a response that is not an Atom feed: check PAPERBRIEF_ARXIV_API_URL")
    total_text = root.findtext("opensearch:totalResults", default="", namespaces=_NS).strip()
    feed = Feed(entries=[], total=int(total_text) if total_text.isdigit() else None, errors=[])
    for node in root.findall("atom:entry", _NS):
        raw_id = _text(node, "atom:id")
        if _text(node, "atom:title") == "Error" or "/api/errors" in raw_id:
            feed.errors.append(_text(node, "atom:summary") or raw_id)
            continue
        arxiv_id = parse_id(raw_id)
        if arxiv_id is not None and _text(node, "atom:title"):
            feed.entries.append(_entry(node, arxiv_id))
    return feed


def _text(node: ET.Element, path: str) -> str:
    return " ".join((node.findtext(path, default="", namespaces=_NS) or "").split())


def _entry(node: ET.Element, arxiv_id: ArxivId) -> Entry:
    authors, affiliations = [], []
    for author in node.findall("atom:author", _NS):
        if name := _text(author, "atom:name"):
            authors.append(name)
        for affiliation in author.findall("arxiv:affiliation", _NS):
            text = " ".join((affiliation.text or "").split())
            if text and text not in affiliations:
                affiliations.append(text)
    links = {(link.get("title") or link.get("rel") or ""): link.get("href") for link in node.findall("atom:link", _NS)}
    return Entry(
        id=arxiv_id,
        title=_text(node, "atom:title"),
        abstract=_text(node, "atom:summary"),
        authors=authors,
        affiliations=affiliations,
        categories=[c.get("term", "") for c in node.findall("atom:category", _NS) if c.get("term")],
        published=_text(node, "atom:published") or None,
        updated=_text(node, "atom:updated") or None,
        comment=_text(node, "arxiv:comment"),
        doi=_text(node, "arxiv:doi") or None,
        abs_url=links.get("alternate"),
        pdf_url=links.get("pdf"),
    )


# ----------------------------------------------------------------------------------------------- HTTP


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

    def pdf(self, arxiv_id: ArxivId) -> bytes:
        response = self.http.get(f"{self.settings.pdf_url.rstrip('/')}/{arxiv_id}")
        if not response.content.startswith(b"%PDF"):
            raise NetworkError(f"arXiv sent no PDF for {arxiv_id} (got {response.headers.get('content-type')})")
        return response.content


# ----------------------------------------------------------------------------------------------- cached source


class ArxivSource:
    """`Paper`s from arXiv ids and queries, through the store so a rerun makes no request."""

    def __init__(self, store: Store, client: Client | None = None, *, now: Callable[[], float] = time.time) -> None:
        self.store = store
        self.client = client or Client()
        self.max_age = self.client.settings.max_age
        self.now = now

    def close(self) -> None:
        self.client.close()

    def papers(self, requested: Sequence[tuple[str, ArxivId]]) -> list[Paper]:
        """One `Paper` per (source text, id), in order; ids that cannot be fetched become failed papers."""
        wanted = list(dict.fromkeys(arxiv_id for _, arxiv_id in requested))
        found: dict[ArxivId, Entry | str] = {i: e for i in wanted if (e := self._cached(i)) is not None}
        missing = [i for i in wanted if i not in found]
        for start in range(0, len(missing), ID_BATCH):
            found.update(self._fetch(missing[start : start + ID_BATCH]))
        return [_to_paper(found[arxiv_id], source, arxiv_id) for source, arxiv_id in requested]

    def search(self, query: str, *, max_results: int, sort: str) -> list[Paper]:
        key = "arxiv:query:" + hashlib.sha256(json.dumps([query, max_results, sort]).encode()).hexdigest()
        cached = self._fresh(key)
        if cached is None:
            entries = self.client.search(query, max_results=max_results, sort=sort)
            self._put(key, [e.to_json() for e in entries])
            for entry in entries:
                self._remember(entry)
        else:
            entries = [Entry.from_json(e) for e in cached]
        return [_to_paper(e, f"arXiv:{e.id}", e.id) for e in entries]

    def pdf_path(self, arxiv_id: str) -> Path:
        """The PDF of this exact version, downloaded once and kept in the store (and as a file to extract)."""
        parsed = parse_id(arxiv_id)
        if parsed is None or parsed.version is None:
            raise ValueError(f"need a versioned arXiv id, got {arxiv_id!r}")
        key = f"arxiv:pdf:{parsed}"
        content = self.store.get_blob(key)
        if content is None:
            content = self.client.pdf(parsed)
            self.store.put_blob(key, "pdf", content)
        path = self.store.directory / "arxiv-pdf" / (str(parsed).replace("/", "_") + ".pdf")
        if not path.exists() or path.stat().st_size != len(content):
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(".part")
            partial.write_bytes(content)
            partial.replace(path)
        return path

    # -- the store: versioned entries are immutable; "latest" and queries go stale after max_age

    def _cached(self, arxiv_id: ArxivId) -> Entry | None:
        if arxiv_id.version is not None:
            raw = self.store.get_blob(f"arxiv:entry:{arxiv_id}")
            return Entry.from_json(json.loads(raw)) if raw else None
        latest = self._fresh(f"arxiv:latest:{arxiv_id.base}")
        return Entry.from_json(latest[0]) if latest else None

    def _remember(self, entry: Entry) -> None:
        self.store.put_blob(f"arxiv:entry:{entry.id}", "arxiv-entry", json.dumps(entry.to_json()).encode())
        self._put(f"arxiv:latest:{entry.id.base}", [entry.to_json()])

    def _fresh(self, key: str) -> list[dict[str, Any]] | None:
        raw = self.store.get_blob(key)
        if raw is None:
            return None
        data = json.loads(raw)
        return data["entries"] if self.now() - data["fetched_at"] < self.max_age else None

    def _put(self, key: str, entries: list[dict[str, Any]]) -> None:
        self.store.put_blob(key, "arxiv", json.dumps({"fetched_at": self.now(), "entries": entries}).encode())

    def _fetch(self, batch: list[ArxivId]) -> dict[ArxivId, Entry | str]:
        """Entries for a batch; an error entry makes every id ask alone, so one bad id fails only itself."""
        try:
            feed = self.client.fetch(batch)
        except NetworkError as exc:
            return dict.fromkeys(batch, f"arXiv request failed: {exc}")
        if feed.errors and len(batch) > 1:
            return {k: v for single in batch for k, v in self._fetch([single]).items()}
        if feed.errors:
            return {batch[0]: f"arXiv rejected the id: {'; '.join(feed.errors)}"}
        result: dict[ArxivId, Entry | str] = {}
        for arxiv_id in batch:
            # Without a version the newest matching entry: the same batch may also ask for an older version.
            matching = [e for e in feed.entries if arxiv_id.matches(e.id)]
            entry = max(matching, key=lambda e: e.id.version or 0) if matching else None
            if entry is None:
                result[arxiv_id] = "not found on arXiv: check the id"
                continue
            if arxiv_id.version is None:
                self._remember(entry)
            else:
                self.store.put_blob(f"arxiv:entry:{entry.id}", "arxiv-entry", json.dumps(entry.to_json()).encode())
            result[arxiv_id] = entry
        return result


def _to_paper(found: Entry | str, source: str, requested: ArxivId) -> Paper:
    if isinstance(found, str):
        return Paper(source=source, arxiv_id=str(requested), error=found)
    paper = Paper(
        source=source,
        title=found.title,
        authors=list(found.authors),
        institutions=list(found.affiliations),
        abstract=found.abstract,
        arxiv_id=str(found.id),
        url=found.abs_url,
        categories=list(found.categories),
        published=found.published,
    )
    for name in ("title", "authors", "institutions", "abstract", "arxiv_id", "url", "categories", "published"):
        if getattr(paper, name):
            paper.provenance[name] = Origin.ARXIV
            paper.confidence[name] = 1.0
    if found.withdrawn:
        paper.fail(_withdrawn_reason(found))
    return paper


def _withdrawn_reason(entry: Entry) -> str:
    reason = f"withdrawn from arXiv ({entry.comment or 'no PDF available'})"
    if entry.id.version and entry.id.version > 1:
        reason += f": to report an earlier version give {replace(entry.id, version=entry.id.version - 1)}"
    return reason
