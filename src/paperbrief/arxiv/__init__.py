"""arXiv: identifiers, the Atom parser, a polite API client and a cache-backed source of `Paper`s.

`ids` and `atom` need nothing beyond the standard library, so parsing listings and ids stays cheap;
`client` (httpx) and `source` (the store) are imported where they are used.
"""

from .atom import Entry, Feed, parse_feed
from .ids import ArxivId, find_stamped_id, parse_id

__all__ = ["ArxivId", "Entry", "Feed", "find_stamped_id", "parse_feed", "parse_id"]
