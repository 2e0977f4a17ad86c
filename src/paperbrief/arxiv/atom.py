"""The arXiv API's Atom responses: `Entry` per paper, error entries, the total count."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from typing import Any

from ..errors import NetworkError
from .ids import ArxivId, parse_id

_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "opensearch": "http://a9.com/-/spec/opensearch/1.1/",
}
_WITHDRAWN = re.compile(r"\bwithdrawn\b", re.IGNORECASE)


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
