"""Missing-from-care rules: return interviews, repeat missing, current status and window counts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from desktop.domain.dates import is_after, local_date
from desktop.domain.enums import MissingKind
from desktop.domain.records import MissingEpisodeRecord
from desktop.domain.thresholds import DEFAULT_THRESHOLDS, Thresholds


@dataclass(frozen=True, slots=True)
class MissingCounts:
    """Missing figures for a window: episodes by type (by start date) and calendar days away."""

    missing_episodes: int  # type M started in the window
    away_episodes: int  # type A started in the window
    days_missing: int  # calendar days in the window on which any episode (M or A) was open
    days_missing_m: int  # the same, type M only
    days_away_a: int  # the same, type A only

    @property
    def total_episodes(self) -> int:
        return self.missing_episodes + self.away_episodes


def rhi_due(
    ep: MissingEpisodeRecord, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> datetime | None:
    """Found time + 72 hours (configurable); None while the young person has not returned."""
    if ep.ended_at is None:
        return None
    return ep.ended_at + timedelta(hours=thresholds.rhi_due_hours)


def rhi_declined(ep: MissingEpisodeRecord) -> bool:
    """Declined counts only with a reason: a blank reason leaves the interview outstanding."""
    return bool(ep.rhi_declined_reason and ep.rhi_declined_reason.strip())


def rhi_overdue(ep: MissingEpisodeRecord, now: datetime, thresholds: Thresholds) -> bool:
    """Past due (at exactly 72 hours it is not yet overdue), not completed, not declined."""
    due = rhi_due(ep, thresholds)
    if due is None or ep.rhi_completed_at is not None or rhi_declined(ep):
        return False
    return is_after(now, due)


def repeat_missing_run(
    episodes: Iterable[MissingEpisodeRecord],
    thresholds: Thresholds,
    on: date | None = None,
    since: date | None = None,
) -> tuple[MissingEpisodeRecord, ...]:
    """The first run of `repeat_missing_count` episodes starting within the rolling window, or ().

    "Within 30 days" compares UK start dates: the last start minus the first is under 30 days,
    so 1 Jan, 15 Jan and 30 Jan (30 calendar days inclusive) repeat; 1 Jan..31 Jan does not.
    Only episodes starting on or before `on` and on or after `since` are considered.
    """
    need = thresholds.repeat_missing_count
    dated: list[tuple[date, int, MissingEpisodeRecord]] = []
    for ep in episodes:
        d = local_date(ep.started_at)
        if (on is None or d <= on) and (since is None or d >= since):
            dated.append((d, ep.id, ep))
    dated.sort(key=lambda row: row[:2])
    if need <= 0 or len(dated) < need:
        return ()
    span = thresholds.repeat_missing_window_days
    for i in range(len(dated) - need + 1):
        if (dated[i + need - 1][0] - dated[i][0]).days < span:
            return tuple(row[2] for row in dated[i : i + need])
    return ()


def is_repeat_missing(
    episodes: Iterable[MissingEpisodeRecord],
    thresholds: Thresholds,
    on: date | None = None,
    since: date | None = None,
) -> bool:
    """3+ episodes (M and A both count) whose start dates fall within any rolling 30 days.

    Precisely: some `repeat_missing_count` starts where last start - first start < 30 days,
    i.e. all inside one inclusive 30-calendar-day window. `on` ignores later starts (as at a
    date); `since` ignores earlier ones (the caseload flag looks back 12 months).
    """
    return bool(repeat_missing_run(episodes, thresholds, on, since))


def currently_missing(
    episodes: Iterable[MissingEpisodeRecord], now: datetime
) -> MissingEpisodeRecord | None:
    """The latest episode open at `now` (started, not yet found), or None; truthy when missing."""
    found: MissingEpisodeRecord | None = None
    for ep in episodes:
        if is_after(ep.started_at, now) or (
            ep.ended_at is not None and not is_after(ep.ended_at, now)
        ):
            continue
        if found is None or is_after(ep.started_at, found.started_at):
            found = ep
    return found


def missing_counts(
    episodes: Sequence[MissingEpisodeRecord], start: date, end: date
) -> MissingCounts:
    """Counts for the inclusive window start..end (see MissingCounts); overlaps counted once."""
    m = a = 0
    spans: dict[MissingKind | None, list[tuple[date, date]]] = {
        None: [],
        MissingKind.MISSING: [],
        MissingKind.AWAY: [],
    }
    for ep in episodes:
        first = local_date(ep.started_at)
        if start <= first <= end:
            if ep.kind is MissingKind.MISSING:
                m += 1
            else:
                a += 1
        # An open episode runs to the window's end; a same-day return is one day.
        last = end if ep.ended_at is None else local_date(ep.ended_at)
        lo, hi = max(first, start), min(last, end)
        if lo <= hi:
            spans[None].append((lo, hi))
            spans[ep.kind].append((lo, hi))
    return MissingCounts(
        m,
        a,
        _covered_days(spans[None]),
        _covered_days(spans[MissingKind.MISSING]),
        _covered_days(spans[MissingKind.AWAY]),
    )


def _covered_days(spans: list[tuple[date, date]]) -> int:
    """Calendar days covered by inclusive date ranges, overlapping ranges counted once."""
    total = 0
    reach: date | None = None  # last day already counted
    for lo, hi in sorted(spans):
        if reach is not None and lo <= reach:
            lo = reach + timedelta(days=1)
        if lo <= hi:
            total += (hi - lo).days + 1
            reach = hi
    return total
