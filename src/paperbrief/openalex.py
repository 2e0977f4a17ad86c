"""Optional enrichment from OpenAlex: institutions for papers that still have none.

A work is looked up by DOI (an arXiv paper's DataCite DOI `10.48550/arXiv.<id>`) or else by a title search
that must match the paper's title exactly (case and spacing aside), so a near namesake never lends its
institutions. Requests go through the same rate-limited getter as arXiv's, with the default retry policy
of `paperbrief.http`; answers are cached in the store (a miss only for a day, since new papers reach
OpenAlex late). The API key comes from `OPENALEX_API_KEY` and is never printed; `OPENALEX_MAILTO` joins
OpenAlex's polite pool instead.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .arxiv import parse_id
from .cache import Store
from .errors import NetworkError
from .http import NETWORK, HttpGetter, RateLimiter, RetryPolicy, Transports
from .models import Code, Origin, Paper

DEFAULT_URL = "https://api.openalex.org"
URL_SETTING = "PAPERBRIEF_OPENALEX_URL"
MISS_MAX_AGE = 86400.0


@dataclass(frozen=True)
class Settings:
    url: str = DEFAULT_URL
    api_key: str | None = None
    mailto: str | None = None
    delay: float = 0.1  # OpenAlex allows ten requests a second

    @classmethod
    def from_env(cls, url: str | None = None) -> Settings:
        return cls(
            url=url or os.environ.get(URL_SETTING) or DEFAULT_URL,
            api_key=os.environ.get("OPENALEX_API_KEY") or None,
            mailto=os.environ.get("OPENALEX_MAILTO") or None,
        )

    def __repr__(self) -> str:
        return f"Settings(url={self.url!r}, api_key={'***' if self.api_key else None}, mailto={self.mailto!r})"


class OpenAlex:
    """Institutions from OpenAlex works, cached in the store."""

    def __init__(
        self,
        store: Store,
        settings: Settings | None = None,
        *,
        transports: Transports = NETWORK,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.settings = settings or Settings.from_env()
        limiter = RateLimiter(self.settings.delay, sleep=sleep)
        self.http = HttpGetter("OpenAlex", limiter, policy or RetryPolicy(), transport=transports.sync)
        self.now = now

    def close(self) -> None:
        self.http.close()

    def enrich(self, paper: Paper) -> None:
        """Fill `paper.institutions` when it has none; a failed lookup is a warning, never an error."""
        if paper.institutions or paper.failed:
            return
        try:
            found = self.institutions(paper)
        except NetworkError as exc:
            paper.warn(Code.ENRICH_FAILED, f"OpenAlex lookup failed: {exc}", field="institutions")
            return
        if found:
            paper.institutions = found
            paper.provenance["institutions"] = Origin.OPENALEX

    def institutions(self, paper: Paper) -> list[str]:
        parsed = parse_id(paper.arxiv_id) if paper.arxiv_id else None
        if parsed is not None:
            found = self._cached(f"doi:10.48550/arxiv.{parsed.base}".lower(), self._by_doi)
            if found:
                return found
        if paper.title.strip():
            return self._cached(paper.title, self._by_title)
        return []

    def _cached(self, query: str, lookup: Callable[[str], list[str]]) -> list[str]:
        key = "openalex:" + hashlib.sha256(query.encode()).hexdigest()
        raw = self.store.get_blob(key)
        if raw is not None:
            data = json.loads(raw)
            if data["institutions"] or self.now() - data["fetched_at"] < MISS_MAX_AGE:
                return list(data["institutions"])
        found = lookup(query)
        self.store.put_blob(key, "openalex", json.dumps({"fetched_at": self.now(), "institutions": found}).encode())
        return found

    def _by_doi(self, doi: str) -> list[str]:
        work = self._get(f"/works/{doi}", {})
        return _institutions(work) if work else []

    def _by_title(self, title: str) -> list[str]:
        results = self._get("/works", {"search": title, "per-page": "5"}).get("results", [])
        wanted = _normal(title)
        for work in results:
            if isinstance(work, dict) and _normal(str(work.get("title") or work.get("display_name") or "")) == wanted:
                return _institutions(work)
        return []

    def _get(self, path: str, params: dict[str, str]) -> dict[str, Any]:
        """The JSON object at `path`, or {} when OpenAlex does not know it (404)."""
        if self.settings.api_key:
            params = {**params, "api_key": self.settings.api_key}
        if self.settings.mailto:
            params = {**params, "mailto": self.settings.mailto}
        url = self.settings.url.rstrip("/") + path
        response = self.http.get(url, params, setting=URL_SETTING, accept=frozenset({404}))
        if response.status_code == 404:
            return {}
        try:
            data = response.json()
        except ValueError as exc:
            raise NetworkError("OpenAlex sent a reply that is not JSON: try again later") from exc
        if not isinstance(data, dict):
            raise NetworkError("OpenAlex sent an unexpected reply: try again later")
        return data


def _normal(title: str) -> str:
    return " ".join("".join(c for c in title.casefold() if c.isalnum() or c.isspace()).split())


def _institutions(work: dict[str, Any]) -> list[str]:
    """Institution names in author order, each once; raw affiliation strings when no institution was matched."""
    names: list[str] = []
    for authorship in work.get("authorships") or []:
        institutions = [i.get("display_name") for i in authorship.get("institutions") or [] if isinstance(i, dict)]
        for name in institutions or authorship.get("raw_affiliation_strings") or []:
            if isinstance(name, str) and name.strip() and name.strip() not in names:
                names.append(name.strip())
    return names
