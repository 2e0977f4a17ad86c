"""A self-contained HTML page: inline CSS, JS and SVG charts, no network, every piece of paper text escaped.

Python computes everything the page shows (chart geometry, links, table cells); the Jinja template only
lays it out, with autoescaping on, so no paper text ever reaches the page unescaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from ..models import Report

if TYPE_CHECKING:
    import jinja2
from .json import report_dict
from .overview import TOP_COUNTRIES, TOP_INSTITUTIONS, analytics_of, institution_name, overview_tables, paper_label

CHART_WIDTH = 640
ROW_HEIGHT = 34
BAR_HEIGHT = 10
LABEL_CHARS = 48


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    count: int
    y: int
    width: float
    key: str = ""


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    bars: list[Bar]
    height: int
    width: int = CHART_WIDTH
    track: int = CHART_WIDTH - 48  # the longest bar; the count is written in the room after it
    row_height: int = ROW_HEIGHT


@dataclass(frozen=True)
class ResultRow:
    paper: int
    paper_label: str
    label_zh: str
    value: str
    number: float
    before: str  # the sentence around the value, split so the template can mark the value itself
    after: str


@cache
def _environment() -> jinja2.Environment:
    import jinja2  # on first page: a run that writes only Markdown or a CSV need not load it

    return jinja2.Environment(
        loader=jinja2.PackageLoader("paperbrief", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_page(template: str, **values: Any) -> str:
    """A page from `templates/`, every value autoescaped; the other pages (screening table, archive index) share
    the report's environment and CSS."""
    return _environment().get_template(template).render(**values)


def render_html(report: Report) -> str:
    data = report_dict(report)
    labels = {t.key: t.label_zh for t in analytics_of(report).techniques}
    return render_page(
        "report.html.j2",
        report=data,
        generated_at=report.generated_at_text,
        analytics=data["analytics"],
        charts=charts(report),
        famous=next(table for table in overview_tables(report) if table.key == "famous"),
        results=result_rows(report),
        papers=[_paper_view(paper, labels) for paper in data["papers"]],
        technique_labels=labels,
    )


def charts(report: Report) -> list[Chart]:
    """The overview charts: techniques, institutions and countries, each a list of horizontal bars."""
    data = analytics_of(report)
    techniques = [(t.label_zh, t.count, t.key) for t in data.techniques]
    institutions = [(institution_name(r), r.count, "") for r in data.institutions[:TOP_INSTITUTIONS]]
    countries = [(r.country, r.count, "") for r in data.countries[:TOP_COUNTRIES]]
    return [
        _chart("techniques", "技术分布", techniques),
        _chart("institutions", f"机构排名（前 {TOP_INSTITUTIONS} 名）", institutions),
        _chart("countries", "国家/地区", countries),
    ]


def _chart(key: str, title: str, rows: list[tuple[str, int, str]]) -> Chart:
    most = max((count for _, count, _ in rows), default=1)
    track = Chart.track
    bars = [
        Bar(_shorten(label), label, count, i * ROW_HEIGHT, max(2.0, round(track * count / most, 1)), key=bar_key)
        for i, (label, count, bar_key) in enumerate(rows)
    ]
    return Chart(key, title, bars, height=max(ROW_HEIGHT, len(bars) * ROW_HEIGHT))


def _shorten(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"


def result_rows(report: Report) -> list[ResultRow]:
    rows = []
    for r in analytics_of(report).results:
        before, _, after = r.context.partition(r.value)
        rows.append(ResultRow(r.paper, paper_label(report, r.paper), r.label_zh, r.value, r.number, before, after))
    return rows


def _paper_view(paper: dict[str, Any], labels: dict[str, str]) -> dict[str, Any]:
    """What a card needs beyond the paper's own fields: technique labels and safe links."""
    links = []
    if paper["arxiv_id"]:
        links += [
            ("arXiv", f"https://arxiv.org/abs/{paper['arxiv_id']}"),
            ("PDF", f"https://arxiv.org/pdf/{paper['arxiv_id']}"),
        ]
    url = paper["url"] or ""
    # Only web links: a javascript: or data: URL from an input file must never become clickable.
    if url.startswith(("https://", "http://")) and url not in {href for _, href in links}:
        links.append(("链接", url))
    techniques = paper["techniques"] or ["other"]
    return {
        **paper,
        "links": links,
        "technique_keys": " ".join(techniques),
        "technique_names": [labels.get(key, key) for key in techniques],
    }
