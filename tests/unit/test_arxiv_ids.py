from __future__ import annotations

from pathlib import Path

import pytest

from paperbrief.arxiv import ArxivId, parse_id
from paperbrief.sources import Given, kind_of


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2509.12211", ArxivId("2509.12211")),
        ("2509.12211v2", ArxivId("2509.12211", 2)),
        ("0704.0001", ArxivId("0704.0001")),  # four digits after the dot, before 2015
        ("arXiv:2509.12211", ArxivId("2509.12211")),
        ("arxiv:2509.12211v12", ArxivId("2509.12211", 12)),
        ("  2509.12211  ", ArxivId("2509.12211")),
        ("hep-th/9901001", ArxivId("hep-th/9901001")),
        ("hep-th/9901001v3", ArxivId("hep-th/9901001", 3)),
        ("math.GT/0309136v1", ArxivId("math/0309136", 1)),  # the subject class is not part of the id
        ("arXiv:cond-mat/0102536", ArxivId("cond-mat/0102536")),
        ("https://arxiv.org/abs/2509.12211", ArxivId("2509.12211")),
        ("https://arxiv.org/abs/2509.12211v2", ArxivId("2509.12211", 2)),
        ("https://arxiv.org/pdf/2509.12211v2", ArxivId("2509.12211", 2)),
        ("https://arxiv.org/pdf/2509.12211v2.pdf", ArxivId("2509.12211", 2)),
        ("https://www.arxiv.org/abs/2509.12211/", ArxivId("2509.12211")),
        ("http://export.arxiv.org/abs/hep-th/9901001", ArxivId("hep-th/9901001")),
        ("https://arxiv.org/abs/math.GT/0309136?context=math", ArxivId("math/0309136")),
        ("arxiv.org/abs/2509.12211#comments", ArxivId("2509.12211")),
    ],
)
def test_every_documented_form_parses(given: str, expected: ArxivId) -> None:
    assert parse_id(given) == expected


@pytest.mark.parametrize(
    "given",
    [
        "paper.pdf",
        "2509.122",  # too few digits
        "2509.12211v0",  # versions start at 1
        "2509.12211v",
        "HEP-TH/9901001",
        "hep-th/990100",
        "https://example.org/abs/2509.12211",
        "https://arxiv.org/list/cs.LG/recent",
        "arXiv:",
        "",
    ],
)
def test_things_that_are_not_arxiv_ids(given: str) -> None:
    assert parse_id(given) is None


def test_the_id_prints_as_arxiv_writes_it() -> None:
    assert str(ArxivId("2509.12211", 2)) == "2509.12211v2"
    assert str(ArxivId("hep-th/9901001")) == "hep-th/9901001"


def test_an_existing_path_stays_a_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hep-th").mkdir()
    (tmp_path / "hep-th" / "9901001").write_bytes(b"%PDF")
    Path("2509.12211").write_text("not an id here")
    kinds = {text: getattr(kind_of(Given.of(text)), "name", None) for text in ("hep-th/9901001", "2509.12211")}
    assert kinds == {"hep-th/9901001": "pdf", "2509.12211": None}  # a PDF by its content; a text file nobody reads
    assert getattr(kind_of(Given.of("2509.13848")), "name", None) == "arxiv-id"
