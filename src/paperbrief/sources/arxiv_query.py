"""An arXiv API search (`--arxiv-query`): the papers it finds, fetched in pages and cached for a day.

With `--since` (and `--until`) the search covers those days of submission (GMT) and brings all of them, up to
`WINDOW_MAX`, newest first; each paper's `listing_date` is the window's last day.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from ..errors import NetworkError
from ..models import Paper
from .base import Given, InputKind

if TYPE_CHECKING:
    from ..context import Context
    from ..options import Options

# A day of cs.AI and cs.CL is about 1,000 papers; arXiv serves at most 30,000 for one query.
WINDOW_MAX = 10_000


def claims(given: Given) -> bool:
    return given.query


def read(givens: Sequence[Given], context: Context) -> Iterator[list[Paper]]:
    options = context.options
    for given in givens:
        try:
            yield _search(given.text, options, context)
        except NetworkError as exc:
            yield [Paper(source=f"arXiv query: {given.text}", error=f"arXiv search failed: {exc}")]


def window_query(query: str, since: date, until: date) -> str:
    """`query` restricted to papers submitted from `since` to `until` (GMT), both days whole."""
    return f"({query}) AND submittedDate:[{since:%Y%m%d}0000 TO {until:%Y%m%d}2359]"


def _search(query: str, options: Options, context: Context) -> list[Paper]:
    if options.since is None:
        return context.arxiv.search(query, max_results=options.max_results, sort=options.sort)
    last = options.until or options.since
    # One more than the cap: whether the window holds more than the report will show.
    window = window_query(query, options.since, last)
    found = context.arxiv.search(window, max_results=WINDOW_MAX + 1, sort="submittedDate")
    papers = found[:WINDOW_MAX]
    for paper in papers:
        paper.listing_date = last.isoformat()
    if len(found) > WINDOW_MAX:
        more = f"more than {WINDOW_MAX:,} papers were submitted in the window; only the newest {WINDOW_MAX:,} are here"
        papers.append(Paper(source=f"arXiv query: {query}", error=f"{more}: narrow the query or the days"))
    return papers


KIND = InputKind("arxiv-query", claims, read)
