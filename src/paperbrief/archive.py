"""The archive of days: each day's report filed under `DIR/YYYY-MM/MM-DD/`, and an index of all days.

A day folder holds the report in the formats asked (`report.md`, `report.html`, `report.json`), its screening
table (`screening.csv`, `screening.html`), the paper → institution rows (`institutions.csv`) and `day.json`,
the small record (date, counts, leading techniques, files) that `DIR/index.md` and `DIR/index.html` are rebuilt
from, so the index never parses a report and comes out the same whatever order the days were filed in.

Every file is replaced atomically and `day.json` is written last, so a run stopped halfway leaves the index
naming only files that exist. Only files of these names are touched, so an archive can live beside the
listings it was made from.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import Paper, Report
from .render import Format, ScreeningFormat, render, render_institutions, render_screening, write_atomic
from .render.html import render_page
from .render.markdown import table_lines
from .techniques import OTHER

REPORT_FILES = {Format.MD: "report.md", Format.HTML: "report.html", Format.JSON: "report.json"}
SCREENING_FILES = {ScreeningFormat.CSV: "screening.csv", ScreeningFormat.HTML: "screening.html"}
INSTITUTIONS_FILE = "institutions.csv"
DAY_FILE = "day.json"
INDEX_FILES = ("index.md", "index.html")
DEFAULT_FORMATS = (Format.MD, Format.HTML)
TOP_TECHNIQUES = 3
DAY_VERSION = 1

# How the index names each file of a day, in the order it lists them.
_FILE_LABELS = {
    "report.md": "Markdown",
    "report.html": "HTML",
    "report.json": "JSON",
    "screening.html": "筛选表",
    "screening.csv": "筛选表 CSV",
    INSTITUTIONS_FILE: "机构 CSV",
}


class DatedBy(StrEnum):
    """Where a report's date came from: its papers' listing, the run's `--since`, or the day it was made."""

    LISTING = "listing"
    SINCE = "since"
    TODAY = "today"


_DATED_BY_ZH = {DatedBy.SINCE: "按起始日期归档", DatedBy.TODAY: "无列表日期，按生成日期归档"}


@dataclass(frozen=True)
class Archive:
    """A folder of days to file reports in, and the report formats each day gets (its screening table, as CSV
    and HTML, and the institution rows always come along)."""

    root: Path
    formats: tuple[Format, ...] = DEFAULT_FORMATS
    analytics: bool = False  # the 技术趋势概览 section in report.md


