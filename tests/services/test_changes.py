"""The change feed: committed changes from another client reach the callback, on both backends;
uncommitted and rolled-back ones never do; own changes can be filtered; a reconnect catches up."""

from __future__ import annotations

import json
import queue
import time
from collections.abc import Iterator

import pytest
from sqlalchemy import text

from desktop.data.database import Database, open_database
from desktop.domain.commands import KIND_CONTACT, KIND_PERSON, Changes
from desktop.domain.enums import AuditAction
from desktop.services import audit
from desktop.services.changes import ChangeFeed
from tests.pg import PostgresServer

#: How long a test waits for a change to arrive (the feed polls SQLite every 0.1 s here).
WAIT = 10.0


class Collector:
    """Callbacks of a feed, as queues the test can wait on."""

    def __init__(self) -> None:
        self.changes: queue.Queue[Changes] = queue.Queue()
        self.status: queue.Queue[tuple[bool, str]] = queue.Queue()

    def on_changes(self, changes: Changes) -> None:
        self.changes.put(changes)

    def on_status(self, connected: bool, message: str) -> None:
        self.status.put((connected, message))

    def next_change(self, timeout: float = WAIT) -> Changes:
        return self.changes.get(timeout=timeout)

    def no_change(self, within: float = 1.0) -> bool:
        try:
            got = self.changes.get(timeout=within)
        except queue.Empty:
            return True
        pytest.fail(f"unexpected change {got}")

    def wait_status(self, connected: bool, timeout: float = 30.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                state, message = self.status.get(timeout=0.2)
            except queue.Empty:
                continue
            if state == connected:
                return message
        pytest.fail(f"the feed never reported connected={connected}")


@pytest.fixture
def other(db: Database) -> Iterator[Database]:
    """A second client of the same database (another workstation, or process on the file)."""
    second = open_database(db.url)
    yield second
    second.dispose()


def start_feed(db: Database, own: str | None = None, **kw: float) -> tuple[ChangeFeed, Collector]:
    feed = ChangeFeed(db, own_username=own, poll_interval=0.1, listen_timeout=0.1, **kw)  # type: ignore[arg-type]
    seen = Collector()
    feed.start(seen.on_changes, seen.on_status)
    assert feed.ready.wait(WAIT), "the feed did not connect"
    return feed, seen


def write(db: Database, yp: int, kind: str = "contact", user: str = "colleague") -> None:
    with db.begin() as s:
        audit.record(
            s, None, AuditAction.UPDATE, object_kind=kind, young_person_id=yp, username=user
        )


def test_a_committed_change_from_another_client_reaches_the_callback(
    db: Database, other: Database
) -> None:
    feed, seen = start_feed(db)
    try:
        write(other, 41, "contact")
        write(other, 42, "young_person")
        got: set[int] = set()
        kinds: set[str] = set()
        while got != {41, 42}:
            change = seen.next_change()
            got |= change.young_person_ids
            kinds |= change.kinds
        assert kinds == {KIND_CONTACT, KIND_PERSON}
    finally:
        feed.stop()
    assert not feed.running


def test_uncommitted_and_rolled_back_changes_are_never_heard(db: Database, other: Database) -> None:
    feed, seen = start_feed(db)
    try:
        with pytest.raises(RuntimeError), other.begin() as s:
            audit.record(s, None, AuditAction.UPDATE, object_kind="contact", young_person_id=7)
            raise RuntimeError("the save failed half way")
        session_cm = other.begin()
        s = session_cm.__enter__()
        audit.record(s, None, AuditAction.UPDATE, object_kind="contact", young_person_id=8)
        s.flush()
        assert seen.no_change(within=1.0)  # written but not committed
        session_cm.__exit__(None, None, None)  # commit now
        assert seen.next_change().young_person_ids == {8}
    finally:
        feed.stop()


def test_views_and_other_actions_are_not_changes(db: Database, other: Database) -> None:
    feed, seen = start_feed(db)
    try:
        with other.begin() as s:
            audit.record(s, None, AuditAction.VIEW, object_kind="young_person", young_person_id=5)
            audit.record(s, None, AuditAction.EXPORT, object_kind="caseload_csv")
            audit.record(s, None, AuditAction.CREATE, object_kind="user")  # no young person
        assert seen.no_change(within=1.0)
    finally:
        feed.stop()


def test_own_changes_can_be_filtered(db: Database, other: Database) -> None:
    feed, seen = start_feed(db, own="me")
    try:
        write(other, 1, user="me")
        write(other, 2, user="colleague")
        assert seen.next_change().young_person_ids == {2}
        assert seen.no_change(within=0.5)
    finally:
        feed.stop()


def test_changes_committed_before_the_feed_started_are_not_news(
    db: Database, other: Database
) -> None:
    write(other, 3)
    feed, seen = start_feed(db)
    try:
        assert seen.no_change(within=0.5)
        assert feed.last_audit_id is not None and feed.last_audit_id > 0
    finally:
        feed.stop()


def test_the_notification_payload(pg_db: Database) -> None:
    """What other clients hear on PostgreSQL: JSON with the young person, kind, entry, user."""
    import psycopg

    cargs, cparams = pg_db.engine.dialect.create_connect_args(pg_db.url)
    with psycopg.connect(*cargs, **cparams, autocommit=True) as conn:
        conn.execute("LISTEN caseboard_changes")
        write(pg_db, 12, "risk_assessment", user="sw.north")
        notes = list(conn.notifies(timeout=5, stop_after=1))
    assert len(notes) == 1
    payload = json.loads(notes[0].payload)
    assert payload["yp"] == 12 and payload["kind"] == "risk_assessment"
    assert payload["user"] == "sw.north" and isinstance(payload["audit_id"], int)


def test_after_a_dropped_connection_the_feed_catches_up(
    pg_db: Database, pg_server: PostgresServer
) -> None:
    """A change committed while the feed's connection is down is not heard by NOTIFY (nobody
    listened); the feed reconnects and finds it in the audit log from the last id it saw."""
    feed, seen = start_feed(pg_db, backoff=(1.0,))
    try:
        with pg_db.begin() as s:
            s.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE query LIKE 'LISTEN%' AND pid <> pg_backend_pid()"
                )
            )
        write(pg_db, 77)  # committed while nobody listens
        assert seen.wait_status(False)
        seen.wait_status(True)
        assert 77 in seen.next_change().young_person_ids
    finally:
        feed.stop()


