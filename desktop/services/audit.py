"""Write audit entries inside a service's own transaction, and verify the whole chain."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.orm import Session

from desktop.data.database import Database
from desktop.data.repositories import audit as audit_repo
from desktop.domain.audit import ChainCheck, to_json
from desktop.domain.enums import AuditAction
from desktop.services.actor import Actor


def record(
    session: Session,
    actor: Actor | None,
    action: AuditAction,
    *,
    object_kind: str = "",
    object_id: int | None = None,
    young_person_id: int | None = None,
    fields: Iterable[str] = (),
    detail: dict[str, Any] | None = None,
    username: str | None = None,
) -> None:
    """Append one entry in the caller's transaction, so it commits or rolls back with the work."""
    audit_repo.append(
        session,
        user_id=actor.user_id if actor else None,
        username=actor.username if actor else (username or "system"),
        action=action.value,
        object_kind=object_kind,
        object_id=object_id,
        young_person_id=young_person_id,
        fields=to_json(sorted(fields)),
        detail=to_json(detail or {}),
    )


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def verify(self) -> ChainCheck:
        with self._db.begin() as session:
            return audit_repo.verify(session)
