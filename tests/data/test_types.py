"""The shared column types: UTC in and out, calendar dates, and SQLite's stored text unchanged."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import select, text

from desktop.data.database import Database
from desktop.data.tables import Contact, PlacementEpisode
from tests import factories as f


def test_datetimes_come_back_aware_utc_and_dates_as_dates(db: Database) -> None:
    bst = timezone(timedelta(hours=1))
    with db.begin() as s:
        yp = f.young_person(s, f.team(s))
        f.contact(s, yp, datetime(2026, 7, 1, 18, 30, 5, 123, tzinfo=bst))
        f.episode(s, yp, date(2026, 3, 31), date(2026, 4, 1))
    with db.begin() as s:
        at = s.execute(select(Contact.occurred_at)).scalar_one()
        decom, dec = s.execute(select(PlacementEpisode.decom, PlacementEpisode.dec)).one()
    assert at == datetime(2026, 7, 1, 17, 30, 5, 123, tzinfo=UTC) and at.tzinfo is UTC
    assert (decom, dec) == (date(2026, 3, 31), date(2026, 4, 1))


def test_sqlite_keeps_sqlalchemys_own_text_layout(sqlite_db: Database) -> None:
    """Files written before the faster types (and by other tools) must read the same."""
    with sqlite_db.begin() as s:
        yp = f.young_person(s, f.team(s), dob=date(2011, 2, 3))
        f.contact(s, yp, datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC))
        raw = s.execute(text("SELECT occurred_at FROM contact")).scalar_one()
        dob = s.execute(text("SELECT date_of_birth FROM young_person")).scalar_one()
    assert raw == "2026-01-02 03:04:05.000000"
    assert dob == "2011-02-03"


def test_time_comparisons_in_sql_follow_time_order(db: Database) -> None:
    with db.begin() as s:
        yp = f.young_person(s, f.team(s))
        for hour in (9, 10, 11):
            f.contact(s, yp, datetime(2026, 1, 5, hour, tzinfo=UTC))
        later = s.execute(
            select(Contact.occurred_at).where(
                Contact.occurred_at >= datetime(2026, 1, 5, 10, tzinfo=UTC)
            )
        ).scalars()
        assert sorted(t.hour for t in later) == [10, 11]


def test_a_naive_datetime_is_refused(db: Database) -> None:
    with pytest.raises(Exception, match="naive datetime"), db.begin() as s:
        f.contact(s, f.young_person(s, f.team(s)), datetime(2026, 1, 1, 12))