@dataclass(frozen=True)
class Day:
    """One filed day as its `day.json` records it: all the index needs."""

    date: str  # YYYY-MM-DD
    title: str
    papers: int  # reported
    failed: int
    screened: int
    kept: int
    techniques: list[str] = field(default_factory=list)  # the leading ones' Chinese labels
    files: list[str] = field(default_factory=list)
    dated_by: DatedBy = DatedBy.LISTING
    generated_at: str = ""

    @property
    def month(self) -> str:
        return self.date[:7]

    @property
    def folder(self) -> str:
        """The day's folder relative to the archive, e.g. `2025-10/10-09`."""
        return day_folder(self.date).as_posix()

    def to_dict(self) -> dict[str, Any]:
        return {"version": DAY_VERSION, **asdict(self), "dated_by": str(self.dated_by)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Day:
        """A day from its record; raises ValueError (or KeyError, TypeError) when the record is not one."""
        day = cls(
            date=str(data["date"]),
            title=str(data["title"]),
            papers=int(data["papers"]),
            failed=int(data["failed"]),
            screened=int(data["screened"]),
            kept=int(data["kept"]),
            techniques=[str(t) for t in data["techniques"]],
            files=[str(f) for f in data["files"]],
            dated_by=DatedBy(data["dated_by"]),
            generated_at=str(data.get("generated_at", "")),
        )
        check_day(day.date)
        return day


def check_day(text: str) -> str:
    """`text` if it is a calendar day written YYYY-MM-DD (it names folders), else ValueError."""
    if date.fromisoformat(text).isoformat() != text:  # 20251009 parses too, but would name no folder of ours
        raise ValueError(f"not a day written YYYY-MM-DD: {text!r}")
    return text


def parse_formats(text: str) -> tuple[Format, ...]:
    """`md,html,json` (any subset, any order) as report formats, in the order given, each once."""
    names = [name.strip().lower() for name in text.split(",") if name.strip()]
    unknown = [name for name in names if name not in {f.value for f in Format}]
    if unknown or not names:
        raise ConfigError(f"unknown archive format {', '.join(unknown) or '(none)'}: use md, html and/or json")
    return tuple(dict.fromkeys(Format(name) for name in names))


# --- Dating and splitting a run's papers ------------------------------------------------------------------


def fallback_day(since: date | None, today: date) -> tuple[str, DatedBy]:
    """The date of papers that carry none: the start of the run's date window, else today."""
    return (since.isoformat(), DatedBy.SINCE) if since else (today.isoformat(), DatedBy.TODAY)


def day_of(papers: Iterable[Paper], fallback: tuple[str, DatedBy]) -> tuple[str, DatedBy]:
    """The day a set of papers covers: the most common listing date among them (the earliest of equally common
    ones), else `fallback`."""
    counts = Counter(p.listing_date for p in papers if p.listing_date)
    if not counts:
        return fallback
    return min(counts, key=lambda day: (-counts[day], day)), DatedBy.LISTING


def split_days(papers: Iterable[Paper], fallback: str) -> list[list[Paper]]:
    """The papers grouped by listing date, oldest day first, input order within a day; papers without a date
    join the `fallback` day (so a day is never split over two groups that would overwrite each other)."""
    days: dict[str, list[Paper]] = {}
    for paper in papers:
        days.setdefault(paper.listing_date or fallback, []).append(paper)
    return [days[day] for day in sorted(days)]


# --- Filing a day -----------------------------------------------------------------------------------------


def file_day(report: Report, archive: Archive, *, dated_by: DatedBy) -> Day:
    """Write `report` into its day's folder (replacing what an earlier run of that day wrote) and return the
    day's record; `rebuild_index` then lists it."""
    if report.date is None:
        raise ConfigError("the report has no date to file it under: set Report.date (YYYY-MM-DD)")
    folder = archive.root / day_folder(report.date)
    texts = {REPORT_FILES[fmt]: render(report, fmt, analytics=archive.analytics) for fmt in archive.formats}
    texts |= {name: render_screening(report, fmt) for fmt, name in SCREENING_FILES.items()}
    texts[INSTITUTIONS_FILE] = render_institutions(report)
    for name, text in texts.items():
        write_atomic(folder / name, text)
    day = _day_record(report, report.date, dated_by, files=sorted(texts, key=list(_FILE_LABELS).index))
    write_atomic(folder / DAY_FILE, json.dumps(day.to_dict(), ensure_ascii=False, indent=2) + "\n")
    for name in set(REPORT_FILES.values()) - set(texts):
        (folder / name).unlink(missing_ok=True)  # a format this run did not ask for would be out of date
    return day


def day_folder(day: str) -> Path:
    """`2025-10-09` → `2025-10/10-09`."""
    check_day(day)
    return Path(day[:7]) / day[5:]


def _day_record(report: Report, day: str, dated_by: DatedBy, *, files: list[str]) -> Day:
    screened = [p.screening for p in report.entries if p.screening is not None]
    return Day(
        date=day,
        title=report.title,
        papers=len(report.papers),
        failed=len(report.failed),
        screened=len(screened),
        kept=sum(s.kept for s in screened),
        techniques=leading_techniques(report),
        files=files,
        dated_by=dated_by,
        generated_at=report.generated_at.isoformat(),
    )


def leading_techniques(report: Report) -> list[str]:
    """The Chinese labels of the day's most frequent techniques (never 其他, which is what none covered)."""
    rows = report.analytics.techniques if report.analytics else []
    return [row.label_zh for row in rows if row.key != OTHER][:TOP_TECHNIQUES]


# --- The index --------------------------------------------------------------------------------------------


def read_days(root: Path) -> list[Day]:
    """Every day filed under `root`, newest first; a folder whose `day.json` is missing, unreadable or names
    another day is not a filed day and is left out."""
    days = []
    for path in root.glob(f"*/*/{DAY_FILE}"):
        try:
            day = Day.from_dict(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if path.parent == root / day_folder(day.date):
            days.append(day)
    return sorted(days, key=lambda d: d.date, reverse=True)


def rebuild_index(root: Path) -> list[Day]:
    """Rewrite `index.md` and `index.html` from the days on disk; returns those days, newest first."""
    days = read_days(root)
    md, html = INDEX_FILES
    write_atomic(root / md, render_index_md(days))
    write_atomic(root / html, render_index_html(days))
    return days


@dataclass(frozen=True)
class _IndexRow:
    day: Day
    main: str  # the link of the date: the day's report, in the first format filed
    links: list[tuple[str, str]]  # (label, href) of the other files
    note: str  # how the day was dated, when not by its listing

    @property
    def counts(self) -> str:
        text = f"{self.day.papers}篇"
        if self.day.screened:
            text += f"（筛选{self.day.screened}条）"
        return text + (f"，{self.day.failed}个输入失败" if self.day.failed else "")


def _index_row(day: Day) -> _IndexRow:
    hrefs = [(label, f"{day.folder}/{name}") for name, label in _FILE_LABELS.items() if name in day.files]
    return _IndexRow(day, hrefs[0][1] if hrefs else day.folder, hrefs, _DATED_BY_ZH.get(day.dated_by, ""))


def _months(days: Sequence[Day]) -> list[tuple[str, list[_IndexRow]]]:
    """Days grouped by month, both newest first (the days come sorted)."""
    months: dict[str, list[_IndexRow]] = {}
    for day in days:
        months.setdefault(day.month, []).append(_index_row(day))
    return list(months.items())


def _index_title(days: Sequence[Day]) -> str:
    return f"{days[0].title} · 归档" if days else "论文分析报告 · 归档"


def _index_summary(days: Sequence[Day]) -> str:
    return f"共{len(days)}天，{sum(d.papers for d in days)}篇论文" if days else "尚无归档的日报"


def render_index_md(days: Sequence[Day]) -> str:
    """The index as Markdown: a table per month, newest day first, linking each day's files."""
    lines = [f"# {_index_title(days)}", "", _index_summary(days), ""]
    for month, rows in _months(days):
        lines += [f"## {month}", ""]
        lines += table_lines(("日期", "论文", "主要技术", "文件"), [_md_cells(row) for row in rows])
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_cells(row: _IndexRow) -> tuple[str, ...]:
    note = f"（{row.note}）" if row.note else ""
    links = " · ".join(f"[{label}]({href})" for label, href in row.links)
    return (f"[{row.day.date}]({row.main}){note}", row.counts, "、".join(row.day.techniques) or "—", links)


def render_index_html(days: Sequence[Day]) -> str:
    """The index as one self-contained page, in the report's style."""
    return render_page("archive.html.j2", title=_index_title(days), summary=_index_summary(days), months=_months(days))


__all__ = [
    "Archive",
    "DatedBy",
    "Day",
    "day_of",
    "fallback_day",
    "file_day",
    "parse_formats",
    "read_days",
    "rebuild_index",
    "split_days",
]
