"""The screen stage's second step: a model's judgement on the rules' decision, before any PDF is fetched (so a
paper the model drops costs no download).

Which papers (`Options.judge`): `uncertain`, the default with a model, judges those the rules scored in the
profile's uncertain band; `all` every screened paper except replacements dropped as such; `none` leaves the
rules alone. The verdict decides: relevant keeps the paper (taking back a drop by the rules), not relevant
drops it with the model's reason, and the screening reason gives both. A judgement that failed, was refused
or could not be read never counts as relevant: the rule decision stands, and `llm.judge` has put a
`Code.JUDGE_FAILED` warning on the paper saying why.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from ..context import Event, Stage
from ..models import Code, Decision, Paper, Screening

if TYPE_CHECKING:
    from ..context import Context


def judge_papers(papers: list[Paper], context: Context) -> Generator[Event, None, None]:
    """Ask the model about the screened `papers` the options pick, and settle each decision as it comes back."""
    settings = context.options.llm
    targets = [p for p in papers if wants_judgement(p, context.options.judge_mode)]
    if settings is None or not targets:
        return
    from ..llm import iter_judgements  # the model's client and pydantic: only a run with a model pays for them

    yield Event(Stage.JUDGE, 0, len(targets))
    judged = iter_judgements(targets, context.profile, settings, usage=context.llm_usage, transports=context.transports)
    for done, paper in enumerate(judged, start=1):
        if paper.screening is not None:
            settle(paper, paper.screening)
        yield Event(Stage.JUDGE, done, len(targets), paper.source)


def wants_judgement(paper: Paper, mode: str) -> bool:
    """Screened papers whose decision the rules made: in the uncertain band, or all of them with `all`."""
    if paper.screening is None or paper.failed or mode == "none":
        return False
    if paper.dropped is not None and paper.dropped.code is not Code.SCREENED_OUT:
        return False  # dropped as a replacement (or a duplicate): not a topic decision to review
    return mode == "all" or paper.screening.uncertain


def settle(paper: Paper, screening: Screening) -> None:
    """The decision after the judgement: the model's verdict when there is one, else the rules' as it was."""
    verdict = screening.judge
    if verdict is None:
        screening.reason += "。模型复核未成功，沿用规则判定"
        return
    outcome = "相关，保留" if verdict.relevant else "不相关，舍弃"
    opinion = f"模型复核：{outcome}（置信度{verdict.confidence:.2f}）：{verdict.reason}"
    screening.reason += f"。{opinion}"
    if verdict.relevant:
        screening.decision = Decision.KEEP
        paper.undrop(Code.SCREENED_OUT)
    else:
        screening.decision = Decision.DROP
        paper.drop(Code.SCREENED_OUT, opinion)
