from __future__ import annotations

import json
from pathlib import Path

from paperbrief.sources import read_inputs
from paperbrief.sources.jsonl import paper_from_record


def write_jsonl(path: Path, lines: list[bytes]) -> Path:
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def test_jsonl_fields_map_onto_the_paper(tmp_path: Path) -> None:
    record = {
        "title": "  A  Title ",
        "authors": ["Ann Lee", "Bo Wu"],
        "institutions": "Tsinghua University, Columbia University",
        "abstract": "We do things.",
        "brief": "清华大学发布了A论文",
        "arxiv_id": "2509.12211",
        "url": "https://example.org/x",
    }
    path = write_jsonl(tmp_path / "in.jsonl", [json.dumps(record).encode()])
    [paper] = read_inputs([str(path)])
    assert paper.source == "in.jsonl:1"  # an absolute input is named by its file name
    assert paper.title == "A Title"
    assert paper.authors == ["Ann Lee", "Bo Wu"]
    assert paper.institutions == ["Tsinghua University", "Columbia University"]
    assert paper.given_brief == "清华大学发布了A论文"
    assert paper.arxiv_id == "2509.12211"
    assert paper.provenance["title"] == "jsonl"


def test_author_count_without_names_is_kept_and_zero_means_unknown() -> None:
    assert paper_from_record({"author_count": 7}, "x").effective_author_count == 7
    assert paper_from_record({"author_count": 0}, "x").effective_author_count is None
    assert paper_from_record({"author_count": "3"}, "x").effective_author_count == 3


def test_bad_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "in.jsonl",
        [b'{"title": "Good", "abstract": "Fine."}', b"{not json", b'{"title": "caf\xe9"}', b"[1, 2]", b""],
    )
    papers = read_inputs([str(path)])
    assert [p.error is None for p in papers] == [True, False, False, False]
    assert "not valid JSON" in (papers[1].error or "")
    assert "UTF-8" in (papers[2].error or "")
    assert "not a JSON object" in (papers[3].error or "")


def test_wrong_types_are_dropped_with_a_warning() -> None:
    paper = paper_from_record({"title": ["x"], "authors": "A, B", "author_count": -2, "abstract": 5}, "s")
    assert paper.title == ""
    assert paper.authors == ["A", "B"]
    assert paper.abstract == "5"
    assert any(w.field == "title" for w in paper.warnings)
    assert any(w.field == "author_count" for w in paper.warnings)


def test_folders_are_walked_recursively_sorted_and_once(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a.pdf").write_bytes(b"%PDF")
    (tmp_path / "b" / "c.PDF").write_bytes(b"%PDF")
    (tmp_path / "notes.txt").write_text("x")
    (tmp_path / "b" / "loop").symlink_to(tmp_path)
    papers = read_inputs([str(tmp_path), str(tmp_path / "a.pdf")])
    assert [Path(p.source).name for p in papers] == ["a.pdf", "c.PDF"]
    assert all(p.pdf_path for p in papers)


def test_missing_and_unsupported_inputs_become_failed_papers(tmp_path: Path) -> None:
    (tmp_path / "x.docx").write_text("x")
    empty = tmp_path / "empty"
    empty.mkdir()
    papers = read_inputs([str(tmp_path / "nope.pdf"), str(tmp_path / "x.docx"), str(empty)])
    assert [p.error for p in papers] == [
        "file not found: check the path",
        "unsupported input: give a PDF, a folder of PDFs, a JSONL file, arXiv's daily mailing saved as text, an arXiv"
        " RSS/Atom feed, or a conference list (paper_copilot JSON, or CSV with a title column)",
        "no PDF files found in this folder",
    ]


def test_seed_jsonl_loads_as_is(seed_jsonl: Path) -> None:
    papers = read_inputs([str(seed_jsonl)])
    assert len(papers) == 24
    assert all(p.error is None for p in papers)
    assert papers[0].author_count == 12
