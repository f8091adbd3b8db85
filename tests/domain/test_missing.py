"""Missing episodes: RHI due/overdue, repeat missing, currently missing, window counts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from desktop.domain.enums import MissingKind
from desktop.domain.missing import (
    MissingCounts,
    currently_missing,
    is_repeat_missing,
    missing_counts,
    repeat_missing_run,
    rhi_due,
    rhi_overdue,
)
from desktop.domain.records import MissingEpisodeRecord
from desktop.domain.thresholds import Thresholds

T = Thresholds()
M, A = MissingKind.MISSING, MissingKind.AWAY
FOUND = datetime(2026, 3, 2, 14, 0)
DUE = datetime(2026, 3, 5, 14, 0)


def ep(
    id_: int,
    start: datetime,
    end: datetime | None = None,
    kind: MissingKind = M,
    *,
    completed: datetime | None = None,
    declined: str | None = None,
) -> MissingEpisodeRecord:
    return MissingEpisodeRecord(
        id_, kind, start, end, rhi_completed_at=completed, rhi_declined_reason=declined
    )


def starts(*days: date, kind: MissingKind = M) -> list[MissingEpisodeRecord]:
    return [
        ep(i, datetime.combine(d, datetime.min.time()) + timedelta(hours=22), kind=kind)
        for i, d in enumerate(days)
    ]


def test_rhi_due_is_found_plus_72_hours() -> None:
    assert rhi_due(ep(1, datetime(2026, 3, 1, 20), FOUND)) == DUE
    assert rhi_due(ep(1, datetime(2026, 3, 1, 20))) is None


@pytest.mark.parametrize(
    ("record", "now", "overdue"),
    [
        pytest.param(ep(1, FOUND, FOUND), DUE, False, id="exactly-72h-not-overdue"),
        pytest.param(ep(1, FOUND, FOUND), DUE + timedelta(minutes=1), True, id="after-72h-overdue"),
        pytest.param(
            ep(1, FOUND, FOUND, completed=DUE), DUE + timedelta(days=9), False, id="completed"
        ),
        pytest.param(
            ep(1, FOUND, FOUND, declined="Did not want to talk"),
            DUE + timedelta(days=1),
            False,
            id="declined-with-reason",
        ),
        pytest.param(
            ep(1, FOUND, FOUND, declined="   "),
            DUE + timedelta(days=1),
            True,
            id="declined-blank-reason",
        ),
        pytest.param(
            ep(1, FOUND, FOUND, declined=""),
            DUE + timedelta(days=1),
            True,
            id="declined-empty-reason",
        ),
        pytest.param(ep(1, FOUND), DUE + timedelta(days=30), False, id="still-missing-no-rhi-yet"),
        pytest.param(
            ep(1, FOUND, datetime(2026, 3, 2, 14, tzinfo=UTC)),
            DUE + timedelta(minutes=1),
            True,
            id="aware-found-naive-now",
        ),
    ],
)
def test_rhi_overdue(record: MissingEpisodeRecord, now: datetime, overdue: bool) -> None:
    assert rhi_overdue(record, now, T) is overdue


@pytest.mark.parametrize(
    ("records", "repeat"),
    [
        pytest.param(
            starts(date(2026, 1, 1), date(2026, 1, 15), date(2026, 1, 30)), True, id="3-in-30-days"
        ),
        pytest.param(
            starts(date(2026, 1, 1), date(2026, 1, 15), date(2026, 1, 31)),
            False,
            id="3-over-31-days",
        ),
        pytest.param(
            starts(date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 1)), True, id="3-same-day"
        ),
        pytest.param(starts(date(2026, 1, 1), date(2026, 1, 2)), False, id="only-2"),
        pytest.param(
            starts(date(2025, 1, 1), date(2026, 1, 2), date(2026, 1, 3)), False, id="3-but-spread"
        ),
        pytest.param(
            starts(date(2026, 1, 1), date(2026, 1, 20)) + starts(date(2026, 1, 25), kind=A),
            True,
            id="m-and-a-both-count",
        ),
        pytest.param(
            starts(date(2026, 1, 1), date(2026, 2, 1), date(2026, 2, 10), date(2026, 3, 2)),
            True,
            id="later-rolling-window",
        ),
        pytest.param([], False, id="none"),
    ],
)
def test_is_repeat_missing(records: list[MissingEpisodeRecord], repeat: bool) -> None:
    assert is_repeat_missing(records, T) is repeat


def test_repeat_missing_as_at_and_since() -> None:
    records = starts(date(2026, 1, 1), date(2026, 1, 15), date(2026, 1, 30))
    assert is_repeat_missing(records, T, on=date(2026, 1, 30)) is True
    assert is_repeat_missing(records, T, on=date(2026, 1, 29)) is False
    assert is_repeat_missing(records, T, since=date(2026, 1, 1)) is True
    assert is_repeat_missing(records, T, since=date(2026, 1, 2)) is False
    assert [e.id for e in repeat_missing_run(records, T)] == [0, 1, 2]


def test_repeat_missing_thresholds_are_configurable() -> None:
    records = starts(date(2026, 1, 1), date(2026, 1, 31))
    assert (
        is_repeat_missing(
            records, Thresholds(repeat_missing_count=2, repeat_missing_window_days=31)
        )
        is True
    )
    assert (
        is_repeat_missing(
            records, Thresholds(repeat_missing_count=2, repeat_missing_window_days=30)
        )
        is False
    )


def test_repeat_missing_uses_uk_dates() -> None:
    # 23:30 UTC on 31 Jan in winter is still 31 Jan; in summer 23:30 UTC is the next day.
    summer = [
        ep(1, datetime(2026, 6, 1, 10, tzinfo=UTC)),
        ep(2, datetime(2026, 6, 15, 10, tzinfo=UTC)),
        ep(3, datetime(2026, 6, 30, 23, 30, tzinfo=UTC)),  # 1 Jul 00:30 BST: 31 days
    ]
    assert is_repeat_missing(summer, T) is False


NOW = datetime(2026, 3, 10, 12, 0)


@pytest.mark.parametrize(
    ("records", "expected_id"),
    [
        pytest.param([ep(1, NOW - timedelta(hours=5))], 1, id="open"),
        pytest.param([ep(1, NOW + timedelta(hours=1))], None, id="starts-later"),
        pytest.param([ep(1, NOW - timedelta(days=1), NOW - timedelta(hours=1))], None, id="found"),
        pytest.param([ep(1, NOW - timedelta(days=1), NOW)], None, id="found-exactly-now"),
        pytest.param(
            [ep(1, NOW - timedelta(days=1), NOW + timedelta(hours=1))], 1, id="found-later"
        ),
        pytest.param(
            [ep(1, NOW - timedelta(days=9)), ep(2, NOW - timedelta(days=1), kind=A)],
            2,
            id="latest-open",
        ),
        pytest.param([], None, id="none"),
    ],
)
def test_currently_missing(records: list[MissingEpisodeRecord], expected_id: int | None) -> None:
    found = currently_missing(records, NOW)
    assert (None if found is None else found.id) == expected_id


JAN = (date(2026, 1, 1), date(2026, 1, 31))


def at(d: date, hour: int = 12) -> datetime:
    return datetime.combine(d, datetime.min.time()) + timedelta(hours=hour)


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        pytest.param(
            [ep(1, at(date(2026, 1, 10), 9), at(date(2026, 1, 10), 21))],
            MissingCounts(1, 0, 1, 1, 0),
            id="same-day-return-1-day",
        ),
        pytest.param(
            [ep(1, at(date(2026, 1, 10), 23), at(date(2026, 1, 11), 1))],
            MissingCounts(1, 0, 2, 2, 0),
            id="overnight-2-days",
        ),
        pytest.param(
            [ep(1, at(date(2025, 12, 30)), at(date(2026, 1, 2)), A)],
            MissingCounts(0, 0, 2, 0, 2),
            id="started-before-window",
        ),
        pytest.param(
            [ep(1, at(date(2026, 1, 29)))],
            MissingCounts(1, 0, 3, 3, 0),
            id="open-runs-to-window-end",
        ),
        pytest.param(
            [ep(1, at(date(2026, 1, 31)), at(date(2026, 2, 3)), A)],
            MissingCounts(0, 1, 1, 0, 1),
            id="starts-on-last-day",
        ),
        pytest.param(
            [ep(1, at(date(2025, 12, 1)), at(date(2026, 1, 1)))],
            MissingCounts(0, 0, 1, 1, 0),
            id="ends-on-first-day",
        ),
        pytest.param(
            [ep(1, at(date(2025, 12, 1)), at(date(2025, 12, 31)))],
            MissingCounts(0, 0, 0, 0, 0),
            id="ends-before-window",
        ),
        pytest.param(
            [ep(1, at(date(2026, 2, 1)), at(date(2026, 2, 1)))],
            MissingCounts(0, 0, 0, 0, 0),
            id="after-window",
        ),
        pytest.param(
            [
                ep(1, at(date(2026, 1, 5)), at(date(2026, 1, 7))),
                ep(2, at(date(2026, 1, 7)), at(date(2026, 1, 8)), A),
            ],
            MissingCounts(1, 1, 4, 3, 2),
            id="overlapping-day-counted-once",
        ),
    ],
)
def test_missing_counts(records: list[MissingEpisodeRecord], expected: MissingCounts) -> None:
    assert missing_counts(records, *JAN) == expected


def test_missing_counts_total_episodes() -> None:
    records = starts(date(2026, 1, 2), date(2026, 1, 3)) + starts(date(2026, 1, 4), kind=A)
    assert missing_counts(records, *JAN).total_episodes == 3
