from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from paperbrief import pipeline
from paperbrief.errors import ConfigError
from paperbrief.models import Brief, BriefOrigin, Paper, Report
from paperbrief.render import Format, format_for, render, write_atomic
from paperbrief.render.markdown import NO_BRIEF, UNKNOWN

HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>'


def shape(line: str) -> str:
    """A line's role in the layout, its content folded away."""
    for prefix in ("# ", "生成时间: ", "分析论文数量: ", "## ", "**主要机构**: ", "**作者数量**: ", "**摘要**:"):
        if line.startswith(prefix):
            return prefix if prefix != "## " else line
    if re.match(r"### \d+\. ", line):
        return "### i. title"
    return "" if not line.strip() else "text"


def without_paper(lines: list[str], index: int) -> list[str]:
    """The seed's lines with paper `index`'s entries taken out of both sections."""
    kept, skipping = [], False
    for line in lines:
        if re.match(r"### \d+\. ", line) or line.startswith("## "):
            skipping = line.startswith(f"### {index}. ")
        if not skipping:
            kept.append(line)
    return kept


def seed_report(seed_jsonl: Path, **options: object) -> Report:
    return pipeline.run([str(seed_jsonl)], pipeline.Options(topic="AI推理加速技术", **options))  # type: ignore[arg-type]


def test_markdown_reproduces_the_seed_layout_line_for_line(seed_jsonl: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1758629805")
    ours = render(seed_report(seed_jsonl), Format.MD).splitlines()
    seed = (seed_jsonl.parent / "sample-report.md").read_text(encoding="utf-8").splitlines()
    ours = ours[: ours.index("## 未能分析的输入") - 1]  # the seed had no failure section, nor its blank line
    expected = without_paper(seed, 12)
    # Where the seed left the abstract line blank, we state that it is missing: same line, now with text.
    expected_shapes = [shape(line) for line in expected]
    for i in range(1, len(expected_shapes)):
        if expected_shapes[i - 1] == "**摘要**:":
            expected_shapes[i] = "text"
    assert [shape(line) for line in ours] == expected_shapes
    assert ours[0] == "# AI推理加速技术论文分析报告"
    assert ours[1] == "生成时间: 2025-09-23 12:16:45"
    assert ours[2] == "分析论文数量: 23篇"


def test_seed_report_keeps_titles_abstracts_and_counts(seed_jsonl: Path) -> None:
    report = seed_report(seed_jsonl)
    records = [json.loads(line) for line in seed_jsonl.read_text(encoding="utf-8").splitlines()]
    kept = [r for r in records if r["title"] or r["abstract"]]
    assert [p.title for p in report.papers] == [r["title"] for r in kept]
    assert [p.abstract for p in report.papers] == [" ".join(r["abstract"].split()) for r in kept]
    assert [p.effective_author_count for p in report.papers] == [r["author_count"] or None for r in kept]
    assert [p.source for p in report.failed] == [f"{seed_jsonl.name}:12"]  # an absolute input is named by its file name


def test_seed_report_lists_the_empty_paper_as_failed_and_drops_junk_institutions(seed_jsonl: Path) -> None:
    text = render(seed_report(seed_jsonl), Format.MD)
    failures = text[text.index("## 未能分析的输入") :]
    assert f"`{seed_jsonl.name}:12`" in failures
    assert "请提供" not in text
    assert "Zhipeng Wang LinkedIn" not in text
    assert "Shangyuan Village" not in text
    assert not re.search(r"\*\*作者数量\*\*: 0人", text)


def test_a_paper_without_abstract_gets_no_brief_in_markdown(seed_jsonl: Path) -> None:
    report = seed_report(seed_jsonl)
    [residual] = [p for p in report.papers if p.title.startswith("ResidualViT")]
    assert residual.brief is None
    text = render(report, Format.MD)
    index = report.papers.index(residual) + 1
    assert f"### {index}. {residual.title}\n\n{NO_BRIEF}\n" in text


def make_report(title: str = "T", **fields: object) -> Report:
    paper = Paper(source="a.pdf", title=title, abstract="We propose X. It is 2× faster.")
    for name, value in fields.items():
        setattr(paper, name, value)
    paper.brief = Brief(text="研究团队发布了X论文", origin=BriefOrigin.OFFLINE)
    failed = Paper(source="bad.pdf", error="not a PDF")
    return Report(
        title="论文分析报告", generated_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC), papers=[paper], failed=[failed]
    )


def test_markdown_says_unknown_instead_of_zero_or_blank() -> None:
    text = render(make_report(), Format.MD)
    assert f"**主要机构**: {UNKNOWN}" in text
    assert f"**作者数量**: {UNKNOWN}" in text
    assert "- `bad.pdf`: not a PDF" in text


def test_json_carries_all_fields_and_failures() -> None:
    data = json.loads(render(make_report(authors=["A B", "C D"], institutions=["MIT"]), Format.JSON))
    assert data["title"] == "论文分析报告"
    assert data["generated_at"] == "2025-01-02T03:04:05+00:00"
    assert data["paper_count"] == 1
    [paper] = data["papers"]
    assert paper["author_count"] == 2
    assert paper["institutions"] == ["MIT"]
    assert paper["brief"]["text"] == "研究团队发布了X论文"
    assert paper["brief"]["origin"] == "offline"
    assert data["failed"] == [{"source": "bad.pdf", "error": "not a PDF", "warnings": []}]


def test_html_escapes_paper_text() -> None:
    html = render(make_report(title=HOSTILE, institutions=[HOSTILE]), Format.HTML)
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    ("output", "explicit", "expected"),
    [
        ("r.md", None, Format.MD),
        ("r.HTML", None, Format.HTML),
        ("r.json", None, Format.JSON),
        ("-", None, Format.MD),
        ("r.md", "json", Format.JSON),
    ],
)
def test_format_is_explicit_or_from_the_suffix(output: str, explicit: str | None, expected: Format) -> None:
    assert format_for(output, explicit) is expected


def test_unknown_format_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="use md, html or json"):
        format_for("r.md", "pdf")


def test_write_atomic_replaces_whole_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "out" / "report.md"
    write_atomic(target, "first")
    write_atomic(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in target.parent.iterdir()] == ["report.md"]
