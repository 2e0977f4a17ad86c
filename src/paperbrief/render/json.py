"""JSON: the report's full content, one object."""

from __future__ import annotations

import json
from typing import Any

from ..models import Report

SCHEMA_VERSION = 1


def report_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "title": report.title,
        "generated_at": report.generated_at.isoformat(),
        "paper_count": len(report.papers),
        "papers": [paper.to_dict() for paper in report.papers],
        "failed": [
            {"source": p.source, "error": p.error, "warnings": [w.to_dict() for w in p.warnings]} for p in report.failed
        ],
        "analytics": report.analytics.to_dict() if report.analytics else {},
        "usage": report.usage.to_dict() if report.usage else {},
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), ensure_ascii=False, indent=2) + "\n"
