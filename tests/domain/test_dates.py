"""Calendar rules: ages, collection years, month arithmetic, office hours, date formats."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop.domain.dates import (
    add_months,
    age_on,
    collection_year,
    format_date,
    format_datetime,
    is_after,
    is_out_of_hours,
    last_days,
    last_months,
    local_date,
    months_ago,
)


@pytest.mark.parametrize(
    ("dob", "on", "age"),
    [
        pytest.param(date(2010, 5, 15), date(2026, 5, 14), 15, id="day-before-birthday"),
        pytest.param(date(2010, 5, 15), date(2026, 5, 15), 16, id="on-birthday"),
        pytest.param(date(2010, 5, 15), date(2010, 5, 15), 0, id="day-of-birth"),
        pytest.param(date(2010, 12, 31), date(2026, 1, 1), 15, id="new-year"),
        pytest.param(date(2008, 2, 29), date(2026, 2, 28), 17, id="leapling-28-feb-non-leap"),
        pytest.param(date(2008, 2, 29), date(2026, 3, 1), 18, id="leapling-1-mar-non-leap"),
        pytest.param(date(2008, 2, 29), date(2028, 2, 28), 19, id="leapling-28-feb-leap"),
        pytest.param(date(2008, 2, 29), date(2028, 2, 29), 20, id="leapling-29-feb-leap"),
    ],
)
def test_age_on(dob: date, on: date, age: int) -> None:
    assert age_on(dob, on) == age


def test_age_before_birth_is_an_error() -> None:
    with pytest.raises(ValueError, match="before the date of birth"):
        age_on(date(2010, 5, 15), date(2010, 5, 14))


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        pytest.param(date(2026, 3, 31), (date(2025, 4, 1), date(2026, 3, 31)), id="31-march"),
        pytest.param(date(2026, 4, 1), (date(2026, 4, 1), date(2027, 3, 31)), id="1-april"),
        pytest.param(date(2026, 1, 15), (date(2025, 4, 1), date(2026, 3, 31)), id="january"),
        pytest.param(date(2025, 12, 31), (date(2025, 4, 1), date(2026, 3, 31)), id="december"),
    ],
)
def test_collection_year(on: date, expected: tuple[date, date]) -> None:
    assert collection_year(on) == expected


@pytest.mark.parametrize(
    ("d", "n", "expected"),
    [
        pytest.param(date(2026, 1, 31), 1, date(2026, 2, 28), id="clamp-feb"),
        pytest.param(date(2028, 1, 31), 1, date(2028, 2, 29), id="clamp-leap-feb"),
        pytest.param(date(2026, 8, 31), -30, date(2024, 2, 29), id="back-30-to-leap-feb"),
        pytest.param(date(2024, 2, 29), -12, date(2023, 2, 28), id="leap-day-back-a-year"),
        pytest.param(date(2026, 3, 15), 0, date(2026, 3, 15), id="zero"),
        pytest.param(date(2026, 1, 15), -1, date(2025, 12, 15), id="back-over-new-year"),
        pytest.param(date(2025, 11, 30), 3, date(2026, 2, 28), id="forward-over-new-year"),
    ],
)
def test_add_months(d: date, n: int, expected: date) -> None:
    assert add_months(d, n) == expected


@pytest.mark.parametrize(
    ("start", "on", "old_enough"),
    [
        pytest.param(date(2023, 8, 31), date(2026, 2, 28), False, id="31-aug-not-on-28-feb"),
        pytest.param(date(2023, 8, 31), date(2026, 3, 1), True, id="31-aug-on-1-mar"),
        pytest.param(date(2023, 9, 1), date(2026, 3, 1), True, id="exactly-30-months"),
        pytest.param(date(2023, 9, 2), date(2026, 3, 1), False, id="a-day-short"),
        pytest.param(date(2024, 2, 29), date(2026, 8, 29), True, id="leap-start-anniversary"),
        pytest.param(date(2024, 3, 1), date(2026, 8, 31), False, id="clamped-target-31-aug"),
    ],
)
def test_months_ago_30_months(start: date, on: date, old_enough: bool) -> None:
    assert (start <= months_ago(on, 30)) is old_enough


@pytest.mark.parametrize(
    ("dt", "out"),
    [
        pytest.param(datetime(2026, 1, 12, 8, 59), True, id="mon-0859"),
        pytest.param(datetime(2026, 1, 12, 9, 0), False, id="mon-0900-in-hours"),
        pytest.param(datetime(2026, 1, 12, 16, 59, 59), False, id="mon-165959"),
        pytest.param(datetime(2026, 1, 12, 17, 0), True, id="mon-1700-out-of-hours"),
        pytest.param(datetime(2026, 1, 16, 12, 0), False, id="fri-noon"),
        pytest.param(datetime(2026, 1, 17, 12, 0), True, id="sat-noon"),
        pytest.param(datetime(2026, 1, 18, 12, 0), True, id="sun-noon"),
        pytest.param(datetime(2026, 6, 15, 8, 30, tzinfo=UTC), False, id="utc-0830-is-0930-bst"),
        pytest.param(datetime(2026, 6, 15, 16, 30, tzinfo=UTC), True, id="utc-1630-is-1730-bst"),
        pytest.param(datetime(2026, 1, 12, 16, 30, tzinfo=UTC), False, id="utc-winter-1630"),
    ],
)
def test_is_out_of_hours(dt: datetime, out: bool) -> None:
    assert is_out_of_hours(dt) is out


@pytest.mark.parametrize(
    ("dt", "expected"),
    [
        pytest.param(
            datetime(2026, 6, 14, 23, 30, tzinfo=UTC), date(2026, 6, 15), id="bst-next-day"
        ),
        pytest.param(
            datetime(2026, 1, 14, 23, 30, tzinfo=UTC), date(2026, 1, 14), id="gmt-same-day"
        ),
        pytest.param(datetime(2026, 6, 14, 23, 30), date(2026, 6, 14), id="naive-is-local"),
    ],
)
def test_local_date(dt: datetime, expected: date) -> None:
    assert local_date(dt) == expected


@pytest.mark.parametrize(
    ("today", "n", "expected"),
    [
        pytest.param(date(2026, 3, 31), 28, (date(2026, 3, 4), date(2026, 3, 31)), id="28-days"),
        pytest.param(date(2026, 3, 31), 1, (date(2026, 3, 31), date(2026, 3, 31)), id="1-day"),
        pytest.param(date(2026, 6, 30), 90, (date(2026, 4, 2), date(2026, 6, 30)), id="90-days"),
    ],
)
def test_last_days_is_n_days_inclusive(today: date, n: int, expected: tuple[date, date]) -> None:
    assert last_days(today, n) == expected
    assert (expected[1] - expected[0]).days + 1 == n


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        pytest.param(
            date(2026, 3, 31), (date(2025, 4, 1), date(2026, 3, 31)), id="as-collection-year"
        ),
        pytest.param(date(2026, 6, 30), (date(2025, 7, 1), date(2026, 6, 30)), id="mid-year"),
        pytest.param(date(2028, 2, 29), (date(2027, 3, 1), date(2028, 2, 29)), id="leap-day"),
    ],
)
def test_last_12_months(today: date, expected: tuple[date, date]) -> None:
    assert last_months(today, 12) == expected


@pytest.mark.parametrize(
    ("d", "text"),
    [
        pytest.param(date(2026, 1, 2), "2 Jan 2026", id="no-leading-zero"),
        pytest.param(date(2026, 1, 12), "12 Jan 2026", id="two-digits"),
        pytest.param(date(2025, 12, 31), "31 Dec 2025", id="december"),
    ],
)
def test_format_date(d: date, text: str) -> None:
    assert format_date(d) == text


def test_format_datetime_in_uk_time() -> None:
    assert format_datetime(datetime(2026, 6, 14, 23, 5, tzinfo=UTC)) == "15 Jun 2026 00:05"


@pytest.mark.parametrize(
    ("a", "b", "after"),
    [
        pytest.param(datetime(2026, 6, 15, 10, 1), datetime(2026, 6, 15, 10), True, id="naive"),
        pytest.param(datetime(2026, 6, 15, 10), datetime(2026, 6, 15, 10), False, id="equal"),
        pytest.param(
            datetime(2026, 6, 15, 10, 1),
            datetime(2026, 6, 15, 9, tzinfo=UTC),
            True,
            id="naive-bst-vs-utc",
        ),
        pytest.param(
            datetime(2026, 6, 15, 9, 59),
            datetime(2026, 6, 15, 9, tzinfo=UTC),
            False,
            id="naive-bst-before-utc",
        ),
    ],
)
def test_is_after_mixes_naive_uk_and_aware(a: datetime, b: datetime, after: bool) -> None:
    assert is_after(a, b) is after
