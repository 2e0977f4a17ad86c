"""`--enrich openalex` against the local fake: institutions by DOI or exact title, cached, key never shown."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from fake_arxiv import FakeArxiv, FakePaper

from paperbrief import pipeline
from paperbrief.cache import Store
from paperbrief.context import Stage
from paperbrief.http import Transports
from paperbrief.models import Code, Paper
from paperbrief.openalex import OpenAlex, Settings

SECRET = "oa-secret-key-123"


def work(title: str, *institutions: str) -> dict[str, object]:
    return {
        "title": title,
        "authorships": [
            {"author": {"display_name": f"Author {i}"}, "institutions": [{"display_name": name}]}
            for i, name in enumerate(institutions)
        ],
    }


@pytest.fixture
def openalex(fake_arxiv: FakeArxiv, monkeypatch: pytest.MonkeyPatch) -> FakeArxiv:
    monkeypatch.setenv("PAPERBRIEF_OPENALEX_URL", f"{fake_arxiv.url}/openalex")
    monkeypatch.setenv("OPENALEX_API_KEY", SECRET)
    fake_arxiv.openalex = {
        "10.48550/arxiv.2601.00003": work("Bare: No Affiliations Anywhere", "ETH Zurich", "ETH Zurich", "EPFL"),
        "10.1000/other": work("Given: A Paper From JSONL", "Stanford University"),
        "10.1000/namesake": work("Given: A Paper From JSONL, Part Two", "Wrong University"),
    }
    return fake_arxiv


def jsonl(tmp_path: Path, *records: dict[str, object]) -> str:
    path = tmp_path / "p.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return str(path)


def test_missing_institutions_come_from_openalex_by_doi_or_exact_title(openalex: FakeArxiv, tmp_path: Path) -> None:
    openalex.papers.append(
        FakePaper("2601.00003", 1, "Bare: No Affiliations Anywhere", "We do X. It works.", ["A"], [])
    )
    records = [
        {"title": "Given: A Paper from JSONL", "abstract": "We do Y. It works."},
        {"title": "Unknown To OpenAlex", "abstract": "We do Z. It works."},
        {"title": "Has Its Own", "abstract": "We do W.", "institutions": ["MIT"]},
    ]
    options = pipeline.Options(jobs=1, stop_after=Stage.ENRICH, enrich=["openalex"])
    report = pipeline.run(["2601.00003", jsonl(tmp_path, *records)], options)
    by_title = {p.title: p for p in report.papers}
    bare = by_title["Bare: No Affiliations Anywhere"]
    assert bare.institutions == ["ETH Zurich", "EPFL"] and bare.provenance["institutions"] == "openalex"
    assert by_title["Given: A Paper from JSONL"].institutions == ["Stanford University"]  # not its namesake
    assert by_title["Unknown To OpenAlex"].institutions == []
    assert by_title["Has Its Own"].provenance["institutions"] == "jsonl"
    hits = openalex.requests("/openalex")
    assert all(h.query["api_key"] == [SECRET] for h in hits)
    assert len(hits) == 3  # the paper with institutions is not looked up
    pipeline.run(["2601.00003", jsonl(tmp_path, *records)], options)
    assert len(openalex.requests("/openalex")) == 3  # cached


def test_enrichment_is_off_by_default(openalex: FakeArxiv, tmp_path: Path) -> None:
    pipeline.run([jsonl(tmp_path, {"title": "Given: A Paper From JSONL", "abstract": "Y."})], pipeline.Options(jobs=1))
    assert openalex.requests("/openalex") == []


def test_a_failing_openalex_is_a_warning_that_never_shows_the_key(openalex: FakeArxiv, tmp_path: Path) -> None:
    openalex.openalex_status = 403
    options = pipeline.Options(jobs=1, stop_after=Stage.ENRICH, enrich=["openalex"])
    [paper] = pipeline.run([jsonl(tmp_path, {"title": "Given: A Paper From JSONL", "abstract": "Y."})], options).papers
    assert paper.failed is False
    [warning] = [w.message for w in paper.warnings if w.code == Code.ENRICH_FAILED]
    assert "HTTP 403" in warning and SECRET not in warning


def test_busy_openalex_is_retried_with_backoff(isolated_env: Path) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json={"results": [work("T", "Tsinghua University")]})])
    waits: list[float] = []
    transports = Transports(sync=httpx.MockTransport(lambda request: next(answers)))
    with Store() as store:
        client = OpenAlex(store, Settings(api_key=SECRET), transports=transports, sleep=waits.append)
        paper = Paper(source="x", title="T")
        client.enrich(paper)
    assert paper.institutions == ["Tsinghua University"]
    assert 1.5 <= max(waits) <= 3.0  # no Retry-After: backoff from 3 s, less up to half at random
    assert SECRET not in repr(client.settings)


def test_a_busy_openalex_server_waits_as_told(openalex: FakeArxiv, tmp_path: Path) -> None:
    openalex.throttle, openalex.throttle_status, openalex.retry_after = 1, 503, "4"
    waits: list[float] = []
    with Store() as store:
        client = OpenAlex(store, sleep=waits.append)
        paper = Paper(source="x", title="Given: A Paper From JSONL")
        client.enrich(paper)
    assert paper.institutions == ["Stanford University"]
    assert 4.0 in waits and len(openalex.requests("/openalex")) == 2


def test_an_unreachable_openalex_is_one_warning_per_paper_after_one_pause(isolated_env: Path) -> None:
    waits: list[float] = []
    with Store() as store:
        client = OpenAlex(store, Settings(url="http://127.0.0.1:9", api_key=SECRET), sleep=waits.append)
        papers = [Paper(source=f"p{i}", title=f"Title {i}") for i in range(3)]
        for paper in papers:
            client.enrich(paper)
    assert 1.0 in waits and sum(waits) < 1.5  # a single retry, then no more waiting
    for paper in papers:
        [warning] = [w.message for w in paper.warnings if w.code == Code.ENRICH_FAILED]
        assert warning.startswith("OpenAlex lookup failed: cannot reach 127.0.0.1:9 (")
        assert warning.endswith("check your network connection or PAPERBRIEF_OPENALEX_URL")
        assert SECRET not in warning
