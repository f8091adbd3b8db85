"""Key-person contact rules: last successful contact, contact gap, weekly density, out of hours."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta

from desktop.domain.dates import LOCAL_TZ, end_of_day, is_after, is_out_of_hours, local_date
from desktop.domain.enums import ContactKind
from desktop.domain.records import ContactRecord

_FAILED = ContactKind.FAILED_ATTEMPT  # compared by identity: this runs for every contact


def last_successful_contact(contacts: Iterable[ContactRecord]) -> ContactRecord | None:
    """The latest contact that was not a failed attempt (ties: higher id), or None."""
    best: ContactRecord | None = None
    for c in contacts:
        if c.kind is _FAILED:
            continue
        if (
            best is None
            or is_after(c.occurred_at, best.occurred_at)
            or (c.occurred_at == best.occurred_at and c.id > best.id)
        ):
            best = c
    return best


def days_since_contact(
    contacts: Iterable[ContactRecord], today: date, *, oldest_first: bool = False
) -> int | None:
    """Whole days from the last successful contact's UK date to today; None if never contacted.

    Contacts dated after `today` are ignored (a mistyped future date must not hide a gap).
    With `oldest_first` (a sequence sorted by occurred_at) the scan stops at the newest match.
    """
    if oldest_first and isinstance(contacts, Sequence):
        contacts = _newest_match(contacts, today)
    # Compare datetimes and convert only the winner: this runs for every contact on load.
    limit_naive = datetime.combine(today, time.max)
    limit_aware = limit_naive.replace(tzinfo=LOCAL_TZ)
    latest: datetime | None = None
    for c in contacts:
        when = c.occurred_at
        if c.kind is _FAILED or when > (limit_naive if when.tzinfo is None else limit_aware):
            continue
        if latest is None or is_after(when, latest):
            latest = when
    return None if latest is None else (today - local_date(latest)).days


def _newest_match(contacts: Sequence[ContactRecord], today: date) -> list[ContactRecord]:
    limit = end_of_day(today)
    for c in reversed(contacts):
        if c.kind is not _FAILED and not is_after(c.occurred_at, limit):
            return [c]
    return []


def contact_gap(contacts: Iterable[ContactRecord], today: date, target_days: int) -> bool:
    """True when days since the last successful contact exceed the target; never seen: True."""
    days = days_since_contact(contacts, today)
    return days is None or days > target_days


def week_start(d: date) -> date:
    """The Monday of `d`'s week."""
    return d - timedelta(days=d.weekday())


def contacts_per_week(
    contacts: Iterable[ContactRecord],
    start: date,
    end: date,
    *,
    successful_only: bool = True,
) -> list[tuple[date, int]]:
    """Count per Monday-based week, every week from start's to end's (zeros included).

    Only contacts dated start..end (inclusive) count, so partial first and last weeks are not
    padded with contacts outside the window. Failed attempts are left out by default: the
    density strip shows contact made, not tried.
    """
    if end < start:
        return []
    first = week_start(start)
    counts = [0] * ((week_start(end) - first).days // 7 + 1)
    for c in contacts:
        if successful_only and c.kind is _FAILED:
            continue
        d = local_date(c.occurred_at)
        if start <= d <= end:
            counts[(d - first).days // 7] += 1
    return [(first + timedelta(weeks=i), n) for i, n in enumerate(counts)]


def out_of_hours_share(contacts: Iterable[ContactRecord]) -> float | None:
    """Share (0..1) of successful contacts made out of hours; None when there are none."""
    total = out = 0
    for c in contacts:
        if c.kind is not _FAILED:
            total += 1
            out += is_out_of_hours(c.occurred_at)
    return None if total == 0 else out / total
