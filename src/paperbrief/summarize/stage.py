"""The summarize stage: every reported paper's offline brief, then, with a model, its brief and (with
`translate`) its abstract's translation, each kept only if it passes the checks."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING

from ..context import Event, Stage
from ..models import Paper
from . import brief_paper

if TYPE_CHECKING:
    from ..context import Context


def brief_papers(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    active = [p for p in papers if p.active]
    for done, paper in enumerate(active, start=1):
        brief_paper(paper)
        yield Event(Stage.SUMMARIZE, done, len(active), paper.source)
    settings = context.options.llm
    if settings is None:
        return papers
    # the model's client and pydantic: only a run with a model pays for importing them
    from ..llm import iter_llm_briefs, iter_translations, wants_llm_brief, wants_translation

    targets = [p for p in active if wants_llm_brief(p)]
    briefs = iter_llm_briefs(targets, settings, usage=context.llm_usage, transports=context.transports)
    yield from _progress(Stage.LLM, targets, briefs)
    if context.options.translate:
        targets = [p for p in active if wants_translation(p)]
        translated = iter_translations(targets, settings, usage=context.llm_usage, transports=context.transports)
        yield from _progress(Stage.TRANSLATE, targets, translated)
    return papers


def _progress(stage: Stage, targets: list[Paper], finished: Iterator[Paper]) -> Generator[Event, None, None]:
    """Events for a model task over `targets`: one before the first call, then one per paper it finished."""
    yield Event(stage, 0, len(targets))
    for done, paper in enumerate(finished, start=1):
        yield Event(stage, done, len(targets), paper.source)
