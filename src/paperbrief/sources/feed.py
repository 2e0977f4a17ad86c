"""arXiv's listing feeds, RSS 2.0 and Atom (`https://rss.arxiv.org/rss/cs.AI`, `…/atom/cs.AI`, also under
`export.arxiv.org`), saved as files or given as URLs: one `Paper` per item, named `<feed>#<arXiv id>`.

An item's description reads `arXiv:2509.12345v1 Announce Type: new Abstract: …`; `arxiv:announce_type` is
new, cross, replace or replace-cross; `dc:creator` holds the authors, comma-separated; `category` the
categories; `pubDate` (`published` in Atom) the day of the announcement. A URL is fetched through the polite
arXiv client of the run (`PAPERBRIEF_ARXIV_RSS_URL` points it elsewhere, e.g. at a test server).

Parsed with the standard library's `xml.etree`, which the arXiv package imports anyway: arXiv writes these
feeds, so feedparser's repairs of broken XML buy nothing, while feedparser costs 45-115 ms to import (it pulls
in urllib.request, http.client, email, sgmllib) and parses a 1,000-item feed 60 times slower (0.77 s of CPU
against 12 ms). A file that is not XML, or XML that is neither RSS nor Atom, fails with that reason; an item
without an arXiv id or a title fails alone.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..arxiv import parse_id
from ..errors import NetworkError
from ..models import Paper
from .base import Given, InputKind, unreadable
from .listing import Entry, day_of, entry_paper

if TYPE_CHECKING:
    from ..context import Context

DEFAULT_FEED_URL = "https://rss.arxiv.org"
SUFFIXES = {".rss", ".atom", ".xml"}
MAX_FEED_BYTES = 64 << 20  # arXiv caps a feed at 2,000 items, a few megabytes
_NS = {
    "atom": "http://www.w3.org/2005/Atom",
    "arxiv": "http://arxiv.org/schemas/atom",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_URL = re.compile(r"https?://(?:rss|export)\.arxiv\.org/((?:rss|atom)/[^?#\s/]+)/?", re.IGNORECASE)
_XML_STARTS = (b"<?xml", b"<rss", b"<feed")
_SECTIONS = {"new": "new", "cross": "cross", "replace": "replaced", "replace-cross": "replaced"}
_DESCRIPTION = re.compile(r"\s*arXiv:(\S+)\s+Announce Type:\s*([\w-]+)\s*(?:Abstract:)?", re.IGNORECASE)
_ISO_DAY = re.compile(r"\s*(\d{4}-\d\d-\d\d)")


def claims(given: Given) -> bool:
    """An arXiv feed URL, or a file that starts like XML or is named .rss/.atom/.xml (which fails with its reason
    when it is not a feed)."""
    if given.path is None:
        return not given.query and _URL.fullmatch(given.text.strip()) is not None
    return given.suffix in SUFFIXES or given.head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(_XML_STARTS)


def read(givens: Sequence[Given], context: Context) -> Iterator[list[Paper]]:
    for given in givens:
        content = _content(given, context)
        yield parse_feed(content, given.label) if isinstance(content, bytes) else [Paper(given.label, error=content)]


def feed_url(text: str) -> str:
    """Where to fetch the feed a URL names: under `PAPERBRIEF_ARXIV_RSS_URL` if set, else arXiv's own."""
    match = _URL.fullmatch(text.strip())
    assert match is not None
    base = os.environ.get("PAPERBRIEF_ARXIV_RSS_URL") or DEFAULT_FEED_URL
    return f"{base.rstrip('/')}/{match[1]}"


def _content(given: Given, context: Context) -> bytes | str:
    """The feed's bytes, or why there are none."""
    if given.path is None:
        try:
            return context.arxiv.client.get(feed_url(given.text))
        except NetworkError as exc:
            return f"arXiv feed not fetched: {exc}"
    problem = unreadable(str(given.path))
    if problem:
        return problem
    if given.path.stat().st_size > MAX_FEED_BYTES:
        return f"larger than {MAX_FEED_BYTES >> 20} MiB: not an arXiv feed"
    return given.path.read_bytes()


