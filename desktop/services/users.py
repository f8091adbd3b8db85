"""Resolve who is using Caseboard (sign-in proper arrives with the access issue)."""

from __future__ import annotations

from desktop.data.database import Database
from desktop.data.repositories import settings as settings_repo
from desktop.data.repositories import users as users_repo
from desktop.services.actor import Actor
from desktop.services.errors import NotFound, PermissionDenied

DEMO_KEY = "demo_database"


class UserService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def actor_for(self, username: str | None, *, os_login: str | None = None) -> Actor:
        """The named user; with no name, the OS login, or on a demo database its demo user."""
        with self._db.begin() as session:
            candidates = [username] if username else [os_login]
            if not username:
                demo = settings_repo.get_value(session, DEMO_KEY) or {}
                candidates.append(demo.get("default_user"))
            for name in filter(None, candidates):
                record = users_repo.by_username(session, name)
                if record is not None:
                    if not record.active:
                        raise PermissionDenied(f"The account '{record.username}' is deactivated")
                    return Actor(
                        record.id, record.username, record.display_name, record.role, record.team_id
                    )
        wanted = username or os_login or "(none)"
        raise NotFound(f"There is no Caseboard user named '{wanted}'; give one with --user NAME")
