"""Rows: the one update helper - stored values out, changed columns in, the version checked."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import event, update
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.database import Database
from desktop.data.repositories import recording as repo
from desktop.data.repositories.writes import VersionMismatch
from desktop.data.tables import YoungPerson
from tests import factories as f


@pytest.fixture
def yp(db: Database) -> Iterator[int]:
    with db.begin() as s:
        person = f.young_person(s, f.team(s))
        s.flush()
        person_id = person.id
    yield person_id


def test_update_sets_only_what_differs_and_bumps_the_version(db: Database, yp: int) -> None:
    with db.begin() as s:
        rows = repo.young_people(s)
        stored = rows.get(yp)
        assert stored is not None and stored.values == {"target_days": None}
        same = rows.update(yp, {"contact_target_days": ("contact_target_days", None)})
        changed = rows.update(
            yp, {"contact_target_days": ("contact_target_days", 9)}, version=stored.version
        )
    assert (same, changed) == ([], ["contact_target_days"])
    with db.begin() as s:
        after = repo.young_people(s).get(yp)
    assert after is not None
    assert (after.values["target_days"], after.version) == (9, stored.version + 1)


def test_a_stale_version_writes_nothing(db: Database, yp: int) -> None:
    with db.begin() as s:
        rows = repo.young_people(s)
        stored = rows.get(yp)
        assert stored is not None
        with pytest.raises(VersionMismatch) as caught:
            rows.update(
                yp, {"contact_target_days": ("contact_target_days", 3)}, version=stored.version - 1
            )
    assert caught.value.version == stored.version
    with db.begin() as s:
        after = repo.young_people(s).get(yp)
    assert after is not None and after.values["target_days"] is None


def test_a_colleague_between_load_and_write_is_a_stale_update(db: Database, yp: int) -> None:
    with pytest.raises(StaleDataError), db.begin() as s:
        rows = repo.young_people(s)
        assert rows.get(yp) is not None
        s.execute(
            update(YoungPerson)
            .where(YoungPerson.id == yp)
            .values(version=YoungPerson.version + 1)
            .execution_options(synchronize_session=False)
        )
        rows.update(yp, {"contact_target_days": ("contact_target_days", 4)})


def test_an_update_of_a_loaded_record_selects_it_only_once(db: Database, yp: int) -> None:
    seen: list[str] = []

    def before(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        seen.append(statement.split()[0].upper())

    with db.begin() as s:
        rows = repo.young_people(s)
        assert rows.get(yp) is not None
        event.listen(db.engine, "before_cursor_execute", before)
        try:
            rows.update(yp, {"contact_target_days": ("contact_target_days", 6)})
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
    assert seen == ["UPDATE"]
