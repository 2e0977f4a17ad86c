"""Layout rules of the header extractor, one test per rule, on small PDFs generated here with PyMuPDF."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pymupdf
import pytest

from paperbrief.errors import ExtractionError
from paperbrief.extract import extract_all, extract_pdf, header
from paperbrief.extract.authors import name_pieces
from paperbrief.extract.layout import Line, Span
from paperbrief.institutions import clean_institutions
from paperbrief.models import Code, Paper

W, H = 612, 792
SENTENCES = (
    "We study how simple layouts are read by machines and people alike. "
    "Our method reads the spans of every page and keeps their size and weight. "
    "Experiments on many papers show that the approach is both fast and accurate. "
    "The results hold across templates, columns and pages without special cases. "
)


class Page:
    """A tiny typesetter over a PyMuPDF page: text at a position, with a size and a font."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def put(self, x: float, y: float, text: str, size: float = 10, font: str = "tiro", **kw: Any) -> float:
        self.page.insert_text((x, y), text, fontsize=size, fontname=font, **kw)
        return x + pymupdf.get_text_length(text, fontname=font, fontsize=size)

    def sup(self, x: float, y: float, text: str, size: float = 10) -> float:
        """A raised, smaller marker right after the text ending at x."""
        return self.put(x, y - 0.35 * size, text, size=0.6 * size)

    def centred(self, y: float, text: str, size: float = 10, font: str = "tiro") -> float:
        width = pymupdf.get_text_length(text, fontname=font, fontsize=size)
        return self.put((W - width) / 2, y, text, size, font)

    def paragraph(self, x: float, y: float, width: float, text: str, size: float = 10) -> float:
        """Greedy line breaking; returns the y below the last line."""
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if pymupdf.get_text_length(trial, fontname="tiro", fontsize=size) > width and line:
                self.put(x, y, line, size)
                y += size * 1.2
                line = word
            else:
                line = trial
        if line:
            self.put(x, y, line, size)
            y += size * 1.2
        return y


def make_pdf(tmp_path: Path, *pages: Callable[[Page], None], name: str = "paper.pdf") -> str:
    doc = pymupdf.open()
    for draw in pages:
        draw(Page(doc.new_page(width=W, height=H)))
    path = tmp_path / name
    doc.save(path)
    doc.close()
    return str(path)


def institutions(paper: Paper) -> list[str]:
    """The institutions a report shows: extraction keeps the affiliations, the institutions stage cleans them."""
    return clean_institutions(paper.institutions)


def simple_header(p: Page, *, title: tuple[str, ...] = ("A Study of Layouts",)) -> float:
    y = 100.0
    for line in title:
        p.centred(y, line, size=17, font="hebo")
        y += 21
    p.centred(y + 20, "Alice Smith, Bob Jones", size=11, font="hebo")
    p.centred(y + 34, "Example University, Springfield, USA")
    return y + 70


