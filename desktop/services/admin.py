"""User administration: add users, set roles and teams, reset passwords, deactivate."""

from __future__ import annotations

import re

from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from desktop.data.database import Database
from desktop.data.repositories import settings as settings_repo
from desktop.data.repositories import users as users_repo
from desktop.data.tables import Team, User
from desktop.domain.actor import Actor
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import EditConflict, NotFound, PermissionDenied, ValidationFailed
from desktop.domain.records import TeamRecord, UserRecord
from desktop.domain.security import password_problem
from desktop.services import audit
from desktop.services.account_alerts import account_detail
from desktop.services.passwords import hash_password
from desktop.services.sessions import checks_session

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,99}$")
#: Changes that end the account's signed-in sessions (desktop.services.sessions).
ENDS_SESSIONS = frozenset({"role", "team", "active", "password"})


@checks_session
class UserAdminService:
    """Only administrators manage users; every change is audited with the fields it touched."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def _require_admin(self, session: Session, actor: Actor, what: str) -> None:
        if actor.role is not Role.ADMINISTRATOR:
            audit.record(session, actor, AuditAction.PERMISSION_DENIED, detail={"surface": what})
            raise PermissionDenied("Only an administrator can manage users")

    def _denied(self, actor: Actor, what: str) -> None:
        with self._db.begin() as session:
            self._require_admin(session, actor, what)

    def list_users(self, actor: Actor) -> list[UserRecord]:
        if actor.role is not Role.ADMINISTRATOR:
            self._denied(actor, "user list")
        with self._db.begin() as session:
            return users_repo.list_users(session)

    def list_teams(self, actor: Actor) -> list[TeamRecord]:
        if actor.role is not Role.ADMINISTRATOR:
            self._denied(actor, "team list")
        with self._db.begin() as session:
            return users_repo.list_teams(session)

    def add_user(
        self,
        actor: Actor,
        *,
        username: str,
        display_name: str,
        role: Role,
        team_id: int | None,
        password: str,
        agency: str = "Children's Social Care",
    ) -> UserRecord:
        if actor.role is not Role.ADMINISTRATOR:
            self._denied(actor, "add user")
        username = username.strip().lower()
        errors: dict[str, str] = {}
        if not USERNAME.match(username):
            errors["username"] = "Use 2-100 lower-case letters, digits, dots, dashes or underscores"
        if not display_name.strip():
            errors["display_name"] = "Enter the person's name"
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            problem = password_problem(password, username, policy)
            if problem:
                errors["password"] = problem
            if users_repo.by_username(session, username) is not None:
                errors["username"] = f"There is already a user called '{username}'"
            if team_id is not None and session.get(Team, team_id) is None:
                errors["team"] = "That team does not exist"
            if errors:
                raise ValidationFailed(next(iter(errors.values())), errors)
            user = User(
                username=username,
                display_name=display_name.strip(),
                role=role.value,
                team_id=team_id,
                agency=agency.strip() or "Children's Social Care",
                password_hash=hash_password(password),
            )
            session.add(user)
            session.flush()
            audit.record(
                session,
                actor,
                AuditAction.CREATE,
                object_kind="user",
                object_id=user.id,
                fields=["username", "display_name", "role", "team", "agency", "password"],
                detail=account_detail(user),
            )
            record = users_repo.by_id(session, user.id)
        assert record is not None
        return record

    def update_user(
        self,
        actor: Actor,
        user_id: int,
        *,
        expected_version: int,
        display_name: str | None = None,
        role: Role | None = None,
        team_id: int | None = None,
        clear_team: bool = False,
        active: bool | None = None,
        new_password: str | None = None,
    ) -> UserRecord:
        """Change what is given; a colleague's change since `expected_version` is a conflict."""
        if actor.role is not Role.ADMINISTRATOR:
            self._denied(actor, "update user")
        try:
            with self._db.begin() as session:
                user = session.get(User, user_id)
                if user is None:
                    raise NotFound("That user no longer exists")
                if user.version != expected_version:
                    raise EditConflict(
                        f"{user.display_name}'s account was changed by someone else since you "
                        "opened it; reopen it to see the change"
                    )
                changed = self._apply(
                    session,
                    actor,
                    user,
                    display_name,
                    role,
                    team_id,
                    clear_team,
                    active,
                    new_password,
                )
                if changed:
                    audit.record(
                        session,
                        actor,
                        AuditAction.UPDATE,
                        object_kind="user",
                        object_id=user.id,
                        fields=changed,
                        detail=account_detail(user),
                    )
                session.flush()
                record = users_repo.by_id(session, user.id)
        except StaleDataError:
            raise EditConflict("Someone else saved this account at the same moment") from None
        assert record is not None
        return record

    @staticmethod
    def _apply(
        session: Session,
        actor: Actor,
        user: User,
        display_name: str | None,
        role: Role | None,
        team_id: int | None,
        clear_team: bool,
        active: bool | None,
        new_password: str | None,
    ) -> list[str]:
        changed: list[str] = []
        if display_name is not None and display_name.strip() != user.display_name:
            if not display_name.strip():
                raise ValidationFailed("Enter the person's name", {"display_name": "Required"})
            user.display_name = display_name.strip()
            changed.append("display_name")
        if role is not None and role.value != user.role:
            if user.id == actor.user_id:
                raise ValidationFailed("You cannot change your own role", {"role": "Own role"})
            user.role = role.value
            changed.append("role")
        if clear_team or (team_id is not None and team_id != user.team_id):
            if team_id is not None and session.get(Team, team_id) is None:
                raise ValidationFailed("That team does not exist", {"team": "Unknown team"})
            user.team_id = None if clear_team else team_id
            changed.append("team")
        if active is not None and active != user.active:
            if user.id == actor.user_id and not active:
                raise ValidationFailed(
                    "You cannot deactivate your own account", {"active": "Own account"}
                )
            user.active = active
            changed.append("active")
        if new_password is not None:
            policy = settings_repo.load_security(session)
            problem = password_problem(new_password, user.username, policy)
            if problem:
                raise ValidationFailed(problem, {"password": problem})
            user.password_hash = hash_password(new_password)
            user.failed_attempts, user.locked_until = 0, None
            # the administrator knows this password: only its user may choose the next one
            user.must_change_password = user.id != actor.user_id
            changed.append("password")
        if set(changed) & ENDS_SESSIONS and user.id != actor.user_id:
            user.session_version = (user.session_version or 0) + 1  # their open sessions end
        return changed
