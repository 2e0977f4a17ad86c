"""The HTML report in a real browser: Debian's headless Chromium driven by Playwright, with no network."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, Route, sync_playwright

from paperbrief import analytics, techniques
from paperbrief.models import Decision, Paper, Report, Screening
from paperbrief.render import Format, ScreeningFormat, render, render_screening
from shared_data import require_shared

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
XSS_TITLE = "<script>window.pwned = 1</script>Tiny <b>bold</b> title"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    require_shared(CHROMIUM)  # Debian's chromium: .ci/run installs it, so under CI it must be there
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@dataclass
class Opened:
    page: Page
    url: str
    report: Report
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_report(browser: Browser, report: Report, folder: Path, html: str | None = None, **viewport: int) -> Opened:
    """Write the report's HTML (or another page of it), open it, and record every console error and every
    request the page makes; any request but the file itself is aborted, so a page that needs the network shows
    it here."""
    path = folder / "report.html"
    path.write_text(html or render(report, Format.HTML), encoding="utf-8")
    page = browser.new_page(viewport={"width": viewport.get("width", 1280), "height": viewport.get("height", 900)})
    opened = Opened(page, path.as_uri(), report)

    def on_console(message: ConsoleMessage) -> None:
        if message.type in ("error", "warning"):
            opened.errors.append(message.text)

    def on_request(route: Route, request: Request) -> None:
        opened.requests.append(request.url)
        if request.url == opened.url:
            route.continue_()
        else:
            route.abort()

    page.on("console", on_console)
    page.on("pageerror", lambda exc: opened.errors.append(str(exc)))
    page.on("dialog", lambda dialog: opened.errors.append(f"dialog: {dialog.message}"))
    page.route("**/*", on_request)
    page.goto(opened.url)
    page.wait_for_load_state("load")
    return opened


@pytest.fixture
def corpus_page(browser: Browser, corpus_report: Report, tmp_path: Path) -> Iterator[Opened]:
    opened = open_report(browser, corpus_report, tmp_path)
    yield opened
    opened.page.close()


def summary(report: Report) -> analytics.Analytics:
    assert report.analytics is not None
    return report.analytics


def visible_cards(page: Page) -> int:
    return page.locator(".card:visible").count()


@pytest.mark.corpus
def test_the_corpus_report_loads_offline_with_charts_and_a_card_per_paper(corpus_page: Opened) -> None:
    page, report = corpus_page.page, corpus_page.report
    assert corpus_page.errors == []
    assert corpus_page.requests == [corpus_page.url]
    assert len(report.papers) == 68 - len(report.failed)
    assert page.locator("article.card").count() == len(report.papers)
    assert visible_cards(page) == len(report.papers)
    assert page.locator("svg.bars").count() == 3
    bars = page.locator("[data-chart=techniques] g.bar")
    assert bars.count() == len(summary(report).techniques)
    assert bars.first.bounding_box()["width"] > 300  # type: ignore[index]
    assert page.locator("#results-table tbody tr").count() == len(summary(report).results)


@pytest.mark.corpus
def test_search_narrows_the_cards_and_clearing_it_brings_them_back(corpus_page: Opened) -> None:
    page, papers = corpus_page.page, corpus_page.report.papers
    word = max(papers[0].title.split(), key=len)
    expected = [i for i, p in enumerate(papers, start=1) if word.lower() in p.title.lower()]
    page.fill("#search", word)
    assert 0 < visible_cards(page) < len(papers)
    for index in expected:
        assert page.locator(f"#paper-{index}").is_visible()
    page.fill("#search", "")
    assert visible_cards(page) == len(papers)


@pytest.mark.corpus
def test_the_technique_filter_shows_exactly_the_papers_with_that_technique(corpus_page: Opened) -> None:
    page, rows = corpus_page.page, summary(corpus_page.report).techniques
    row = next(r for r in rows if 1 < r.count < len(corpus_page.report.papers))
    page.select_option("#technique", row.key)
    assert visible_cards(page) == row.count
    assert [int(i.split("-")[1]) for i in page.locator(".card:visible").evaluate_all("cs => cs.map(c => c.id)")] == (
        row.papers
    )
    assert page.locator("#shown").inner_text().startswith(f"{row.count} / ")
    page.select_option("#technique", "")
    assert visible_cards(page) == len(corpus_page.report.papers)


@pytest.mark.corpus
def test_clicking_a_technique_bar_filters_too(corpus_page: Opened) -> None:
    page = corpus_page.page
    top = summary(corpus_page.report).techniques[0]
    page.locator(f'g[data-technique="{top.key}"]').click()
    assert page.locator("#technique").input_value() == top.key
    assert visible_cards(page) == top.count


@pytest.mark.corpus
def test_the_results_table_sorts_on_click(corpus_page: Opened) -> None:
    page = corpus_page.page
    numbers = "rows => rows.map(r => parseFloat(r.cells[2].dataset.value))"
    rows = page.locator("#results-table tbody tr")
    header = page.locator("#results-table th").nth(2)
    header.locator("button").click()
    ascending = rows.evaluate_all(numbers)
    assert ascending == sorted(ascending) and ascending != sorted(ascending, reverse=True)
    assert header.get_attribute("aria-sort") == "ascending"
    header.locator("button").click()
    assert rows.evaluate_all(numbers) == sorted(ascending, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"


@pytest.mark.corpus
def test_the_page_fits_a_phone_screen(browser: Browser, corpus_report: Report, tmp_path: Path) -> None:
    opened = open_report(browser, corpus_report, tmp_path, width=390, height=844)
    try:
        assert opened.errors == []
        overflow = opened.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
        assert opened.page.locator("svg.bars").first.bounding_box()["width"] <= 390  # type: ignore[index]
    finally:
        opened.page.close()


def test_a_script_in_a_title_is_shown_as_text_and_never_runs(browser: Browser, tmp_path: Path) -> None:
    papers = [
        Paper(source="x.pdf", title=XSS_TITLE, institutions=[XSS_TITLE], abstract="We prune. It is 3× faster."),
        Paper(source="y.pdf", title="Plain paper", abstract="Speech recognition with 10% fewer parameters."),
    ]
    report = Report(
        title="论文分析报告",
        generated_at=datetime(2025, 1, 2, tzinfo=UTC),
        papers=papers,
        failed=[Paper(source=XSS_TITLE, error="not a PDF")],
        analytics=analytics.analyze(papers, techniques.load_taxonomy()),
    )
    opened = open_report(browser, report, tmp_path)
    try:
        page = opened.page
        assert opened.errors == []
        assert opened.requests == [opened.url]
        assert page.evaluate("window.pwned") is None
        assert page.locator("#paper-1 h3").inner_text() == XSS_TITLE
        assert page.locator("#paper-1 h3 b").count() == 0
        assert XSS_TITLE in page.locator("#failed").inner_text()
        page.fill("#search", "plain")
        assert visible_cards(page) == 1 and page.locator("#paper-2").is_visible()
    finally:
        opened.page.close()


def test_the_screening_table_filters_by_words_and_decision_offline(browser: Browser, tmp_path: Path) -> None:
    entries = [
        Paper(source=f"l#{i}", title=title, screening=Screening(decision, score, f"{decision} because {title}"))
        for i, (title, decision, score) in enumerate(
            [(XSS_TITLE, Decision.KEEP, 9.0), ("A dataset of cats", Decision.DROP, 1.0), ("Dogs", Decision.DROP, 0.0)]
        )
    ]
    report = Report(title="T", generated_at=datetime(2025, 1, 2, tzinfo=UTC), papers=entries[:1], failed=[],
                    entries=entries)  # fmt: skip
    opened = open_report(browser, report, tmp_path, html=render_screening(report, ScreeningFormat.HTML))
    try:
        page = opened.page
        assert opened.errors == [] and opened.requests == [opened.url]
        assert page.evaluate("window.pwned") is None
        rows = page.locator("tr[data-decision]:visible")
        assert rows.count() == 3
        page.fill("#search", "cats")
        assert rows.count() == 1 and page.locator("#shown").inner_text() == "1 / 3 条"
        assert page.locator(".part-count").all_inner_texts() == ["0", "1"]
        page.fill("#search", "")
        page.select_option("#decision", "keep")
        assert rows.count() == 1 and XSS_TITLE in rows.first.inner_text()
    finally:
        opened.page.close()
