"""A folder: every PDF below it, recursively and sorted; symlinked folders are not followed, so loops cannot
trap us. Each PDF is named by its path inside the folder, under the folder's label."""

from __future__ import annotations

import os
from collections.abc import Iterator

from ..models import Paper
from .base import Given, InputKind, one_at_a_time
from .pdf import pdf_paper


def claims(given: Given) -> bool:
    return given.path is not None and given.path.is_dir()


def read_given(given: Given) -> Iterator[Paper]:
    assert given.path is not None
    found: list[str] = []
    for root, dirs, files in os.walk(given.path):
        dirs.sort()
        found.extend(os.path.join(root, f) for f in sorted(files) if f.lower().endswith(".pdf"))
    if not found:
        yield Paper(source=given.label, error="no PDF files found in this folder")
    for pdf in found:
        yield pdf_paper(pdf, os.path.normpath(os.path.join(given.label, os.path.relpath(pdf, given.path))))


KIND = InputKind("folder", claims, one_at_a_time(read_given))
