"""Conference paper lists: paper_copilot's JSON and CSV, written here in the shapes those files have."""

from __future__ import annotations

import json
from pathlib import Path

from paperbrief.models import Code, Status
from paperbrief.options import Options
from paperbrief.sources import Given, kind_of, read_inputs

ENTRIES = [
    {
        "id": "01ahsMovBx",
        "title": "One Meta-tuned Transformer is What You Need for $\\epsilon$-Shot Learning",
        "track": "main",
        "status": "Spotlight",
        "keywords": "few-shot;transformer",
        "author": "Xu Yang;Huaxiu Yao;Ying WEI",
        "aff": "Tsinghua University;Stanford University+Google;Tsinghua University",
        "abstract": "  We meta-tune   one transformer.\n It is fast. ",
        "site": "https://icml.cc/virtual/2024/poster/35219",
        "pdf": "https://openreview.net/pdf?id=01ahsMovBx",
    },
    {
        "id": "04Fx1u2BUD",
        "title": "SSL4Q: Semi-Supervised Learning of Quantum Data",
        "status": "Poster",
        "author": "Yehui Tang, Nianzu Yang",  # older lists separate names by commas
        "aff": "",
        "openreview": "https://openreview.net/forum?id=04Fx1u2BUD",
    },
    {"id": "x", "title": "A Talk", "status": "Oral", "author": "Ann Lee", "arxiv": "arXiv:2509.12211v2"},
]


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_paper_copilot_entries_map_onto_papers(tmp_path: Path) -> None:
    papers = read_inputs([str(write_json(tmp_path / "icml2024.json", ENTRIES))])
    assert [p.source for p in papers] == ["icml2024.json#1", "icml2024.json#2", "icml2024.json#3"]
    first, second, third = papers
    assert first.title == "One Meta-tuned Transformer is What You Need for ϵ-Shot Learning"
    assert first.authors == ["Xu Yang", "Huaxiu Yao", "Ying WEI"]
    assert first.institutions == ["Tsinghua University", "Stanford University", "Google"]
    assert first.abstract == "We meta-tune one transformer. It is fast."
    assert first.venue_status == "Spotlight"
    assert first.url == "https://icml.cc/virtual/2024/poster/35219"  # the paper's page before its PDF
    assert set(first.provenance) == {"title", "abstract", "authors", "institutions", "url", "venue_status"}
    assert set(first.provenance.values()) == {"listing"}
    assert second.authors == ["Yehui Tang", "Nianzu Yang"] and second.institutions == []
    assert second.url == "https://openreview.net/forum?id=04Fx1u2BUD"
    assert third.arxiv_id == "2509.12211v2"
    assert all(p.status is Status.OK for p in papers)


def test_status_filter_drops_the_other_statuses(tmp_path: Path) -> None:
    path = write_json(tmp_path / "icml2024.json", [*ENTRIES, {"title": "No Status"}])
    papers = read_inputs([str(path)], Options(venue_status=["oral", "spotlight"]))
    assert [p.status for p in papers] == [Status.OK, Status.DROPPED, Status.OK, Status.DROPPED]
    assert papers[1].dropped is not None and papers[1].dropped.code is Code.STATUS_FILTERED
    assert papers[1].dropped.reason == "'Poster', and --status keeps only oral, spotlight"
    assert papers[3].dropped is not None and papers[3].dropped.reason.startswith("no status")
    assert not any(p.failed for p in papers)


def test_entries_of_the_wrong_shape_or_type_fail_alone(tmp_path: Path) -> None:
    data = [ENTRIES[0], "just a title", {"title": 17}, {"abstract": "no title"}, {"title": "T", "aff": {"x": 1}}]
    papers = read_inputs([str(write_json(tmp_path / "iclr2024.json", data))])
    assert [(p.source, p.error) for p in papers] == [
        ("iclr2024.json#1", None),
        ("iclr2024.json#2", "entry is not an object but str"),
        ("iclr2024.json#3", "title is not text"),
        ("iclr2024.json#4", "entry has no title"),
        ("iclr2024.json#5", None),
    ]
    [warning] = papers[4].warnings
    assert warning.code is Code.FIELD_IGNORED and warning.field == "institutions"


