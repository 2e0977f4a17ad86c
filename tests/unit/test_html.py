"""The HTML page and the overview in Markdown and JSON: escaped, self-contained, and in agreement."""

from __future__ import annotations

import html
import json
import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path

from markupsafe import escape

from paperbrief import analytics, pipeline, techniques
from paperbrief.models import Brief, BriefOrigin, Code, Paper, PaperWarning, Report
from paperbrief.render import Format, render
from paperbrief.render.overview import TOP_INSTITUTIONS

HOSTILE = '</script><script>alert("x")</script> & <img src=x onerror=alert(1)>'


def hostile_report() -> Report:
    paper = Paper(
        source=f"{HOSTILE}.pdf",
        title=HOSTILE,
        authors=[HOSTILE],
        institutions=[HOSTILE],
        abstract=f"We prune {HOSTILE}. It is 3× faster with 40% fewer parameters.",
        url="javascript:alert(1)",
        warnings=[PaperWarning(Code.NOT_FOUND, HOSTILE)],
    )
    paper.brief = Brief(text=HOSTILE, origin=BriefOrigin.OFFLINE)
    papers = [paper]
    return Report(
        title="论文分析报告",
        generated_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC),
        papers=papers,
        failed=[Paper(source=HOSTILE, error=HOSTILE)],
        analytics=analytics.analyze(papers, techniques.load_taxonomy()),
    )


def test_every_piece_of_paper_text_is_escaped_and_the_embedded_json_cannot_close_its_script() -> None:
    page = render(hostile_report(), Format.HTML)
    assert "<img src=x" not in page
    assert 'alert("x")</script>' not in page
    assert len(re.findall(r"<script\b", page)) == 2  # the analytics JSON and the page's own script
    assert page.count("</script>") == 2
    embedded = re.search(r'<script type="application/json" id="paperbrief-analytics">(.*?)</script>', page, re.S)
    assert embedded is not None
    assert json.loads(embedded.group(1))["institutions"][0]["name"] == HOSTILE
    assert str(escape(HOSTILE)) in page  # shown as text in the card


def test_only_web_links_become_clickable() -> None:
    report = hostile_report()
    web = Paper(source="web.jsonl:1", title="A Web Paper", abstract="We do X.", url="https://example.org/paper")
    report.papers.append(web)
    hrefs = [attrs.get("href") or "" for tag, attrs in Tags(render(report, Format.HTML)).tags if tag == "a"]
    assert "https://example.org/paper" in hrefs  # a web link becomes an <a href>
    assert not [h for h in hrefs if not h.startswith(("https://", "http://", "#"))]  # javascript: never does


class Tags(HTMLParser):
    """Every start tag and its attributes, as a browser's parser sees them."""

    def __init__(self, page: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_the_page_is_self_contained(seed_jsonl: Path) -> None:
    page = render(pipeline.run([str(seed_jsonl)]), Format.HTML)
    tags = Tags(page).tags
    assert not [t for t, attrs in tags if t in {"link", "img", "iframe", "object", "embed"} or "src" in attrs]
    hrefs = [attrs["href"] or "" for t, attrs in tags if t == "a"]
    assert hrefs and all(h.startswith(("#", "https://arxiv.org/")) for h in hrefs)
    assert "@import" not in page and "url(" not in page
    assert [t for t, _ in tags].count("svg") == 3 and [t for t, _ in tags].count("style") == 1


def test_failed_inputs_and_header_lines_are_shown() -> None:
    page = render(hostile_report(), Format.HTML)
    assert "生成时间: 2025-01-02 03:04:05" in page
    assert "分析论文数量: 1篇" in page
    assert "未能分析的输入" in page


def test_a_report_without_analytics_still_renders() -> None:
    report = hostile_report()
    report.analytics = None
    assert "分析论文数量: 1篇" in render(report, Format.HTML)
    assert "## 技术趋势概览" in render(report, Format.MD, analytics=True)


def markdown_tables(text: str) -> dict[str, list[list[str]]]:
    """Each `### heading` of the overview section and the rows of its table (header and rule dropped)."""
    section = text[text.index("## 技术趋势概览") : text.index("## 论文技术简报")]
    tables: dict[str, list[list[str]]] = {}
    heading = ""
    for line in section.splitlines():
        if line.startswith("### "):
            heading, tables[line[4:]] = line[4:], []
        elif line.startswith("| "):
            tables[heading].append([cell.strip() for cell in re.split(r"(?<!\\)\|", line)[1:-1]])
    return {k: rows[2:] for k, rows in tables.items()}


def test_markdown_adds_the_overview_only_when_asked_right_after_the_header(seed_jsonl: Path) -> None:
    report = pipeline.run([str(seed_jsonl)])
    plain = render(report, Format.MD)
    assert "技术趋势概览" not in plain
    lines = render(report, Format.MD, analytics=True).splitlines()
    assert lines[2].startswith("分析论文数量") and lines[3:5] == ["", "## 技术趋势概览"]
    assert lines.index("## 技术趋势概览") < lines.index("## 论文技术简报")


def test_analytics_agree_across_html_markdown_and_json(seed_jsonl: Path) -> None:
    report = pipeline.run([str(seed_jsonl)])
    data = json.loads(render(report, Format.JSON))["analytics"]
    page = render(report, Format.HTML)
    embedded = re.search(r'id="paperbrief-analytics">(.*?)</script>', page, re.S)
    assert embedded is not None and json.loads(embedded.group(1)) == data

    bars = re.findall(r'<g class="bar"[^>]*data-label="([^"]*)" data-count="(\d+)" data-technique="([^"]*)"', page)
    assert [(html.unescape(label), int(n), key) for label, n, key in bars] == [
        (t["label_zh"], t["count"], t["key"]) for t in data["techniques"]
    ]
    cells = [html.unescape(v) for v in re.findall(r'<td data-value="[^"]*" class="num">([^<]*)</td>', page)]
    assert cells == [r["value"] for r in data["results"]]

    tables = markdown_tables(render(report, Format.MD, analytics=True))
    assert [(r[0], int(r[2])) for r in tables["技术分布"]] == [(t["label_zh"], t["count"]) for t in data["techniques"]]
    institutions = tables[f"机构排名（前 {TOP_INSTITUTIONS} 名）"]
    assert [int(r[3]) for r in institutions] == [i["count"] for i in data["institutions"][:TOP_INSTITUTIONS]]
    assert [r[2].replace("\\|", "|") for r in tables["主要量化结果"]] == [r["value"] for r in data["results"]]
    assert data["results"], "the seed has quantitative claims"

    famous = [(f["name_zh"] or f["name"], f["tier"], f["count"]) for f in data["famous"]]
    assert famous and famous == sorted(famous, key=lambda row: (row[1], -row[2]))
    assert [int(r[3]) for r in tables["知名机构"]] == [f["count"] for f in data["famous"]][: len(tables["知名机构"])]
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td>", page[page.index('id="famous-table"') :])
    assert [html.unescape(name) for name, _ in rows][:3] == [
        f"{f['name_zh']} ({f['name']})" if f["name_zh"] else f["name"] for f in data["famous"][:3]
    ]
