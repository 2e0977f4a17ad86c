"""What every brief (offline, LLM or given) shares: its sentence form and the numbers it may use."""

from __future__ import annotations

import re

from ..models import Paper
from ..text import numbers_in

UNKNOWN_TEAM = "研究团队"
# The brief's form, part by part; `assemble` writes it and tests and benchmarks read it back.
FORM = re.compile(
    r"^(?P<who>.+?)发布了(?P<name>.+?)论文，使用(?P<technique>.+?)，解决了(?P<problem>.+?)，"
    r"达成了(?P<effect>.+)的效果$"
)


def paper_numbers(paper: Paper) -> set[str]:
    """The numbers a brief may use: those in the paper's title, abstract and institution names."""
    return numbers_in(" ".join([paper.title, paper.abstract, *paper.institutions]))


def invented_numbers(text: str, paper: Paper) -> list[str]:
    """Numbers in `text` that the paper's own text does not contain."""
    allowed = paper_numbers(paper)
    return sorted(n for n in numbers_in(text) if n not in allowed)


def has_material(paper: Paper) -> bool:
    """A brief needs an abstract (or, failing that, body text) to say anything true."""
    return bool(paper.abstract.strip() or paper.body_text.strip())


def assemble(institutions_zh: list[str], paper_name: str, technique: str, problem: str, effect: str) -> str:
    """The brief's fixed sentence form; parts are filled in code so every brief has the same shape."""
    return (
        f"{'、'.join(institutions_zh) or UNKNOWN_TEAM}发布了{paper_name}论文，使用{technique}，"
        f"解决了{problem}，达成了{effect}的效果"
    )
