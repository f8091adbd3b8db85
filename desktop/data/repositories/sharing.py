"""Shared packs and summaries: fixed queries, frozen rows out (the PDF only when asked for)."""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Row, Select, select
from sqlalchemy.orm import Session, aliased

from desktop.data.tables import SharedDocument, User
from desktop.domain.enums import Role
from desktop.domain.sharing import RecipientView, SharedDocumentView, SharedKind


@dataclass(frozen=True, slots=True)
class SharedRow:
    """A shared document's facts (no PDF) for permission checks and audit."""

    view: SharedDocumentView
    shared_by_id: int
    shared_with_id: int
    meeting_id: int | None
    young_person_ids: tuple[int, ...]


def partner_readers(session: Session, ids: Collection[int] | None = None) -> list[RecipientView]:
    """Active partner-agency readers (all, or those of `ids`), by name."""
    stmt = select(User.id, User.display_name, User.username, User.agency).where(
        User.role == Role.PARTNER_READER.value, User.active.is_(True)
    )
    if ids is not None:
        stmt = stmt.where(User.id.in_(list(ids)))
    rows = session.execute(stmt.order_by(User.display_name, User.id)).all()
    return [RecipientView(r.id, r.display_name, r.username, r.agency or "") for r in rows]


def _select() -> Select[*tuple[Any, ...]]:
    by, with_ = aliased(User), aliased(User)
    return (
        select(
            SharedDocument.id,
            SharedDocument.kind,
            SharedDocument.title,
            SharedDocument.meeting_id,
            SharedDocument.young_person_ids,
            SharedDocument.shared_by_id,
            SharedDocument.shared_with_id,
            SharedDocument.shared_at,
            SharedDocument.options,
            SharedDocument.pages,
            SharedDocument.revoked_at,
            by.display_name.label("by_name"),
            with_.display_name.label("with_name"),
            with_.agency.label("with_agency"),
        )
        .join(by, by.id == SharedDocument.shared_by_id)
        .join(with_, with_.id == SharedDocument.shared_with_id)
    )


def _row(r: Row[Any]) -> SharedRow:
    kind: SharedKind = "pack" if r.kind == "pack" else "summary"
    options = json.loads(r.options or "{}")
    view = SharedDocumentView(
        id=r.id,
        kind=kind,
        title=r.title,
        shared_by=r.by_name,
        shared_with=f"{r.with_name} ({r.with_agency})" if r.with_agency else r.with_name,
        shared_at=r.shared_at,
        pages=r.pages,
        wider_audience=bool(options.get("wider_audience", False)),
        revoked=r.revoked_at is not None,
        revoked_at=r.revoked_at,
    )
    ids = tuple(int(i) for i in json.loads(r.young_person_ids or "[]"))
    return SharedRow(view, r.shared_by_id, r.shared_with_id, r.meeting_id, ids)


def shared_with(session: Session, user_id: int) -> list[SharedRow]:
    """Documents shared with this reader and not revoked, newest first."""
    stmt = _select().where(
        SharedDocument.shared_with_id == user_id, SharedDocument.revoked_at.is_(None)
    )
    rows = session.execute(stmt.order_by(SharedDocument.shared_at.desc(), SharedDocument.id.desc()))
    return [_row(r) for r in rows]


def shared_by(session: Session, user_id: int) -> list[SharedRow]:
    """Documents this user shared (revoked ones too), newest first."""
    stmt = _select().where(SharedDocument.shared_by_id == user_id)
    rows = session.execute(stmt.order_by(SharedDocument.shared_at.desc(), SharedDocument.id.desc()))
    return [_row(r) for r in rows]


def one(session: Session, document_id: int) -> SharedRow | None:
    r = session.execute(_select().where(SharedDocument.id == document_id)).one_or_none()
    return _row(r) if r is not None else None


def pdf(session: Session, document_id: int) -> bytes:
    data = session.execute(
        select(SharedDocument.pdf).where(SharedDocument.id == document_id)
    ).scalar_one()
    return bytes(data)


def revoke(session: Session, document_id: int, at: datetime) -> bool:
    """Mark revoked (optimistic-locked through the ORM); False when it already was."""
    doc = session.get(SharedDocument, document_id)
    if doc is None or doc.revoked_at is not None:
        return False
    doc.revoked_at = at
    session.flush()
    return True
