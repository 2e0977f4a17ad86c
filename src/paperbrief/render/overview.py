"""The 技术趋势概览 tables, built once from `Report.analytics` so that Markdown and HTML show the same rows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..models import Report

if TYPE_CHECKING:
    from ..analytics import Analytics, FamousRow, InstitutionRow

TOP_INSTITUTIONS = 15
TOP_FAMOUS = 15
TIERS = {1: "全球领先", 2: "知名"}
TOP_COUNTRIES = 12


@dataclass(frozen=True)
class Table:
    key: str
    heading: str
    headers: tuple[str, ...]
    rows: list[tuple[str, ...]]


def paper_label(report: Report, index: int) -> str:
    """How a table names paper `index` (1-based): its number and short name."""
    return f"{index}. {report.papers[index - 1].short_name}"


def institution_name(row: InstitutionRow | FamousRow) -> str:
    return f"{row.name_zh} ({row.name})" if row.name_zh else row.name


def analytics_of(report: Report) -> Analytics:
    """The report's analytics; a report made without them shows empty tables."""
    from ..analytics import Analytics  # not at the top: a screening table loads no analytics

    return report.analytics or Analytics()


def overview_tables(report: Report) -> list[Table]:
    data = analytics_of(report)
    techniques = Table(
        "techniques",
        "技术分布",
        ("技术", "Technique", "论文数", "论文编号"),
        [(t.label_zh, t.label_en, str(t.count), ", ".join(map(str, t.papers))) for t in data.techniques],
    )
    institutions = Table(
        "institutions",
        f"机构排名（前 {TOP_INSTITUTIONS} 名）",
        ("排名", "机构", "国家/地区", "论文数"),
        [
            (str(rank), institution_name(row), row.country or "—", str(row.count))
            for rank, row in enumerate(data.institutions[:TOP_INSTITUTIONS], start=1)
        ],
    )
    famous = Table(
        "famous",
        "知名机构",
        ("机构", "知名度", "国家/地区", "论文数", "论文编号"),
        [
            (
                institution_name(row),
                TIERS[row.tier],
                row.country or "—",
                str(row.count),
                ", ".join(map(str, row.papers)),
            )
            for row in data.famous[:TOP_FAMOUS]
        ],
    )
    countries = Table(
        "countries",
        "国家/地区",
        ("国家/地区", "论文数"),
        [(row.country, str(row.count)) for row in data.countries[:TOP_COUNTRIES]],
    )
    results = Table(
        "results",
        "主要量化结果",
        ("论文", "指标", "数值", "原文"),
        [(paper_label(report, r.paper), r.label_zh, r.value, r.context) for r in data.results],
    )
    return [techniques, institutions, famous, countries, results]
