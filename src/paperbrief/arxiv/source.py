"""A cache-backed source of `Paper`s from arXiv ids and queries.

`ArxivSource` puts the SQLite store in front of the client: an entry fetched for a given version is kept
for good, "the latest version" and query results for `max_age` seconds (so a weekly digest sees new
papers), and a PDF once per id and version. The API's metadata is authoritative
(`provenance[field] = "arxiv"`); the PDF, extracted later, only fills what the API lacks.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..cache import Store
from ..errors import NetworkError
from ..models import Origin, Paper
from .atom import Entry
from .client import Client
from .ids import ArxivId, parse_id

ID_BATCH = 50


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
