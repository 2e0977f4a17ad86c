"""The screen stage: which papers are on the report's topic, decided by a transparent profile.

Papers from a listing (a mailing, a feed, an API date window, a conference list) are screened by default;
other inputs were chosen by the user and are screened only with `screen=True`. A screened-out paper is
dropped, not failed: it travels on to the screening table with its score, evidence and reason. Replacements
(announced before) are dropped unless `include_replaced`. With a model, the rules' decision is then reviewed
by it (`judge.py`): the uncertain band by default.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from ..context import Event, Stage
from ..models import Code, Decision, Origin, Paper, Screening
from .judge import judge_papers
from .profiles import DEFAULT_PROFILE, Profile, bundled_names, bundled_profiles, load_profile
from .rules import Matcher

if TYPE_CHECKING:
    from ..context import Context
    from ..options import Options

REPLACED_REASON = "舍弃：更新版本，论文此前已公布（--include-replaced 可纳入）"


def screen(papers: list[Paper], context: Context) -> Generator[Event, None, list[Paper]]:
    """Decide the papers that want screening and have the model judge those the options pick. (Their techniques
    are tagged by the analytics stage: nothing before it reads them, and a screening table shows none.)"""
    active = [p for p in papers if p.active]
    targets = [p for p in active if p.screening is None and _readable(p) and wants_screening(p, context.options)]
    if targets:
        matcher = context.matcher
        for done, paper in enumerate(targets, start=1):
            screen_paper(paper, matcher, include_replaced=context.options.include_replaced)
            yield Event(Stage.SCREEN, done, len(targets), paper.source)
        yield from judge_papers(targets, context)
    else:
        yield Event(Stage.SCREEN, 0, 0)
    return papers


def _readable(paper: Paper) -> bool:
    """A PDF given as a file has no text before extraction: it is screened on the stage's second pass."""
    return bool(paper.title.strip() or paper.abstract.strip()) or not paper.pdf_path


def wants_screening(paper: Paper, options: Options) -> bool:
    """Explicitly on or off for every paper; by default, only for papers that came from a listing (a mailing, a
    feed, a conference list, or a day's window of the arXiv API)."""
    if options.screen is not None:
        return options.screen
    listed = paper.section is not None or paper.listing_date is not None
    return listed or paper.provenance.get("title") == Origin.LISTING


def screen_paper(paper: Paper, matcher: Matcher, *, include_replaced: bool = False) -> None:
    """Decide one paper: set its `screening` and drop it when the rules say so."""
    if paper.section == "replaced" and not include_replaced:
        paper.screening = Screening(Decision.DROP, 0.0, REPLACED_REASON)
        paper.drop(Code.REPLACED, "a replacement of a paper announced before (use --include-replaced)")
        return
    paper.screening = matcher.screen(paper)
    if not paper.abstract.strip():
        paper.warn(Code.NO_ABSTRACT_SCREENED, "no abstract: screened on the title alone", field="screening")
    if not paper.screening.kept:
        paper.drop(Code.SCREENED_OUT, paper.screening.reason)


__all__ = [
    "DEFAULT_PROFILE",
    "Matcher",
    "Profile",
    "bundled_names",
    "bundled_profiles",
    "load_profile",
    "screen",
    "screen_paper",
    "wants_screening",
]
