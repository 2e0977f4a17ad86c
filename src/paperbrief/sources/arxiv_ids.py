"""arXiv ids in every documented form (bare, `arXiv:`-prefixed, abs/pdf URL), looked up together on arXiv:
a few requests for many ids, through the cache, so a rerun makes none."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..arxiv import parse_id
from ..models import Paper
from .base import Given, InputKind

if TYPE_CHECKING:
    from ..context import Context


def claims(given: Given) -> bool:
    return given.path is None and not given.query and parse_id(given.text) is not None


def read(givens: Sequence[Given], context: Context) -> Iterator[list[Paper]]:
    requested = []
    for given in givens:
        arxiv_id = parse_id(given.text)
        assert arxiv_id is not None
        requested.append((given.text, arxiv_id))
    for paper in context.arxiv.papers(requested):
        yield [paper]


KIND = InputKind("arxiv-id", claims, read)
