"""The server dies mid-save (pg_ctl stop -m immediate) and comes back: nothing half-written,
the form's draft is still on disk, and the retry with the same request id saves exactly once."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, select

from desktop.data.database import Database
from desktop.data.tables import AppliedRequest, AuditEntry, ChronologyEntry
from desktop.domain.commands import ChronologyEntryInput
from desktop.domain.enums import ChronologyCategory, DatePrecision, Role
from desktop.domain.errors import Unavailable
from desktop.drafts import DraftKey, DraftStore
from desktop.services.recording import RecordingService
from tests import factories as f
from tests.pg import PostgresServer

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


def counts(db: Database) -> tuple[int, int, int]:
    with db.begin() as s:
        return tuple(  # type: ignore[return-value]
            s.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (ChronologyEntry, AuditEntry, AppliedRequest)
        )


def test_server_stopped_mid_save_then_retried(
    pg_server: PostgresServer, pg_db: Database, tmp_path: Path
) -> None:
    with pg_db.begin() as s:
        north = f.team(s, "North")
        sam = f.user(s, north, Role.SOCIAL_WORKER, "sam.worker")
        yp = f.young_person(s, north, first="Nia", worker=sam)
        actor, yp_id = f.actor(sam), yp.id
    # The test server runs with synchronous_commit=off: make the set-up durable, or the
    # immediate stop's crash recovery may lose it (as it would not on a real server).
    pg_server.checkpoint()
    service = RecordingService(pg_db, clock=lambda: NOW)
    cmd = ChronologyEntryInput(
        young_person_id=yp_id,
        event_date=date(2026, 3, 9),
        precision=DatePrecision.EXACT,
        category=ChronologyCategory.DISCLOSURE,
        source_agency="School",
        source_person="DSL Ms Khan",
        description="Told a teacher about an older boyfriend who collects her from school",
        analysis="Possible grooming",
        request_id=str(uuid.uuid4()),
    )
    # the form's draft, written while typing (and again when the save fails)
    drafts = DraftStore(tmp_path / "drafts")
    key = DraftKey(actor.username, "chronology_entry", yp_id, None)
    values = {"description": cmd.description, "analysis": cmd.analysis}
    draft_path = drafts.save(key, values, request_id=cmd.request_id)

    in_transaction, server_gone = threading.Event(), threading.Event()

    def stall_before_commit(session: Any) -> None:
        session.flush()  # the entry, its audit row and the request id are all on the server
        in_transaction.set()
        assert server_gone.wait(30)

    outcome: list[BaseException | object] = []

    def save() -> None:
        try:
            outcome.append(service.save_chronology_entry(actor, cmd))
        except BaseException as exc:
            outcome.append(exc)

    event.listen(pg_db.sessions, "before_commit", stall_before_commit)
    try:
        worker = threading.Thread(target=save)
        worker.start()
        assert in_transaction.wait(30), "the save never reached its commit"
        pg_server.stop("immediate")
        server_gone.set()
        worker.join(30)
    finally:
        event.remove(pg_db.sessions, "before_commit", stall_before_commit)
        server_gone.set()
    assert not worker.is_alive()
    [failure] = outcome
    assert isinstance(failure, Unavailable), failure  # an expected failure, shown as such
    assert draft_path.exists() and drafts.load(key) is not None  # the typed words survive
    assert drafts.load(key).values == values  # type: ignore[union-attr]

    pg_server.start()
    assert counts(pg_db) == (0, 0, 0)  # nothing half-applied: no entry, audit row or request

    first = service.save_chronology_entry(actor, cmd)  # the retry, same request id
    again = service.save_chronology_entry(actor, cmd)  # and once more, as after a lost ack
    assert first == again and first.record_id is not None
    assert counts(pg_db) == (1, 1, 1)  # saved exactly once
    with pg_db.begin() as s:
        row = s.get(ChronologyEntry, first.record_id)
        assert row is not None and row.description == cmd.description
    drafts.delete(key)  # what the form does after the successful save
    assert not draft_path.exists()
