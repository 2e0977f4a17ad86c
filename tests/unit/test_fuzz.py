"""Fuzzing the two readers of untrusted bytes: the PDF extractor and the JSONL reader.

Mutated PDFs must give a `Paper` or an `ExtractionError`, nothing else, and never hang (hypothesis's deadline);
random JSONL must give `Paper`s and never raise. Bounded to a few seconds; in CI (`CI` set) the examples are
derandomized so a run is reproducible, locally each run explores new ones.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from datetime import timedelta
from functools import cache
from pathlib import Path

import pymupdf
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paperbrief.errors import ExtractionError
from paperbrief.extract import extract_pdf
from paperbrief.models import Paper
from paperbrief.sources.jsonl import paper_from_record, read_jsonl

FUZZ = settings(
    max_examples=60,
    deadline=timedelta(seconds=5),  # a hang, not a slow machine: a healthy example takes milliseconds
    database=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)


@cache
def seed_pdf() -> bytes:
    """A small valid paper: title, authors, abstract heading and text, compressed streams."""
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), "Fuzzing Makes Readers Robust", fontsize=17, fontname="hebo")
    page.insert_text((72, 120), "Ann Lee, Bo Wu", fontsize=11)
    page.insert_text((72, 136), "Tsinghua University", fontsize=10)
    page.insert_text((72, 180), "Abstract", fontsize=12, fontname="hebo")
    page.insert_text((72, 198), "We propose mutation fuzzing of PDF readers. It finds 3 bugs.", fontsize=10)
    data: bytes = doc.tobytes(deflate=True, garbage=1)
    doc.close()
    return data


@st.composite
def mutated_pdfs(draw: st.DrawFn) -> bytes:
    """The seed with a few bytes overwritten, a span deleted or repeated, and maybe cut short."""
    data = bytearray(seed_pdf())
    for _ in range(draw(st.integers(0, 8))):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data) - 1))
        end = draw(st.integers(start, min(len(data), start + 400)))
        data[start:end] = data[start:end] * draw(st.integers(0, 3))
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data)


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    # hypothesis runs many examples per test call, so a function-scoped tmp_path would be shared anyway.
    with tempfile.TemporaryDirectory(prefix="paperbrief-fuzz-") as folder:
        yield Path(folder)


def test_the_seed_pdf_is_a_paper(scratch: Path) -> None:
    path = scratch / "seed.pdf"
    path.write_bytes(seed_pdf())
    assert extract_pdf(path).title == "Fuzzing Makes Readers Robust"


@FUZZ
@given(data=mutated_pdfs() | st.binary(max_size=2048))
def test_extract_pdf_gives_a_paper_or_an_extraction_error(data: bytes, scratch: Path) -> None:
    path = scratch / "fuzz.pdf"
    path.write_bytes(data)
    try:
        paper = extract_pdf(path)
    except ExtractionError as exc:
        assert str(exc)  # the reason is shown to the user
    else:
        assert isinstance(paper, Paper)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
_FIELDS = ("title", "abstract", "authors", "author_count", "institutions", "arxiv_id", "url", "brief")
_RECORDS = st.dictionaries(st.sampled_from(_FIELDS) | st.text(max_size=8), _JSON, max_size=8)
_LINES = (
    st.binary(max_size=200)
    | _RECORDS.map(lambda r: json.dumps(r).encode())
    | _JSON.map(lambda v: json.dumps(v).encode())
)


@FUZZ
@given(lines=st.lists(_LINES, max_size=6))
def test_read_jsonl_gives_papers_and_never_raises(lines: list[bytes], scratch: Path) -> None:
    path = scratch / "fuzz.jsonl"
    path.write_bytes(b"\n".join(lines))
    papers = list(read_jsonl(path))
    assert all(isinstance(p, Paper) for p in papers)
    assert len(papers) <= sum(line.count(b"\n") + 1 for line in lines)
    for paper in papers:  # whatever came in, what goes out can be written as UTF-8
        json.dumps(paper.to_dict(), ensure_ascii=False).encode("utf-8")


@FUZZ
@given(record=_RECORDS)
def test_any_record_maps_onto_a_paper_with_fields_of_the_right_types(record: dict[str, object]) -> None:
    paper = paper_from_record(record, "fuzz.jsonl:1")
    assert isinstance(paper.title, str) and isinstance(paper.abstract, str)
    assert all(isinstance(name, str) and name for name in paper.authors + paper.institutions)
    assert paper.author_count is None or (isinstance(paper.author_count, int) and paper.author_count > 0)
