"""What every input kind shares: the input as given, sniffed once, and how a local file is named and checked."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..models import Paper

if TYPE_CHECKING:
    from ..context import Context

HEAD_BYTES = 4096


@dataclass(frozen=True)
class Given:
    """One input: the text as the user gave it, its path when it exists on disk (a path always wins over an id
    that looks the same), and the first bytes of a regular file, so kinds can recognise it by content."""

    text: str
    path: Path | None = None
    head: bytes = b""
    query: bool = False  # an arXiv API query from the options, not a path or id

    @classmethod
    def of(cls, text: str) -> Given:
        if not os.path.lexists(text):
            return cls(text)
        path = Path(text)
        return cls(text, path, _head(path))

    @property
    def suffix(self) -> str:
        return self.path.suffix.lower() if self.path else ""

    @property
    def label(self) -> str:
        return label(self.path) if self.path else self.text


Reader = Callable[[Sequence["Given"], "Context"], Iterator[list[Paper]]]


@dataclass(frozen=True)
class InputKind:
    """An input kind: what it recognises, and how it reads all its inputs of a run at once (so arXiv ids can
    share requests), yielding one list of papers per input, in order."""

    name: str
    claims: Callable[[Given], bool]
    read: Reader


def one_at_a_time(
    read_one: Callable[[Given], Iterator[Paper]],
) -> Callable[[Sequence[Given], Context], Iterator[list[Paper]]]:
    """A kind's `read` for inputs that need nothing from each other or from the run."""

    def read(givens: Sequence[Given], context: Context) -> Iterator[list[Paper]]:
        for given in givens:
            yield list(read_one(given))

    return read


def _head(path: Path) -> bytes:
    """The first bytes of a regular, readable file; nothing for folders, pipes (which would block) or errors."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""
        with path.open("rb") as f:
            return f.read(HEAD_BYTES)
    except OSError:
        return b""


def label(path: Path) -> str:
    """How reports name a local input: as given when relative, by its own name when absolute, so that a report
    never shows where on the user's disk (e.g. in which home folder) the papers live."""
    return path.name if path.is_absolute() else str(path)


def unreadable(path: str) -> str | None:
    """Why `path` cannot be read as a file, or None. Checked before reading because opening a pipe would
    block forever, and a broken link or a missing permission each need their own advice."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        if os.path.islink(path):
            return "broken symbolic link: its target does not exist; fix or remove the link"
        return "file not found: check the path"
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop: the link points back to itself; fix or remove the link"
        return f"cannot read the file ({exc.strerror}): check that it exists and is accessible"
    if not stat.S_ISREG(mode):
        return "not a regular file (a pipe, socket or device): give the file itself"
    if not os.access(path, os.R_OK):
        return "permission denied: make the file readable (chmod +r) or leave it out"
    return None


def failed(given: Given, reason: str) -> Iterator[Paper]:
    yield Paper(source=given.label, error=reason)
