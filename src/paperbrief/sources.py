"""Inputs to `Paper`s: PDF files, folders of PDFs and JSONL metadata files.

Every input becomes at least one `Paper`; an input that cannot be read becomes a `Paper` with `error` set,
so the report can say which input failed and why.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from .models import Origin, Paper

JSONL_SUFFIXES = {".jsonl", ".ndjson"}


def iter_local(inputs: Iterable[str]) -> Iterator[Paper]:
    """One `Paper` per PDF (to be extracted) or JSONL record, in the order given; folders are walked sorted."""
    seen: set[str] = set()
    for given in inputs:
        for paper in _expand(given):
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
        yield Paper(source=given, pdf_path=given)
    else:
        yield Paper(source=given, error="unsupported input: give a .pdf, a folder of PDFs or a .jsonl file")


def _walk_folder(folder: Path) -> Iterator[Paper]:
    """PDFs below `folder`, recursively and sorted; symlinked folders are not followed, so loops cannot trap us."""
    found: list[str] = []
    for root, dirs, files in os.walk(folder, onerror=None):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in sorted(files) if f.lower().endswith(".pdf"))
    if not found:
        yield Paper(source=str(folder), error="no PDF files found in this folder")
    for pdf in found:
        yield Paper(source=pdf, pdf_path=pdf)


def read_jsonl(path: Path) -> Iterator[Paper]:
    """One paper per non-blank line; a line that is not a JSON object becomes a failed paper."""
    with path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            source = f"{path}:{number}"
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except UnicodeDecodeError:
                yield Paper(source=source, error="line is not UTF-8 text: re-save the file as UTF-8")
                continue
            except json.JSONDecodeError as exc:
                yield Paper(source=source, error=f"line is not valid JSON ({exc.msg} at column {exc.colno})")
                continue
            if not isinstance(record, dict):
                yield Paper(source=source, error="line is not a JSON object")
                continue
            yield paper_from_record(record, source)


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
        return " ".join(value.split())
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    paper.warn(f"ignored '{key}': expected text, got {type(value).__name__}")
    return ""


def _names(value: object, key: str, paper: Paper) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return [" ".join(v.split()) for v in value if v.strip()]
    paper.warn(f"ignored '{key}': expected a list of names or a comma-separated string")
    return []


def _count(value: object, paper: Paper) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value or None
    if isinstance(value, str) and value.strip().isdigit():
        return int(value) or None
    paper.warn("ignored 'author_count': expected a whole number")
    return None
