"""The audit chain: every service write is chained, and any tampering is named by verify."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, select, update

from desktop.data.database import Database
from desktop.data.repositories import audit as audit_repo
from desktop.data.tables import AuditEntry
from desktop.domain.audit import GENESIS_HASH
from desktop.domain.enums import AuditAction
from desktop.services import audit
from desktop.services.audit import AuditService
from tests import factories as f


@pytest.fixture
def chained(db: Database) -> list[int]:
    """Five entries written as five separate transactions, as a working day would."""
    with db.begin() as s:
        u = f.user(s, f.team(s))
        who = f.actor(u)
    for n in range(5):
        with db.begin() as s:
            audit.record(s, who, AuditAction.VIEW, object_kind="young_person", object_id=n)
    with db.begin() as s:
        return list(s.execute(select(AuditEntry.id).order_by(AuditEntry.id)).scalars())


def test_an_untouched_chain_verifies(db: Database, chained: list[int]) -> None:
    check = AuditService(db).verify()
    assert check.ok and check.checked == 5 and check.first_broken_id is None


def test_first_entry_links_to_genesis_and_each_to_the_one_before(
    db: Database, chained: list[int]
) -> None:
    with db.begin() as s:
        rows = s.execute(
            select(AuditEntry.prev_hash, AuditEntry.hash).order_by(AuditEntry.id)
        ).all()
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(rows[i].prev_hash == rows[i - 1].hash for i in range(1, len(rows)))


def test_the_database_refuses_to_change_or_delete_audit_rows(
    db: Database, chained: list[int]
) -> None:
    from sqlalchemy.exc import DBAPIError

    for statement in (
        update(AuditEntry).where(AuditEntry.id == chained[0]).values(username="x"),
        delete(AuditEntry).where(AuditEntry.id == chained[0]),
    ):
        with pytest.raises(DBAPIError, match="append-only"), db.begin() as s:
            s.execute(statement)
    assert AuditService(db).verify().ok


@pytest.fixture
def tamperable(db: Database, chained: list[int]) -> list[int]:
    f.bypass_audit_protection(db)
    return chained


def test_changing_a_row_is_detected_at_that_row(db: Database, tamperable: list[int]) -> None:
    chained = tamperable
    with db.begin() as s:
        s.execute(update(AuditEntry).where(AuditEntry.id == chained[2]).values(username="someone"))
    check = AuditService(db).verify()
    assert not check.ok and check.first_broken_id == chained[2] and "changed" in check.reason


def test_changing_a_timestamp_is_detected(db: Database, tamperable: list[int]) -> None:
    chained = tamperable
    with db.begin() as s:
        s.execute(
            update(AuditEntry)
            .where(AuditEntry.id == chained[1])
            .values(at=datetime(2020, 1, 1, tzinfo=UTC))
        )
    assert AuditService(db).verify().first_broken_id == chained[1]


def test_deleting_a_row_is_detected_at_the_next(db: Database, tamperable: list[int]) -> None:
    chained = tamperable
    with db.begin() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id == chained[2]))
    check = AuditService(db).verify()
    assert not check.ok and check.first_broken_id == chained[3] and "removed" in check.reason


def test_inserting_a_forged_row_is_detected(db: Database, chained: list[int]) -> None:
    with db.begin() as s:
        s.add(
            AuditEntry(
                id=chained[-1] + 10,
                at=datetime.now(UTC),
                username="forger",
                action="view",
                prev_hash=GENESIS_HASH,
                hash="f" * 64,
            )
        )
    check = AuditService(db).verify()
    assert not check.ok and check.first_broken_id == chained[-1] + 10


def test_a_rolled_back_transaction_leaves_no_audit_row(db: Database, chained: list[int]) -> None:
    with pytest.raises(RuntimeError), db.begin() as s:
        audit_repo.append(s, user_id=None, username="x", action="create")
        raise RuntimeError("the work failed")
    with db.begin() as s:
        assert len(s.execute(select(AuditEntry.id)).all()) == 5
    assert AuditService(db).verify().ok


def test_a_recorded_head_shows_when_the_newest_entries_were_removed(
    db: Database, tamperable: list[int]
) -> None:
    """A shorter chain is still intact; only the head noted earlier reveals the truncation."""
    before = AuditService(db).verify()
    with db.begin() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.id == tamperable[-1]))
    after = AuditService(db).verify()
    assert after.ok and after.checked == before.checked - 1
    assert after.head != before.head
