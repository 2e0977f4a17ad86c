"""A local stand-in for the arXiv API and PDF service, on 127.0.0.1 in a thread.

The Atom it serves follows the arXiv API user manual (https://info.arxiv.org/help/api/user-manual.html):
a `feed` with `opensearch:totalResults/startIndex/itemsPerPage`, one `entry` per paper with versioned
`id`, `published`, `updated`, `title`, `summary`, `author/name` (and `arxiv:affiliation` when known),
`arxiv:comment`, `link rel="alternate"`, `link title="pdf"`, `arxiv:primary_category` and `category`;
a malformed id yields a single error entry titled "Error". PDFs are made with PyMuPDF and carry a title,
authors, affiliations, an abstract and arXiv's rotated margin stamp. `search_query` understands
`field:value` terms joined by AND, a parenthesised group of terms joined by OR, and
`submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]` (GMT, both ends included). Listing feeds are served at
`/rss/<cat>` and `/atom/<cat>` from `feeds` (key "rss/cs.AI"), as the test wrote them.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse
from xml.sax.saxutils import escape

import pymupdf

ATOM_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <link href="http://arxiv.org/api/query" rel="self" type="application/atom+xml"/>
  <title type="html">ArXiv Query</title>
  <id>http://arxiv.org/api/fake</id>
  <updated>2025-09-23T00:00:00-04:00</updated>
  <opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{total}</opensearch:totalResults>
  <opensearch:startIndex xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{start}</opensearch:startIndex>
  <opensearch:itemsPerPage xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">{per_page}</opensearch:itemsPerPage>
"""

ERROR_ENTRY = """  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_{bad}</id>
    <title>Error</title>
    <summary>incorrect id format for {bad}</summary>
    <updated>2025-09-23T00:00:00-04:00</updated>
    <link href="http://arxiv.org/api/errors#incorrect_id_format_for_{bad}" rel="alternate" type="text/html"/>
    <author>
      <name>arXiv api core</name>
    </author>
  </entry>
"""

ID_SYNTAX = re.compile(r"(\d{4}\.\d{4,5}|[a-z\-]+/\d{7})(v\d+)?")


@dataclass
class FakePaper:
    base: str
    version: int
    title: str
    abstract: str
    authors: list[str]
    pdf_affiliations: list[str]
    api_affiliations: dict[str, str] = field(default_factory=dict)
    categories: list[str] = field(default_factory=lambda: ["cs.LG"])
    comment: str = "12 pages, 3 figures"
    published: str = "2025-09-15T17:59:59Z"
    has_pdf: bool = True
    stamp: bool = True  # arXiv's rotated id in the left margin of the PDF

    @property
    def id(self) -> str:
        return f"{self.base}v{self.version}"

    def atom(self, host: str) -> str:
        authors = "".join(
            "    <author>\n"
            f"      <name>{escape(name)}</name>\n"
            + (
                f'      <arxiv:affiliation xmlns:arxiv="http://arxiv.org/schemas/atom">{escape(aff)}</arxiv:affiliation>\n'
                if (aff := self.api_affiliations.get(name))
                else ""
            )
            + "    </author>\n"
            for name in self.authors
        )
        categories = "".join(
            f'    <category term="{c}" scheme="http://arxiv.org/schemas/atom"/>\n' for c in self.categories
        )
        pdf = f'    <link title="pdf" href="{host}/pdf/{self.id}" rel="related" type="application/pdf"/>\n'
        return (
            "  <entry>\n"
            f"    <id>http://arxiv.org/abs/{self.id}</id>\n"
            f"    <updated>2025-09-{15 + self.version}T10:00:00Z</updated>\n"
            f"    <published>{self.published}</published>\n"
            f"    <title>{escape(self.title)}</title>\n"
            f"    <summary>  {escape(self.abstract)}\n</summary>\n"
            f"{authors}"
            f'    <arxiv:comment xmlns:arxiv="http://arxiv.org/schemas/atom">{escape(self.comment)}</arxiv:comment>\n'
            f'    <link href="http://arxiv.org/abs/{self.id}" rel="alternate" type="text/html"/>\n'
            f"{pdf if self.has_pdf else ''}"
            f'    <arxiv:primary_category xmlns:arxiv="http://arxiv.org/schemas/atom" term="{self.categories[0]}" '
            'scheme="http://arxiv.org/schemas/atom"/>\n'
            f"{categories}"
            "  </entry>\n"
        )

    def pdf(self) -> bytes:
        """A one-page paper laid out like an arXiv preprint, with the margin stamp."""
        doc = pymupdf.open()
        page = doc.new_page(width=612, height=792)
        y = 90.0
        page.insert_text((72, y), self.title, fontsize=16, fontname="helvetica-bold")
        y += 30
        page.insert_text((72, y), ", ".join(self.authors), fontsize=11)
        for affiliation in self.pdf_affiliations:
            y += 15
            page.insert_text((72, y), affiliation, fontsize=9, fontname="helvetica-oblique")
        y += 35
        page.insert_text((280, y), "Abstract", fontsize=12, fontname="helvetica-bold")
        y += 8
        box = pymupdf.Rect(72, y, 540, y + 200)
        page.insert_textbox(box, self.abstract, fontsize=10)
        page.insert_text((72, 700), "1 Introduction", fontsize=12, fontname="helvetica-bold")
        if self.stamp:
            stamp = f"arXiv:{self.id}  [{self.categories[0]}]  15 Sep 2025"
            page.insert_text((30, 600), stamp, fontsize=18, rotate=90, color=(0.5, 0.5, 0.5))
        data: bytes = doc.tobytes()
        doc.close()
        return data


