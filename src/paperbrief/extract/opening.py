"""Opening a PDF, and the reasons a file cannot be read: missing, empty, a web page, damaged, encrypted,
without text, or too big for the worker's memory.

Failure reasons say what to do: they reach the user as they are. MuPDF's own text is never quoted (it
holds the absolute path and means nothing to a reader).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import ExtractionError
from ..workers import memory_limit

_DAMAGED = "damaged PDF (MuPDF cannot open it): download the file again or repair it (e.g. qpdf --replace-input)"
_DAMAGED_INSIDE = "damaged PDF (MuPDF failed while reading it): download the file again or repair it (e.g. qpdf)"
SCANNED = "no text layer: the PDF is a scanned image; run OCR on it first (e.g. ocrmypdf in.pdf out.pdf)"
# MuPDF reports a failed allocation as a RuntimeError "code=2: malloc (N bytes) failed"
_OUT_OF_MEMORY = re.compile(r"\b(?:malloc|realloc|calloc)\b.*\bfailed|out of memory", re.IGNORECASE)
_HTML_HEAD = re.compile(rb"<!doctype\s+html|<html", re.IGNORECASE)


def open_pdf(path: str) -> Any:
    """The open PyMuPDF document, or `ExtractionError` saying why there is none."""
    _check_head(path)
    # Imported here, not with the stage: only a process that parses PDFs pays for PyMuPDF.
    import pymupdf

    fitz: Any = pymupdf  # its annotations are partial; through Any, strict typing stays on for our code
    # Line boxes from a fixed ascender and descender (0.8 and -0.2 em), not from each font's own: the layout
    # rules were tuned on them (PyMuPDF 2.0's pymupdf4llm, imported with it, switched this on for everyone).
    fitz.TOOLS.unset_quad_corrections(True)
    try:
        doc = fitz.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF raises its own types; every one means the bytes are unusable
        raise ExtractionError(_DAMAGED) from exc
    if doc.needs_pass:
        doc.close()
        raise ExtractionError(
            "encrypted PDF: it needs a password to open; save an unencrypted copy (e.g. qpdf --decrypt) and try again"
        )
    if doc.page_count == 0:
        doc.close()
        raise ExtractionError("damaged PDF: it has no pages; download the file again")
    return doc


def _check_head(path: str) -> None:
    """The file exists, is readable and starts like a PDF: named failures before MuPDF sees it."""
    try:
        with open(path, "rb") as f:
            head = f.read(1024)
    except FileNotFoundError as exc:
        raise ExtractionError("file not found: check the path") from exc
    except PermissionError as exc:
        raise ExtractionError("permission denied: make the file readable (chmod +r) or leave it out") from exc
    except OSError as exc:
        raise ExtractionError(f"cannot read the file ({exc.strerror or exc}): check it or leave it out") from exc
    if not head:
        raise ExtractionError("the file is empty (0 bytes): download or export it again")
    if b"%PDF" not in head:
        if _HTML_HEAD.search(head):
            raise ExtractionError("not a PDF but a web page (HTML) saved with a .pdf name: download the PDF itself")
        raise ExtractionError("not a PDF: the file does not start with a PDF header; download the PDF again")


def reading_failure(exc: Exception) -> ExtractionError:
    """What a failure while reading an open document means: the file is too big, or damaged."""
    if isinstance(exc, MemoryError) or _OUT_OF_MEMORY.search(str(exc)):
        return ExtractionError(too_big())
    return ExtractionError(_DAMAGED_INSIDE)


def too_big() -> str:
    """The reason for a file that needed more memory than this process may have."""
    limit = memory_limit()
    needed = f"more than {limit / 2**30:.3g} GiB" if limit else "more memory than is available"
    return f"the PDF needs {needed} to read: it is probably damaged or pathological; leave it out"
