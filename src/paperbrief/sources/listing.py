"""What arXiv's listings share, whether mailed or fed: one entry's fields as a `Paper`, named
`<listing>#<arXiv id>`, every field it sets marked as coming from the listing."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..arxiv import ArxivId
from ..models import Origin, Paper
from ..text import squeeze
from .latex import decode

MONTHS = {"Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6}
MONTHS |= {"Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12}
_DAY = re.compile(r"(\d{1,2})\s+([A-Z][a-z]{2})\s+(\d{4}|\d{2})\b")
# What errors="surrogateescape" makes of bytes that are not UTF-8 (a file saved in another encoding).
UNDECODABLE = re.compile(r"[\udc80-\udcff]+")
# A group in parentheses, innermost first: "(1 and 2)", "((1) MIT, (2) CMU)", "(MIT)".
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass
class Entry:
    """One listed paper as the listing states it: text as written (TeX, wrapped lines and all)."""

    arxiv_id: ArxivId
    section: str | None  # "new", "cross", "replaced"; None when the listing does not say
    title: str = ""
    authors: str = ""
    abstract: str = ""
    categories: list[str] = field(default_factory=list)
    comments: str = ""
    published: str | None = None


def day_of(text: str) -> str | None:
    """The first day written the way mail and RSS write dates (`Fri, 29 Aug 25 …`, `Mon, 15 Sep 2025 …`) in
    `text`, as YYYY-MM-DD; None when there is none or it is not a real day."""
    match = _DAY.search(text)
    if match is None or match[2] not in MONTHS:
        return None
    year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
    try:
        return date(year, MONTHS[match[2]], int(match[1])).isoformat()
    except ValueError:
        return None


def split_authors(text: str) -> list[str]:
    """The names in an arXiv author line: split at commas, "and" and "&", affiliations in parentheses left out
    (`A (MIT), B and C` → A, B, C), TeX accents decoded."""
    while "(" in text and (stripped := _PARENTHESES.sub(" ", text)) != text:
        text = stripped
    names = decode(text).replace(" & ", ", ").replace(" and ", ", ").split(",")
    return [name for part in names if (name := part.strip().removeprefix("and "))]


def entry_paper(entry: Entry, label: str, listing_date: str | None) -> Paper:
    """The `Paper` of one listing entry; `provenance` says "listing" for every field the entry gave."""
    paper = Paper(
        source=f"{label}#{entry.arxiv_id.base}",
        title=decode(entry.title),
        authors=split_authors(entry.authors),
        abstract=squeeze(entry.abstract),
        arxiv_id=str(entry.arxiv_id),
        url=f"https://arxiv.org/abs/{entry.arxiv_id.base}",
        categories=list(entry.categories),
        published=entry.published,
        section=entry.section,
        comments=squeeze(entry.comments),
        listing_date=listing_date,
    )
    for name in (
        "title",
        "authors",
        "abstract",
        "arxiv_id",
        "url",
        "categories",
        "published",
        "section",
        "comments",
        "listing_date",
    ):
        if getattr(paper, name):
            paper.provenance[name] = Origin.LISTING
    return paper
