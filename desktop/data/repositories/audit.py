"""Append to and read the audit chain; appends serialise so the chain never forks."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from desktop.data.base import utcnow
from desktop.data.tables import AuditEntry
from desktop.domain.audit import (
    GENESIS_HASH,
    AuditRecord,
    ChainCheck,
    ChainVerifier,
    canonical_payload,
    entry_hash,
)

#: Advisory lock key taken (per transaction) by every audit append on PostgreSQL.
PG_AUDIT_LOCK = 0x0CA5EAD1


def append(
    session: Session,
    *,
    user_id: int | None,
    username: str,
    action: str,
    object_kind: str = "",
    object_id: int | None = None,
    young_person_id: int | None = None,
    fields: str = "",
    detail: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry in the caller's transaction, chained to the latest committed one."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_AUDIT_LOCK})
    session.flush()  # earlier entries of this same transaction must be visible below
    prev = session.execute(
        select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).scalar_one_or_none()
    prev_hash = prev or GENESIS_HASH
    when = at or utcnow()
    payload = canonical_payload(
        at=when,
        user_id=user_id,
        username=username,
        action=action,
        object_kind=object_kind,
        object_id=object_id,
        young_person_id=young_person_id,
        fields=fields,
        detail=detail,
    )
    entry = AuditEntry(
        at=when,
        user_id=user_id,
        username=username,
        action=action,
        object_kind=object_kind,
        object_id=object_id,
        young_person_id=young_person_id,
        fields=fields,
        detail=detail,
        prev_hash=prev_hash,
        hash=entry_hash(prev_hash, payload),
    )
    session.add(entry)
    session.flush()
    return entry


def iter_records(session: Session, batch: int = 5000) -> Iterator[AuditRecord]:
    stmt = select(
        AuditEntry.id,
        AuditEntry.at,
        AuditEntry.user_id,
        AuditEntry.username,
        AuditEntry.action,
        AuditEntry.object_kind,
        AuditEntry.object_id,
        AuditEntry.young_person_id,
        AuditEntry.fields,
        AuditEntry.detail,
        AuditEntry.prev_hash,
        AuditEntry.hash,
    ).order_by(AuditEntry.id)
    for row in session.execute(stmt.execution_options(yield_per=batch)):
        yield AuditRecord(*row)


def verify(session: Session) -> ChainCheck:
    verifier = ChainVerifier()
    for record in iter_records(session):
        if not verifier.feed(record):
            break
    return verifier.result()
