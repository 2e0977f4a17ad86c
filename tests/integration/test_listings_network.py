"""Listings over the network, against the local fake arXiv: feed URLs, and a date window of the API."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from fake_arxiv import FakeArxiv, FakePaper
from typer.testing import CliRunner

from paperbrief import pipeline
from paperbrief.cli import app
from paperbrief.options import Options
from paperbrief.sources import arxiv_query, read_inputs

RSS = """<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/" version="2.0">
  <channel>
    <title>cs.AI updates on arXiv.org</title>
    <pubDate>Tue, 16 Sep 2025 00:00:00 -0400</pubDate>
    <item>
      <title>FastSpec: Speculative Decoding at Scale</title>
      <link>https://arxiv.org/abs/2509.12211</link>
      <description>arXiv:2509.12211v1 Announce Type: new
Abstract: We decode faster.</description>
      <guid isPermaLink="false">oai:arXiv.org:2509.12211v1</guid>
      <category>cs.AI</category>
      <arxiv:announce_type>new</arxiv:announce_type>
      <dc:creator>Ann Lee, Bo Wu</dc:creator>
    </item>
  </channel>
</rss>
"""

ATOM = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:arxiv="http://arxiv.org/schemas/atom"
      xmlns:dc="http://purl.org/dc/elements/1.1/">
  <updated>2025-09-16T04:00:00+00:00</updated>
  <entry>
    <id>oai:arXiv.org:2509.13848v2</id>
    <title>KVTrim: Cache Pruning for Long Contexts</title>
    <summary>arXiv:2509.13848v2 Announce Type: cross
Abstract: We prune caches.</summary>
    <category term="cs.CL"/>
    <published>2025-09-16T00:00:00-04:00</published>
    <arxiv:announce_type>cross</arxiv:announce_type>
    <dc:creator>Carl Gauss</dc:creator>
  </entry>
</feed>
"""


def test_feed_urls_are_fetched_through_the_arxiv_client(fake_arxiv: FakeArxiv) -> None:
    fake_arxiv.feeds = {"rss/cs.AI": RSS.encode(), "atom/cs.CL": ATOM.encode()}
    rss, atom, missing = read_inputs(
        ["https://rss.arxiv.org/rss/cs.AI", "http://export.arxiv.org/atom/cs.CL", "https://rss.arxiv.org/rss/cs.XX"]
    )
    assert (rss.source, rss.arxiv_id, rss.section, rss.authors) == (
        "https://rss.arxiv.org/rss/cs.AI#2509.12211",
        "2509.12211v1",
        "new",
        ["Ann Lee", "Bo Wu"],
    )
    assert rss.listing_date == "2025-09-16"
    assert (atom.arxiv_id, atom.section, atom.abstract) == ("2509.13848v2", "cross", "We prune caches.")
    assert missing.source == "https://rss.arxiv.org/rss/cs.XX"
    assert missing.error == "arXiv feed not fetched: arXiv answered HTTP 404"
    assert [h.path for h in fake_arxiv.hits] == ["/rss/cs.AI", "/atom/cs.CL", "/rss/cs.XX"]


def dated(base: str, day: str, category: str = "cs.AI") -> FakePaper:
    return FakePaper(
        base, 1, f"Paper of {day}", "We do it.", ["Ann Lee"], [], categories=[category], published=f"{day}T12:00:00Z"
    )


WINDOW_PAPERS = [
    dated("2509.10001", "2025-09-14"),
    dated("2509.10002", "2025-09-15"),
    dated("2509.10003", "2025-09-16", "cs.CL"),
    dated("2509.10004", "2025-09-16", "cs.LG"),
    dated("2509.10005", "2025-09-17"),
]


@pytest.fixture
def window_arxiv(fake_arxiv: FakeArxiv) -> FakeArxiv:
    fake_arxiv.papers = WINDOW_PAPERS
    return fake_arxiv


def window(since: date, until: date | None = None) -> Options:
    return Options(arxiv_query="cat:cs.AI OR cat:cs.CL", since=since, until=until)


def test_a_window_brings_every_paper_submitted_in_it(window_arxiv: FakeArxiv) -> None:
    papers = read_inputs([], window(date(2025, 9, 15), date(2025, 9, 16)))
    assert [p.arxiv_id for p in papers] == ["2509.10003v1", "2509.10002v1"]  # newest first; cs.LG is not asked for
    assert {p.listing_date for p in papers} == {"2025-09-16"}
    [hit] = window_arxiv.requests("/api/query")
    assert hit.query["search_query"] == ["(cat:cs.AI OR cat:cs.CL) AND submittedDate:[202509150000 TO 202509162359]"]
    assert hit.query["sortBy"] == ["submittedDate"]


def test_a_window_of_one_day_needs_only_since(window_arxiv: FakeArxiv) -> None:
    [paper] = read_inputs([], window(date(2025, 9, 17)))
    assert (paper.arxiv_id, paper.listing_date) == ("2509.10005v1", "2025-09-17")


def test_a_window_fuller_than_the_cap_says_so(window_arxiv: FakeArxiv, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(arxiv_query, "WINDOW_MAX", 2)
    *papers, note = read_inputs([], window(date(2025, 9, 14), date(2025, 9, 17)))
    assert [p.arxiv_id for p in papers] == ["2509.10005v1", "2509.10003v1"]
    assert note.source == "arXiv query: cat:cs.AI OR cat:cs.CL"
    assert "more than 2 papers were submitted in the window" in (note.error or "")


def test_the_cli_takes_since_until_and_refuses_a_bad_day(window_arxiv: FakeArxiv, tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "r.json"
    query = ["report", "--arxiv-query", "cat:cs.AI", "-o", str(out), "--jobs", "1"]
    window = ["--since", "2025-09-15", "--until", "2025-09-16"]
    result = runner.invoke(app, [*query, *window, "--no-screen"], catch_exceptions=False)
    assert result.exit_code == 0, result.stderr
    assert [p["arxiv_id"] for p in json.loads(out.read_text(encoding="utf-8"))["papers"]] == ["2509.10002v1"]
    options = Options(arxiv_query="cat:cs.AI", since=date(2025, 9, 15), until=date(2025, 9, 16), jobs=1)
    [entry] = pipeline.run([], options).entries
    assert entry.screening is not None  # a day's window is a listing: screened by default
    bad = runner.invoke(app, [*query, "--since", "15.9.2025"], catch_exceptions=False)
    assert bad.exit_code == 2
    assert "not a day: '15.9.2025'" in bad.stderr
