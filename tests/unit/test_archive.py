"""The archive of days: dating and splitting papers, the day folders, the index, reruns and `--since-last`."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from paperbrief import pipeline
from paperbrief.archive import (
    Archive,
    DatedBy,
    Day,
    day_of,
    fallback_day,
    file_day,
    parse_formats,
    read_days,
    rebuild_index,
    split_days,
)
from paperbrief.errors import ConfigError
from paperbrief.models import Code, Paper
from paperbrief.options import Options
from paperbrief.render import Format

EPOCH_DAY = "2025-10-14"  # SOURCE_DATE_EPOCH below: the day an undated report is made


def entry(arxiv_id: str, day: str, topic: str, section: str = "new") -> dict[str, Any]:
    """A listing entry as JSONL; `topic` picks an abstract the default profile keeps or drops."""
    abstracts = {
        "quant": ("FastQuant: post-training quantization for LLM inference", "We propose FastQuant, a post-training "
                  "quantization method for large language models. It gives a 3.4× speedup on LLaMA."),
        "kv": ("KVZip: KV cache compression for serving", "We propose KVZip, a KV cache compression method that cuts "
               "memory by 4× and improves throughput by 2.1× for LLM serving."),
        "prune": ("SlimDet: structured pruning for real-time detection", "We propose SlimDet. Structured pruning of "
                  "detectors gives 2× faster inference on edge devices."),
        "cats": ("A dataset of cats", "We release a dataset of cat images for classification."),
    }  # fmt: skip
    title, abstract = abstracts[topic]
    return {"title": f"{title} ({arxiv_id})", "abstract": abstract, "arxiv_id": arxiv_id, "listing_date": day,
            "section": section, "institutions": ["Tsinghua University"]}  # fmt: skip


MONTH = [
    entry("2510.00001", "2025-10-09", "quant"),
    entry("2510.00002", "2025-10-09", "cats"),
    entry("2510.00001", "2025-10-10", "quant", section="cross"),  # reported the day before
    entry("2510.00003", "2025-10-10", "kv"),
    entry("2509.00004", "2025-09-30", "prune"),
]


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760443200")  # 2025-10-14 12:00 UTC


def listing(tmp_path: Path, records: list[dict[str, Any]], name: str = "month.jsonl") -> str:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return str(path)


def file_days(inputs: list[str], root: Path, **options: Any) -> list[pipeline.Filed]:
    formats = options.pop("formats", (Format.MD, Format.HTML))
    return pipeline.drain(pipeline.iter_days(inputs, Options(jobs=1, **options), Archive(root, formats)))


def titles(filed: pipeline.Filed) -> list[str]:
    return [p.title.split(" (")[0].split(":")[0] for p in filed.report.papers]


def test_each_day_gets_its_folder_in_date_order(tmp_path: Path) -> None:
    root = tmp_path / "out"
    filed = file_days([listing(tmp_path, MONTH)], root)
    assert [(f.report.date, f.day.folder) for f in filed] == [
        ("2025-09-30", "2025-09/09-30"), ("2025-10-09", "2025-10/10-09"), ("2025-10-10", "2025-10/10-10")
    ]  # fmt: skip
    assert [titles(f) for f in filed] == [["SlimDet"], ["FastQuant"], ["FastQuant", "KVZip"]]  # no --since-last
    folder = root / "2025-10" / "10-09"
    assert sorted(p.name for p in folder.iterdir()) == [
        "day.json", "institutions.csv", "report.html", "report.md", "screening.csv", "screening.html"
    ]  # fmt: skip
    assert (folder / "report.md").read_text(encoding="utf-8").startswith("# AI推理加速技术论文分析报告\n")
    screening = (folder / "screening.csv").read_text(encoding="utf-8-sig")
    assert "A dataset of cats" in screening and "KVZip" not in screening  # each day its own entries
    record = json.loads((folder / "day.json").read_text(encoding="utf-8"))
    assert record | {"generated_at": ""} == {
        "version": 1, "date": "2025-10-09", "title": "AI推理加速技术论文分析报告", "papers": 1, "failed": 0,
        "screened": 2, "kept": 1, "techniques": record["techniques"], "generated_at": "", "dated_by": "listing",
        "files": ["report.md", "report.html", "screening.html", "screening.csv", "institutions.csv"],
    }  # fmt: skip
    assert record["techniques"][0] == "量化" and len(record["techniques"]) <= 3 and "其他" not in record["techniques"]


def test_since_last_keeps_a_paper_reported_on_one_day_out_of_the_later_ones(tmp_path: Path) -> None:
    filed = file_days([listing(tmp_path, MONTH)], tmp_path / "out", since_last="daily")
    assert [titles(f) for f in filed] == [["SlimDet"], ["FastQuant"], ["KVZip"]]
    [again] = [p for p in filed[2].report.entries if p.arxiv_id == "2510.00001"]
    assert again.dropped is not None and again.dropped.code is Code.ALREADY_REPORTED
    # and a later run of the same digest files nothing it reported before
    later = file_days([listing(tmp_path, [entry("2510.00003", "2025-10-11", "kv")], "next.jsonl")], tmp_path / "out",
                      since_last="daily")  # fmt: skip
    assert [titles(f) for f in later] == [[]]


def links(text: str) -> list[str]:
    return re.findall(r"\]\(([^)]+)\)", text) + re.findall(r'href="([^"]+)"', text)


def test_the_index_lists_days_newest_first_by_month_with_counts_techniques_and_working_links(tmp_path: Path) -> None:
    root = tmp_path / "out"
    file_days([listing(tmp_path, MONTH)], root, since_last="daily")
    text = (root / "index.md").read_text(encoding="utf-8")
    assert text.startswith("# AI推理加速技术论文分析报告 · 归档\n\n共3天，3篇论文\n")
    assert re.findall(r"^## (.+)$", text, flags=re.M) == ["2025-10", "2025-09"]
    assert re.findall(r"^\| \[(\d{4}-\d\d-\d\d)\]", text, flags=re.M) == ["2025-10-10", "2025-10-09", "2025-09-30"]
    [row] = [line for line in text.splitlines() if line.startswith("| [2025-10-09]")]
    assert "| 1篇（筛选2条） | 量化" in row and "[筛选表](2025-10/10-09/screening.html)" in row
    assert row.startswith("| [2025-10-09](2025-10/10-09/report.md) |")
    html = (root / "index.html").read_text(encoding="utf-8")
    assert html.index("2025-10-10") < html.index("2025-10-09") < html.index("2025-09-30")
    found = links(text) + links(html)
    assert len(found) == 2 * 3 * 6 and all((root / href).is_file() for href in found)


def test_days_filed_out_of_order_or_twice_give_the_same_index(tmp_path: Path) -> None:
    in_order, shuffled = tmp_path / "a", tmp_path / "b"
    file_days([listing(tmp_path, MONTH)], in_order)
    for day in ("2025-10-10", "2025-09-30", "2025-10-09", "2025-10-10"):
        file_days([listing(tmp_path, [r for r in MONTH if r["listing_date"] == day], f"{day}.jsonl")], shuffled)
    for name in ("index.md", "index.html", "2025-10/10-10/report.md", "2025-10/10-10/day.json"):
        assert (in_order / name).read_bytes() == (shuffled / name).read_bytes(), name


def leftovers(root: Path) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.name.startswith(".") or p.suffix == ".tmp"]


def test_a_day_run_again_replaces_its_files_and_touches_nothing_else(tmp_path: Path) -> None:
    root = tmp_path / "out"
    day_records = [r for r in MONTH if r["listing_date"] == "2025-10-10"]
    file_days([listing(tmp_path, day_records)], root, formats=(Format.MD, Format.HTML, Format.JSON))
    folder = root / "2025-10" / "10-10"
    (folder / "arxiv_daily.txt").write_text("the mailing this day came from", encoding="utf-8")
    file_days([listing(tmp_path, day_records[1:], "again.jsonl")], root, formats=(Format.MD,))
    assert sorted(p.name for p in folder.iterdir()) == [
        "arxiv_daily.txt", "day.json", "institutions.csv", "report.md", "screening.csv", "screening.html"
    ]  # fmt: skip
    assert "FastQuant" not in (folder / "report.md").read_text(encoding="utf-8")
    assert (folder / "arxiv_daily.txt").read_text(encoding="utf-8") == "the mailing this day came from"
    assert read_days(root)[0].files == ["report.md", "screening.html", "screening.csv", "institutions.csv"]
    assert "2025-10/10-10/report.html" not in (root / "index.md").read_text(encoding="utf-8")
    assert leftovers(root) == []


def test_a_crash_while_filing_leaves_the_previous_day_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "out"
    [first] = file_days([listing(tmp_path, MONTH[:2])], root)
    before = {p.name: p.read_bytes() for p in (root / first.day.folder).iterdir()}

    def broken(*args: object) -> str:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr("paperbrief.archive.render_institutions", broken)
    with pytest.raises(RuntimeError):
        file_days([listing(tmp_path, MONTH[1:2], "again.jsonl")], root)
    assert {p.name: p.read_bytes() for p in (root / first.day.folder).iterdir()} == before
    assert leftovers(root) == []


def test_undated_papers_are_one_day_dated_by_since_else_by_today(tmp_path: Path) -> None:
    plain = listing(tmp_path, [{"title": "A", "abstract": "We propose A."}, {"title": "B", "abstract": "We do B."}])
    [today] = file_days([plain], tmp_path / "a")
    assert (today.report.date, today.day.dated_by, len(today.report.papers)) == (EPOCH_DAY, DatedBy.TODAY, 2)
    assert "| [2025-10-14](2025-10/10-14/report.md)（无列表日期，按生成日期归档） |" in (
        tmp_path / "a" / "index.md"
    ).read_text(encoding="utf-8")
    [since] = file_days([plain], tmp_path / "b", since=date(2025, 10, 1))
    assert (since.day.folder, since.day.dated_by) == ("2025-10/10-01", DatedBy.SINCE)


def test_a_single_report_is_dated_by_its_most_common_listing_date(tmp_path: Path) -> None:
    report = pipeline.run([listing(tmp_path, MONTH)], Options(jobs=1))
    assert report.date == "2025-10-09"  # two entries each on 10-09 and 10-10: the earlier wins the tie
    assert pipeline.run([listing(tmp_path, [{"title": "A"}], "plain.jsonl")]).date == EPOCH_DAY


def test_dating_and_splitting() -> None:
    papers = [Paper("a", listing_date="2025-10-10"), Paper("b"), Paper("c", listing_date="2025-10-09")]
    assert fallback_day(None, date(2025, 10, 10)) == ("2025-10-10", DatedBy.TODAY)
    assert fallback_day(date(2025, 10, 1), date(2025, 10, 10)) == ("2025-10-01", DatedBy.SINCE)
    assert [[p.source for p in day] for day in split_days(papers, "2025-10-10")] == [["c"], ["a", "b"]]
    assert day_of(papers[:2], ("2025-10-01", DatedBy.SINCE)) == ("2025-10-10", DatedBy.LISTING)
    assert day_of(papers[1:2], ("2025-10-01", DatedBy.SINCE)) == ("2025-10-01", DatedBy.SINCE)


def test_formats_are_parsed_and_checked() -> None:
    assert parse_formats("md, JSON,md") == (Format.MD, Format.JSON)
    for bad in ("pdf", "", "md,docx"):
        with pytest.raises(ConfigError, match="use md, html and/or json"):
            parse_formats(bad)


def test_the_index_skips_folders_that_are_not_filed_days(tmp_path: Path) -> None:
    good = Day("2025-10-09", "T", papers=1, failed=0, screened=0, kept=0, files=["report.md"])
    for folder, text in [
        ("2025-10/10-09", json.dumps(good.to_dict())),
        ("2025-10/10-10", "{not json"),
        ("2025-10/10-11", json.dumps(good.to_dict())),  # names another day
        ("2025-10/10-12", json.dumps(good.to_dict() | {"date": "2025-02-30"})),
    ]:
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "day.json").write_text(text, encoding="utf-8")
    assert rebuild_index(tmp_path) == [good]
    assert rebuild_index(tmp_path / "empty") == []
    assert "尚无归档的日报" in (tmp_path / "empty" / "index.md").read_text(encoding="utf-8")


def test_a_report_without_a_date_cannot_be_filed(tmp_path: Path) -> None:
    report = pipeline.run([listing(tmp_path, [{"title": "A"}])])
    report.date = None
    with pytest.raises(ConfigError, match="no date"):
        file_day(report, Archive(tmp_path), dated_by=DatedBy.TODAY)


def test_progress_names_each_day_as_it_is_filed(tmp_path: Path) -> None:
    events: list[pipeline.Event] = []
    run = pipeline.iter_days([listing(tmp_path, MONTH)], Options(jobs=1), Archive(tmp_path / "out"))
    pipeline.drain(run, events.append)
    assert [(e.done, e.total, e.source) for e in events if e.stage == "archive"] == [
        (1, 3, "2025-09/09-30"), (2, 3, "2025-10/10-09"), (3, 3, "2025-10/10-10")
    ]  # fmt: skip
    assert (events[0].stage, events[-1].stage, events[-1].done) == ("sources", "done", 4)