def test_a_list_that_is_not_an_array_or_not_json_fails_with_its_reason(tmp_path: Path) -> None:
    write_json(tmp_path / "object.json", {"papers": ENTRIES})
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes('[{"title": "Caf\xe9"}]'.encode("latin-1"))
    papers = read_inputs([str(tmp_path / name) for name in ("object.json", "broken.json", "latin1.json")])
    assert [p.source for p in papers] == ["object.json", "broken.json", "latin1.json"]
    assert all((p.error or "").startswith("not a paper list") for p in papers[:2])
    assert papers[2].error == "not UTF-8 text: re-save the file as UTF-8"


def test_a_cut_off_json_list_keeps_every_entry_before_the_cut(tmp_path: Path) -> None:
    text = json.dumps(ENTRIES, indent=4)
    path = tmp_path / "iclr2025.json"
    path.write_text(text[: text.index('"SSL4Q')], encoding="utf-8")
    papers = read_inputs([str(path)])
    assert [p.error is None for p in papers] == [True, False]
    assert papers[1].source == "iclr2025.json#2"
    assert "cut off or not valid JSON from here on" in (papers[1].error or "")


def test_csv_with_any_header_case_aliases_and_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "accepted.csv"
    rows = [
        "Title,Abstract,Authors,Affiliations,URL,Status,arXiv_ID",
        '"Fast, Small Models","We prune. It helps.","Ann Lee; Bo Wu","MIT; CMU",https://x.org/1,Oral,2509.12211',
        ",,,,,,",
        "Second,,Carl Gauss,,,Poster,",
    ]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(rows).encode())
    first, second = read_inputs([str(path)])
    assert (first.source, first.title, first.abstract) == (
        "accepted.csv#1",
        "Fast, Small Models",
        "We prune. It helps.",
    )
    assert first.authors == ["Ann Lee", "Bo Wu"] and first.institutions == ["MIT", "CMU"]
    assert (first.url, first.venue_status, first.arxiv_id) == ("https://x.org/1", "Oral", "2509.12211")
    assert second.source == "accepted.csv#3" and second.authors == ["Carl Gauss"]  # a blank row keeps its number


def test_csv_traps_fail_or_warn(tmp_path: Path) -> None:
    (tmp_path / "no_title.csv").write_text("name,abstract\nx,y\n", encoding="utf-8")
    (tmp_path / "latin1.csv").write_bytes("title,authors\nCaf\xe9 Models,Ren\xe9\n".encode("latin-1"))
    (tmp_path / "huge.csv").write_text("title,abstract\nFine,ok\nBig," + "x" * 200_000 + "\nAfter,ok\n")
    no_title, latin1, *huge = read_inputs([str(tmp_path / n) for n in ("no_title.csv", "latin1.csv", "huge.csv")])
    assert (no_title.error or "").startswith("no title column")
    assert latin1.title == "Caf\ufffd Models" and latin1.warnings[0].code is Code.NOT_UTF8
    assert [(p.source, p.error is None) for p in huge] == [
        ("huge.csv#1", True),
        ("huge.csv#2", False),
        ("huge.csv#3", True),
    ]


def test_lists_are_recognised_by_content_and_a_jsonl_named_json_stays_jsonl(tmp_path: Path) -> None:
    (tmp_path / "list").write_text(json.dumps(ENTRIES), encoding="utf-8")
    (tmp_path / "table").write_text("title,abstract\nA,B\n", encoding="utf-8")
    (tmp_path / "lines.json").write_text('{"title": "A"}\n{"title": "B"}\n', encoding="utf-8")
    kinds = [kind_of(Given.of(str(tmp_path / name))) for name in ("list", "table", "lines.json")]
    assert [kind.name if kind else None for kind in kinds] == ["conference", "conference", "jsonl"]
