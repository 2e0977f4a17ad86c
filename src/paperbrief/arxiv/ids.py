"""arXiv identifiers: every form arXiv documents, parsed in one place (inputs, listings, PDF stamps, dedup)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION = r"(?:v(?P<version>[1-9]\d*))?"
_NEW_ID = re.compile(rf"(?P<base>\d{{4}}\.\d{{4,5}}){_VERSION}")
# Old style: archive[.SUBJECT-CLASS]/YYMMNNN. The subject class is not part of the identifier, so it is dropped.
_OLD_ID = re.compile(rf"(?P<archive>[a-z][a-z\-]*[a-z])(?:\.[A-Z]{{2}})?/(?P<number>\d{{7}}){_VERSION}")
_URL_PREFIX = re.compile(r"^(?:https?://)?(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/", re.IGNORECASE)


@dataclass(frozen=True)
class ArxivId:
    """An arXiv identifier: `base` such as `2509.12211` or `hep-th/9901001`, and a version when one was given."""

    base: str
    version: int | None = None

    def __str__(self) -> str:
        return f"{self.base}v{self.version}" if self.version else self.base

    def matches(self, other: ArxivId) -> bool:
        """Same paper, and the same version when this id names one."""
        return self.base == other.base and (self.version is None or self.version == other.version)


def _new_id(text: str) -> ArxivId | None:
    new = _NEW_ID.fullmatch(text)
    return ArxivId(new["base"], int(new["version"]) if new["version"] else None) if new else None


def parse_id(text: str) -> ArxivId | None:
    """The arXiv id in `text` (bare, `arXiv:`-prefixed, or an abs/pdf URL), or None when it is not one."""
    alone = _new_id(text)  # the id alone, as listings and papers hold it: nothing to take off first
    if alone:
        return alone
    rest = text.strip()
    if rest.lower().startswith("arxiv:"):
        rest = rest[len("arxiv:") :]
    else:
        rest = _URL_PREFIX.sub("", rest, count=1)
        rest = rest.split("?", 1)[0].split("#", 1)[0].rstrip("/")
        rest = rest[: -len(".pdf")] if rest.lower().endswith(".pdf") else rest
    new = _new_id(rest)
    if new:
        return new
    old = _OLD_ID.fullmatch(rest)
    if old:
        return ArxivId(f"{old['archive']}/{old['number']}", int(old["version"]) if old["version"] else None)
    return None


# The stamp arXiv prints in a PDF's margin, or a mention in running text: "arXiv:2509.12211v2 [cs.CV] 15 Sep 2025".
_STAMPED = re.compile(
    r"arXiv\s*:\s*(?:(?P<new>\d{4}\.\d{4,5})|(?P<old>[a-z][a-z.\-]+/\d{7}))(?:v(?P<version>[1-9]\d*))?", re.IGNORECASE
)


def find_stamped_id(text: str) -> ArxivId | None:
    """The first `arXiv:<id>` written in `text`, or None."""
    match = _STAMPED.search(text)
    if match is None:
        return None
    return parse_id(f"{match['new'] or match['old']}{'v' + match['version'] if match['version'] else ''}")
