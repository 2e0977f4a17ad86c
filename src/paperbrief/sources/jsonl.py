"""JSONL metadata: one paper per line (`title`, `authors`, `institutions`, `abstract`, `brief`, `arxiv_id`, …).

A line that is not a JSON object fails alone; fields of the wrong type are dropped with a warning. A record
may say which listing it came from (`listing_date`, `section`), so a month of listing entries can be filed
day by day (and is screened like a listing).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any, BinaryIO

from ..models import Code, Origin, Paper
from .base import Given, InputKind, label, one_at_a_time, unreadable

SUFFIXES = {".jsonl", ".ndjson"}
SECTIONS = ("new", "cross", "replaced")  # the parts of an arXiv listing, as `Paper.section` names them


def claims(given: Given) -> bool:
    """A .jsonl/.ndjson file, or any file whose first line is a JSON object."""
    if given.path is None:
        return False
    first = given.head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return given.suffix in SUFFIXES or (
        first.startswith(b"{") and b"\n" in first and first.split(b"\n", 1)[0].rstrip().endswith(b"}")
    )


def read_given(given: Given) -> Iterator[Paper]:
    assert given.path is not None
    yield from read_jsonl(given.path)


# A metadata record is a few kilobytes; a far longer line is not one, and is skipped without being held in memory.
MAX_LINE_BYTES = 4 * 1024 * 1024


def read_jsonl(path: Path) -> Iterator[Paper]:
    """One paper per non-blank line; a line that is not a JSON object becomes a failed paper."""
    name = label(path)
    problem = unreadable(str(path))
    if problem:
        yield Paper(source=name, error=problem)
        return
    with path.open("rb") as f:
        for number, raw in enumerate(_lines(f), start=1):
            source = f"{name}:{number}"
            if raw is None:
                limit = MAX_LINE_BYTES // 2**20
                yield Paper(source=source, error=f"line longer than {limit} MiB: split it into one record per line")
            elif raw.strip():
                yield _paper_from_line(raw, source)


def _lines(f: BinaryIO) -> Iterator[bytes | None]:
    """The lines of `f`; None stands for a line longer than `MAX_LINE_BYTES`, which is read past in chunks."""
    while line := f.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while line and not line.endswith(b"\n"):
            line = f.readline(MAX_LINE_BYTES)
        yield None


def _paper_from_line(raw: bytes, source: str) -> Paper:
    try:
        # utf-8-sig: editors on Windows start files with a byte-order mark, which is no reason to fail a line.
        record = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return Paper(source=source, error="line is not UTF-8 text: re-save the file as UTF-8")
    except json.JSONDecodeError as exc:
        return Paper(source=source, error=f"line is not valid JSON ({exc.msg} at column {exc.colno}): fix the line")
    except ValueError:  # Python refuses integers of over 4300 digits
        return Paper(source=source, error="line is JSON that cannot be read (a number too long): fix the line")
    except RecursionError:
        return Paper(source=source, error="line is JSON that cannot be read (nested too deeply): fix the line")
    if not isinstance(record, dict):
        return Paper(source=source, error="line is not a JSON object: give one {...} record per line")
    return paper_from_record(record, source)


def paper_from_record(record: dict[str, Any], source: str) -> Paper:
    """A `Paper` from a metadata record; fields of the wrong type are dropped with a warning."""
    paper = Paper(source=source)
    paper.title = _text(record, "title", paper)
    paper.abstract = _text(record, "abstract", paper)
    paper.authors = _names(record.get("authors"), "authors", paper)
    paper.institutions = _names(record.get("institutions"), "institutions", paper)
    paper.author_count = _count(record.get("author_count"), paper)
    paper.arxiv_id = _text(record, "arxiv_id", paper) or None
    paper.url = _text(record, "url", paper) or None
    paper.given_brief = _text(record, "brief", paper) or None
    paper.listing_date = _checked(record, "listing_date", paper, _is_day, "a day as YYYY-MM-DD")
    paper.section = _checked(record, "section", paper, SECTIONS.__contains__, f"one of {', '.join(SECTIONS)}")
    for name in ("title", "abstract", "authors", "institutions", "author_count", "arxiv_id"):
        if record.get(name) not in (None, "", []):
            paper.provenance[name] = Origin.JSONL
    return paper


def _text(record: dict[str, Any], key: str, paper: Paper) -> str:
    value = record.get(key)
    if value is None:
        return ""
    if isinstance(value, str):
        return _tidy(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    paper.warn(Code.FIELD_IGNORED, f"ignored '{key}': expected text, got {type(value).__name__}", field=key)
    return ""


def _names(value: object, key: str, paper: Paper) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [_tidy(part) for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [_tidy(v) for v in value if v.strip()]
    paper.warn(Code.FIELD_IGNORED, f"ignored '{key}': expected a list of names or a comma-separated string", field=key)
    return []


def _count(value: object, paper: Paper) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value or None
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) < 10:
        return int(value) or None
    paper.warn(Code.FIELD_IGNORED, "ignored 'author_count': expected a whole number", field="author_count")
    return None


def _checked(record: dict[str, Any], key: str, paper: Paper, valid: Callable[[str], bool], expected: str) -> str | None:
    """A text field of a fixed form; anything else is ignored with a warning (a listing date of "10/09" would
    file the paper under a wrong day)."""
    text = _text(record, key, paper)
    if not text or valid(text):
        return text or None
    paper.warn(Code.FIELD_IGNORED, f"ignored '{key}': expected {expected}", field=key)
    return None


def _is_day(text: str) -> bool:
    try:
        return date.fromisoformat(text).isoformat() == text  # exactly YYYY-MM-DD, not 20251009 or a time
    except ValueError:
        return False


def _tidy(text: str) -> str:
    """Whitespace collapsed, and lone surrogates (which JSON escapes such as "\\ud800" allow) replaced: the report is
    written as UTF-8, which cannot hold them."""
    return " ".join(text.encode("utf-8", "replace").decode("utf-8").split())


KIND = InputKind("jsonl", claims, one_at_a_time(read_given))
