"""Hear what other workstations commit: LISTEN/NOTIFY on PostgreSQL, a light poll on SQLite.

``ChangeFeed`` runs one background thread and calls ``on_changes(Changes)`` from it (the Qt
bridge, desktop/views/live_refresh.py, moves the call to the GUI thread). Only committed work
is heard: PostgreSQL delivers NOTIFY on commit (desktop.services.audit.record publishes it in
the writing transaction), and the SQLite poll reads committed audit rows only. After a lost
connection the feed reconnects with back-off and catches up from the last audit id it saw, so
nothing committed in between is missed. Audit appends serialise (an advisory lock held to
commit), so audit ids grow in commit order and "after the last id seen" is exact.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from desktop.data.database import Database
from desktop.data.repositories import audit as audit_repo
from desktop.data.repositories.audit import ChangeRow
from desktop.domain import commands
from desktop.domain.commands import Changes
from desktop.domain.errors import ServiceError
from desktop.services.audit import CHANGES_CHANNEL

log = logging.getLogger(__name__)

#: Audit object kinds → the Changes.kinds value panels understand (others pass through as is).
KINDS = {
    "chronology_entry": commands.KIND_CHRONOLOGY,
    "risk_assessment": commands.KIND_ASSESSMENT,
    "contact": commands.KIND_CONTACT,
    "placement_episode": commands.KIND_PLACEMENT,
    "missing_episode": commands.KIND_MISSING,
    "return_interview": commands.KIND_RETURN_INTERVIEW,
    "young_person": commands.KIND_PERSON,
}
#: Seconds between reconnect attempts: doubling up to half a minute.
BACKOFF = (1.0, 2.0, 4.0, 8.0, 16.0, 30.0)
#: Most audit rows read in one catch-up or poll (the rest come on the next round).
BATCH = 5000

ChangesCallback = Callable[[Changes], None]
#: on_status(connected, message): the feed lost (False, why) or regained (True, "") its server.
StatusCallback = Callable[[bool, str], None]


def changes_of(rows: Iterable[ChangeRow], own_username: str | None = None) -> Changes | None:
    """One Changes for a batch of audit rows (None when nothing is left after the filter)."""
    ids: set[int] = set()
    kinds: set[str] = set()
    for row in rows:
        if own_username is not None and row.username == own_username:
            continue
        ids.add(row.young_person_id)
        kinds.add(KINDS.get(row.object_kind, row.object_kind))
    return Changes(young_person_ids=frozenset(ids), kinds=frozenset(kinds)) if ids else None


class ChangeFeed:
    """Committed changes to young people, made by anyone but ``own_username`` (when given).

    ``start(on_changes, on_status)`` starts the thread; ``stop()`` ends it (within about
    ``listen_timeout`` or ``poll_interval`` seconds). ``probe()`` is one ``SELECT 1``.
    """

    def __init__(
        self,
        db: Database,
        *,
        own_username: str | None = None,
        poll_interval: float = 2.0,
        listen_timeout: float = 0.5,
        heartbeat: float = 10.0,
        backoff: tuple[float, ...] = BACKOFF,
    ) -> None:
        self._db = db
        self.own_username = own_username
        self.poll_interval = poll_interval
        self.listen_timeout = listen_timeout
        self.heartbeat = heartbeat
        self.backoff = backoff
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._on_changes: ChangesCallback | None = None
        self._on_status: StatusCallback | None = None
        self._connected: bool | None = None
        self._failures = 0  # reconnect attempts since the last good connection
        #: The newest audit id already handled (None until the first connection).
        self.last_audit_id: int | None = None
        #: Set once the feed is connected and listening (tests wait on it).
        self.ready = threading.Event()

    @property
    def backend(self) -> str:
        return self._db.url.get_backend_name()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- life cycle ---------------------------------------------------------------------------

    def start(self, on_changes: ChangesCallback, on_status: StatusCallback | None = None) -> None:
        if self.running:
            return
        self._on_changes, self._on_status = on_changes, on_status
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="caseboard-changes", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout)

    def probe(self) -> None:
        """One ``SELECT 1`` through the app's pool; raises Unavailable when it fails."""
        self._db.ping()

    # -- the thread ---------------------------------------------------------------------------

    def _run(self) -> None:
        expected: tuple[type[BaseException], ...] = (ServiceError, SQLAlchemyError, OSError)
        if self.backend == "postgresql":
            import psycopg

            expected += (psycopg.Error,)
        self._failures = 0
        while not self._stop.is_set():
            try:
                if self.backend == "postgresql":
                    self._listen()
                else:
                    self._poll()
                return  # stopped
            except expected as exc:
                text = str(exc).strip()
                message = text.splitlines()[0] if text else type(exc).__name__
            except Exception as exc:  # a bug: logged, and the feed keeps trying
                log.exception("change feed failed")
                message = type(exc).__name__
            self.ready.clear()
            self._status(False, message)
            delay = self.backoff[min(self._failures, len(self.backoff) - 1)]
            self._failures += 1
            log.info("change feed lost its connection (%s); retrying in %.0f s", message, delay)
            self._stop.wait(delay)

    def _status(self, connected: bool, message: str = "") -> None:
        if connected:
            self._failures = 0
        if connected == self._connected:
            return
        self._connected = connected
        if self._on_status is not None:
            self._on_status(connected, message)

    def _emit(self, rows: list[ChangeRow]) -> None:
        if rows:
            self.last_audit_id = max(self.last_audit_id or 0, rows[-1].audit_id)
        changes = changes_of(rows, self.own_username)
        if changes is not None and self._on_changes is not None and not self._stop.is_set():
            self._on_changes(changes)

    def catch_up(self) -> None:
        """Handle everything committed since the last audit id seen (the first call only
        notes where the log is: what was there before the feed started is not news)."""
        while not self._stop.is_set():
            with self._db.begin() as session:
                latest = audit_repo.latest_id(session)
                if self.last_audit_id is None:
                    self.last_audit_id = latest
                    return
                if latest <= self.last_audit_id:
                    return
                rows = audit_repo.changes_since(session, self.last_audit_id, BATCH)
            self._emit(rows)
            if len(rows) < BATCH:
                # the rest up to `latest` were views, logins...: nothing to publish
                self.last_audit_id = max(self.last_audit_id or 0, latest)
                return

    def _poll(self) -> None:
        """SQLite (a shared file other processes write): two cheap reads every poll_interval."""
        while not self._stop.is_set():
            self.catch_up()
            self.ready.set()
            self._status(True)
            self._stop.wait(self.poll_interval)

    def _listen(self) -> None:
        import psycopg  # only PostgreSQL needs it

        engine = self._db.engine
        cargs, cparams = engine.dialect.create_connect_args(self._db.url)
        params: dict[str, Any] = {"connect_timeout": 5, "keepalives": 1, "keepalives_idle": 10,
                                  "keepalives_interval": 5, "keepalives_count": 3}  # fmt: skip
        params.update(cparams)
        conn = psycopg.connect(*cargs, **params, autocommit=True)
        try:
            conn.execute(f"LISTEN {CHANGES_CHANNEL}")
            # LISTEN first, then catch up: a commit in between is heard twice, never missed
            # (the second hearing is dropped by its audit id).
            self.catch_up()
            self.ready.set()
            self._status(True)
            idle = 0.0
            while not self._stop.is_set():
                rows = []
                for note in conn.notifies(timeout=self.listen_timeout):
                    row = self._parse(note.payload)
                    if row is not None and row.audit_id > (self.last_audit_id or 0):
                        rows.append(row)
                if rows:
                    idle = 0.0
                    self._emit(rows)
                    continue
                idle += self.listen_timeout
                if idle >= self.heartbeat:  # a dead peer without a FIN shows up here
                    idle = 0.0
                    conn.execute("SELECT 1")
        finally:
            conn.close()

    @staticmethod
    def _parse(payload: str) -> ChangeRow | None:
        try:
            data = json.loads(payload)
            return ChangeRow(
                int(data["audit_id"]), int(data["yp"]), str(data["kind"]), str(data["user"])
            )
        except (ValueError, KeyError, TypeError):
            log.warning("ignoring a malformed change notification: %r", payload[:200])
            return None
