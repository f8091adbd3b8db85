"""Look up users (frozen DTOs out, never ORM objects)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desktop.data.tables import Team, User
from desktop.domain.enums import Role


@dataclass(frozen=True, slots=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    role: Role
    team_id: int | None
    team: str | None
    active: bool


def _select():  # type: ignore[no-untyped-def]
    return select(
        User.id,
        User.username,
        User.display_name,
        User.role,
        User.team_id,
        Team.name,
        User.active,
    ).outerjoin(Team, Team.id == User.team_id)


def _record(row: tuple) -> UserRecord:  # type: ignore[type-arg]
    uid, username, display, role, team_id, team, active = row
    return UserRecord(uid, username, display, Role(role), team_id, team, active)


def by_username(session: Session, username: str) -> UserRecord | None:
    row = session.execute(
        _select().where(func.lower(User.username) == username.strip().lower())
    ).one_or_none()
    return _record(tuple(row)) if row else None


def list_users(session: Session) -> list[UserRecord]:
    return [_record(tuple(r)) for r in session.execute(_select().order_by(User.display_name))]
