"""The institutions stage: every paper's institutions cleaned once, whatever their source."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from ..context import Event, Stage
from ..models import Paper
from .cleaning import clean_institutions

if TYPE_CHECKING:
    from ..context import Context


def clean_papers(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    """Clean institution names once, keeping the names as printed for checks that match a model's reply."""
    active = [p for p in papers if p.active]
    for paper in active:
        paper.raw_institutions = list(paper.institutions)
        paper.institutions = clean_institutions(paper.institutions)
    yield Event(Stage.INSTITUTIONS, len(active), len(active))
    return papers
