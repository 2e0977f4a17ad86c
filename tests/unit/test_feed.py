"""arXiv's RSS and Atom listing feeds, from feeds written here in the layout of arXiv's feed specification."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperbrief.sources import Given, kind_of, read_inputs
from paperbrief.sources.feed import parse_feed

NAMESPACES = (
    'xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:atom="http://www.w3.org/2005/Atom"'
)


def rss_item(arxiv_id: str, kind: str, title: str, creators: str = "Ann Lee, Bo Wu", day: str = "Mon, 15 Sep") -> str:
    base = arxiv_id.split("v")[0]
    return f"""<item>
      <title>{title}</title>
      <link>https://arxiv.org/abs/{base}</link>
      <description>arXiv:{arxiv_id} Announce Type: {kind}
Abstract: We make {title} faster.
  It works.</description>
      <guid isPermaLink="false">oai:arXiv.org:{arxiv_id}</guid>
      <category>cs.AI</category>
      <category>cs.CL</category>
      <pubDate>{day} 2025 00:00:00 -0400</pubDate>
      <arxiv:announce_type>{kind}</arxiv:announce_type>
      <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
      <dc:creator>{creators}</dc:creator>
    </item>"""


def rss(*items: str) -> bytes:
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<rss {NAMESPACES} version="2.0">
  <channel>
    <title>cs.AI updates on arXiv.org</title>
    <link>http://rss.arxiv.org/rss/cs.AI</link>
    <lastBuildDate>Mon, 15 Sep 2025 04:30:00 +0000</lastBuildDate>
    <pubDate>Mon, 15 Sep 2025 00:00:00 -0400</pubDate>
    {"".join(items)}
  </channel>
</rss>
""".encode()


def atom(*entries: str) -> bytes:
    return f"""<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom" {NAMESPACES.replace(' xmlns:atom="http://www.w3.org/2005/Atom"', "")}>
  <id>http://rss.arxiv.org/atom/cs.AI</id>
  <title>cs.AI updates on arXiv.org</title>
  <updated>2025-09-15T04:30:00.000000+00:00</updated>
  {"".join(entries)}
</feed>
""".encode()


def atom_entry(arxiv_id: str, kind: str, title: str) -> str:
    return f"""<entry>
    <id>oai:arXiv.org:{arxiv_id}</id>
    <title>{title}</title>
    <updated>2025-09-15T04:30:00.000000+00:00</updated>
    <link href="https://arxiv.org/abs/{arxiv_id.split("v")[0]}" rel="alternate" type="text/html"/>
    <summary>arXiv:{arxiv_id} Announce Type: {kind}
Abstract: An Atom abstract.</summary>
    <category term="cs.AI" scheme="http://arxiv.org/schemas/atom"/>
    <category term="cs.LG" scheme="http://arxiv.org/schemas/atom"/>
    <published>2025-09-16T00:00:00-04:00</published>
    <arxiv:announce_type>{kind}</arxiv:announce_type>
    <dc:rights>http://creativecommons.org/licenses/by/4.0/</dc:rights>
    <dc:creator>Carl M\\"uller, Dan (MIT) Ek</dc:creator>
  </entry>"""


