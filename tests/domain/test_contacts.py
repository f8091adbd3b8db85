"""Key-person contacts: last successful contact, gap, weekly density, out-of-hours share."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from desktop.domain.contacts import (
    contact_gap,
    contacts_per_week,
    days_since_contact,
    last_successful_contact,
    out_of_hours_share,
)
from desktop.domain.enums import ContactKind
from desktop.domain.records import ContactRecord

F2F, PHONE, FAILED, TEXT = (
    ContactKind.FACE_TO_FACE,
    ContactKind.PHONE,
    ContactKind.FAILED_ATTEMPT,
    ContactKind.MESSAGE,
)
TODAY = date(2026, 3, 20)


def c(id_: int, when: datetime, kind: ContactKind = F2F) -> ContactRecord:
    return ContactRecord(id_, when, kind)


@pytest.mark.parametrize(
    ("records", "expected_id"),
    [
        pytest.param([], None, id="none"),
        pytest.param([c(1, datetime(2026, 3, 19, 10), FAILED)], None, id="only-failed"),
        pytest.param(
            [c(1, datetime(2026, 3, 10, 10)), c(2, datetime(2026, 3, 19, 10), FAILED)],
            1,
            id="failed-later-ignored",
        ),
        pytest.param(
            [c(1, datetime(2026, 3, 10, 10), TEXT), c(2, datetime(2026, 3, 1, 10))],
            1,
            id="latest-any-successful-kind",
        ),
    ],
)
def test_last_successful_contact(records: list[ContactRecord], expected_id: int | None) -> None:
    last = last_successful_contact(records)
    assert (None if last is None else last.id) == expected_id


@pytest.mark.parametrize(
    ("records", "days", "gap"),
    [
        pytest.param([], None, True, id="never-contacted-gap"),
        pytest.param([c(1, datetime(2026, 3, 19, 10), FAILED)], None, True, id="only-failed-gap"),
        pytest.param([c(1, datetime(2026, 3, 13, 23, 59))], 7, False, id="7-days-not-gap"),
        pytest.param([c(1, datetime(2026, 3, 12, 9))], 8, True, id="8-days-gap"),
        pytest.param([c(1, datetime(2026, 3, 20, 9))], 0, False, id="today"),
        pytest.param(
            [c(1, datetime(2026, 3, 12, 9)), c(2, datetime(2026, 3, 25, 9))],
            8,
            True,
            id="future-dated-ignored",
        ),
    ],
)
def test_days_since_and_gap(records: list[ContactRecord], days: int | None, gap: bool) -> None:
    assert days_since_contact(records, TODAY) == days
    assert contact_gap(records, TODAY, 7) is gap


def test_days_since_uses_uk_date() -> None:
    # 23:30 UTC on 14 Jun is 00:30 BST on 15 Jun.
    assert (
        days_since_contact([c(1, datetime(2026, 6, 14, 23, 30, tzinfo=UTC))], date(2026, 6, 15))
        == 0
    )


def test_contacts_per_week_monday_based_with_zero_weeks() -> None:
    records = [
        c(1, datetime(2026, 1, 6, 10)),  # Tue before the window opens (same week): left out
        c(2, datetime(2026, 1, 7, 10)),  # Wed, first day of the window
        c(3, datetime(2026, 1, 11, 20)),  # Sun
        c(4, datetime(2026, 1, 8, 10), FAILED),  # failed attempts are not contacts made
        c(5, datetime(2026, 1, 20, 10)),  # Tue, last day of the window
        c(6, datetime(2026, 1, 21, 10)),  # after the window
    ]
    assert contacts_per_week(records, date(2026, 1, 7), date(2026, 1, 20)) == [
        (date(2026, 1, 5), 2),
        (date(2026, 1, 12), 0),
        (date(2026, 1, 19), 1),
    ]
    with_failed = contacts_per_week(
        records, date(2026, 1, 7), date(2026, 1, 20), successful_only=False
    )
    assert with_failed[0] == (date(2026, 1, 5), 3)


def test_contacts_per_week_empty_window() -> None:
    assert contacts_per_week([], date(2026, 1, 7), date(2026, 1, 6)) == []
    assert contacts_per_week([], date(2026, 1, 7), date(2026, 1, 7)) == [(date(2026, 1, 5), 0)]


@pytest.mark.parametrize(
    ("records", "share"),
    [
        pytest.param([], None, id="none"),
        pytest.param([c(1, datetime(2026, 1, 12, 17), FAILED)], None, id="only-failed"),
        pytest.param(
            [
                c(1, datetime(2026, 1, 12, 9)),  # Mon 09:00 in hours
                c(2, datetime(2026, 1, 12, 17)),  # Mon 17:00 out of hours
                c(3, datetime(2026, 1, 13, 12)),
                c(4, datetime(2026, 1, 14, 12)),
                c(5, datetime(2026, 1, 17, 12), FAILED),  # Sat, but a failed attempt
            ],
            0.25,
            id="one-in-four",
        ),
        pytest.param([c(1, datetime(2026, 1, 17, 12))], 1.0, id="weekend"),
    ],
)
def test_out_of_hours_share(records: list[ContactRecord], share: float | None) -> None:
    assert out_of_hours_share(records) == share


@pytest.mark.parametrize(
    "records",
    [
        pytest.param([], id="none"),
        pytest.param(
            [
                c(1, datetime(2026, 3, 1, 9)),
                c(2, datetime(2026, 3, 12, 9)),
                c(3, datetime(2026, 3, 14, 9), FAILED),
            ],
            id="failed-newest",
        ),
        pytest.param(
            [c(1, datetime(2026, 3, 12, 9)), c(2, datetime(2026, 3, 25, 9))], id="future-newest"
        ),
        pytest.param([c(1, datetime(2026, 3, 19, 23, 30, tzinfo=UTC))], id="aware"),
    ],
)
def test_days_since_contact_oldest_first_matches_any_order(records: list[ContactRecord]) -> None:
    assert days_since_contact(records, TODAY, oldest_first=True) == days_since_contact(
        list(reversed(records)), TODAY
    )
