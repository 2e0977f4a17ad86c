"""The screening table: every screened entry of a report, kept or dropped, with its score, evidence and reason.

CSV (for Excel, Chinese headers) and JSONL (English keys) hold one row per entry in input order, for sorting and
filtering elsewhere. Markdown and HTML are for reading: the kept papers first, then the dropped ones with their
reasons, each part highest score first, so a reader can check what was left out and why.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..models import Decision, Judgement, Paper, Report, Screening
from ..screen.rules import FIELDS_ZH
from .html import render_page
from .markdown import table_lines
from .tables import Cell, excel_csv


class ScreeningFormat(StrEnum):
    """A format of the screening table."""

    CSV = "csv"
    JSONL = "jsonl"
    MD = "md"
    HTML = "html"


DECISIONS_ZH = {Decision.KEEP: "保留", Decision.DROP: "舍弃"}
SECTIONS_ZH = {"new": "新提交", "cross": "交叉列表", "replaced": "更新版本"}
CSV_HEADERS = (
    "标题", "arXiv", "决定", "分数", "依据", "理由", "模型判断", "模型置信度", "模型理由", "模型概述",
    "作者", "分类", "栏目", "摘要", "来源",
)  # fmt: skip
_MD_HEADERS = ("#", "标题", "arXiv", "分数", "依据", "理由")
_JSON = json.JSONEncoder(ensure_ascii=False)  # what json.dumps(..., ensure_ascii=False) makes, once for every row


@dataclass(frozen=True)
class EvidenceItem:
    text: str  # "标题:quantization"
    weight: str  # "+8"
    negative: bool


@dataclass(frozen=True)
class Row:
    """One screened entry, with the cells every format shows."""

    paper: Paper
    screening: Screening

    @property
    def kept(self) -> bool:
        return self.screening.kept

    @property
    def decision_zh(self) -> str:
        return DECISIONS_ZH[self.screening.decision]

    @property
    def score(self) -> float:
        return round(self.screening.score, 2)

    @property
    def evidence(self) -> list[EvidenceItem]:
        return [
            EvidenceItem(f"{FIELDS_ZH.get(e.where, e.where)}:{e.text}", f"{e.weight:+g}", e.weight < 0)
            for e in self.screening.evidence
        ]

    @property
    def evidence_text(self) -> str:
        """The evidence on one line, e.g. `标题:quantization(+8); 摘要:3.4× speedup(+2)`."""
        return "; ".join(f"{item.text}({item.weight})" for item in self.evidence)

    @property
    def section_zh(self) -> str:
        section = self.paper.section
        return SECTIONS_ZH.get(section, section) if section else ""

    @property
    def judge_text(self) -> str:
        judge = self.screening.judge
        return f"{_verdict(judge)}（置信度{judge.confidence:.2f}）：{judge.reason}" if judge else ""

    @property
    def link(self) -> str:
        return f"https://arxiv.org/abs/{self.paper.arxiv_id}" if self.paper.arxiv_id else ""


def _verdict(judge: Judgement) -> str:
    return "相关" if judge.relevant else "不相关"


def screening_rows(report: Report) -> list[Row]:
    """The report's screened entries, whatever the decision, in input order."""
    return [Row(p, p.screening) for p in report.entries if p.screening is not None]


def screening_record(row: Row) -> dict[str, Any]:
    """One JSONL object: the README's screening table schema."""
    paper, screening = row.paper, row.screening
    return {
        "source": paper.source,
        "arxiv_id": paper.arxiv_id,
        "title": paper.title,
        "authors": list(paper.authors),
        "categories": list(paper.categories),
        "abstract": paper.abstract,
        "section": paper.section,
        "decision": str(screening.decision),
        "score": row.score,
        "evidence": [e.to_dict() for e in screening.evidence],
        "reason": screening.reason,
        "judge": screening.judge.to_dict() if screening.judge else None,
    }


def render_screening(report: Report, fmt: ScreeningFormat) -> str:
    """The screening table of `report` as text in the given format (CSV starts with a byte-order mark)."""
    rows = screening_rows(report)
    if fmt is ScreeningFormat.CSV:
        return excel_csv(CSV_HEADERS, map(_csv_row, rows))
    if fmt is ScreeningFormat.JSONL:
        return "".join(_JSON.encode(screening_record(row)) + "\n" for row in rows)
    if fmt is ScreeningFormat.HTML:
        return _html(report, rows)
    return _markdown(report, rows)


def _csv_row(row: Row) -> tuple[Cell, ...]:
    paper, judge = row.paper, row.screening.judge
    return (
        paper.title,
        paper.arxiv_id or "",
        row.decision_zh,
        row.score,
        row.evidence_text,
        row.screening.reason,
        _verdict(judge) if judge else "",
        judge.confidence if judge else None,
        judge.reason if judge else "",
        judge.summary if judge else "",
        ", ".join(paper.authors),
        " ".join(paper.categories),
        row.section_zh,
        paper.abstract,
        paper.source,
    )


def _parts(rows: list[Row]) -> list[tuple[str, list[Row]]]:
    """保留 then 舍弃, each highest score first (input order among equal scores)."""
    ranked = sorted(rows, key=lambda row: -row.score)
    return [("保留", [r for r in ranked if r.kept]), ("舍弃", [r for r in ranked if not r.kept])]


def _title(report: Report) -> str:
    return f"{report.title} · 筛选表"


def _summary(rows: list[Row]) -> str:
    kept = sum(row.kept for row in rows)
    return f"筛选条目: {len(rows)}条（保留{kept}条，舍弃{len(rows) - kept}条）"


def _markdown(report: Report, rows: list[Row]) -> str:
    lines = [f"# {_title(report)}"]
    if report.date:
        lines.append(f"日期: {report.date}")
    lines += [f"生成时间: {report.generated_at_text}", _summary(rows), ""]
    with_judge = any(row.judge_text for row in rows)
    headers = (*_MD_HEADERS, "模型判断") if with_judge else _MD_HEADERS
    for heading, part in _parts(rows):
        lines += [f"## {heading}（{len(part)}条）", ""]
        cells = [_md_cells(i, row, with_judge=with_judge) for i, row in enumerate(part, start=1)]
        lines += table_lines(headers, cells) if cells else ["（无）"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_cells(index: int, row: Row, *, with_judge: bool) -> tuple[str, ...]:
    arxiv = f"[{row.paper.arxiv_id}]({row.link})" if row.link else ""
    cells = (str(index), row.paper.title, arxiv, f"{row.score:g}", row.evidence_text, row.screening.reason)
    return (*cells, row.judge_text) if with_judge else cells


def _html(report: Report, rows: list[Row]) -> str:
    return render_page(
        "screening.html.j2",
        title=_title(report),
        date=report.date,
        generated_at=report.generated_at_text,
        summary=_summary(rows),
        parts=_parts(rows),
        total=len(rows),
        with_judge=any(row.judge_text for row in rows),
    )