def test_title_is_the_biggest_text_and_spans_lines(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.put(72, 50, "Published as a conference paper at SOME VENUE 2024", size=9)
        y = simple_header(p, title=("Learning to Read Layouts from", "Spans of Many Papers"))
        p.centred(y, "Abstract", size=12, font="hebo")
        p.paragraph(144, y + 20, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.title == "Learning to Read Layouts from Spans of Many Papers"
    assert paper.provenance["title"] == "pdf"
    assert paper.confidence["title"] >= 0.8


def test_superscript_markers_separate_names_and_link_affiliations(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.centred(100, "Markers Between Names", size=17, font="hebo")
        x = p.put(150, 140, "Alice Smith", size=11)
        x = p.sup(x, 140, "1", size=11)
        x = p.put(x + 8, 140, "Bob Jones", size=11)
        x = p.sup(x, 140, "2", size=11)
        x = p.put(x + 8, 140, "Carol White", size=11)
        p.sup(x, 140, "1,2", size=11)
        x = p.put(150, 158, "1", size=7)
        p.put(x + 1, 160, "Department of Physics, Tsinghua University, Beijing 100084, China")
        x = p.put(150, 172, "2", size=7)
        p.put(x + 1, 174, "Google Research, Mountain View, CA, USA")
        p.centred(210, "Abstract", size=12, font="hebo")
        p.paragraph(144, 230, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith", "Bob Jones", "Carol White"]
    assert "Department of Physics, Tsinghua University, Beijing 100084, China" in " ".join(paper.institutions)
    assert institutions(paper) == ["Tsinghua University", "Google Research"]


def test_middle_dots_between_names_separate_authors(tmp_path: Path) -> None:
    """Springer's journals print "Ann Lee¹ · Ben Cho²": the dot parts names as a comma would."""

    def draw(p: Page) -> None:
        p.centred(100, "Names Between Dots", size=17, font="hebo")
        p.centred(140, "Alice Smith · Bob Jones · Carol White", size=11)
        x = p.put(150, 160, "Dan Roe", size=11)
        x = p.sup(x, 160, "1", size=11)
        x = p.put(x + 4, 160, "· Eve Park", size=11)
        p.sup(x, 160, "2", size=11)
        p.centred(180, "Example University, Springfield, USA")
        p.centred(230, "Abstract", size=12, font="hebo")
        p.paragraph(144, 250, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith", "Bob Jones", "Carol White", "Dan Roe", "Eve Park"]
    assert institutions(paper) == ["Example University"]


def test_a_dot_inside_a_chinese_name_does_not_make_two_authors_of_it() -> None:
    line = Line([Span("阿卜杜拉·卡里姆，王小明", 10, False, False, 0, 120)], 0, 0, 0, 120, 10).finish()
    assert name_pieces(line) == ["王小明"]  # not 阿卜杜拉 and 卡里姆


@pytest.mark.parametrize("place", ["EPFL", "KAIST"])
def test_a_bare_name_the_institution_table_knows_is_an_affiliation(tmp_path: Path, place: str) -> None:
    """A line with no organisation word and no address is still an affiliation when it is a known name."""

    def draw(p: Page) -> None:
        p.centred(100, "A Study of Layouts", size=17, font="hebo")
        p.centred(140, "Alice Smith, Bob Jones", size=11, font="hebo")
        p.centred(154, place)
        p.centred(200, "Abstract", size=12, font="hebo")
        p.paragraph(144, 220, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith", "Bob Jones"]
    assert institutions(paper) == [place]


def test_author_grid_reads_row_by_row_and_skips_cities(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.centred(100, "A Grid of Authors", size=17, font="hebo")
        cells = [("Ann Lee", 110, 150), ("Ben Cho", 260, 150), ("Cid Park", 410, 150), ("Dan Roe", 190, 210)]
        for name, x, y in cells:
            p.put(x, y, name, size=10, font="hebo")
            p.put(x, y + 12, "Acme Inc.")
            p.put(x, y + 24, "Mountain View")
            p.put(x, y + 36, f"{name.split()[0].lower()}@acme.com")
        p.centred(290, "Abstract", size=12, font="hebo")
        p.paragraph(144, 310, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Ann Lee", "Ben Cho", "Cid Park", "Dan Roe"]
    assert institutions(paper) == ["Acme Inc."]


def test_ieee_footnote_affiliations(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.centred(100, "Footnoted Affiliations in Journals", size=20)
        p.centred(140, "Alice Smith, Bob Jones, and Carol White", size=11)
        y = p.paragraph(50, 190, 240, "Abstract: " + SENTENCES)
        p.put(50, y + 10, "Index Terms—layout, extraction", size=9)
        p.put(50, 700, "A. Smith and B. Jones are with the School of Computing, Example University,", size=8)
        p.put(50, 710, "Springfield 12345, USA (e-mail: a@example.edu).", size=8)
        p.put(50, 722, "C. White is with Acme Research Labs, Boston, MA 02110 USA.", size=8)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith", "Bob Jones", "Carol White"]
    assert institutions(paper) == ["Example University", "Acme Research Labs"]
    assert paper.abstract.startswith("We study how simple layouts")


def test_abstract_stops_at_the_next_heading_and_drops_footnote_markers(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        y = simple_header(p)
        p.centred(y, "Abstract", size=12, font="hebo")
        y = p.paragraph(144, y + 20, 324, SENTENCES + "Code is released for everyone.")
        p.sup(
            144 + pymupdf.get_text_length("Code is released for everyone.", fontname="tiro", fontsize=10), y - 12, "1"
        )
        p.put(108, y + 20, "1   Introduction", size=12, font="hebo")
        p.paragraph(108, y + 40, 396, "Body text that is not part of the abstract at all. " * 3)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.abstract.endswith("Code is released for everyone.")
    assert "Body text" not in paper.abstract
    assert "Body text" in paper.body_text


@pytest.mark.parametrize("word", ["introduction", "background", "contents"])
def test_a_heading_word_that_starts_a_line_mid_sentence_does_not_end_the_abstract(tmp_path: Path, word: str) -> None:
    """A line wrapped before "introduction of …" goes on with the sentence: a heading starts with a capital."""

    def draw(p: Page) -> None:
        y = simple_header(p)
        p.centred(y, "Abstract", size=12, font="hebo")
        p.put(144, y + 20, "We study what slows models down and propose the", size=10)
        p.put(144, y + 32, f"{word} of a cache that keeps their states. It halves the", size=10)
        p.put(144, y + 44, "time each answer takes.", size=10)
        p.put(108, y + 70, "1   Introduction", size=12, font="hebo")
        p.paragraph(108, y + 90, 396, "Body text that is not part of the abstract at all. " * 3)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.abstract.endswith("It halves the time each answer takes.")
    assert f"the {word} of a cache" in paper.abstract and "Body text" not in paper.abstract


def test_abstract_continues_in_the_next_column(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        simple_header(p)
        p.put(50, 200, "Abstract", size=12, font="hebo")
        p.paragraph(50, 220, 240, SENTENCES * 3 + "First column ends here and the")
        p.paragraph(320, 200, 240, "sentence goes on in the right column. " + SENTENCES)
        p.put(320, 330, "1. Introduction", size=12, font="hebo")

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert "ends here and the sentence goes on in the right column." in paper.abstract
    assert "Introduction" not in paper.abstract


def test_abstract_continues_on_the_next_page(tmp_path: Path) -> None:
    def first(p: Page) -> None:
        y = simple_header(p)
        p.centred(y, "Abstract", size=12, font="hebo")
        p.paragraph(144, 700, 324, "The first page ends in the middle of a")

    def second(p: Page) -> None:
        p.paragraph(144, 72, 324, "sentence that finishes on the second page.")
        p.put(108, 110, "1 Introduction", size=12, font="hebo")

    paper = extract_pdf(make_pdf(tmp_path, first, second))
    assert paper.abstract == "The first page ends in the middle of a sentence that finishes on the second page."


def test_unlabelled_abstract_is_the_first_paragraph(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.put(72, 100, "Reading Papers Without Headings", size=15, font="hebo")
        x = p.put(72, 125, "ALICE SMITH,", size=11)
        p.put(x + 3, 125, "Example University, USA", size=9)
        y = p.paragraph(72, 150, 440, SENTENCES)
        p.put(72, y + 12, "CCS Concepts: Computing methodologies", size=9)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith"]
    assert institutions(paper) == ["Example University"]
    assert paper.abstract == SENTENCES.strip()


def test_line_end_hyphens_are_removed_but_compounds_kept(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        y = simple_header(p)
        p.centred(y, "Abstract", size=12, font="hebo")
        p.put(144, y + 20, "We present a simple but effective represen-")
        p.put(144, y + 32, "tation that is trained end-to-end with self-")
        p.put(144, y + 44, "supervised learning on unlabelled pages.")
        p.put(108, y + 80, "1 Introduction", size=12, font="hebo")

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert "representation that" in paper.abstract
    assert "self-supervised" in paper.abstract


def test_arxiv_id_comes_from_the_rotated_margin_stamp(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        y = simple_header(p)
        p.centred(y, "Abstract", size=12, font="hebo")
        p.paragraph(144, y + 20, 324, SENTENCES)
        p.put(30, 560, "arXiv:1706.03762v5  [cs.CL]  6 Dec 2017", size=20, rotate=90)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.arxiv_id == "1706.03762v5"
    assert paper.confidence["arxiv_id"] == 1.0
    assert "arXiv" not in paper.title


def test_missing_fields_become_warnings_not_guesses(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.put(72, 100, "Just a line of text here.", size=10)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert not paper.authors
    assert paper.confidence["authors"] < 0.5
    assert any(w.code == Code.NOT_FOUND and w.field == "authors" for w in paper.warnings)


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", r"^the file is empty \(0 bytes\): download or export it again$"),
        (b"<!DOCTYPE html>\n<html><body>paper</body></html>", r"^not a PDF but a web page \(HTML\).*download the PDF"),
        (b"\n\n  <HTML lang=en>paper</html>", r"web page \(HTML\)"),
        (b"PK\x03\x04 a zip archive", r"^not a PDF: the file does not start with a PDF header; download"),
    ],
)
def test_files_that_are_not_pdfs_say_what_to_do(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "fake.pdf"
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match=reason):
        extract_pdf(path)


def test_a_pdf_mupdf_cannot_open_is_named_damaged_without_mupdf_text(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    with pytest.raises(ExtractionError) as caught:
        extract_pdf(path)
    assert str(caught.value).startswith("damaged PDF (MuPDF cannot open it): download the file again or repair it")
    assert str(tmp_path) not in str(caught.value)


def test_a_missing_file_does_not_show_its_path(tmp_path: Path) -> None:
    with pytest.raises(ExtractionError, match=r"^file not found: check the path$"):
        extract_pdf(tmp_path / "gone.pdf")


def test_encrypted_pdf(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    path = tmp_path / "locked.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    doc.close()
    with pytest.raises(ExtractionError, match=r"needs a password.*save an unencrypted copy \(e\.g\. qpdf --decrypt\)"):
        extract_pdf(path)


def test_no_text_layer(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().draw_rect(pymupdf.Rect(50, 50, 200, 200), fill=(0, 0, 0))
    path = tmp_path / "scan.pdf"
    doc.save(path)
    doc.close()
    with pytest.raises(ExtractionError, match=r"^no text layer: .*run OCR on it first \(e\.g\. ocrmypdf"):
        extract_pdf(path)


def test_damaged_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    with pytest.raises(ExtractionError, match=r"damaged|no text"):
        extract_pdf(path)


def slow_or_quick(path: str) -> Paper:
    """An injectable extractor for the pool tests: 'slow' files hang, others return at once."""
    if "slow" in path:
        time.sleep(60)
    return Paper(source=path, title=Path(path).stem)


def test_extract_all_keeps_order_and_records_bad_files(tmp_path: Path) -> None:
    good = make_pdf(tmp_path, simple_header, name="good.pdf")
    bad = tmp_path / "bad.pdf"
    bad.write_text("nope")
    for jobs in (1, 2):
        papers = list(extract_all([good, str(bad), good], jobs=jobs))
        assert [p.source for p in papers] == [good, str(bad), good]
        assert papers[0].title == "A Study of Layouts" and papers[2].title == papers[0].title
        assert papers[1].error is not None and "not a PDF" in papers[1].error


def test_extract_all_kills_a_hung_worker_and_carries_on(tmp_path: Path) -> None:
    paths = [str(tmp_path / name) for name in ("a.pdf", "slow.pdf", "b.pdf", "c.pdf", "d.pdf")]
    started = time.monotonic()
    papers = list(extract_all(paths, jobs=2, timeout=1.0, extractor=slow_or_quick))
    assert time.monotonic() - started < 15
    assert [p.source for p in papers] == paths
    assert papers[1].error is not None and "timed out" in papers[1].error
    assert [p.title for p in papers if not p.error] == ["a", "b", "c", "d"]


def test_jobs_one_still_honours_the_time_limit(tmp_path: Path) -> None:
    paths = [str(tmp_path / name) for name in ("a.pdf", "slow.pdf", "b.pdf")]
    papers = list(extract_all(paths, jobs=1, timeout=1.0, extractor=slow_or_quick))
    assert [p.source for p in papers] == paths
    assert papers[1].error == "extraction timed out after 1 s: raise --file-timeout or leave the file out"
    assert [p.title for p in papers if not p.error] == ["a", "b"]


def greedy(path: str) -> Paper:
    """An injectable extractor wanting 8 GiB at once (the pages are only touched when written)."""
    return Paper(source=path, title=str(len(bytearray(8 * 2**30))))


def test_a_worker_is_capped_in_memory_and_says_so(tmp_path: Path) -> None:
    [paper] = extract_all([str(tmp_path / "big.pdf")], jobs=1, memory=2**30, extractor=greedy)
    assert paper.error == "the PDF needs more than 1 GiB to read: it is probably damaged or pathological; leave it out"


def test_a_mupdf_allocation_failure_becomes_a_clear_reason(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """MuPDF reports a failed allocation (under the worker's memory cap) as a RuntimeError of its own."""
    path = make_pdf(tmp_path, simple_header)

    def out_of_memory(*args: object) -> None:
        raise RuntimeError("code=2: malloc (34469280 bytes) failed")

    monkeypatch.setattr(header, "_extract_fields", out_of_memory)
    with pytest.raises(ExtractionError, match=r"^the PDF needs more .* to read: it is probably damaged"):
        extract_pdf(path)


def test_line_boxes_come_from_fixed_font_metrics(tmp_path: Path) -> None:
    """The layout rules were tuned on PyMuPDF's line boxes without its ascender/descender corrections;
    PyMuPDF 1.x and 2.1 keep them on unless told (2.0 switched them off for everyone, via pymupdf4llm)."""
    pymupdf.TOOLS.unset_quad_corrections(False)
    extract_pdf(make_pdf(tmp_path, simple_header))
    assert pymupdf.TOOLS.unset_quad_corrections() is True


def test_a_repaired_pdf_carries_a_warning(tmp_path: Path) -> None:
    good = Path(make_pdf(tmp_path, simple_header)).read_bytes()
    table = good.rindex(b"\nxref\n")  # every offset now points at the header: MuPDF rebuilds the table
    path = tmp_path / "repaired.pdf"
    path.write_bytes(good[:table] + re.sub(rb"\d{10} 00000 n", b"0000000009 00000 n", good[table:]))
    paper = extract_pdf(path)
    assert paper.title == "A Study of Layouts"
    assert paper.has_warning(Code.PDF_REPAIRED)
    assert not extract_pdf(make_pdf(tmp_path, simple_header, name="ok.pdf")).has_warning(Code.PDF_REPAIRED)


def paper_page(p: Page) -> None:
    y = simple_header(p)
    p.centred(y, "Abstract", size=12, font="hebo")
    p.paragraph(144, y + 20, 324, SENTENCES)


def test_a_blank_first_page_is_skipped(tmp_path: Path) -> None:
    paper = extract_pdf(make_pdf(tmp_path, lambda p: None, paper_page))
    assert paper.title == "A Study of Layouts"
    assert paper.authors == ["Alice Smith", "Bob Jones"]
    assert institutions(paper) == ["Example University"]
    assert paper.abstract == SENTENCES.strip()


def test_a_cover_sheet_before_the_paper_is_skipped(tmp_path: Path) -> None:
    def cover(p: Page) -> None:
        p.put(72, 100, "INSTITUTIONAL REPOSITORY", size=22, font="hebo")
        p.put(72, 140, "This version is made available under the repository's terms of use.", size=9)

    paper = extract_pdf(make_pdf(tmp_path, cover, paper_page))
    assert paper.title == "A Study of Layouts"
    assert paper.authors == ["Alice Smith", "Bob Jones"]


def test_a_title_page_before_the_abstract_page_stays_the_header(tmp_path: Path) -> None:
    """A report's title page, then a page opening with its 'Abstract' heading: the title is on page 1."""

    def title_page(p: Page) -> None:
        simple_header(p)

    def abstract_page(p: Page) -> None:
        p.put(72, 40, "Technical report 12", size=8)
        p.centred(100, "Abstract", size=14, font="hebo")
        p.paragraph(144, 130, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, title_page, abstract_page))
    assert paper.title == "A Study of Layouts"
    assert paper.authors == ["Alice Smith", "Bob Jones"]
    assert paper.abstract == SENTENCES.strip()


CJK_ABSTRACTS = {
    "china-s": "长文档建模的计算成本随长度平方增长。"
    "本文提出一种稀疏注意力方法，在三个基准上保持精度的同时速度提高了三倍。",
    "japan": "長文書のモデリングは計算量が大きい。"
    "本研究では疎な注意機構を提案し、三つのベンチマークで精度を保ちつつ三倍の高速化を達成した。",
}


@pytest.mark.parametrize(
    ("font", "title", "authors", "place", "heading", "institution"),
    [
        (
            "china-s",
            "基于稀疏注意力的长文档建模",
            "张伟，李娜、王芳",
            "清华大学计算机系，北京 100084",
            "摘要",
            "清华大学",
        ),
        (
            "china-s",
            "基于稀疏注意力的长文档建模",
            "张伟，李娜、王芳",
            "中国科学院自动化研究所",
            "摘 要：",
            "中国科学院",
        ),
        (
            "japan",
            "疎な注意機構による長文書のモデリング",
            "山田太郎，佐藤花子、鈴木一郎",
            "東京大学",
            "概要",
            "東京大学",
        ),
        (
            "japan",
            "疎な注意機構による長文書のモデリング",
            "山田太郎，佐藤花子、鈴木一郎",
            "東京大学",
            "要旨:",
            "東京大学",
        ),
    ],
)
def test_chinese_and_japanese_headers(
    tmp_path: Path, font: str, title: str, authors: str, place: str, heading: str, institution: str
) -> None:
    def draw(p: Page) -> None:
        p.put(72, 90, title, size=17, font=font)
        p.put(72, 122, authors, size=11, font=font)
        p.put(72, 138, place, font=font)
        p.put(72, 180, heading, size=12, font=font)
        p.put(72, 198, CJK_ABSTRACTS[font][:38], font=font)  # CJK wraps mid-word: no space at the break
        p.put(72, 211, CJK_ABSTRACTS[font][38:], font=font)
        p.put(72, 240, "1 Introduction", size=12, font=font)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.title == title
    assert paper.confidence["title"] >= 0.8
    assert not any(w.field == "title" for w in paper.warnings)
    assert paper.authors == re.split("[，、]", authors)
    assert institutions(paper) == [institution]
    assert paper.abstract == CJK_ABSTRACTS[font]


def test_an_organisation_signing_the_paper_is_its_author(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.centred(100, "A Model Trained by a Team", size=17, font="hebo")
        p.centred(130, "Acme-AI", size=11, font="hebo")
        p.centred(144, "research@acme.ai")
        p.centred(180, "Abstract", size=12, font="hebo")
        p.paragraph(144, 200, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Acme-AI"]
    assert institutions(paper) == ["Acme-AI"]
    assert not paper.warnings


def test_all_authors_from_one_organisation_is_an_affiliation(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.centred(100, "Retrieval at Scale", size=17, font="hebo")
        p.centred(130, "Alice Smith, Bob Jones and Carol White", size=11)
        p.centred(146, "All authors from Acme Research, *Equal contributions", size=9)
        p.centred(180, "Abstract", size=12, font="hebo")
        p.paragraph(144, 200, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith", "Bob Jones", "Carol White"]
    assert institutions(paper) == ["Acme Research"]


def marked(p: Page, x: float, y: float, pieces: list[tuple[str, str]], size: float = 10) -> None:
    """'¹Some Place ²Other Place' on one line: each piece after its raised marker."""
    for marker, text in pieces:
        x = p.put(x, y - 0.35 * size, marker, size=0.6 * size)
        x = p.put(x + 1, y, text, size=size) + 4


def test_shared_affiliations_split_and_notes_about_authors_dropped(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.centred(100, "Shared Authors Across Places", size=17, font="hebo")
        x = p.put(170, 140, "Alice Smith", size=11)
        x = p.sup(p.sup(x, 140, "1,2", size=11), 140, "*", size=11)
        x = p.put(x + 8, 140, "Bob Jones", size=11)
        x = p.sup(x, 140, "2†", size=11)
        x = p.put(x + 8, 140, "Carol White", size=11)
        p.sup(x, 140, "3", size=11)
        marked(p, 150, 158, [("1", "Tsinghua University &"), ("2", "Peking University")])
        p.put(150, 172, "Dept. of Physics, Texas A&M University & AT&T Labs")
        marked(p, 150, 186, [("*", "Equal contribution"), ("†", "Work done while interning at Google")])
        p.centred(220, "Abstract", size=12, font="hebo")
        p.paragraph(144, 240, 324, SENTENCES)
        marked(p, 72, 702, [("*", "Student")], size=8)
        marked(p, 72, 714, [("†", "Advising")], size=8)
        marked(p, 72, 726, [("3", "Corresponding author; Project lead")], size=8)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith", "Bob Jones", "Carol White"]
    assert institutions(paper) == ["Tsinghua University", "Peking University", "Texas A&M University", "AT&T Labs"]


def test_a_name_cut_at_a_line_break_or_a_marker_is_rejoined(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        p.centred(100, "Names Cut Across Lines", size=17, font="hebo")
        x = p.put(200, 140, "Alice Smith", size=11)
        x = p.sup(x, 140, "1", size=11)
        x = p.put(x + 8, 140, "Bob Jones", size=11)
        p.sup(x, 140, "2", size=11)
        marked(p, 150, 158, [("1", "Department of Computer Science, Stanford")])
        p.put(150, 171, "University, Stanford, CA 94305")
        marked(p, 150, 186, [("2", "Example"), ("3", "Institute")])
        p.centred(220, "Abstract", size=12, font="hebo")
        p.paragraph(144, 240, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert institutions(paper) == ["Stanford University", "Example Institute"]


@pytest.mark.parametrize("centred", [True, False])
def test_affiliation_lines_under_names_and_emails_without_markers(tmp_path: Path, centred: bool) -> None:
    """One-column arXiv templates: names, e-mails, then one unmarked line per affiliation."""

    def draw(p: Page) -> None:
        def put(y: float, text: str, size: float = 10, font: str = "tiro") -> None:
            p.centred(y, text, size, font) if centred else p.put(72, y, text, size, font)

        put(100, "Reading Headers of Many Papers", size=17, font="hebo")
        put(140, "Alice Smith, Bob Jones, Carol White", size=11, font="hebo")
        put(155, "alice@example.edu, bob@acme.com, carol@example.edu", size=9, font="cour")
        put(170, "Department of Physics, Example University, Springfield, USA")
        put(184, "Acme Research Labs, Boston, MA 02110, USA")
        put(220, "Abstract", size=12, font="hebo")
        p.paragraph(144, 240, 324, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.authors == ["Alice Smith", "Bob Jones", "Carol White"]
    assert institutions(paper) == ["Example University", "Acme Research Labs"]


@pytest.mark.parametrize("heading", ["1 Introduction", "I. INTRODUCTION", "Introduction"])
def test_a_paper_without_an_abstract_has_none(tmp_path: Path, heading: str) -> None:
    def draw(p: Page) -> None:
        y = simple_header(p)
        p.put(72, y, heading, size=12, font="hebo")
        p.paragraph(72, y + 20, 468, "Body text that opens the first section of the paper. " * 6)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.abstract == ""
    assert any(w.code == Code.NOT_FOUND and w.field == "abstract" for w in paper.warnings)
    assert paper.body_text.startswith(f"{heading} Body text that opens the first section")
    assert institutions(paper) == ["Example University"]


def test_a_structured_abstracts_background_label_is_no_first_section(tmp_path: Path) -> None:
    def draw(p: Page) -> None:
        y = simple_header(p)
        p.put(72, y, "Background:", size=10, font="hebo")  # no "Abstract" heading: the label opens it
        p.paragraph(72, y + 14, 468, SENTENCES)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.abstract.endswith(SENTENCES.strip()) and not any(w.field == "abstract" for w in paper.warnings)


CUT = SENTENCES * 3 + "The first column ends here in the middle of a"
GOES_ON = "sentence that goes on after the break. " + SENTENCES.split(". ")[0] + "."


def author_cells(p: Page) -> None:
    """Two author cells, one in each half of the page, over a two-column abstract."""
    p.centred(80, "Two Columns Under Author Cells", size=17, font="hebo")
    for x, name, place in [(100, "Alice Smith", "Example University"), (380, "Bob Jones", "Acme Research")]:
        p.put(x, 120, name, size=11, font="hebo")
        p.put(x, 133, place)
        p.put(x, 146, f"{name.split()[0].lower()}@example.com", size=9, font="cour")


def figure_in_the_right_column(p: Page) -> None:
    """The right column opens with a figure (its own labels, bigger and smaller) and its caption."""
    p.centred(80, "Two Columns With a Figure", size=17, font="hebo")
    p.centred(110, "Alice Smith, Bob Jones", size=11, font="hebo")
    p.centred(124, "Example University, Springfield, USA")
    p.page.draw_rect(pymupdf.Rect(330, 185, 550, 280), color=(0, 0, 0))
    p.put(400, 230, "Encoder", size=14, font="hebo")
    p.put(380, 270, "0.5   1.0   1.5", size=7)
    p.paragraph(320, 300, 240, "Figure 1: The reader and its stages. Each box is one stage of the reader.", size=9)


@pytest.mark.parametrize("draw_top", [author_cells, figure_in_the_right_column])
def test_abstract_goes_on_past_what_opens_the_next_column(tmp_path: Path, draw_top: Callable[[Page], None]) -> None:
    def draw(p: Page) -> None:
        draw_top(p)
        p.put(50, 180, "Abstract", size=12, font="hebo")
        p.paragraph(50, 200, 240, CUT)
        y = p.paragraph(320, 340, 240, GOES_ON)
        p.put(320, y + 20, "1. Introduction", size=12, font="hebo")
        p.paragraph(320, y + 40, 240, "Body text that is not part of the abstract at all. " * 2)

    paper = extract_pdf(make_pdf(tmp_path, draw))
    assert paper.abstract == f"{SENTENCES * 3}The first column ends here in the middle of a {GOES_ON}".replace(
        "  ", " "
    )
    assert paper.body_text.startswith("1. Introduction Body text")


@pytest.mark.parametrize("head_size", [10, 12])
def test_abstract_goes_on_past_footnotes_and_a_running_head(tmp_path: Path, head_size: float) -> None:
    def first(p: Page) -> None:
        y = simple_header(p)
        p.centred(y, "Abstract", size=12, font="hebo")
        p.paragraph(144, 600, 324, "The first page ends in the middle of a")
        p.put(72, 730, "*Equal contribution. Work done while at Acme Research Labs.")  # same size as the abstract
        p.put(72, 742, "Preprint. Under review.")

    def second(p: Page) -> None:
        p.put(72, 60, "Reading Layouts from Spans", size=head_size, font="hebo" if head_size > 10 else "tiro")
        p.paragraph(144, 90, 324, "sentence that finishes on the second page.")
        p.put(108, 130, "1 Introduction", size=12, font="hebo")

    paper = extract_pdf(make_pdf(tmp_path, first, second))
    assert paper.abstract == "The first page ends in the middle of a sentence that finishes on the second page."


def test_a_running_head_over_the_next_section_is_not_abstract(tmp_path: Path) -> None:
    def first(p: Page) -> None:
        y = simple_header(p)
        p.centred(y, "Abstract", size=12, font="hebo")
        p.paragraph(144, 690, 324, "The abstract ends with the first page.")

    def second(p: Page) -> None:
        p.put(72, 60, "Reading Layouts from Spans")
        p.put(108, 100, "1 Introduction", size=12, font="hebo")
        p.paragraph(108, 120, 396, "Body text that is not part of the abstract at all. " * 3)

    paper = extract_pdf(make_pdf(tmp_path, first, second))
    assert paper.abstract == "The abstract ends with the first page."
    assert paper.body_text.startswith("1 Introduction Body text")
