"""A self-contained HTML page: inline CSS, no network, every piece of paper text escaped."""

from __future__ import annotations

from functools import cache

import jinja2

from ..models import Report
from .json import report_dict


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("paperbrief", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(report: Report) -> str:
    template = _environment().get_template("report.html.j2")
    return template.render(report=report_dict(report), generated_at=report.generated_at_text)