def sample_papers() -> list[FakePaper]:
    """Two versions of one paper, an old-style id with a subject class, a withdrawn v2, and a few more."""

    def make(base: str, version: int, title: str, **extra: object) -> FakePaper:
        topic = title.split(":")[0]
        defaults: dict[str, object] = {
            "abstract": f"Serving large models is slow. We propose {topic}, a method for faster inference. "
            f"{topic} reduces latency by 2.1x on standard benchmarks.",
            "authors": ["Ann Lee", "Bo Wu"],
            "pdf_affiliations": ["Tsinghua University", "Columbia University"],
        }
        return FakePaper(base, version, title, **{**defaults, **extra})  # type: ignore[arg-type]

    return [
        make("2509.12211", 1, "FastSpec: Speculative Decoding at Scale"),
        make("2509.12211", 2, "FastSpec: Speculative Decoding at Scale, Revised"),
        make(
            "2509.13848",
            1,
            "KVTrim: Cache Pruning for Long Contexts",
            api_affiliations={"Ann Lee": "Peking University"},
            categories=["cs.CL", "cs.LG"],
        ),
        make("hep-th/9901001", 1, "Strings on a Lattice", categories=["hep-th"]),
        make("math/0309136", 1, "Knots and Their Quantum Invariants", categories=["math.GT"]),
        make("2401.00001", 1, "RetractNet: A Method Later Withdrawn"),
        make(
            "2401.00001",
            2,
            "RetractNet: A Method Later Withdrawn",
            comment="This paper has been withdrawn by the author due to an error in Table 2",
            has_pdf=False,
        ),
        *(make(f"2510.0{n:04d}", 1, f"Batcher{n}: Throughput Tricks Number {n}") for n in range(1, 6)),
    ]


def matches(paper: FakePaper, term: str) -> bool:
    """`field:value` (value quoted or bare) as a case-insensitive substring, or a `submittedDate:[A TO B]` range."""
    window = re.fullmatch(r"submittedDate:\[(\d{12}) TO (\d{12})\]", term.strip())
    if window:
        submitted = re.sub(r"\D", "", paper.published)[:12]
        return window[1] <= submitted <= window[2]
    parsed = re.fullmatch(r'(\w+):"?(.*?)"?', term.strip())
    if parsed is None:
        return False
    by_name = {
        "ti": paper.title,
        "abs": paper.abstract,
        "au": " ".join(paper.authors),
        "cat": " ".join(paper.categories),
    }
    return parsed[2].lower() in by_name.get(parsed[1], f"{paper.title} {paper.abstract}").lower()


@dataclass
class Hit:
    path: str
    query: dict[str, list[str]]
    at: float


