"""A database that goes away mid-session: services raise Unavailable (never a raw driver error),
and the next read after the server is back succeeds."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError, ProgrammingError

from desktop.data.database import Database, as_unavailable
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import ServiceError, Unavailable
from desktop.services import audit
from desktop.services.caseload import CaseloadService
from desktop.services.person import PersonService
from tests import factories as f
from tests.pg import PostgresServer


@pytest.fixture
def world(pg_db: Database) -> dict[str, Any]:
    with pg_db.begin() as s:
        north = f.team(s, "North")
        sw = f.user(s, north, Role.SOCIAL_WORKER, "sw.north")
        yp = f.young_person(s, north, first="Nia", last="Open", worker=sw)
        return {"actor": f.actor(sw), "yp": yp.id}


def test_a_stopped_server_raises_unavailable_and_the_next_read_after_restart_succeeds(
    pg_db: Database, pg_server: PostgresServer, world: dict[str, Any]
) -> None:
    caseload, person = CaseloadService(pg_db), PersonService(pg_db)
    actor, yp = world["actor"], world["yp"]
    assert [r.id for r in caseload.load(actor)] == [yp]  # the pool now holds live connections
    person.open(actor, yp)
    pg_server.checkpoint()  # the throwaway server commits asynchronously: make set-up durable

    pg_server.stop()  # pg_ctl stop -m immediate: what a crash or a pulled cable looks like
    for call in (
        lambda: caseload.load(actor),
        lambda: caseload.rows(actor, [yp]),
        lambda: person.open(actor, yp),
        pg_db.ping,
    ):
        with pytest.raises(Unavailable, match="could not be reached") as info:
            call()
        assert isinstance(info.value, ServiceError)  # the UI's expected-failure path

    pg_server.start()
    pg_db.ping()
    assert [r.id for r in caseload.load(actor)] == [yp]
    assert person.open(actor, yp).header.id == yp


def test_a_transaction_cut_off_by_the_server_stopping_raises_unavailable_and_writes_nothing(
    pg_db: Database, pg_server: PostgresServer, world: dict[str, Any]
) -> None:
    with pg_db.begin() as s:
        before = s.execute(text("SELECT count(*) FROM audit_entry")).scalar_one()
    pg_server.checkpoint()  # set-up durable before the immediate stop (asynchronous commits)
    with pytest.raises(Unavailable), pg_db.begin() as s:
        audit.record(s, world["actor"], AuditAction.UPDATE, object_kind="contact",
                     young_person_id=world["yp"])  # fmt: skip
        pg_server.stop()
        s.execute(text("SELECT 1"))
    pg_server.start()
    with pg_db.begin() as s:
        assert s.execute(text("SELECT count(*) FROM audit_entry")).scalar_one() == before


def test_a_refused_connection_is_unavailable(pg_server: PostgresServer) -> None:
    from desktop.data.database import open_database

    pg_server.create_database("refused_later")
    db = open_database(pg_server.url("refused_later"), create=True)
    try:
        pg_server.stop()
        with pytest.raises(Unavailable, match="could not be reached"):
            db.ping()
    finally:
        db.dispose()
        pg_server.start()
        pg_server.drop_database("refused_later")


def test_sql_mistakes_stay_bugs(db: Database) -> None:
    """Only a lost connection becomes Unavailable; a bad statement is not hidden as one."""
    with pytest.raises((OperationalError, ProgrammingError)), db.begin() as s:
        s.execute(text("SELECT no_such_column FROM no_such_table"))


@pytest.mark.parametrize(
    ("message", "unavailable"),
    [
        ("database is locked", True),
        ("unable to open database file", True),
        ("disk I/O error", True),
        ("no such table: x", False),
        ('near "SELEC": syntax error', False),
    ],
)
def test_which_sqlite_errors_mean_unavailable(message: str, unavailable: bool) -> None:
    exc = OperationalError("SELECT 1", {}, sqlite3.OperationalError(message))
    got = as_unavailable(exc, "sqlite")
    assert (got is not None) is unavailable
    if got is not None:
        assert message in str(got)


def test_a_deadlock_on_postgresql_is_not_a_lost_connection() -> None:
    import psycopg.errors

    deadlock = OperationalError("UPDATE", {}, psycopg.errors.DeadlockDetected("deadlock"))
    assert as_unavailable(deadlock, "postgresql") is None
    gone = OperationalError("SELECT", {}, psycopg.OperationalError("server closed the connection"))
    assert isinstance(as_unavailable(gone, "postgresql"), Unavailable)
