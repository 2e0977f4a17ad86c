"""The arXiv client against the local fake: spacing (with a fake clock), 429s, paging, errors, withdrawn papers."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator

import httpx
import pytest
from fake_arxiv import FakeArxiv

from paperbrief import pipeline
from paperbrief.arxiv import ArxivId, parse_feed
from paperbrief.arxiv.client import Client, Settings
from paperbrief.arxiv.source import ArxivSource
from paperbrief.cache import Store
from paperbrief.context import Stage
from paperbrief.errors import ConfigError, NetworkError
from paperbrief.http import Transports, user_agent


class FakeClock:
    """Time that passes only when someone sleeps."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def timed_fake(clock: FakeClock) -> Iterator[FakeArxiv]:
    """A fake server that stamps each request with the fake clock's time."""
    with FakeArxiv(clock=clock.time) as fake:
        yield fake


def client_for(fake: FakeArxiv, clock: FakeClock, **settings: float) -> Client:
    return client_for_urls(fake.api_url, fake.pdf_url, clock, **settings)


def client_for_urls(api_url: str, pdf_url: str, clock: FakeClock, **settings: float) -> Client:
    return Client(Settings(api_url=api_url, pdf_url=pdf_url, **settings), clock=clock.time, sleep=clock.sleep)


def gaps(fake: FakeArxiv) -> list[float]:
    times = [hit.at for hit in fake.hits]
    return [b - a for a, b in itertools.pairwise(times)]


def test_consecutive_requests_are_at_least_three_seconds_apart(timed_fake: FakeArxiv, clock: FakeClock) -> None:
    client = client_for(timed_fake, clock)
    client.fetch([ArxivId("2509.12211")])
    client.fetch([ArxivId("2509.13848")])
    client.pdf(ArxivId("2509.13848", 1))
    client.search("cat:cs.LG", max_results=3)
    assert len(timed_fake.hits) == 4
    assert min(gaps(timed_fake)) >= 3.0


