"""Hostile inputs: every bad file becomes a paper or a clear per-input error, and the batch always finishes.

The inputs are generated here (no binary blobs in the repository): one folder and one JSONL file holding every
kind of trouble users bring, run once through `pipeline.run` (with the worker pool) and once through the CLI.
Each case then checks its own outcome. Cases that fail because of the PDF extractor are marked `xfail(strict)`
and described in the extraction bug list kept by the lead; they pass once the extractor is fixed.
"""

from __future__ import annotations

import html.parser
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pymupdf
import pytest
from fake_openai import Behaviour, FakeOpenAI
from typer.testing import CliRunner

from paperbrief import pipeline, sources
from paperbrief.cache import Store
from paperbrief.cli import app
from paperbrief.models import Code, Paper, Report, Status
from paperbrief.render import Format, render, write_atomic

TITLE = "Sparse Attention Makes Long Documents Cheap"
ABSTRACT = (
    "Modelling long documents with dense attention costs memory that grows with the square of the length. "
    "We propose SparseDoc, a sparse attention scheme that attends to a few learned summary tokens per block. "
    "On three long-document benchmarks SparseDoc matches dense attention while running 3 times faster."
)
BODY = "Long inputs are common in science, law and medicine, and dense attention does not scale to them. " * 6
ZH_TITLE = "基于稀疏注意力的长文档高效建模方法"
ZH_ABSTRACT = (
    "长文档建模的计算成本随长度平方增长。本文提出一种稀疏注意力方法，在三个基准上保持精度的同时速度提高了3倍。"
)
JA_TITLE = "疎な注意機構による長文書の効率的なモデリング"
JA_ABSTRACT = (
    "長文書のモデリングは計算量が大きい。"
    "本研究では疎な注意機構を提案し、三つのベンチマークで精度を保ちつつ3倍の高速化を達成した。"
)
TWICE = "One Paper Under Two Names"
UNREADABLE = "A Paper Only Root Can Read"
HOSTILE = "<script>alert('PWNED')</script><img src=x onerror=alert('PWNED')>"


# --------------------------------------------------------------------------------------------- generated inputs


def _write_lines(page: pymupdf.Page, y: float, text: str, *, size: float, font: str, width: int) -> float:
    """Write `text` in lines of at most `width` characters (CJK has no spaces to break at); returns the next y."""
    words = text.split(" ") if " " in text else list(text)
    joiner = " " if " " in text else ""
    line = ""
    for word in words:
        if line and len(line) + len(word) > width:
            page.insert_text((72, y), line, fontsize=size, fontname=font)
            y += size * 1.3
            line = ""
        line = f"{line}{joiner}{word}" if line else word
    page.insert_text((72, y), line, fontsize=size, fontname=font)
    return y + size * 1.3


def add_paper_page(doc: pymupdf.Document, *, lang: str = "en", title: str = TITLE) -> None:
    """A first page laid out like a paper's: title, authors, affiliation, abstract, first section."""
    page = doc.new_page()
    if lang == "en":
        font, bold, width = "helv", "hebo", 90
        authors, place, head, abstract = "Ann Lee, Bo Wu", "Tsinghua University", "Abstract", ABSTRACT
    else:
        font = bold = "china-s" if lang == "zh" else "japan"
        width = 38
        title, abstract = (ZH_TITLE, ZH_ABSTRACT) if lang == "zh" else (JA_TITLE, JA_ABSTRACT)
        authors, place, head = (
            ("张伟，李娜", "清华大学", "摘要") if lang == "zh" else ("山田太郎，佐藤花子", "東京大学", "概要")
        )
    page.insert_text((72, 90), title, fontsize=17, fontname=bold)
    page.insert_text((72, 122), authors, fontsize=11, fontname=font)
    page.insert_text((72, 138), place, fontsize=10, fontname=font)
    page.insert_text((72, 180), head, fontsize=12, fontname=bold)
    y = _write_lines(page, 198, abstract, size=10, font=font, width=width)
    page.insert_text((72, y + 20), "1 Introduction", fontsize=12, fontname=bold)
    _write_lines(page, y + 38, BODY, size=10, font=font, width=width)


