"""Tables for spreadsheets: CSV that Excel opens as it is, and the paper → institution rows of a report."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from ..models import Report

Cell = str | int | float | None

INSTITUTION_HEADERS = ("论文编号", "标题", "arXiv", "机构", "机构中文名")

# Excel reads a cell that starts with one of these as a formula, so a paper titled "=HYPERLINK(…)" could run
# something on the reader's machine; a leading apostrophe makes Excel show the text as it is.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def excel_csv(headers: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """CSV for Excel: a byte-order mark (without it Excel reads UTF-8 as the local code page), CRLF line ends,
    quotes around cells with commas, quotes or line breaks, and text that would be a formula defused."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return "\ufeff" + out.getvalue()


def _cell(value: Cell) -> Cell:
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    if isinstance(value, float) and value.is_integer():
        return int(value)  # "8", not "8.0"
    return value


def render_institutions(report: Report) -> str:
    """One row per (reported paper, institution), numbered as in the report; a paper without institutions
    still has its row, with the institution cells empty, so every reported paper can be counted."""
    from ..institutions import chinese_name  # its table loads here: a screening table (CSV too) needs none

    rows: list[tuple[Cell, ...]] = []
    for number, paper in enumerate(report.papers, start=1):
        for name in paper.institutions or [""]:
            rows.append((number, paper.title, paper.arxiv_id or "", name, chinese_name(name) if name else ""))
    return excel_csv(INSTITUTION_HEADERS, rows)
