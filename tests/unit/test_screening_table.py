"""The screening table (CSV, JSONL, Markdown, HTML) and the paper → institution CSV, from reports made here."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path

from paperbrief import pipeline
from paperbrief.models import Decision, Evidence, Judgement, Paper, Report, Screening
from paperbrief.render import ScreeningFormat, render_institutions, render_screening
from paperbrief.render.screening import CSV_HEADERS

KEPT = Paper(
    source="listing.txt#2510.00001",
    title='FastQuant: "Low-bit", fast\nquantization',
    authors=["Ada Li", "Bo Wang"],
    institutions=["Tsinghua University", "Unknown Lab"],
    abstract="We quantize LLMs. It gives a 3.4× speedup.",
    arxiv_id="2510.00001",
    categories=["cs.LG", "cs.AI"],
    section="new",
    screening=Screening(
        Decision.KEEP,
        10.0,
        "保留（得分10，阈值6）：标题有量化“quantization”",
        [
            Evidence("quantization", "title", 8.0, "terms", "量化"),
            Evidence("3.4× speedup", "abstract", 2.0, "measures", "加速"),
        ],
        judge=Judgement(relevant=True, confidence=0.9, reason="量化加速推理", summary="提出低比特量化。"),
    ),
)
NEAR_MISS = Paper(
    source="listing.txt#2510.00002",
    title='=HYPERLINK("http://x") <script>alert(1)</script>',
    abstract="Pruning in game search.",
    section="cross",
    screening=Screening(
        Decision.DROP,
        4.0,
        "舍弃（得分4，阈值6）：仅有泛化词",
        [
            Evidence("pruning", "abstract", 6.0, "terms", "剪枝"),
            Evidence("game", "abstract", -2.0, "exclusions", "博弈"),
        ],
    ),
)
FAR_OFF = Paper(
    source="listing.txt#2510.00003",
    title="A dataset of cats",
    arxiv_id="2510.00003",
    section="replaced",
    screening=Screening(Decision.DROP, 0.0, "舍弃：更新版本"),
)
UNSCREENED = Paper(source="mine.pdf", title="Chosen by the user")


def report() -> Report:
    entries = [FAR_OFF, KEPT, UNSCREENED, NEAR_MISS]
    return Report(
        title="AI推理加速技术论文分析报告",
        generated_at=datetime(2025, 10, 9, 12, tzinfo=UTC),
        papers=[KEPT, UNSCREENED],
        failed=[],
        dropped=[FAR_OFF, NEAR_MISS],
        entries=entries,
        date="2025-10-09",
    )


def csv_rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_csv_opens_in_excel_with_chinese_headers_and_one_row_per_screened_entry() -> None:
    text = render_screening(report(), ScreeningFormat.CSV)
    assert "\n" not in text.replace("\r\n", "").replace("fast\nquantization", "")  # CRLF ends, LF only in a cell
    header, *rows = csv_rows(text)
    assert header[:10] == [
        "标题",
        "arXiv",
        "决定",
        "分数",
        "依据",
        "理由",
        "模型判断",
        "模型置信度",
        "模型理由",
        "模型概述",
    ]
    assert header[10:] == ["作者", "分类", "栏目", "摘要", "来源"] and tuple(header) == CSV_HEADERS
    assert [row[-1] for row in rows] == [FAR_OFF.source, KEPT.source, NEAR_MISS.source]  # input order, unscreened out
    kept = dict(zip(header, rows[1], strict=True))
    assert kept["标题"] == 'FastQuant: "Low-bit", fast\nquantization'  # commas, quotes and line breaks survive
    assert kept["决定"] == "保留" and kept["分数"] == "10"
    assert kept["依据"] == "标题:quantization(+8); 摘要:3.4× speedup(+2)"
    assert (kept["模型判断"], kept["模型置信度"], kept["模型理由"]) == ("相关", "0.9", "量化加速推理")
    assert (kept["作者"], kept["分类"], kept["栏目"]) == ("Ada Li, Bo Wang", "cs.LG cs.AI", "新提交")
    near = dict(zip(header, rows[2], strict=True))
    assert near["依据"] == "摘要:pruning(+6); 摘要:game(-2)"
    assert near["arXiv"] == "" and near["模型判断"] == "" and near["栏目"] == "交叉列表"


def test_csv_quotes_what_needs_quoting_and_defuses_formulas() -> None:
    text = render_screening(report(), ScreeningFormat.CSV)
    assert '"FastQuant: ""Low-bit"", fast\nquantization"' in text
    assert '"\'=HYPERLINK(""http://x"") <script>alert(1)</script>"' in text


def test_jsonl_has_one_object_per_entry_with_the_documented_keys() -> None:
    lines = render_screening(report(), ScreeningFormat.JSONL).splitlines()
    records = [json.loads(line) for line in lines]
    assert [r["source"] for r in records] == [FAR_OFF.source, KEPT.source, NEAR_MISS.source]
    keys = ["source", "arxiv_id", "title", "authors", "categories", "abstract", "section", "decision", "score"]
    assert list(records[1]) == [*keys, "evidence", "reason", "judge"]
    kept = records[1]
    assert (kept["decision"], kept["score"], kept["section"]) == ("keep", 10.0, "new")
    assert kept["authors"] == ["Ada Li", "Bo Wang"] and kept["categories"] == ["cs.LG", "cs.AI"]
    assert kept["evidence"][0] == {
        "text": "quantization",
        "where": "title",
        "weight": 8.0,
        "kind": "terms",
        "label": "量化",
    }
    assert kept["judge"] == {
        "relevant": True,
        "confidence": 0.9,
        "reason": "量化加速推理",
        "summary": "提出低比特量化。",
    }
    assert (records[0]["decision"], records[0]["judge"], records[0]["evidence"]) == ("drop", None, [])
    assert records[2]["arxiv_id"] is None


def test_markdown_lists_the_kept_first_then_the_dropped_with_reasons_by_score() -> None:
    text = render_screening(report(), ScreeningFormat.MD)
    assert text.startswith("# AI推理加速技术论文分析报告 · 筛选表\n日期: 2025-10-09\n")
    assert "筛选条目: 3条（保留1条，舍弃2条）" in text
    kept, dropped = text.index("## 保留（1条）"), text.index("## 舍弃（2条）")
    assert kept < text.index("FastQuant") < dropped < text.index("HYPERLINK") < text.index("A dataset of cats")
    assert '| 1 | FastQuant: "Low-bit", fast quantization | [2510.00001](https://arxiv.org/abs/2510.00001) |' in text
    assert "舍弃（得分4，阈值6）：仅有泛化词" in text and "舍弃：更新版本" in text
    assert "相关（置信度0.90）：量化加速推理" in text  # the judge's column, since one entry has a verdict


def test_html_is_self_contained_escaped_and_ordered_kept_first() -> None:
    text = render_screening(report(), ScreeningFormat.HTML)
    assert "<script>alert(1)</script>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "http://" not in text.replace("=HYPERLINK(&#34;http://x&#34;)", "")  # no resource from the network
    assert 'id="search"' in text and '<option value="drop">舍弃</option>' in text
    rows = [line for line in text.splitlines() if "<tr data-decision=" in line]
    assert [row.split('"')[1] for row in rows] == ["keep", "drop", "drop"]
    assert text.index("FastQuant") < text.index("HYPERLINK") < text.index("A dataset of cats")
    assert '<a href="https://arxiv.org/abs/2510.00001"' in text


def test_a_report_without_screening_has_an_empty_table() -> None:
    empty = Report(title="T", generated_at=datetime(2025, 1, 1, tzinfo=UTC), papers=[UNSCREENED], failed=[])
    assert csv_rows(render_screening(empty, ScreeningFormat.CSV)) == [list(CSV_HEADERS)]
    assert render_screening(empty, ScreeningFormat.JSONL) == ""
    assert "本报告没有经过筛选的条目" in render_screening(empty, ScreeningFormat.HTML)
    assert "## 保留（0条）\n\n（无）" in render_screening(empty, ScreeningFormat.MD)


def test_institution_rows_name_each_reported_paper_and_its_institutions() -> None:
    header, *rows = csv_rows(render_institutions(report()))
    assert header == ["论文编号", "标题", "arXiv", "机构", "机构中文名"]
    assert [(r[0], r[3], r[4]) for r in rows] == [
        ("1", "Tsinghua University", "清华大学"),
        ("1", "Unknown Lab", "Unknown Lab"),
        ("2", "", ""),  # a paper without institutions still has its row
    ]
    assert rows[0][2] == "2510.00001" and rows[2][2] == ""


def test_the_pipeline_screens_listing_entries_into_the_table(tmp_path: Path) -> None:
    records = [
        {
            "title": "Post-training quantization of LLMs",
            "abstract": "We propose PTQ-X. It is 3× faster.",
            "section": "new",
        },
        {"title": "A survey of cats", "abstract": "Cats are studied.", "section": "new"},
        {"title": "An old paper", "abstract": "We revise it.", "section": "replaced"},
    ]
    path = tmp_path / "listing.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = pipeline.run([str(path)])
    decisions = [json.loads(line)["decision"] for line in render_screening(result, ScreeningFormat.JSONL).splitlines()]
    assert decisions == ["keep", "drop", "drop"]
    assert [p.title for p in result.papers] == ["Post-training quantization of LLMs"]
