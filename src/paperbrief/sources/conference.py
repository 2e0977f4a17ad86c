"""Conference paper lists: paper_copilot's JSON (github.com/papercopilot/paperlists, e.g. `iclr/iclr2024.json`)
and CSV with a title column; one `Paper` per entry, named `<file>#<n>` (n counts entries from 1).

paper_copilot writes a JSON array of objects: `title`, `abstract`, `author` (names separated by `;`, in older
files by commas), `aff` (one affiliation per author, `;`-separated, `+` between two of one author), `status`
(Oral, Spotlight, Poster, Reject, Withdraw, …), `site`, `id`, `track`, `keywords`, `pdf`, …. A CSV names its
columns in its first row, in any case: `title`, `abstract`, `authors`/`author`, `institutions`/`aff`/
`affiliations`, `url`/`site`, `status`, `arxiv`/`arxiv_id`; UTF-8 with or without a byte-order mark.

With `--status oral,spotlight` only those statuses are kept; the others are dropped, not failed. An entry
that is not an object, has no title or a title that is not text fails alone; a JSON file cut off keeps every
entry before the cut. Fields of another type are ignored with a warning.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..arxiv import parse_id
from ..models import Code, Origin, Paper
from .base import Given, InputKind, unreadable
from .latex import decode
from .listing import UNDECODABLE, split_authors

if TYPE_CHECKING:
    from ..context import Context

MAX_JSON_BYTES = 256 << 20  # paper_copilot's largest lists (NeurIPS, with reviews) are a few dozen megabytes
# The names a field goes by in CSV headers and paper_copilot's JSON (any case), the first one with a value wins.
ALIASES = {
    "title": ("title",),
    "abstract": ("abstract",),
    "authors": ("authors", "author"),
    "institutions": ("institutions", "affiliations", "aff"),
    "url": ("url", "site", "openreview", "pdf"),
    "status": ("status",),
    "arxiv_id": ("arxiv_id", "arxiv"),
}
_CSV_HEADER = re.compile(rb"^(?:\xef\xbb\xbf)?[^\n]*\btitle\b[^\n]*,", re.IGNORECASE)


def claims(given: Given) -> bool:
    return _format(given) is not None


def _format(given: Given) -> str | None:
    """Which list a file is: JSON for a .json file or one that starts with an array, CSV for a .csv file or one
    whose first line names a title column; None for neither."""
    if given.path is None:
        return None
    if given.suffix == ".json" or given.head.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"["):
        return "json"
    if given.suffix == ".csv" or _CSV_HEADER.match(given.head):
        return "csv"
    return None


def read(givens: Sequence[Given], context: Context) -> Iterator[list[Paper]]:
    wanted = [s.casefold() for s in context.options.venue_status]
    for given in givens:
        assert given.path is not None
        problem = unreadable(str(given.path))
        if problem:
            yield [Paper(source=given.label, error=problem)]
            continue
        reader = _json_papers if _format(given) == "json" else _csv_papers
        papers = list(reader(given.path, given.label))
        for paper in papers:
            _filter(paper, wanted)
        yield papers or [Paper(source=given.label, error="the list holds no papers")]


def _filter(paper: Paper, wanted: list[str]) -> None:
    if wanted and paper.active and (paper.venue_status or "").casefold() not in wanted:
        status = repr(paper.venue_status) if paper.venue_status else "no status"
        paper.drop(Code.STATUS_FILTERED, f"{status}, and --status keeps only {', '.join(wanted)}")


# --- JSON -----------------------------------------------------------------------------------------------------


def _json_papers(path: Path, label: str) -> Iterator[Paper]:
    if path.stat().st_size > MAX_JSON_BYTES:
        yield Paper(source=label, error=f"larger than {MAX_JSON_BYTES >> 20} MiB: split the list")
        return
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        yield Paper(source=label, error="not UTF-8 text: re-save the file as UTF-8")
        return
    for number, record in _array_items(text):
        source = f"{label}#{number}"
        if isinstance(record, _Damage):
            yield Paper(source=source if number else label, error=record.reason)
        elif not isinstance(record, dict):
            yield Paper(source=source, error=f"entry is not an object but {type(record).__name__}")
        else:
            yield paper_from_entry(record, source)


@dataclass(frozen=True)
class _Damage:
    """Where a JSON list stops being readable, and why."""

    reason: str


def _array_items(text: str) -> Iterator[tuple[int, object]]:
    """The items of a JSON array one by one, numbered from 1, so a file cut off or damaged keeps what comes
    before the damage; a `_Damage` (numbered 0 for the file itself) says what is wrong from there on."""
    decoder = json.JSONDecoder()
    position = _skip(text, 0)
    if not text.startswith("[", position):
        yield 0, _Damage("not a paper list: expected a JSON array of paper objects, as paper_copilot writes")
        return
    position = _skip(text, position + 1)
    number = 0
    while not text.startswith("]", position):
        number += 1
        try:
            record, position = decoder.raw_decode(text, position)
        except (ValueError, RecursionError) as exc:  # ValueError: bad JSON, or a number of thousands of digits
            where = f" ({exc.msg} at line {exc.lineno})" if isinstance(exc, json.JSONDecodeError) else ""
            yield number, _Damage(f"cut off or not valid JSON from here on{where}: the entries before it are kept")
            return
        yield number, record
        position = _skip(text, position)
        if text.startswith(",", position):
            position = _skip(text, position + 1)
        elif not text.startswith("]", position):
            yield number + 1, _Damage("cut off or not valid JSON from here on: the entries before it are kept")
            return


def _skip(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


# --- CSV ------------------------------------------------------------------------------------------------------


def _csv_papers(path: Path, label: str) -> Iterator[Paper]:
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as f:
        rows = csv.reader(f)
        names = [name.strip().casefold() for name in next(rows, None) or []]
        if "title" not in names:
            yield Paper(source=label, error="no title column: the first row must name the columns (title, abstract, …)")
            return
        number = 0
        while True:
            number += 1
            try:
                row = next(rows, None)
            except csv.Error as exc:  # a field longer than the csv module accepts, a NUL byte
                yield Paper(source=f"{label}#{number}", error=f"row cannot be read ({exc})")
                continue
            if row is None:
                return
            if any(cell.strip() for cell in row):
                yield _csv_paper(dict(zip(names, row, strict=False)), f"{label}#{number}")


def _csv_paper(record: dict[str, str], source: str) -> Paper:
    bad = any(UNDECODABLE.search(value) for value in record.values())
    paper = paper_from_entry({k: UNDECODABLE.sub("\ufffd", v) for k, v in record.items()}, source)
    if bad:
        paper.warn(Code.NOT_UTF8, "not UTF-8 text: bytes shown as \ufffd; re-save the file as UTF-8")
    return paper


# --- both -----------------------------------------------------------------------------------------------------


def paper_from_entry(entry: dict[str, Any], source: str) -> Paper:
    """A `Paper` from one entry, under paper_copilot's field names or a CSV file's column names."""
    named = {key.casefold(): value for key, value in entry.items() if isinstance(key, str)}
    fields = {
        name: next((named[alias] for alias in aliases if named.get(alias) not in (None, "")), None)
        for name, aliases in ALIASES.items()
    }
    title = fields.get("title")
    if not isinstance(title, str) or not title.strip():
        return Paper(source=source, error="entry has no title" if title in (None, "") else "title is not text")
    paper = Paper(source=source, title=decode(title))
    paper.abstract = " ".join(_text(fields, "abstract", paper).split())
    paper.authors = _authors(_text(fields, "authors", paper))
    paper.institutions = _institutions(_text(fields, "institutions", paper))
    paper.url = _text(fields, "url", paper) or None
    paper.venue_status = _text(fields, "status", paper).strip() or None
    arxiv_id = parse_id(_text(fields, "arxiv_id", paper))
    paper.arxiv_id = str(arxiv_id) if arxiv_id else None
    for name in ("title", "abstract", "authors", "institutions", "url", "venue_status", "arxiv_id"):
        if getattr(paper, name):
            paper.provenance[name] = Origin.LISTING
    return paper


def _text(fields: dict[str, Any], name: str, paper: Paper) -> str:
    """A field as text: a string, a number, or a list of strings (joined by `;`); anything else is ignored."""
    value = fields.get(name)
    if value is None or isinstance(value, str):
        return value or ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ";".join(value)
    paper.warn(Code.FIELD_IGNORED, f"ignored {name!r}: expected text, got {type(value).__name__}", field=name)
    return ""


def _authors(text: str) -> list[str]:
    if ";" not in text:
        return split_authors(text)
    return [decode(name) for name in text.split(";") if name.strip()]


def _institutions(text: str) -> list[str]:
    """Each author's affiliation, `;` between authors and `+` between two of one author, once each in order."""
    names = (" ".join(part.split()) for part in re.split(r"[;+]", text))
    return list(dict.fromkeys(name for name in names if name))


KIND = InputKind("conference", claims, read)
