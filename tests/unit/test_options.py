"""Options that need parsing or checking: the days of an arXiv window, conference statuses."""

from __future__ import annotations

from datetime import date

import pytest

from paperbrief.errors import ConfigError
from paperbrief.options import Options, parse_day, parse_statuses
from paperbrief.sources.arxiv_query import window_query

TODAY = date(2025, 9, 16)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("today", TODAY),
        ("Yesterday", date(2025, 9, 15)),
        ("2025-09-01", date(2025, 9, 1)),
        (" 2024-02-29 ", date(2024, 2, 29)),
    ],
)
def test_days_are_named_or_written_out(text: str, day: date) -> None:
    assert parse_day(text, today=TODAY) == day


@pytest.mark.parametrize("text", ["2025-9-1", "20250901", "2025-02-30", "tomorrow", "", "2025-W38-1"])
def test_anything_else_is_refused_naming_the_value(text: str) -> None:
    with pytest.raises(ConfigError, match=f"not a day: {text!r}"):
        parse_day(text, today=TODAY)


def test_today_is_a_real_date_without_a_clock_given() -> None:
    assert abs((parse_day("today") - date.today()).days) <= 1  # GMT's today: at most a day from the local one


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (Options(arxiv_query="cat:cs.AI", until=TODAY), "--until needs --since"),
        (Options(arxiv_query="cat:cs.AI", since=TODAY, until=date(2025, 9, 1)), "is before --since"),
    ],
)
def test_a_window_that_cannot_work_is_refused(options: Options, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        options.check()


def test_a_window_restricts_the_query_to_whole_days_gmt() -> None:
    query = window_query("cat:cs.AI OR cat:cs.CL", date(2025, 9, 15), date(2025, 9, 16))
    assert query == "(cat:cs.AI OR cat:cs.CL) AND submittedDate:[202509150000 TO 202509162359]"


def test_statuses_split_at_commas_in_lower_case() -> None:
    assert parse_statuses(["Oral,spotlight", " POSTER ", ",,"]) == ["oral", "spotlight", "poster"]