def write_paper(path: Path, *, lang: str = "en", title: str = TITLE, before: str = "", extra_pages: int = 0) -> Path:
    """A one-page paper; `before` puts a 'blank' page or a repository 'cover' sheet in front of it."""
    doc = pymupdf.open()
    if before == "blank":
        doc.new_page()
    elif before == "cover":
        cover = doc.new_page()
        cover.insert_text((72, 100), "INSTITUTIONAL REPOSITORY", fontsize=22, fontname="hebo")
        cover.insert_text((72, 140), "This version is made available under the repository's terms of use.", fontsize=9)
        cover.insert_text((72, 156), "Downloaded on 12 March 2024. For citation use the published version.", fontsize=9)
    add_paper_page(doc, lang=lang, title=title)
    for number in range(extra_pages):
        doc.new_page().insert_text((72, 72), f"Chapter text, page {number + 2}.", fontsize=10)
    doc.save(path, garbage=1, deflate=True)
    doc.close()
    return path


def write_scan(path: Path) -> Path:
    """An image-only page: what a scanner produces without OCR."""
    doc = pymupdf.open()
    page = doc.new_page()
    pixmap = pymupdf.Pixmap(pymupdf.csGRAY, pymupdf.IRect(0, 0, 300, 400), False)
    pixmap.clear_with(230)
    page.insert_image(page.rect, pixmap=pixmap)
    doc.save(path)
    doc.close()
    return path


def write_encrypted(path: Path, *, user_password: str) -> Path:
    source = write_paper(path.with_suffix(".plain"))
    doc = pymupdf.open(source)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner-secret", user_pw=user_password)
    doc.close()
    source.unlink()
    return path


def write_slow(path: Path, glyphs: int = 300_000) -> Path:
    """A 20 KB PDF whose one page draws `glyphs` text runs: seconds of work and hundreds of MB to lay out."""
    doc = pymupdf.open()
    page = doc.new_page()
    font = doc.get_new_xref()
    doc.update_object(font, "<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>")
    doc.xref_set_key(page.xref, "Resources", f"<</Font<</F1 {font} 0 R>>>>")
    contents = doc.get_new_xref()
    doc.update_object(contents, "<<>>")
    doc.update_stream(contents, b"BT /F1 9 Tf " + b"1 0 0 1 72 700 Tm (slow) Tj " * glyphs + b"ET")
    doc.xref_set_key(page.xref, "Contents", f"{contents} 0 R")
    doc.save(path, deflate=True)
    doc.close()
    return path


def _jsonl_lines() -> list[bytes]:
    """One line per case; `JSONL_CASES` names them by line number."""
    good = {"title": "Metadata Only", "authors": ["Ann Lee"], "abstract": ABSTRACT}
    wrong_types = {"title": "Typed Wrongly", "authors": 5, "author_count": "many", "institutions": {"a": 1}}
    return [
        b"\xef\xbb\xbf" + json.dumps(good).encode(),  # 1: a byte-order mark, as Windows editors write it
        b'{"title": "Caf\xe9 au lait", "abstract": "Latin-1, not UTF-8."}',  # 2
        json.dumps({**wrong_types, "abstract": ABSTRACT}).encode(),  # 3
        json.dumps({"title": ["a", "list"], "abstract": {"not": "text"}}).encode(),  # 4
        b"[" * 100_000 + b"]" * 100_000,  # 5: nesting deeper than Python's recursion limit
        b'{"title": "Big", "author_count": ' + b"9" * 5000 + b"}",  # 6: more digits than int() accepts
        json.dumps({"title": "Lone \ud800 surrogate", "abstract": ABSTRACT}).encode(),  # 7
        json.dumps({"title": "Huge", "abstract": "x" * (5 * 2**20)}).encode(),  # 8: over the line limit
        json.dumps({"title": "After The Huge Line", "abstract": ABSTRACT}).encode(),  # 9
        b"<html><body>not JSON</body></html>",  # 10
    ]