def test_rss_items_map_onto_papers_with_their_section() -> None:
    content = rss(
        rss_item("2509.12345v1", "new", "KVTrim: Cache Pruning with $4\\times$ Less Memory"),
        rss_item("2509.22222v1", "cross", "Cross One"),
        rss_item("2401.00001v3", "replace", "Old One"),
        rss_item("2401.00002v2", "replace-cross", "Old Cross", day="Tue, 16 Sep"),
    )
    papers = parse_feed(content, "cs.AI.rss")
    assert [(p.source, p.arxiv_id, p.section) for p in papers] == [
        ("cs.AI.rss#2509.12345", "2509.12345v1", "new"),
        ("cs.AI.rss#2509.22222", "2509.22222v1", "cross"),
        ("cs.AI.rss#2401.00001", "2401.00001v3", "replaced"),
        ("cs.AI.rss#2401.00002", "2401.00002v2", "replaced"),
    ]
    first = papers[0]
    assert first.title == "KVTrim: Cache Pruning with 4× Less Memory"
    assert first.abstract == "We make KVTrim: Cache Pruning with $4\\times$ Less Memory faster. It works."
    assert first.authors == ["Ann Lee", "Bo Wu"]
    assert first.categories == ["cs.AI", "cs.CL"]
    assert first.url == "https://arxiv.org/abs/2509.12345"
    assert first.published is None  # a feed gives the announcement's day, not the submission's
    assert [p.listing_date for p in papers] == ["2025-09-15"] * 3 + ["2025-09-16"]
    assert set(first.provenance.values()) == {"listing"} and "title" in first.provenance
    assert all(p.error is None and not p.warnings for p in papers)


def test_atom_entries_map_onto_papers() -> None:
    [paper] = parse_feed(atom(atom_entry("2509.33333v2", "replace-cross", "Atom Paper")), "cs.AI.atom")
    assert (paper.source, paper.arxiv_id, paper.section) == ("cs.AI.atom#2509.33333", "2509.33333v2", "replaced")
    assert paper.title == "Atom Paper"
    assert paper.abstract == "An Atom abstract."
    assert paper.authors == ["Carl Müller", "Dan Ek"]
    assert paper.categories == ["cs.AI", "cs.LG"]
    assert paper.listing_date == "2025-09-16"  # the entry's announcement, not the feed's build time


def test_an_item_without_an_id_or_title_fails_alone() -> None:
    broken = rss_item("2509.12345v1", "new", "Fine").replace("arXiv:2509.12345v1", "arXiv:garbage")
    broken = broken.replace("oai:arXiv.org:2509.12345v1", "x").replace("https://arxiv.org/abs/2509.12345", "x")
    untitled = rss_item("2509.44444v1", "new", "")
    papers = parse_feed(rss(rss_item("2509.11111v1", "new", "Good"), broken, untitled), "f.xml")
    assert [(p.source, p.error) for p in papers] == [
        ("f.xml#2509.11111", None),
        ("f.xml#2", "item 2 has no arXiv id: the feed is garbled"),
        ("f.xml#2509.44444", "item has no title"),
    ]


def test_an_unknown_announce_type_leaves_the_section_open() -> None:
    [paper] = parse_feed(rss(rss_item("2509.12345v1", "mystery", "T")), "f")
    assert paper.error is None and paper.section is None


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"<html><body>Rate exceeded.</body></html", "not an RSS or Atom feed: the file is not XML"),
        (b"<?xml version='1.0'?><opml version='2.0'><body/></opml>", "XML, but not an RSS or Atom feed"),
        (b"not xml at all", "not an RSS or Atom feed: the file is not XML"),
        (rss(), "the feed lists no papers"),
    ],
)
def test_a_feed_that_cannot_be_read_fails_with_a_clear_reason(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "cs.AI.xml"
    path.write_bytes(content)
    [paper] = read_inputs([str(path)])
    assert paper.source == "cs.AI.xml"
    assert (paper.error or "").startswith(reason)


def test_a_feed_is_recognised_by_its_content_and_never_as_a_pdf_or_jsonl(tmp_path: Path) -> None:
    for name, content in (("saved", rss(rss_item("2509.1v1", "new", "T"))), ("x.pdf", atom()), ("f.jsonl", rss())):
        (tmp_path / name).write_bytes(content)
        kind = kind_of(Given.of(str(tmp_path / name)))
        assert kind is not None and kind.name == "feed", name
    for url in (
        "https://rss.arxiv.org/rss/cs.AI",
        "http://export.arxiv.org/rss/cs.AI+cs.CL",
        "https://rss.arxiv.org/atom/cs",
    ):
        kind = kind_of(Given.of(url))
        assert kind is not None and kind.name == "feed", url
