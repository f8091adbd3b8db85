"""Calendar rules shared by the domain: ages, collection years, month arithmetic, office hours."""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

#: Practice happens on UK wall-clock time; aware datetimes (stored as UTC) are read in it.
LOCAL_TZ = ZoneInfo("Europe/London")

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_OFFICE_OPEN = time(9, 0)
_OFFICE_CLOSE = time(17, 0)


def age_on(dob: date, on: date) -> int:
    """Completed years on `on`; a 29 Feb birthday falls on 1 Mar in non-leap years."""
    if on < dob:
        raise ValueError(f"{on.isoformat()} is before the date of birth {dob.isoformat()}")
    birthday = (dob.month, dob.day)
    if birthday == (2, 29) and not calendar.isleap(on.year):
        birthday = (3, 1)
    return on.year - dob.year - ((on.month, on.day) < birthday)


def collection_year(on: date) -> tuple[date, date]:
    """The statutory collection year (1 April to 31 March, inclusive) containing `on`."""
    first_year = on.year if on.month >= 4 else on.year - 1
    return date(first_year, 4, 1), date(first_year + 1, 3, 31)


def add_months(d: date, n: int) -> date:
    """`d` moved by `n` calendar months, clamped to the last day of a shorter month."""
    index = d.year * 12 + d.month - 1 + n
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def months_ago(on: date, n: int) -> date:
    """The latest start date that is at least `n` calendar months before `on`.

    Something started on `start` is at least `n` months old on `on` iff start <= months_ago(on, n).
    Clamping on this side means an anniversary missing from a month (31 Aug + 30 months) is
    reached on the 1st of the next month, as a 29 Feb birthday is reached on 1 Mar.
    """
    return add_months(on, -n)


def last_days(today: date, n: int) -> tuple[date, date]:
    """The last `n` calendar days ending today, inclusive at both ends (n=1 is today only)."""
    return today - timedelta(days=n - 1), today


def last_months(today: date, n: int) -> tuple[date, date]:
    """The last `n` months ending today, inclusive: like a collection year, e.g. 1 Apr..31 Mar."""
    return add_months(today, -n) + timedelta(days=1), today


def to_local(dt: datetime) -> datetime:
    """UK wall-clock time of `dt`; naive datetimes are taken to be wall-clock already."""
    return dt if dt.tzinfo is None else dt.astimezone(LOCAL_TZ)


def local_date(dt: datetime) -> date:
    """The UK calendar date of `dt` (a 00:30 BST event is stored as 23:30 UTC the day before)."""
    return dt.date() if dt.tzinfo is None else dt.astimezone(LOCAL_TZ).date()


def aware(dt: datetime) -> datetime:
    """`dt` made comparable with stored (aware) values; naive means UK wall-clock time."""
    return dt.replace(tzinfo=LOCAL_TZ) if dt.tzinfo is None else dt


def is_after(a: datetime, b: datetime) -> bool:
    """a > b, also when one is naive (UK wall-clock) and the other aware; cheap when alike."""
    if (a.tzinfo is None) is (b.tzinfo is None):
        return a > b
    return aware(a) > aware(b)


def end_of_day(d: date) -> datetime:
    """The last instant of `d` in UK time, as an aware datetime."""
    return datetime.combine(d, time.max, tzinfo=LOCAL_TZ)


def is_out_of_hours(dt: datetime) -> bool:
    """True outside 09:00-17:00 Monday to Friday; 09:00 is in hours, 17:00 is out of hours."""
    local = to_local(dt)
    if local.weekday() >= 5:
        return True
    t = local.time().replace(tzinfo=None)
    return not (_OFFICE_OPEN <= t < _OFFICE_CLOSE)


def format_date(d: date) -> str:
    """'12 Jan 2026': day without a leading zero; English month names whatever the locale."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def format_datetime(dt: datetime) -> str:
    """'12 Jan 2026 14:05' in UK time."""
    local = to_local(dt)
    return f"{format_date(local.date())} {local:%H:%M}"
