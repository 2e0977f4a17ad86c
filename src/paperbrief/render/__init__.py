"""Three views of one `Report`: Markdown in the seed layout, a self-contained HTML page, and JSON; and its tables:
the screening table (`render_screening`, in `ScreeningFormat`s) and the paper → institution rows."""

from __future__ import annotations

import os
import tempfile
from enum import StrEnum
from pathlib import Path

from ..errors import ConfigError
from ..models import Report
from .html import render_html
from .json import render_json
from .markdown import render_markdown
from .screening import ScreeningFormat, render_screening
from .tables import render_institutions


class Format(StrEnum):
    """An output format."""

    MD = "md"
    HTML = "html"
    JSON = "json"


_SUFFIXES = {".md": Format.MD, ".markdown": Format.MD, ".html": Format.HTML, ".htm": Format.HTML, ".json": Format.JSON}


def format_for(output: str, explicit: str | None) -> Format:
    """The explicit format, else the one the output's suffix names, else Markdown."""
    if explicit:
        try:
            return Format(explicit.lower())
        except ValueError:
            raise ConfigError(f"unknown format '{explicit}': use md, html or json") from None
    return _SUFFIXES.get(Path(output).suffix.lower(), Format.MD)


def render(report: Report, fmt: Format, *, analytics: bool = False) -> str:
    """The report as text in the given format; `analytics` adds the overview section to Markdown (HTML and
    JSON always carry it)."""
    if fmt is Format.HTML:
        return render_html(report)
    if fmt is Format.JSON:
        return render_json(report)
    return render_markdown(report, analytics=analytics)


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and rename it, so no reader ever sees half a report."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


__all__ = [
    "Format",
    "ScreeningFormat",
    "format_for",
    "render",
    "render_institutions",
    "render_screening",
    "write_atomic",
]