def test_arxiv_org_always_gets_three_seconds_even_if_asked_for_less(clock: FakeClock) -> None:
    stamps: list[float] = []
    agents: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        stamps.append(clock.time())
        agents.append(request.headers["User-Agent"])
        return httpx.Response(200, content=b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>')

    client = Client(Settings(delay=0.0), transport=httpx.MockTransport(handler), clock=clock.time, sleep=clock.sleep)
    for _ in range(3):
        client.fetch([ArxivId("2509.12211")])
    assert [b - a for a, b in itertools.pairwise(stamps)] == [3.0, 3.0]
    assert agents[0] == user_agent()
    assert agents[0].startswith("paperbrief/") and "mailto:" in agents[0]


@pytest.mark.parametrize("status", [429, 503])
def test_a_busy_answer_waits_for_retry_after_and_loses_nothing(
    timed_fake: FakeArxiv, clock: FakeClock, status: int
) -> None:
    timed_fake.throttle = 2
    timed_fake.throttle_status = status
    timed_fake.retry_after = "7"
    feed = client_for(timed_fake, clock).fetch([ArxivId("2509.12211")])
    assert [str(e.id) for e in feed.entries] == ["2509.12211v2"]
    assert len(timed_fake.hits) == 3
    assert min(gaps(timed_fake)) >= 7.0
    assert clock.sleeps == [7.0, 7.0]


def test_without_retry_after_a_busy_arxiv_is_retried_with_growing_jittered_waits(
    timed_fake: FakeArxiv, clock: FakeClock
) -> None:
    timed_fake.throttle = 100
    timed_fake.throttle_status = 503
    timed_fake.retry_after = ""
    with pytest.raises(NetworkError, match=r"arXiv kept failing \(HTTP 503\) after 5 attempts: try again later"):
        client_for(timed_fake, clock).fetch([ArxivId("2509.12211")])
    assert len(timed_fake.hits) == 5
    # backoff in units of the 3 s spacing, less up to half at random, never below the spacing itself
    for gap, ceiling in zip(gaps(timed_fake), (3.0, 6.0, 12.0, 24.0), strict=True):
        assert max(3.0, ceiling / 2) <= gap <= ceiling


def test_an_unreachable_arxiv_is_tried_twice_then_every_request_fails_at_once(clock: FakeClock) -> None:
    closed = "http://127.0.0.1:9"  # nothing listens on port 9
    client = client_for_urls(f"{closed}/api/query", f"{closed}/pdf", clock)
    with pytest.raises(NetworkError) as raised:
        client.fetch([ArxivId("2509.12211")])
    assert str(raised.value).startswith("cannot reach 127.0.0.1:9 (")
    assert str(raised.value).endswith("check your network connection or PAPERBRIEF_ARXIV_API_URL")
    assert sum(clock.sleeps) == 3.0  # one retry: a second's pause, lengthened to the politeness delay
    waited = list(clock.sleeps)
    for ask in (lambda: client.search("cat:cs.LG", max_results=5), lambda: client.pdf(ArxivId("2509.12211", 1))):
        with pytest.raises(NetworkError, match=r"cannot reach 127\.0\.0\.1:9"):
            ask()
    assert clock.sleeps == waited
    with pytest.raises(NetworkError, match="PAPERBRIEF_ARXIV_PDF_URL"):
        client.pdf(ArxivId("2509.12211", 1))


def test_fifty_ids_fail_within_seconds_when_arxiv_cannot_be_reached(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAPERBRIEF_ARXIV_API_URL", "http://127.0.0.1:9/api/query")
    monkeypatch.setenv("PAPERBRIEF_ARXIV_PDF_URL", "http://127.0.0.1:9/pdf")
    monkeypatch.setenv("PAPERBRIEF_ARXIV_DELAY", "0")
    ids = [f"2509.{n:05d}" for n in range(10000, 10120)]  # three requests of at most 50 ids
    started = time.monotonic()
    report = pipeline.run(ids, pipeline.Options(jobs=1, stop_after=Stage.ENRICH))
    assert time.monotonic() - started < 5.0  # one pause of a second, not minutes of backoff per request
    assert len(report.failed) == len(ids) and report.papers == []
    assert {p.error for p in report.failed} == {
        f"arXiv request failed: cannot reach 127.0.0.1:9 ({_refused()}): check your network connection or "
        "PAPERBRIEF_ARXIV_API_URL"
    }


def _refused() -> str:
    """What this machine's socket layer says when nothing listens on a port."""
    try:
        httpx.get("http://127.0.0.1:9/")
    except httpx.ConnectError as exc:
        return str(exc)
    raise AssertionError("something listens on port 9")


def test_the_client_takes_the_transport_seam(clock: FakeClock) -> None:
    seen: list[httpx.URL] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url)
        return httpx.Response(200, content=b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>')

    transports = Transports(sync=httpx.MockTransport(handler))
    client = Client(Settings(), transports=transports, clock=clock.time, sleep=clock.sleep)
    assert client.fetch([ArxivId("2509.12211")]).entries == []
    assert [url.host for url in seen] == ["export.arxiv.org"]


def test_endless_429s_become_the_papers_error_and_a_rerun_gets_them(
    timed_fake: FakeArxiv, clock: FakeClock, isolated_env: object
) -> None:
    timed_fake.throttle = 100
    with Store() as store:
        source = ArxivSource(store, client_for(timed_fake, clock))
        [paper] = source.papers([("2509.12211", ArxivId("2509.12211"))])
        assert paper.error is not None and "HTTP 429" in paper.error and "try again later" in paper.error
        assert paper.arxiv_id == "2509.12211"
        timed_fake.throttle = 0
        [again] = source.papers([("2509.12211", ArxivId("2509.12211"))])
    assert again.error is None and again.title.startswith("FastSpec")


def test_a_query_is_paged_until_max_results(timed_fake: FakeArxiv, clock: FakeClock) -> None:
    client = Client(
        Settings(api_url=timed_fake.api_url, pdf_url=timed_fake.pdf_url),
        clock=clock.time,
        sleep=clock.sleep,
        page_size=2,
    )
    found = client.search("ti:Batcher", max_results=5, sort="submittedDate")
    assert [str(e.id) for e in found] == [f"2510.0{n:04d}v1" for n in (5, 4, 3, 2, 1)]
    pages = [(h.query["start"], h.query["max_results"]) for h in timed_fake.hits]
    assert pages == [(["0"], ["2"]), (["2"], ["2"]), (["4"], ["1"])]
    assert timed_fake.hits[0].query["sortBy"] == ["submittedDate"]


def test_paging_stops_at_total_results_and_empty_results_are_fine(timed_fake: FakeArxiv, clock: FakeClock) -> None:
    client = Client(
        Settings(api_url=timed_fake.api_url, pdf_url=timed_fake.pdf_url), clock=clock.time, sleep=clock.sleep
    )
    assert len(client.search("ti:Batcher", max_results=50)) == 5
    assert len(timed_fake.hits) == 1
    assert client.search('abs:"nothing like this"', max_results=50) == []


def test_a_bad_sort_is_a_usage_error(timed_fake: FakeArxiv, clock: FakeClock) -> None:
    with pytest.raises(ConfigError, match="submittedDate"):
        client_for(timed_fake, clock).search("cat:cs.LG", max_results=1, sort="newest")


def test_one_malformed_id_fails_alone(timed_fake: FakeArxiv, clock: FakeClock, isolated_env: object) -> None:
    with Store() as store:
        source = ArxivSource(store, client_for(timed_fake, clock))
        papers = source.papers(
            [("2509.12211", ArxivId("2509.12211")), ("bad", ArxivId("2509.1x")), ("x", ArxivId("2509.99999"))]
        )
    assert papers[0].error is None
    assert papers[1].error == "arXiv rejected the id: incorrect id format for 2509.1x"
    assert papers[2].error == "not found on arXiv: check the id"


def test_withdrawn_papers_fail_with_the_reason_and_the_way_back(
    timed_fake: FakeArxiv, clock: FakeClock, isolated_env: object
) -> None:
    with Store() as store:
        source = ArxivSource(store, client_for(timed_fake, clock))
        latest, first = source.papers([("a", ArxivId("2401.00001")), ("b", ArxivId("2401.00001", 1))])
    assert latest.error is not None and "withdrawn" in latest.error and "2401.00001v1" in latest.error
    assert first.error is None


def test_cached_entries_and_pdfs_make_no_new_requests(
    timed_fake: FakeArxiv, clock: FakeClock, isolated_env: object
) -> None:
    wanted = [("2509.13848v1", ArxivId("2509.13848", 1)), ("2509.12211", ArxivId("2509.12211"))]
    with Store() as store:
        first = ArxivSource(store, client_for(timed_fake, clock), now=clock.time)
        papers = first.papers(wanted)
        path = first.pdf_path(papers[0].arxiv_id or "")
        before = len(timed_fake.hits)
        second = ArxivSource(store, client_for(timed_fake, clock), now=clock.time)
        assert [p.title for p in second.papers(wanted)] == [p.title for p in papers]
        assert second.pdf_path("2509.13848v1") == path and path.read_bytes().startswith(b"%PDF")
        assert len(timed_fake.hits) == before
        clock.now += 2 * 86400  # "the latest version" goes stale, a fixed version does not
        second.papers(wanted)
    assert [h.query.get("id_list") for h in timed_fake.hits[before:]] == [["2509.12211"]]


def test_the_feed_parser_reads_affiliations_categories_and_dates(timed_fake: FakeArxiv) -> None:
    xml = timed_fake.feed({"id_list": ["2509.13848"]}).encode()
    feed = parse_feed(xml)
    [entry] = feed.entries
    assert feed.total == 1
    assert entry.affiliations == ["Peking University"]
    assert entry.categories == ["cs.CL", "cs.LG"]
    assert entry.published == "2025-09-15T17:59:59Z"
    assert entry.abstract.startswith("Serving large models is slow.")  # whitespace around the summary trimmed
    assert entry.pdf_url and entry.abs_url == "http://arxiv.org/abs/2509.13848v1"


def test_a_response_that_is_not_atom_is_a_network_error() -> None:
    with pytest.raises(NetworkError, match="not valid XML"):
        parse_feed(b"<html><body>Service unavailable")
    with pytest.raises(NetworkError, match="not an Atom feed"):
        parse_feed(b"<html></html>")


def test_a_query_arxiv_rejects_is_a_usage_error(clock: FakeClock) -> None:
    error_feed = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>http://arxiv.org/api/errors#bad_query</id>'
        b"<title>Error</title><summary>unknown field prefix zz</summary></entry></feed>"
    )
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=error_feed))
    client = Client(Settings(), transport=transport, clock=clock.time, sleep=clock.sleep)
    with pytest.raises(ConfigError, match="unknown field prefix zz"):
        client.search("zz:x", max_results=5)
