"""Time for the services: injectable, always aware UTC, with the UK calendar date for rules."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

Clock = Callable[[], datetime]
UK = ZoneInfo("Europe/London")


def system_clock() -> datetime:
    return datetime.now(UTC)


def uk_date(moment: datetime) -> date:
    """The date on a UK wall calendar at `moment` (rules count days as UK dates)."""
    return moment.astimezone(UK).date()