def test_the_feed_survives_a_server_restart(pg_db: Database, pg_server: PostgresServer) -> None:
    feed, seen = start_feed(pg_db, backoff=(0.5, 1.0))
    try:
        pg_server.stop()
        message = seen.wait_status(False)
        assert message  # says why
        pg_server.start()
        seen.wait_status(True)
        write(pg_db, 99)
        assert seen.next_change().young_person_ids == {99}
    finally:
        feed.stop()


def test_on_sqlite_a_poll_failure_is_reported_and_recovered(sqlite_db: Database) -> None:
    feed, seen = start_feed(sqlite_db, backoff=(0.2,))
    try:
        real = sqlite_db.begin
        calls = {"n": 0}

        def failing():  # type: ignore[no-untyped-def]
            calls["n"] += 1
            if calls["n"] <= 2:
                from desktop.domain.errors import Unavailable

                raise Unavailable("The database could not be reached (disk I/O error).")
            return real()

        sqlite_db.begin = failing  # type: ignore[method-assign]
        assert "disk I/O" in seen.wait_status(False)
        seen.wait_status(True)
        sqlite_db.begin = real  # type: ignore[method-assign]
        write(sqlite_db, 5)
        assert seen.next_change().young_person_ids == {5}
    finally:
        feed.stop()
