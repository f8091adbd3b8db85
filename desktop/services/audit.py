"""Write audit entries inside a service's own transaction, and verify the whole chain."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from desktop.data.database import Database
from desktop.data.repositories import audit as audit_repo
from desktop.data.repositories import caseload as caseload_repo
from desktop.data.repositories.audit import AuditQuery
from desktop.domain.access import initials
from desktop.domain.actor import Actor
from desktop.domain.audit import ChainCheck, NotedHead, to_json
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import PermissionDenied, ServiceError
from desktop.services.csvutil import safe_cells
from desktop.services.files import csv_writer, write_private
from desktop.services.sessions import checks_session

#: PostgreSQL NOTIFY channel on which committed changes to young people are published.
CHANGES_CHANNEL = "caseboard_changes"
#: Audit actions that change a young person's record (and so are published to other clients).
PUBLISHED_ACTIONS = frozenset({AuditAction.CREATE, AuditAction.UPDATE})


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
    """Append one entry in the caller's transaction, so it commits or rolls back with the work.

    On PostgreSQL a create or update about a young person is also published on
    CHANGES_CHANNEL (NOTIFY is delivered only on commit: other workstations hear of committed
    work only); desktop.services.changes listens.
    """
    entry = audit_repo.append(
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
    if young_person_id is not None and action in PUBLISHED_ACTIONS:
        # the young person's cached caseload values go with the change (same transaction)
        caseload_repo.forget_summary(session, young_person_id)
    if (
        young_person_id is not None
        and action in PUBLISHED_ACTIONS
        and session.get_bind().dialect.name == "postgresql"
    ):
        payload = {"yp": young_person_id, "kind": object_kind, "audit_id": entry.id,
                   "user": entry.username}  # fmt: skip
        session.execute(
            text("SELECT pg_notify(:channel, :payload)"),
            {"channel": CHANGES_CHANNEL, "payload": json.dumps(payload)},
        )


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def verify(self, noted: NotedHead | None = None) -> ChainCheck:
        """The chain checked from its first entry (and entry N against a noted N:HASH)."""
        with self._db.read() as session:
            if not audit_repo.has_audit_log(session):
                raise ServiceError(
                    f"There is no audit log in {self._db.display_name} "
                    "(its audit_entry table is missing)"
                )
            try:
                return audit_repo.verify(session, noted)
            except SQLAlchemyError as exc:  # e.g. a column dropped by hand
                reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
                raise ServiceError(f"The audit log cannot be read: {reason}") from None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """One audit entry as the viewer shows it (young person named only as far as allowed)."""

    id: int
    at: datetime
    username: str
    action: AuditAction
    object_kind: str
    object_id: int | None
    young_person_id: int | None
    young_person: str
    fields: str
    detail: str


AUDIT_CSV_HEADER = (
    "Entry", "When (UTC)", "User", "Action", "Record", "Record id", "Young person", "Fields",
    "Detail",
)  # fmt: skip


@checks_session
class AuditViewerService:
    """Searchable audit for team managers (their team) and administrators (everything)."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _team_scope(self, session: Session, actor: Actor, surface: str) -> int | None:
        if actor.role is Role.ADMINISTRATOR:
            return None
        if actor.role is Role.TEAM_MANAGER and actor.team_id is not None:
            return actor.team_id
        record(session, actor, AuditAction.PERMISSION_DENIED, detail={"surface": surface})
        raise PermissionDenied("Only team managers and administrators can read the audit log")

    def search(
        self,
        actor: Actor,
        *,
        username: str | None = None,
        young_person_id: int | None = None,
        action: AuditAction | None = None,
        start: datetime | None = None,
        end: datetime | None = None,
        limit: int = 10_000,
        actions: tuple[AuditAction, ...] = (),
    ) -> list[AuditRow]:
        query = AuditQuery(
            username=username or None,
            young_person_id=young_person_id,
            action=action.value if action else None,
            actions=tuple(a.value for a in actions),
            start=start,
            end=end,
            limit=limit,
        )
        denied: PermissionDenied | None = None
        with self._db.begin() as session:
            try:
                team = self._team_scope(session, actor, "audit viewer")
            except PermissionDenied as exc:
                denied = exc
            else:
                rows = audit_repo.search(session, replace(query, team_id=team))
        if denied:
            raise denied
        return [self._row(actor, r) for r in rows]

    def who_viewed(self, actor: Actor, young_person_id: int) -> list[AuditRow]:
        """Everyone who opened this young person's record (break-glass included), newest first."""
        return self.search(
            actor,
            young_person_id=young_person_id,
            actions=(AuditAction.VIEW, AuditAction.BREAK_GLASS),
        )

    def export_csv(self, actor: Actor, path: Path, **filters: Any) -> int:
        rows = self.search(actor, **filters)
        cells = (
            safe_cells(
                (
                    r.id, r.at.isoformat(timespec="seconds"), r.username, r.action.value,
                    r.object_kind, r.object_id, r.young_person, r.fields, r.detail,
                )
            )
            for r in rows
        )  # fmt: skip

        def audit_it(count: int) -> None:
            with self._db.begin() as session:
                record(
                    session,
                    actor,
                    AuditAction.EXPORT,
                    object_kind="audit_csv",
                    detail={"file": Path(path).name, "entries": count, "filters": filters},
                )

        write_private(path, csv_writer(AUDIT_CSV_HEADER, cells), audit_it)
        return len(rows)

    @staticmethod
    def _row(actor: Actor, r: audit_repo.AuditListRow) -> AuditRow:
        if r.young_person_id is None or r.yp_first is None:
            who = ""
        elif actor.role is Role.ADMINISTRATOR or r.yp_restricted:
            # administrators read no case content; restricted records stay initials here
            who = f"{initials(r.yp_first, r.yp_last or '')} ({r.yp_reference})"
        else:
            who = f"{r.yp_first} {r.yp_last}"
        return AuditRow(
            r.id,
            r.at,
            r.username,
            AuditAction(r.action),
            r.object_kind,
            r.object_id,
            r.young_person_id,
            who,
            r.fields,
            r.detail,
        )