def build_batch(root: Path) -> tuple[Path, Path, Path]:
    """The hostile folder, the hostile JSONL file, and an empty folder named like a PDF."""
    batch = root / "batch"
    (batch / "sub").mkdir(parents=True)
    write_paper(batch / "good.pdf")
    (batch / "empty.pdf").write_bytes(b"")
    good = (batch / "good.pdf").read_bytes()
    (batch / "truncated.pdf").write_bytes(good[: len(good) * 2 // 3])
    table = good.rindex(b"\nxref\n")  # every offset in the cross-reference table now points into the header
    (batch / "corrupt-xref.pdf").write_bytes(
        good[:table] + re.sub(rb"\d{10} 00000 n", b"0000000009 00000 n", good[table:])
    )
    (batch / "garbage.pdf").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    write_encrypted(batch / "locked.pdf", user_password="user-secret")
    write_encrypted(batch / "owner-only.pdf", user_password="")
    write_scan(batch / "scan.pdf")
    (batch / "saved-page.pdf").write_bytes(b"<!DOCTYPE html>\n<html><head><title>Paper</title></head><body/></html>\n")
    write_paper(batch / "thesis-1000-pages.pdf", extra_pages=999)
    write_paper(batch / "blank-first-page.pdf", before="blank")
    write_paper(batch / "cover-sheet.pdf", before="cover")
    write_paper(batch / "sub" / "chinese.pdf", lang="zh")
    write_paper(batch / "sub" / "japanese.pdf", lang="ja")
    write_paper(batch / "copy-a.pdf", title=TWICE)
    shutil.copyfile(batch / "copy-a.pdf", batch / "copy-b.pdf")
    (batch / "sub" / "loop").symlink_to(batch, target_is_directory=True)
    (batch / "link-loop.pdf").symlink_to("link-loop.pdf")
    (batch / "dangling.pdf").symlink_to("gone.pdf")
    os.mkfifo(batch / "pipe.pdf")
    write_paper(batch / "unreadable.pdf", title=UNREADABLE)
    (batch / "unreadable.pdf").chmod(0)
    jsonl = root / "meta.jsonl"
    jsonl.write_bytes(b"\n".join(_jsonl_lines()) + b"\n")
    named_like_pdf = root / "folder.pdf"
    named_like_pdf.mkdir()
    return batch, jsonl, named_like_pdf


# --------------------------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Case:
    """What one input must become: a paper (with `title`) or a failure whose reason matches `fails`.

    `advice` is what the reason must tell the user to do; `paper_or_failure` allows either outcome."""

    source: str
    fails: str | None = None
    title: str | None = None
    advice: str | None = None
    paper_or_failure: bool = False


AS_ROOT = os.geteuid() == 0
CASES = [
    Case("batch/good.pdf", title=TITLE),
    Case("batch/empty.pdf", fails=r"empty", advice=r"download|replace|again"),
    Case("batch/truncated.pdf", fails=r"damaged|truncated", paper_or_failure=True),
    Case("batch/corrupt-xref.pdf", title=TITLE),
    Case("batch/garbage.pdf", fails=r"damaged", advice=r"download|replace|again|repair"),
    Case("batch/locked.pdf", fails=r"password", advice=r"remove the password|unencrypted|decrypt|unlock"),
    Case("batch/owner-only.pdf", title=TITLE),
    Case("batch/scan.pdf", fails=r"no text layer", advice=r"OCR"),
    Case("batch/saved-page.pdf", fails=r"not a PDF", advice=r"HTML|web page"),
    Case("batch/thesis-1000-pages.pdf", title=TITLE),
    Case("batch/blank-first-page.pdf", title=TITLE),
    Case("batch/cover-sheet.pdf", title=TITLE),
    Case("batch/sub/chinese.pdf", title=ZH_TITLE),
    Case("batch/sub/japanese.pdf", title=JA_TITLE),
    Case("batch/link-loop.pdf", fails=r"symbolic link loop", advice=r"fix or remove the link"),
    Case("batch/dangling.pdf", fails=r"broken symbolic link", advice=r"fix or remove the link"),
    Case("batch/pipe.pdf", fails=r"not a regular file", advice=r"give the file itself"),
    Case("batch/unreadable.pdf", title=UNREADABLE)
    if AS_ROOT  # root reads any file: the check below runs unprivileged (see test_unreadable_file_...)
    else Case("batch/unreadable.pdf", fails=r"permission denied", advice=r"chmod"),
    Case("folder.pdf", fails=r"no PDF files found in this folder"),
    Case("meta.jsonl:1", title="Metadata Only"),
    Case("meta.jsonl:2", fails=r"not UTF-8", advice=r"re-save the file as UTF-8"),
    Case("meta.jsonl:3", title="Typed Wrongly"),
    Case("meta.jsonl:4", fails=r"no title and no abstract"),
    Case("meta.jsonl:5", fails=r"nested too deeply", advice=r"fix the line"),
    Case("meta.jsonl:6", fails=r"a number too long", advice=r"fix the line"),
    Case("meta.jsonl:7", title="Lone ? surrogate"),
    Case("meta.jsonl:8", fails=r"longer than 4 MiB", advice=r"one record per line"),
    Case("meta.jsonl:9", title="After The Huge Line"),
    Case("meta.jsonl:10", fails=r"not valid JSON", advice=r"fix the line"),
]


def _params(*, advice: bool = False) -> list[object]:
    chosen = [c for c in CASES if c.advice] if advice else CASES
    return [pytest.param(c, id=c.source) for c in chosen]


# --------------------------------------------------------------------------------------------- the batch


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    root = tmp_path_factory.mktemp("hostile")
    batch, jsonl, named_like_pdf = build_batch(root)
    yield [str(batch), str(jsonl), str(named_like_pdf)]
    (batch / "unreadable.pdf").chmod(0o644)  # let pytest clean up


@pytest.fixture(scope="module")
def report(inputs: list[str], tmp_path_factory: pytest.TempPathFactory) -> Report:
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PAPERBRIEF_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        return pipeline.run(inputs, pipeline.Options(jobs=2, timeout=60))


@pytest.fixture(scope="module")
def outcome(report: Report) -> dict[str, Paper]:
    return {paper.source: paper for paper in report.entries if paper.status is not Status.DROPPED}


def test_the_batch_finishes_and_names_every_input_once(report: Report, outcome: dict[str, Paper]) -> None:
    sources = [p.source for p in report.entries]
    assert len(sources) == len(set(sources))
    missing = [c.source for c in CASES if c.source not in outcome]
    assert missing == []
    assert not [s for s in sources if "loop/" in s]  # the folder symlinked into itself is not walked


def test_the_same_file_under_two_names_is_reported_once_naming_the_other(report: Report) -> None:
    copies = [p for p in report.entries if p.source in ("batch/copy-a.pdf", "batch/copy-b.pdf")]
    [kept] = [p for p in copies if p.status is not Status.DROPPED]
    [twin] = [p for p in copies if p is not kept]
    assert kept in report.papers and twin in report.dropped
    assert twin.dropped is not None and twin.dropped.code is Code.DUPLICATE and kept.source in twin.dropped.reason
    [note] = [w.message for w in kept.warnings if w.code == Code.DUPLICATES]
    assert twin.source in note


@pytest.mark.parametrize("case", _params())
def test_each_input_becomes_a_paper_or_a_specific_failure(case: Case, outcome: dict[str, Paper]) -> None:
    paper = outcome[case.source]
    if case.paper_or_failure:
        # A damaged file may be repaired into a paper, but then the reader must be told it was repaired.
        if paper.failed:
            assert re.search(case.fails or "", paper.error or ""), paper.error
        else:
            assert paper.has_warning(Code.PDF_REPAIRED), paper.warnings
    elif case.fails:
        assert paper.failed, f"{case.source} should have failed"
        assert re.search(case.fails, paper.error or ""), paper.error
    else:
        assert not paper.failed, paper.error
        assert paper.title == case.title


@pytest.mark.parametrize("case", _params(advice=True))
def test_each_failure_says_what_to_do(case: Case, outcome: dict[str, Paper]) -> None:
    assert re.search(case.advice or "", outcome[case.source].error or "", re.IGNORECASE), outcome[case.source].error


def test_wrong_types_in_jsonl_are_named_in_warnings(outcome: dict[str, Paper]) -> None:
    ignored = {w.field for w in outcome["meta.jsonl:3"].warnings if w.code == Code.FIELD_IGNORED}
    assert ignored == {"authors", "author_count", "institutions"}


def test_chinese_and_japanese_abstracts_are_found(outcome: dict[str, Paper]) -> None:
    assert "稀疏注意力方法" in outcome["batch/sub/chinese.pdf"].abstract
    assert "疎な注意機構を提案" in outcome["batch/sub/japanese.pdf"].abstract


def test_no_failure_reason_shows_where_the_files_are(inputs: list[str], report: Report) -> None:
    """Reasons name inputs as the report does (`batch/x.pdf`), never by the absolute path of the disk."""
    root = str(Path(inputs[0]).parent)
    assert [p.error for p in report.failed if root in (p.error or "")] == []


@pytest.mark.skipif(not AS_ROOT, reason="covered by the batch: unprivileged, the file is unreadable there")
def test_unreadable_file_is_a_clear_failure_for_an_unprivileged_user() -> None:
    """Root reads any file, so a forked child drops to `nobody` (uid 65534) and collects the file there."""
    folder = Path(tempfile.mkdtemp(prefix="paperbrief-perm-", dir="/tmp"))  # /tmp: reachable for nobody
    try:
        folder.chmod(0o755)
        write_paper(folder / "locked.pdf").chmod(0)
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child, which always exits here
            os.setgid(65534)
            os.setuid(65534)
            os.write(write, str(sources.read_inputs([str(folder)])[0].error).encode())
            os._exit(0)
        os.close(write)
        with os.fdopen(read) as pipe:
            reason = pipe.read()
        os.waitpid(child, 0)
    finally:
        shutil.rmtree(folder)
    assert reason == "permission denied: make the file readable (chmod +r) or leave it out"


def test_the_cli_finishes_writes_the_report_and_exits_one(inputs: list[str], tmp_path: Path) -> None:
    output = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["report", *inputs, "-o", str(output), "--jobs", "2"], catch_exceptions=False)
    assert result.exit_code == 1
    failed = [line.split("\t") for line in result.stderr.splitlines() if line.startswith("failed\t")]
    expected = {c.source for c in CASES if c.fails and not c.paper_or_failure}
    assert expected <= {source for _, source, _ in failed}
    assert all(reason.strip() for _, _, reason in failed)
    text = output.read_text(encoding="utf-8")
    assert "## 未能分析的输入" in text
    assert all(f"`{source}`" in text for source in expected)
    assert "Metadata Only" in text and "After The Huge Line" in text


# --------------------------------------------------------------------------------------------- limits


def test_the_time_limit_stops_a_pathological_pdf_and_the_batch_goes_on(tmp_path: Path) -> None:
    slow = write_slow(tmp_path / "slow.pdf")
    good = write_paper(tmp_path / "good.pdf")
    report = pipeline.run([str(slow), str(good)], pipeline.Options(jobs=2, timeout=1))
    [failed] = report.failed
    assert failed.source == "slow.pdf"
    assert "timed out after 1 s" in (failed.error or "")
    assert [p.title for p in report.papers] == [TITLE]


# --------------------------------------------------------------------------------------------- interrupted runs


def test_a_failed_write_leaves_the_previous_report_and_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    write_atomic(target, "the previous report\n")
    with pytest.raises(UnicodeEncodeError):
        write_atomic(target, "half a report, then text UTF-8 cannot hold: \ud800")
    assert target.read_text(encoding="utf-8") == "the previous report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_a_crash_while_rendering_leaves_the_previous_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    papers = tmp_path / "p.jsonl"
    papers.write_text(json.dumps({"title": "One", "abstract": ABSTRACT}) + "\n", encoding="utf-8")
    output = tmp_path / "out" / "report.html"
    runner = CliRunner()
    assert runner.invoke(app, ["report", str(papers), "-o", str(output)], catch_exceptions=False).exit_code == 0
    before = output.read_bytes()

    def crash(*args: object, **kwargs: object) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("paperbrief.pipeline.render", crash)
    interrupted = runner.invoke(app, ["report", str(papers), "-o", str(output)], catch_exceptions=False)
    assert interrupted.exit_code != 0  # Click turns Ctrl-C into "Aborted!"
    assert output.read_bytes() == before
    assert [p.name for p in output.parent.iterdir()] == ["report.html"]


_KILLED_MID_TRANSACTION = """
import os, sys
from paperbrief.cache import Store
store = Store()
store.put_blob("kept", "test", b"committed before the crash")
with store.atomic() as db:
    db.execute("INSERT INTO blobs VALUES ('lost', 'test', x'00', 0)")
    os._exit(9)  # the process dies inside the transaction, as under SIGKILL or a power cut
"""


def test_a_run_killed_inside_a_cache_transaction_leaves_a_consistent_cache(isolated_env: Path) -> None:
    done = subprocess.run([sys.executable, "-c", _KILLED_MID_TRANSACTION], check=False, env=dict(os.environ))
    assert done.returncode == 9
    with Store() as store:
        assert store.get_blob("kept") == b"committed before the crash"
        assert store.get_blob("lost") is None
        assert store.db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        store.put_blob("again", "test", b"a rerun writes on")
    assert sqlite3.connect(isolated_env / "paperbrief.db").execute("SELECT count(*) FROM blobs").fetchone() == (2,)


# --------------------------------------------------------------------------------------------- security


class _Elements(html.parser.HTMLParser):
    """Every start tag with its attributes, and the text inside each <script>."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data


def test_the_html_report_keeps_hostile_text_inert(tmp_path: Path) -> None:
    """Hostile titles, abstracts, institutions, URLs and file names reach the real renderer as text only."""
    record = {
        "title": f"Title {HOSTILE}",
        "abstract": f"We propose {HOSTILE}. It works. </script><script>alert('PWNED')</script>",
        "authors": [f"Eve {HOSTILE}"],
        "institutions": [f"Evil University {HOSTILE}"],
        "url": "javascript:alert('PWNED')",
        "brief": f"研究团队发布了{HOSTILE}论文",
    }
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "papers.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    write_paper(folder / "<img src=x onerror=alert('PWNED')>.pdf")
    (folder / "<svg onload=alert('PWNED')>.pdf").write_bytes(b"not a pdf")
    report = pipeline.run([str(folder / "papers.jsonl"), str(folder)], pipeline.Options(jobs=1))
    assert len(report.papers) == 2 and len(report.failed) == 1
    page = render(report, Format.HTML)
    parsed = _Elements()
    parsed.feed(page)
    assert "PWNED" in page  # the hostile text is shown, as text
    for tag, attrs in parsed.tags:
        assert tag not in ("img", "svg") or "PWNED" not in str(attrs), tag
        assert not [name for name, value in attrs.items() if name.startswith("on") and "PWNED" in (value or "")]
        assert not [v for v in attrs.values() if (v or "").strip().lower().startswith("javascript:")]
    assert "alert('PWNED')" not in [script.strip() for script in parsed.scripts]


SECRET = "sk-paperbrief-test-secret-0123456789"


def test_no_secret_from_the_environment_reaches_reports_logs_or_cache(
    tmp_path: Path, isolated_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A run that reads the key and sends it (a model that wants it, fails once, then answers) leaks it nowhere."""
    for name in ("OPENAI_API_KEY", "PAPERBRIEF_API_KEY", "DEEPSEEK_API_KEY", "DASHSCOPE_API_KEY", "OPENALEX_API_KEY"):
        monkeypatch.setenv(name, SECRET)
    papers = tmp_path / "p.jsonl"
    papers.write_text(json.dumps({"title": "One", "abstract": ABSTRACT}) + "\n", encoding="utf-8")
    write_paper(tmp_path / "paper.pdf")
    runner = CliRunner()
    seen: list[str] = []
    with FakeOpenAI(Behaviour(required_key=SECRET, script=["500"])) as fake:
        model = ["--model", "fake-model", "--base-url", fake.url]
        for suffix in ("md", "html", "json"):
            out = tmp_path / f"report.{suffix}"
            args = ["report", str(papers), str(tmp_path / "paper.pdf"), "-o", str(out), "-j", "1", *model]
            result = runner.invoke(app, args)
            seen += [result.output, result.stderr, out.read_text(encoding="utf-8")]
        assert fake.requests and all(r.authorization == f"Bearer {SECRET}" for r in fake.requests)  # it was used
    assert '"origin": "llm"' in seen[-1]  # the model's brief made it into the report
    result = runner.invoke(app, ["extract", str(papers), str(tmp_path / "paper.pdf"), "-j", "1"])
    seen += [result.stdout, result.stderr]
    assert not [text for text in seen if SECRET in text]
    cached = [p for p in isolated_env.rglob("*") if p.is_file()] if isolated_env.exists() else []
    assert cached and not [p for p in cached if SECRET.encode() in p.read_bytes()]


# --------------------------------------------------------------------------------------------- paths in reports


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("papers", "papers/sub/a.pdf"),
        ("./papers/", "papers/sub/a.pdf"),
        (".", "papers/sub/a.pdf"),
        ("ABS", "papers/sub/a.pdf"),
    ],
)
def test_pdfs_in_a_folder_are_named_relative_to_it(
    given: str, expected: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "papers" / "sub").mkdir(parents=True)
    write_paper(tmp_path / "papers" / "sub" / "a.pdf")
    monkeypatch.chdir(tmp_path)
    folder = str(tmp_path / "papers") if given == "ABS" else given
    output = tmp_path / "r.json"
    result = CliRunner().invoke(app, ["report", folder, "-o", str(output), "-j", "1"], catch_exceptions=False)
    assert result.exit_code == 0
    text = output.read_text(encoding="utf-8")
    assert [p["source"] for p in json.loads(text)["papers"]] == [expected]
    assert str(tmp_path) not in text
