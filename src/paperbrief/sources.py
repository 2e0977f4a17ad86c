"""Inputs to `Paper`s: PDF files, folders of PDFs, JSONL metadata files and arXiv ids.

Every input becomes at least one `Paper`; an input that cannot be read becomes a `Paper` with `error` set,
so the report can say which input failed and why. An input that exists on disk is always a path; anything
else that reads as an arXiv id (bare, `arXiv:`-prefixed, abs/pdf URL) is looked up on arXiv.
"""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from .arxiv import ArxivId, parse_id
from .arxiv.source import ArxivSource
from .models import Code, Origin, Paper

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def arxiv_input(given: str) -> ArxivId | None:
    """The arXiv id `given` names, unless it is an existing path (a path always wins)."""
    return None if os.path.lexists(given) else parse_id(given)


def iter_inputs(inputs: Iterable[str], arxiv: ArxivSource | None = None) -> Iterator[Paper]:
    """One `Paper` per PDF, JSONL record or arXiv id, in the order given.

    arXiv ids are looked up together first (a few requests for many ids); without `arxiv` they fail.
    """
    given = list(inputs)
    ids = [arxiv_input(text) for text in given]
    requested = [(text, arxiv_id) for text, arxiv_id in zip(given, ids, strict=True) if arxiv_id is not None]
    fetched = iter(arxiv.papers(requested) if arxiv and requested else [])
    seen: set[str] = set()
    for text, arxiv_id in zip(given, ids, strict=True):
        if arxiv_id is None:
            yield from _unseen(_expand(text), seen)
        elif arxiv is None:
            yield Paper(source=text, arxiv_id=str(arxiv_id), error="an arXiv id, but arXiv lookups are off here")
        else:
            yield next(fetched)


def iter_local(inputs: Iterable[str]) -> Iterator[Paper]:
    """One `Paper` per PDF (to be extracted) or JSONL record, in the order given; folders are walked sorted."""
    seen: set[str] = set()
    for given in inputs:
        yield from _unseen(_expand(given), seen)


def _unseen(papers: Iterable[Paper], seen: set[str]) -> Iterator[Paper]:
    """Skip a PDF already yielded under another name for the same file (e.g. inside a folder also given)."""
    for paper in papers:
        real = os.path.realpath(paper.pdf_path) if paper.pdf_path else None
        if real is not None and real in seen:
            continue
        if real is not None:
            seen.add(real)
        yield paper


def _expand(given: str) -> Iterator[Paper]:
    path = Path(given)
    if path.is_dir():
        yield from _walk_folder(path)
    elif not path.exists():
        yield Paper(source=given, error="file not found: check the path")
    elif path.suffix.lower() in JSONL_SUFFIXES:
        yield from read_jsonl(path)
    elif path.suffix.lower() == ".pdf":
        yield _pdf_paper(given, _label(path))
    else:
        yield Paper(source=given, error="unsupported input: give a .pdf, a folder of PDFs or a .jsonl file")


def _label(path: Path) -> str:
    """How reports name a local input: as given when relative, by its own name when absolute, so that a report
    never shows where on the user's disk (e.g. in which home folder) the papers live."""
    return path.name if path.is_absolute() else str(path)


def _walk_folder(folder: Path) -> Iterator[Paper]:
    """PDFs below `folder`, recursively and sorted; symlinked folders are not followed, so loops cannot trap us.

    Each PDF is named by its path inside the folder, under the folder's `_label`."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in sorted(files) if f.lower().endswith(".pdf"))
    label = _label(folder)
    if not found:
        yield Paper(source=label, error="no PDF files found in this folder")
    for pdf in found:
        yield _pdf_paper(pdf, os.path.normpath(os.path.join(label, os.path.relpath(pdf, folder))))


def _pdf_paper(path: str, source: str) -> Paper:
    """A PDF to extract, or a failed paper when the file cannot be opened at all."""
    problem = _unreadable(path)
    return Paper(source=source, error=problem) if problem else Paper(source=source, pdf_path=path)


def _unreadable(path: str) -> str | None:
    """Why `path` cannot be read as a file, or None. Checked before extraction because opening a pipe would
    block forever, and a broken link or a missing permission each need their own advice."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return "broken symbolic link: its target does not exist; fix or remove the link"
        return "file not found: check the path"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points back to itself; fix or remove the link"
        return f"cannot read the file ({exc.strerror}): check that it exists and is accessible"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device): give the file itself"
    if not os.access(path, os.R_OK):
        return "permission denied: make the file readable (chmod +r) or leave it out"
    return None


# A metadata record is a few kilobytes; a far longer line is not one, and is skipped without being held in memory.
MAX_LINE_BYTES = 4 * 1024 * 1024


def read_jsonl(path: Path) -> Iterator[Paper]:
    """One paper per non-blank line; a line that is not a JSON object becomes a failed paper."""
    label = _label(path)
    problem = _unreadable(str(path))
    if problem:
        yield Paper(source=label, error=problem)
        return
    with path.open("rb") as f:
        for number, raw in enumerate(_lines(f), start=1):
            source = f"{label}:{number}"
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


def _tidy(text: str) -> str:
    """Whitespace collapsed, and lone surrogates (which JSON escapes such as "\\ud800" allow) replaced: the report is
    written as UTF-8, which cannot hold them."""
    return " ".join(text.encode("utf-8", "replace").decode("utf-8").split())