@dataclass
class _Item:
    """One item of either format, as text."""

    description: str
    guid: str
    link: str
    title: str
    creators: list[str]
    categories: list[str]
    announce_type: str
    day: str | None


def parse_feed(content: bytes, label: str) -> list[Paper]:
    """Every item of an RSS or Atom feed as a `Paper`; one failed paper when the feed itself cannot be read."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        return [Paper(source=label, error=f"not an RSS or Atom feed: the file is not XML ({exc})")]
    if root.tag == "rss":
        items = [_rss_item(node) for node in root.iterfind("channel/item")]
        day = _day(root.findtext("channel/pubDate", ""))
    elif root.tag == f"{{{_NS['atom']}}}feed":
        items = [_atom_item(node) for node in root.iterfind("atom:entry", _NS)]
        day = _day(root.findtext("atom:updated", "", _NS))
    else:
        return [Paper(source=label, error=f"XML, but not an RSS or Atom feed (its root is <{root.tag}>)")]
    if not items:
        return [
            Paper(source=label, error="the feed lists no papers (arXiv's feeds are empty on weekends and holidays)")
        ]
    return [_paper(item, label, day, number) for number, item in enumerate(items, start=1)]


def _rss_item(node: ET.Element) -> _Item:
    return _Item(
        description=_text(node, "description"),
        guid=_text(node, "guid"),
        link=_text(node, "link"),
        title=_text(node, "title"),
        creators=[c.text or "" for c in node.iterfind("dc:creator", _NS)],
        categories=[c.text.strip() for c in node.iterfind("category") if c.text and c.text.strip()],
        announce_type=_text(node, "arxiv:announce_type"),
        day=_day(_text(node, "pubDate")),
    )


def _atom_item(node: ET.Element) -> _Item:
    creators = [c.text or "" for c in node.iterfind("dc:creator", _NS)]
    return _Item(
        description=_text(node, "atom:summary"),
        guid=_text(node, "atom:id"),
        link=next((link.get("href", "") for link in node.iterfind("atom:link", _NS)), ""),
        title=_text(node, "atom:title"),
        creators=creators or [a.text or "" for a in node.iterfind("atom:author/atom:name", _NS)],
        categories=[term for c in node.iterfind("atom:category", _NS) if (term := c.get("term", "").strip())],
        announce_type=_text(node, "arxiv:announce_type"),
        day=_day(_text(node, "atom:published")),
    )


def _text(node: ET.Element, path: str) -> str:
    return node.findtext(path, "", _NS)


def _paper(item: _Item, label: str, feed_day: str | None, number: int) -> Paper:
    described = _DESCRIPTION.match(item.description)
    named = described[1] if described else item.guid.removeprefix("oai:arXiv.org:")
    arxiv_id = parse_id(named) or parse_id(item.link)
    if arxiv_id is None:
        return Paper(source=f"{label}#{number}", error=f"item {number} has no arXiv id: the feed is garbled")
    if not item.title.strip():
        return Paper(source=f"{label}#{arxiv_id.base}", arxiv_id=str(arxiv_id), error="item has no title")
    kind = (item.announce_type or (described[2] if described else "")).strip().lower()
    entry = Entry(
        arxiv_id=arxiv_id,
        section=_SECTIONS.get(kind),
        title=item.title,
        authors=", ".join(item.creators),
        abstract=item.description[described.end() :] if described else item.description,
        categories=item.categories,
    )
    return entry_paper(entry, label, item.day or feed_day)


def _day(text: str) -> str | None:
    """The day of an ISO timestamp (`2024-08-23T00:00:00-04:00`) or an RFC 822 one (`Fri, 23 Aug 2024 …`), as
    written: the announcement's day where arXiv announces it."""
    iso = _ISO_DAY.match(text)
    return iso[1] if iso else day_of(text)


KIND = InputKind("feed", claims, read)
