from __future__ import annotations

import pytest

from generator.dates import mentions, normalize


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("He spoke on Monday in the capital.", "2023-01-30", ["2023-01-30"]),  # the report's own weekday
        ("He spoke on Sunday.", "2023-01-30", ["2023-01-29"]),
        ("urged the country on the 30th to act", "2023-01-30", ["2023-01-30"]),
        ("on the 30th", "2023-02-02", ["2023-01-30"]),  # a day after the report's day is last month's
        ("to be held on the 14th of next month", "2023-01-30", ["2023-02-14"]),
        ("on Jan. 30", "2023-02-01", ["2023-01-30"]),
        ("on January 29, 2023 in the capital", None, ["2023-01-29"]),
        ("on Dec. 30", "2023-01-02", ["2022-12-30"]),
        ("in the 21st century", "2023-01-30", []),
        ("on Monday", None, []),  # no report date: unresolved, never guessed
    ],
)
def test_mentions(text: str, ref: str | None, expected: list[str]) -> None:
    assert [m.date for m in mentions(text, ref)] == expected


def test_mentions_keep_the_reports_words() -> None:
    [m] = mentions("It opened on Jan. 30, 2023 downtown.", None)
    assert m.words == "Jan. 30, 2023"


def test_same_day_in_different_words_normalizes_alike() -> None:
    a = normalize("The chief spoke on Monday", "2023-01-30")
    b = normalize("The chief spoke on Jan. 30", "2023-01-30")
    assert a.split()[-1] == b.split()[-1]


@pytest.mark.parametrize(
    ("text", "ref", "expected"),
    [
        ("it opened a mission last November", "2023-01-30", ["2022-11"]),
        ("in November it opened a mission", "2023-01-30", ["2022-11"]),
        ("talks resume next March", "2023-01-30", ["2023-03"]),
        ("elected in May 2020", None, ["2020-05"]),
        ("Ms May said the vote may wait", "2023-01-30", []),  # a name and a verb, not a month
        ("Last year, the office opened", "2023-01-30", ["2022"]),
        ("the war began in 2022", None, ["2022"]),
        ("in November", None, []),  # no report date: unresolved
    ],
)
def test_months_and_years_without_a_day(text: str, ref: str | None, expected: list[str]) -> None:
    assert [m.date for m in mentions(text, ref)] == expected


def test_a_month_meets_its_year() -> None:
    a = normalize("It opened a mission in November", "2023-01-30").split()
    b = normalize("Last year it opened a mission", "2023-01-30").split()
    assert "year2022" in a and "year2022" in b


@pytest.mark.parametrize(("text", "ref"), [
    ("The bridge opens tomorrow.", "9999-12-31"),
    ("It opened on the 30th.", "0001-01-01"),
    ("It opened last November, and more in April.", "0001-01-01"),
    ("It will open next year.", "9999-06-01"),
])
def test_dates_past_the_ends_of_the_calendar_are_left_unresolved(text: str, ref: str) -> None:
    assert all(1 <= int(m.date[:4]) <= 9999 for m in mentions(text, ref))
    assert normalize(text, ref)
