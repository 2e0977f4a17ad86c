"""Markdown in the layout of the seed report, line for line."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..models import Paper, Report
from .overview import overview_tables

NO_BRIEF = "（未生成简报：论文没有可用的摘要或正文）"
UNKNOWN = "未知"
NO_ABSTRACT = "（未找到摘要）"


def render_markdown(report: Report, *, analytics: bool = False) -> str:
    lines = [f"# {report.title}", f"生成时间: {report.generated_at_text}", f"分析论文数量: {len(report.papers)}篇", ""]
    if analytics:
        lines += _overview(report)
    lines += ["## 论文技术简报", ""]
    for i, paper in enumerate(report.papers, start=1):
        lines += [f"### {i}. {paper.title}", "", paper.brief.text if paper.brief else NO_BRIEF, ""]
    lines += ["## 论文详细信息", ""]
    for i, paper in enumerate(report.papers, start=1):
        lines += _details(i, paper)
    if report.failed:
        lines += ["## 未能分析的输入", ""]
        lines += [f"- `{paper.source}`: {paper.error}" for paper in report.failed]
        lines.append("")
    notes = [(i, p) for i, p in enumerate(report.papers, start=1) if p.warnings]
    if notes:
        lines += ["## 提示", ""]
        lines += [f"- {i}. {'; '.join(w.message for w in p.warnings)}" for i, p in notes]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _details(index: int, paper: Paper) -> list[str]:
    count = paper.effective_author_count
    lines = [
        f"### {index}. {paper.title}",
        "",
        f"**主要机构**: {', '.join(paper.institutions) or UNKNOWN}",
        f"**作者数量**: {f'{count}人' if count else UNKNOWN}",
        "",
        "**摘要**:",
        paper.abstract or NO_ABSTRACT,
        "",
    ]
    if paper.translation:  # only with --translate: without it the layout is the seed's, line for line
        lines += ["**中文翻译**:", paper.translation, ""]
    return lines


def _overview(report: Report) -> list[str]:
    """The 技术趋势概览 section: one Markdown table per overview table."""
    lines = ["## 技术趋势概览", ""]
    for table in overview_tables(report):
        lines += [f"### {table.heading}", ""]
        lines += table_lines(table.headers, table.rows) if table.rows else ["（无）"]
        lines.append("")
    return lines


def table_lines(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A Markdown table, each cell on one line with its pipes escaped."""

    def row(cells: Sequence[str]) -> str:
        return "| " + " | ".join(" ".join(c.split()).replace("|", "\\|") for c in cells) + " |"

    return [row(headers), "| " + " | ".join("---" for _ in headers) + " |", *map(row, rows)]
