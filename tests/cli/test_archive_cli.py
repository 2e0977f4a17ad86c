"""`paperbrief report … --archive DIR`: a month of daily listings filed day by day in one command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from paperbrief.cli import app

runner = CliRunner()

QUANT = "We propose FastQuant, a post-training quantization method for LLMs. It gives a 3.4× speedup."
KV = "We propose KVZip, a KV cache compression method that cuts memory by 4× for LLM serving."


def invoke(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    return result.exit_code, result.stderr


@pytest.fixture
def month(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """`2025-10/MM-DD/listing.jsonl` for three days, as the listing parsers' entries would be; FastQuant is
    announced on 10-09 and cross-listed again on 10-10."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760443200")
    days = {
        "10-09": [("2510.00001", "FastQuant: post-training quantization", QUANT, "new")],
        "10-10": [("2510.00001", "FastQuant: post-training quantization", QUANT, "cross"),
                  ("2510.00003", "KVZip: KV cache compression", KV, "new")],
        "10-13": [("2510.00009", "A dataset of cats", "We release cat images.", "new")],
    }  # fmt: skip
    paths = []
    for day, entries in days.items():
        path = tmp_path / "2025-10" / day / "listing.jsonl"
        path.parent.mkdir(parents=True)
        records = [
            {"arxiv_id": i, "title": t, "abstract": a, "section": s, "listing_date": f"2025-{day}"}
            for i, t, a, s in entries
        ]
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        paths.append(str(path))
    return sorted(paths)


def test_a_month_in_one_command_files_each_day_with_since_last(month: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, err = invoke("report", *reversed(month), "--archive", str(out), "--since-last", "daily")
    assert code == 0
    assert [line.split("\t") for line in err.splitlines() if line.startswith("papers")] == [
        ["papers", "1", "failed", "0", "output", str(out / "2025-10/10-09")],
        ["papers", "1", "failed", "0", "output", str(out / "2025-10/10-10")],  # FastQuant stays on 10-09
        ["papers", "0", "failed", "0", "output", str(out / "2025-10/10-13")],
    ]
    assert "FastQuant" not in (out / "2025-10/10-10/report.md").read_text(encoding="utf-8")
    assert "KVZip" in (out / "2025-10/10-10/report.md").read_text(encoding="utf-8")
    assert "A dataset of cats" in (out / "2025-10/10-13/screening.csv").read_text(encoding="utf-8-sig")
    index = (out / "index.md").read_text(encoding="utf-8")
    assert index.index("[2025-10-13]") < index.index("[2025-10-10]") < index.index("[2025-10-09]")


def test_archive_formats_choose_the_report_files(month: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("report", month[0], "--archive", str(out), "--archive-formats", "json")[0] == 0
    day = out / "2025-10/10-09"
    assert sorted(p.name for p in day.iterdir()) == [
        "day.json", "institutions.csv", "report.json", "screening.csv", "screening.html"
    ]  # fmt: skip


def test_an_undated_run_says_which_day_it_was_filed_under(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1760443200")
    papers = tmp_path / "p.jsonl"
    papers.write_text('{"title": "A", "abstract": "We propose A."}\n', encoding="utf-8")
    code, err = invoke("report", str(papers), "--archive", str(tmp_path / "out"))
    assert code == 0
    assert "note\t2025-10/10-14\tno listing date: filed under the day the report was made\n" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "r.md", "--archive", "out"], "give either -o FILE"),
        ([], "give either -o FILE"),
        (["--archive", "out", "--archive-formats", "md,pdf"], "unknown archive format pdf"),
    ],
)
def test_usage_errors_exit_two(month: list[str], args: list[str], message: str) -> None:
    code, err = invoke("report", month[0], *args)
    assert code == 2
    assert message in " ".join(err.split())


def test_a_failed_input_is_filed_with_the_undated_day_and_exits_one(month: list[str], tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, err = invoke("report", month[0], str(tmp_path / "missing.pdf"), "--archive", str(out))
    assert code == 1
    assert f"failed\t{tmp_path / 'missing.pdf'}\tfile not found" in err
    assert json.loads((out / "2025-10/10-14/day.json").read_text(encoding="utf-8"))["failed"] == 1
    assert "## 未能分析的输入" in (out / "2025-10/10-14/report.md").read_text(encoding="utf-8")
