"""The enrich stage: institutions from OpenAlex for papers that still have none (`--enrich openalex`)."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from .context import Event, Stage
from .models import Paper

if TYPE_CHECKING:
    from .context import Context


def enrich(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    if "openalex" not in context.options.enrich:
        return papers
    wanted = [p for p in papers if p.active and not p.institutions]
    for done, paper in enumerate(wanted, start=1):
        context.openalex.enrich(paper)
        yield Event(Stage.ENRICH, done, len(wanted), paper.source)
    return papers
