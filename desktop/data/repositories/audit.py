"""Append to and read the audit chain; appends serialise so the chain never forks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import String, func, inspect, select, text, type_coerce
from sqlalchemy.orm import Session

from desktop.data.base import utcnow
from desktop.data.tables import AuditEntry
from desktop.domain.audit import (
    GENESIS_HASH,
    AuditRecord,
    ChainCheck,
    ChainVerifier,
    NotedHead,
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
        yield AuditRecord(*cast(tuple[Any, ...], row))


def has_audit_log(session: Session) -> bool:
    return inspect(session.connection()).has_table(AuditEntry.__tablename__)


def _stored_time(value: Any) -> datetime | None:
    """An entry's time as stored, or None when it is not a valid timestamp."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value + "+00:00")
        except ValueError:
            return None
    return None


def verify(session: Session, noted: NotedHead | None = None) -> ChainCheck:
    """Check the whole chain (against a head noted earlier, when given).

    The time is read as stored (text on SQLite), so a malformed one names its entry instead
    of failing the whole check; so does any value of a type the hash cannot cover.
    """
    at: Any = AuditEntry.at
    if session.get_bind().dialect.name == "sqlite":
        at = type_coerce(AuditEntry.at, String)
    stmt = select(
        AuditEntry.id, at, AuditEntry.user_id, AuditEntry.username, AuditEntry.action,
        AuditEntry.object_kind, AuditEntry.object_id, AuditEntry.young_person_id,
        AuditEntry.fields, AuditEntry.detail, AuditEntry.prev_hash, AuditEntry.hash,
    ).order_by(AuditEntry.id)  # fmt: skip
    verifier = ChainVerifier(noted)
    for row in session.execute(stmt.execution_options(yield_per=5000)):
        values = list(cast(tuple[Any, ...], row))
        when = _stored_time(values[1])
        if when is None:
            shown = "" if values[1] is None else str(values[1])[:40]
            verifier.fail(values[0], f"its time '{shown}' is not a valid timestamp")
            break
        values[1] = when
        try:
            if not verifier.feed(AuditRecord(*values)):
                break
        except (TypeError, ValueError) as exc:  # e.g. bytes where text belongs
            verifier.fail(values[0], f"one of its values cannot be read ({exc})")
            break
    return verifier.result()


def last_action_at(session: Session, user_id: int, action: str) -> datetime | None:
    return session.execute(
        select(AuditEntry.at)
        .where(AuditEntry.user_id == user_id, AuditEntry.action == action)
        .order_by(AuditEntry.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def team_break_glass_since(
    session: Session, team_id: int, since: datetime | None
) -> list[tuple[datetime, str, int, str, str, str]]:
    """Break-glass entries on a team's young people: (at, username, yp id, first, last, detail)."""
    from desktop.data.tables import YoungPerson

    stmt = (
        select(
            AuditEntry.at,
            AuditEntry.username,
            YoungPerson.id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            AuditEntry.detail,
        )
        .join(YoungPerson, YoungPerson.id == AuditEntry.young_person_id)
        .where(AuditEntry.action == "break_glass", YoungPerson.team_id == team_id)
        .order_by(AuditEntry.id)
    )
    if since is not None:
        stmt = stmt.where(AuditEntry.at > since)
    return [tuple(r) for r in session.execute(stmt)]  # type: ignore[misc]


@dataclass(frozen=True, slots=True)
class AuditQuery:
    username: str | None = None
    young_person_id: int | None = None
    action: str | None = None
    #: Any of these actions (with `action`, either matches).
    actions: tuple[str, ...] = ()
    start: datetime | None = None  # inclusive
    end: datetime | None = None  # exclusive
    #: Only entries about this team's young people or made by its members (None: all).
    team_id: int | None = None
    limit: int = 10_000


@dataclass(frozen=True, slots=True)
class AuditListRow:
    id: int
    at: datetime
    username: str
    action: str
    object_kind: str
    object_id: int | None
    young_person_id: int | None
    yp_first: str | None
    yp_last: str | None
    yp_restricted: bool
    yp_reference: str | None
    fields: str
    detail: str


def search(session: Session, query: AuditQuery) -> list[AuditListRow]:
    from sqlalchemy import and_, or_

    from desktop.data.tables import User, YoungPerson

    stmt = (
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.username,
            AuditEntry.action,
            AuditEntry.object_kind,
            AuditEntry.object_id,
            AuditEntry.young_person_id,
            YoungPerson.first_name,
            YoungPerson.last_name,
            YoungPerson.restricted,
            YoungPerson.reference,
            AuditEntry.fields,
            AuditEntry.detail,
        )
        .outerjoin(YoungPerson, YoungPerson.id == AuditEntry.young_person_id)
        # the acting user, or for entries about an account (failed sign-ins, admin changes) the
        # account's owner: a manager sees attempts on their own team's accounts
        .outerjoin(
            User,
            or_(
                User.id == AuditEntry.user_id,
                and_(
                    AuditEntry.user_id.is_(None),
                    AuditEntry.object_kind == "user",
                    User.id == AuditEntry.object_id,
                ),
            ),
        )
        .order_by(AuditEntry.id.desc())
        .limit(query.limit)
    )
    if query.username:
        stmt = stmt.where(AuditEntry.username.ilike(f"%{query.username.strip()}%"))
    if query.young_person_id is not None:
        stmt = stmt.where(AuditEntry.young_person_id == query.young_person_id)
    wanted = tuple(filter(None, (query.action, *query.actions)))
    if wanted:
        stmt = stmt.where(AuditEntry.action.in_(wanted))
    if query.start is not None:
        stmt = stmt.where(AuditEntry.at >= query.start)
    if query.end is not None:
        stmt = stmt.where(AuditEntry.at < query.end)
    if query.team_id is not None:
        stmt = stmt.where(or_(YoungPerson.team_id == query.team_id, User.team_id == query.team_id))
    out = []
    for row in session.execute(stmt):
        values: list[Any] = list(row)
        values[9] = bool(values[9])  # yp_restricted: NULL when the entry names nobody
        out.append(AuditListRow(*values))
    return out


# -- change feed (desktop.services.changes) -----------------------------------------------------

#: Audit actions that change a young person's record.
CHANGE_ACTIONS = ("create", "update")


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One committed create/update about a young person, as the change feed reads it."""

    audit_id: int
    young_person_id: int
    object_kind: str
    username: str


def latest_id(session: Session) -> int:
    """The newest audit entry's id (0 for an empty log): one index seek."""
    return int(session.execute(select(func.max(AuditEntry.id))).scalar_one_or_none() or 0)


def changes_since(session: Session, after_id: int, limit: int = 5000) -> list[ChangeRow]:
    """Creates and updates about young people committed after ``after_id``, oldest first."""
    stmt = (
        select(
            AuditEntry.id, AuditEntry.young_person_id, AuditEntry.object_kind, AuditEntry.username
        )
        .where(
            AuditEntry.id > after_id,
            AuditEntry.action.in_(CHANGE_ACTIONS),
            AuditEntry.young_person_id.is_not(None),
        )
        .order_by(AuditEntry.id)
        .limit(limit)
    )
    return [ChangeRow(a, y, k, u) for a, y, k, u in session.execute(stmt) if y is not None]