class FakeArxiv:
    """The server. `throttle` answers the next N requests with `throttle_status` (429, or 503 as arXiv does when
    busy) and `Retry-After: retry_after`."""

    def __init__(self, papers: list[FakePaper] | None = None, clock: Callable[[], float] | None = None) -> None:
        self.papers = papers if papers is not None else sample_papers()
        self.clock = clock
        self.hits: list[Hit] = []
        self.throttle = 0
        self.throttle_status = 429
        self.retry_after = "1"
        self.openalex: dict[str, dict[str, object]] = {}  # lower-case DOI -> work
        self.openalex_status = 200
        self.feeds: dict[str, bytes] = {}  # "rss/cs.AI" -> the feed served at /rss/cs.AI
        self.pdf_bodies: dict[str, tuple[str, bytes]] = {}  # "2509.12211v1" -> (content type, body) served instead
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    def __enter__(self) -> FakeArxiv:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/query"

    @property
    def pdf_url(self) -> str:
        return f"{self.url}/pdf"

    def requests(self, path: str = "") -> list[Hit]:
        return [h for h in self.hits if h.path.startswith(path)]

    # ------------------------------------------------------------------------------------------ answers

    def latest(self, base: str) -> FakePaper | None:
        versions = [p for p in self.papers if p.base == base]
        return max(versions, key=lambda p: p.version) if versions else None

    def lookup(self, given: str) -> FakePaper | None:
        match = ID_SYNTAX.fullmatch(given)
        assert match is not None
        if match[2]:
            return next((p for p in self.papers if p.id == given), None)
        return self.latest(match[1])

    def search(self, query: str) -> list[FakePaper]:
        """Terms joined by AND, each a group of terms joined by OR or one term; see `matches`."""
        groups = [term.strip().removeprefix("(").removesuffix(")").split(" OR ") for term in query.split(" AND ")]
        latest = [p for p in self.papers if self.latest(p.base) is p]
        return [p for p in latest if all(any(matches(p, term) for term in group) for group in groups)]

    def feed(self, params: dict[str, list[str]]) -> str:
        start = int(params.get("start", ["0"])[0])
        per_page = int(params.get("max_results", ["10"])[0])
        ids = [i for i in params.get("id_list", [""])[0].split(",") if i]
        bad = [i for i in ids if not ID_SYNTAX.fullmatch(i)]
        if bad:
            return ATOM_HEAD.format(total=1, start=0, per_page=1) + ERROR_ENTRY.format(bad=bad[0]) + "</feed>\n"
        if ids:
            found = [p for i in ids if (p := self.lookup(i)) is not None]
        else:
            found = self.search(params.get("search_query", [""])[0])
            if params.get("sortBy", ["relevance"])[0] == "submittedDate":
                found.sort(key=lambda p: p.base, reverse=True)
        page = found[start : start + per_page]
        entries = "".join(p.atom(self.url) for p in page)
        return ATOM_HEAD.format(total=len(found), start=start, per_page=len(page)) + entries + "</feed>\n"

    def listing_feed(self, name: str) -> tuple[int, bytes, str]:
        """The answer to `/rss/<cat>` or `/atom/<cat>`: the feed the test put in `feeds`, else not found."""
        if name in self.feeds:
            return 200, self.feeds[name], "application/xml; charset=utf-8"
        return 404, b"not found", "text/plain"

    def pdf_answer(self, given: str) -> tuple[int, bytes, str]:
        """The answer to `/pdf/<id>`: what the test put in `pdf_bodies` (an HTML page, half a file), the paper's
        PDF, or not found."""
        if given in self.pdf_bodies:
            kind, body = self.pdf_bodies[given]
            return 200, body, kind
        paper = self.lookup(given) if ID_SYNTAX.fullmatch(given) else None
        if paper is None or not paper.has_pdf:
            return 404, b"no such PDF", "text/plain"
        return 200, paper.pdf(), "application/pdf"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                url = urlparse(self.path)
                params = parse_qs(url.query)
                fake.hits.append(Hit(url.path, params, fake.clock() if fake.clock else 0.0))
                if fake.throttle > 0:
                    fake.throttle -= 1
                    headers = {"Retry-After": fake.retry_after}
                    self._send(fake.throttle_status, b"Rate exceeded.", "text/plain", headers)
                elif url.path == "/api/query":
                    self._send(200, fake.feed(params).encode(), "application/atom+xml; charset=utf-8")
                elif url.path.startswith("/pdf/"):
                    self._pdf(url.path[len("/pdf/") :].removesuffix(".pdf"))
                elif url.path.startswith("/openalex/works"):
                    self._openalex(url.path[len("/openalex/works") :], params)
                else:
                    self._send(*fake.listing_feed(url.path.lstrip("/")))

            def _pdf(self, given: str) -> None:
                self._send(*fake.pdf_answer(given))

            def _openalex(self, rest: str, params: dict[str, list[str]]) -> None:
                """Works by `/doi:…` (404 when unknown) or `?search=` over titles, as the OpenAlex API answers."""
                if fake.openalex_status != 200:
                    self._send(fake.openalex_status, b"{}", "application/json")
                    return
                if rest.startswith("/doi:"):
                    work = fake.openalex.get(rest[len("/doi:") :].lower())
                    body = json.dumps(work).encode() if work else b'{"error": "not found"}'
                    self._send(200 if work else 404, body, "application/json")
                    return
                words = params.get("search", [""])[0].lower().split()
                hits = [w for w in fake.openalex.values() if all(x in str(w["title"]).lower() for x in words)]
                self._send(
                    200, json.dumps({"meta": {"count": len(hits)}, "results": hits}).encode(), "application/json"
                )

            def _send(self, status: int, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: the tests read `fake.hits` instead."""

        return Handler
