"""Users and their sign-in state (frozen DTOs out, never ORM objects)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from desktop.data.tables import Team, User
from desktop.domain.enums import Role
from desktop.domain.records import TeamRecord, UserRecord

__all__ = ["TeamRecord", "UserRecord", "by_id", "by_username", "list_teams", "list_users"]


def _select() -> Select[*tuple[Any, ...]]:
    return select(
        User.id,
        User.username,
        User.display_name,
        User.role,
        User.team_id,
        Team.name,
        User.agency,
        User.active,
        User.failed_attempts,
        User.locked_until,
        User.password_hash.is_not(None),
        User.version,
    ).outerjoin(Team, Team.id == User.team_id)


def _record(row: Any) -> UserRecord:
    values = list(row)
    values[3] = Role(values[3])
    values[10] = bool(values[10])
    return UserRecord(*values)


def by_username(session: Session, username: str) -> UserRecord | None:
    row = session.execute(
        _select().where(func.lower(User.username) == username.strip().lower())
    ).one_or_none()
    return _record(row) if row else None


def by_id(session: Session, user_id: int) -> UserRecord | None:
    row = session.execute(_select().where(User.id == user_id)).one_or_none()
    return _record(row) if row else None


def list_users(session: Session) -> list[UserRecord]:
    return [_record(r) for r in session.execute(_select().order_by(User.display_name, User.id))]


def password_hash(session: Session, user_id: int) -> str | None:
    return session.execute(select(User.password_hash).where(User.id == user_id)).scalar_one()


def list_teams(session: Session) -> list[TeamRecord]:
    return [TeamRecord(*r) for r in session.execute(select(Team.id, Team.name).order_by(Team.name))]
