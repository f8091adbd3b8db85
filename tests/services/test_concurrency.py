"""Two workstations racing on the same chronology entries over real PostgreSQL: no lost update.

Each client has its own engine (its own connections, as two PCs would), reads an entry and its
version, writes a change based on what it read, and on EditConflict re-reads and tries again.
Every successful write must have been based on the version just before it (so nothing it did
not see was overwritten), and the audit log must hold exactly one update per success.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from desktop.data.database import Database, open_database
from desktop.data.tables import AuditEntry, ChronologyEntry
from desktop.domain.actor import Actor
from desktop.domain.commands import ChronologyEntryInput
from desktop.domain.enums import AuditAction, ChronologyCategory, DatePrecision, Role
from desktop.domain.errors import EditConflict
from desktop.services.recording import RecordingService
from tests import factories as f

ENTRIES = 3
UPDATES_PER_CLIENT = 550  # 1,100 successful updates in all, plus every retry after a conflict
NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@dataclass
class Client:
    name: str
    actor: Actor
    db: Database
    #: (entry id, version read, description written) of each successful update.
    successes: list[tuple[int, int, str]] = field(default_factory=list)
    conflicts: int = 0
    conflicts_with_values: int = 0
    errors: list[BaseException] = field(default_factory=list)


def read(db: Database, entry_id: int) -> tuple[int, str]:
    with db.begin() as s:
        row = s.execute(
            select(ChronologyEntry.version, ChronologyEntry.description).where(
                ChronologyEntry.id == entry_id
            )
        ).one()
        return row.version, row.description


def race(client: Client, entry_ids: list[int], yp: int, start: threading.Barrier) -> None:
    service = RecordingService(client.db, clock=lambda: NOW)
    start.wait()
    try:
        for i in range(UPDATES_PER_CLIENT):
            entry_id = entry_ids[i % len(entry_ids)]
            text = f"{client.name} update {i}"
            while True:
                version, _ = read(client.db, entry_id)
                cmd = ChronologyEntryInput(
                    young_person_id=yp,
                    event_date=date(2026, 3, 1),
                    precision=DatePrecision.EXACT,
                    category=ChronologyCategory.POLICE,
                    source_agency="Police",
                    source_person="PC Jones",
                    description=text,
                    entry_id=entry_id,
                    version=version,
                    request_id=str(uuid.uuid4()),
                )
                try:
                    service.save_chronology_entry(client.actor, cmd)
                except EditConflict as conflict:
                    client.conflicts += 1
                    if conflict.current and conflict.version > version:
                        client.conflicts_with_values += 1
                    continue  # re-read and try again, as the conflict dialog would
                client.successes.append((entry_id, version, text))
                break
    except BaseException as exc:  # reported by the main thread
        client.errors.append(exc)


def test_two_clients_racing_lose_no_update(pg_db: Database) -> None:
    with pg_db.begin() as s:
        north = f.team(s, "North")
        sam = f.user(s, north, Role.SOCIAL_WORKER, "sam.worker")
        kit = f.user(s, north, Role.KEY_PERSON, "kit.keyperson")
        yp = f.young_person(s, north, first="Nia", worker=sam, key_person=kit)
        entries = [
            f.chronology_entry(s, yp, date(2026, 3, 1), description=f"start {n}", author=sam)
            for n in range(ENTRIES)
        ]
        entry_ids, yp_id = [e.id for e in entries], yp.id
        actors = (f.actor(sam), f.actor(kit))
    clients = [
        Client(name, actor, open_database(pg_db.url))  # separate engines: two workstations
        for name, actor in zip(("sam", "kit"), actors, strict=True)
    ]
    start = threading.Barrier(len(clients))
    threads = [threading.Thread(target=race, args=(c, entry_ids, yp_id, start)) for c in clients]
    began = time.perf_counter()
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=110)
        elapsed = time.perf_counter() - began
    finally:
        for c in clients:
            c.db.dispose()
    assert not any(t.is_alive() for t in threads), "a client hung"
    for c in clients:
        assert c.errors == [], c.errors

    successes = [s for c in clients for s in c.successes]
    conflicts = sum(c.conflicts for c in clients)
    assert len(successes) == 2 * UPDATES_PER_CLIENT >= 1000
    # every conflict carried the stored values and a newer version to merge against
    assert sum(c.conflicts_with_values for c in clients) == conflicts
    print(
        f"\n{len(successes)} updates, {conflicts} conflicts detected and retried, "
        f"{elapsed:.1f} s ({(len(successes) + conflicts) / elapsed:.0f} attempts/s)"
    )

    with pg_db.begin() as s:
        final = {
            row.id: (row.version, row.description)
            for row in s.execute(
                select(ChronologyEntry).where(ChronologyEntry.id.in_(entry_ids))
            ).scalars()
        }
        audited = Counter(
            s.execute(
                select(AuditEntry.object_id).where(
                    AuditEntry.object_kind == "chronology_entry",
                    AuditEntry.action == AuditAction.UPDATE.value,
                )
            ).scalars()
        )
        audit_rows = s.execute(select(func.count()).select_from(AuditEntry)).scalar_one()
    for entry_id in entry_ids:
        mine = sorted((v, text) for e, v, text in successes if e == entry_id)
        read_versions = [v for v, _ in mine]
        # each success was based on the version just before it: none overwrote an unseen write
        assert read_versions == list(range(1, len(mine) + 1)), entry_id
        version, description = final[entry_id]
        assert version == 1 + len(mine)  # version count matches successes
        assert description == mine[-1][1]  # the last success is what is stored
        assert audited[entry_id] == len(mine)  # one audit row per success, none for conflicts
    assert audit_rows == len(successes)
    assert conflicts > 0, "the clients never collided: the race did not interleave"
    assert elapsed < 60
