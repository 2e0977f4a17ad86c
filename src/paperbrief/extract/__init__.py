"""The extract stage: header fields from a PDF (title, authors, affiliations, abstract, arXiv id), each
with a confidence.

`extract_pdf` reads one file; `extract_all` reads many in worker processes (`paperbrief.workers`) with a
time limit per file and a memory cap per worker, so one pathological PDF cannot stall or exhaust a batch.
The parts live beside this module: `layout` (spans, lines, pages, reading order), `opening` (opening a file
and the reasons it cannot be read), `title`, `authors` (authors and affiliations), `abstract` (abstract and
body text), and `header`, which puts them together. Importing the stage does not import PyMuPDF: the
process that parses PDFs does, at its first file.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator, Sequence

from .. import workers
from ..errors import ExtractionError
from ..models import Paper
from .opening import too_big

__all__ = ["extract_all", "extract_pdf"]

# A worker may map this much memory (address space; it maps about 0.14 GB before reading a file, at most
# 0.15 GB over the corpus): a pathological PDF fails on its own instead of taking the machine down.
WORKER_MEMORY = 2 * 2**30
# The module that imports PyMuPDF and every part: workers fork with it loaded.
_PARSER = "paperbrief.extract.header"


def extract_pdf(path: str | os.PathLike[str], *, max_pages: int = 3) -> Paper:
    """Read the header fields of one PDF. Raises `ExtractionError` when the file cannot be read.

    `institutions` holds the affiliation text as found, footnote markers shown as ∗ between affiliations;
    the institutions stage (`paperbrief.institutions.clean_institutions`) makes organisation names of it.
    PyMuPDF's quad corrections are switched off in this process (see `opening.open_pdf`).
    """
    from .header import read_pdf  # PyMuPDF with it: only a process that parses PDFs pays for the import

    return read_pdf(str(path), max_pages)


def extract_all(
    paths: Sequence[str],
    *,
    jobs: int | None = None,
    timeout: float = 30.0,
    memory: int | None = WORKER_MEMORY,
    extractor: Callable[[str], Paper] | None = None,
) -> Iterator[Paper]:
    """Extract many PDFs; yields one `Paper` per path, in input order, never raising for a bad file.

    Each file runs in one of `jobs` worker processes (`None`: every core), even with `jobs=1`, because
    only a process can be stopped: a file taking longer than `timeout` seconds gets its worker terminated
    and replaced, and a worker may map at most `memory` bytes (`None`: no cap); either way the file
    becomes a `Paper` with `error` set. At most a few files per worker are in flight or waiting to be
    yielded, so memory stays bounded for any number of paths. `extractor` replaces `extract_pdf` (a
    picklable, module-level function taking a path), for tests and other front ends.
    """
    func = functools.partial(_guarded, extractor or extract_pdf)
    results = workers.run(func, paths, jobs=jobs, timeout=timeout, memory=memory, preload=[_PARSER])
    for index, result in workers.in_order(results):
        if isinstance(result, workers.Failure):
            yield Paper(source=paths[index], error=_reason(result, timeout))
        else:
            yield result


def _guarded(func: Callable[[str], Paper], path: str) -> Paper:
    """`func(path)` in the worker, with the failures that have a reason of their own recorded on the paper
    (any other exception comes back from the pool as a `Failure`)."""
    try:
        return func(path)
    except ExtractionError as exc:
        return Paper(source=path, error=str(exc))
    except MemoryError:
        return Paper(source=path, error=too_big())  # here, in the worker: its own memory cap is the one named


def _reason(failure: workers.Failure, timeout: float) -> str:
    if failure.why == workers.Failed.TIMED_OUT:
        return f"extraction timed out after {timeout:g} s: raise --file-timeout or leave the file out"
    if failure.why == workers.Failed.CRASHED:
        return "extraction crashed the worker process: the PDF is probably damaged; download it again"
    return f"extraction failed: {failure.error}"
