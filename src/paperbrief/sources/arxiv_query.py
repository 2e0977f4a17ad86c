"""An arXiv API search (`--arxiv-query`): the papers it finds, fetched in pages and cached for a day."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..errors import NetworkError
from ..models import Paper
from .base import Given, InputKind

if TYPE_CHECKING:
    from ..context import Context


def claims(given: Given) -> bool:
    return given.query


def read(givens: Sequence[Given], context: Context) -> Iterator[list[Paper]]:
    options = context.options
    for given in givens:
        try:
            yield context.arxiv.search(given.text, max_results=options.max_results, sort=options.sort)
        except NetworkError as exc:
            yield [Paper(source=f"arXiv query: {given.text}", error=f"arXiv search failed: {exc}")]


KIND = InputKind("arxiv-query", claims, read)
