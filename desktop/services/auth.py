"""Sign-in: argon2 passwords, lockout after repeated failures, audited, with manager alerts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.data.database import Database
from desktop.data.repositories import audit as audit_repo
from desktop.data.repositories import settings as settings_repo
from desktop.data.tables import User
from desktop.domain.access import initials
from desktop.domain.actor import Actor
from desktop.domain.dates import format_datetime
from desktop.domain.enums import AuditAction, Role
from desktop.domain.errors import PermissionDenied, ServiceError, ValidationFailed
from desktop.domain.security import SecurityPolicy, after_failure, is_locked, password_problem
from desktop.services import audit
from desktop.services.clock import Clock, system_clock
from desktop.services.passwords import hash_password, needs_rehash, verify_password

WRONG = "The username or password is not right"


class SignInFailed(ServiceError):
    """A refused sign-in; the message never says which of username or password was wrong."""

    def __init__(self, message: str, *, locked: bool = False) -> None:
        super().__init__(message)
        #: The account is locked (now, or by this very failure): retrying cannot succeed yet.
        self.locked = locked


@dataclass(frozen=True, slots=True)
class SignedIn:
    actor: Actor
    #: Things the user must see at once, e.g. break-glass use on a manager's team.
    alerts: tuple[str, ...]
    policy: SecurityPolicy


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, Role(user.role), user.team_id)


class AuthService:
    def __init__(self, db: Database, *, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def policy(self) -> SecurityPolicy:
        with self._db.begin() as session:
            return settings_repo.load_security(session)

    def sign_in(self, username: str, password: str) -> SignedIn:
        """Check the password; five failures in a row lock the account for fifteen minutes."""
        now = self._clock()
        failure: SignInFailed | None
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            user = self._user(session, username)
            if user is None:
                audit.record(
                    session,
                    None,
                    AuditAction.FAILED_LOGIN,
                    username=username.strip()[:100] or "(blank)",
                    detail={"reason": "unknown user"},
                )
                failure = SignInFailed(WRONG)
            else:
                failure = self._check(session, user, password, now, policy, "sign-in")
                if failure is None:
                    return self._succeed(session, user, policy, method="password")
        raise failure  # after the commit: the failure and its audit entry are kept

    def unlock(self, actor: Actor, password: str) -> None:
        """Unlock an idle-locked window: the same password check and lockout, not a new sign-in.

        A success is not a LOGIN (the session goes on, and a manager's alerts stay for their
        next real sign-in); a failure is audited like any failed sign-in.
        """
        now = self._clock()
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            user = session.get(User, actor.user_id)
            if user is None:
                failure: SignInFailed | None = SignInFailed("Your account no longer exists")
            else:
                failure = self._check(session, user, password, now, policy, "unlock")
        if failure is not None:
            raise failure

    def _check(
        self,
        session: Session,
        user: User,
        password: str,
        now: datetime,
        policy: SecurityPolicy,
        context: str,
    ) -> SignInFailed | None:
        """None when the password is right; otherwise the failure, counted and audited."""
        if not user.active:
            self._fail(session, user, "deactivated", context)
            return SignInFailed(f"The account '{user.username}' has been deactivated")
        if is_locked(user.locked_until, now):
            assert user.locked_until is not None
            self._fail(session, user, "locked", context)
            return SignInFailed(
                "Too many failed attempts: the account is locked until "
                f"{format_datetime(user.locked_until)}",
                locked=True,
            )
        if user.locked_until is not None:  # an expired lock: count afresh
            user.locked_until, user.failed_attempts = None, 0
        if verify_password(user.password_hash, password):
            if needs_rehash(user.password_hash or ""):
                user.password_hash = hash_password(password)
            user.failed_attempts = 0
            return None
        user.failed_attempts, user.locked_until = after_failure(user.failed_attempts, now, policy)
        self._fail(session, user, "wrong password", context, attempts=user.failed_attempts)
        if user.locked_until is not None:
            return SignInFailed(
                f"{WRONG}. After {policy.lockout_attempts} failed attempts in a row the "
                f"account is locked for {policy.lockout_minutes} minutes",
                locked=True,
            )
        return SignInFailed(WRONG)

    def sign_in_os(self, os_login: str | None) -> SignedIn:
        """Trust the operating system's login (single sign-on), only where the council allows."""
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            if not policy.trust_os_login:
                raise PermissionDenied("Signing in with the workstation login is not enabled")
            user = self._user(session, os_login or "")
            if user is None or not user.active:
                audit.record(
                    session,
                    None,
                    AuditAction.FAILED_LOGIN,
                    username=(os_login or "(none)")[:100],
                    detail={"reason": "no active user for workstation login"},
                )
                failure = f"There is no active Caseboard user for the login '{os_login}'"
            else:
                return self._succeed(session, user, policy, method="workstation login")
        raise SignInFailed(failure)

    def set_own_password(self, actor: Actor, current: str, new: str) -> None:
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            user = session.get(User, actor.user_id)
            if user is None or not verify_password(user.password_hash, current):
                raise ValidationFailed("The current password is not right", {"current": WRONG})
            problem = password_problem(new, user.username, policy)
            if problem:
                raise ValidationFailed(problem, {"new": problem})
            user.password_hash = hash_password(new)
            audit.record(
                session,
                actor,
                AuditAction.UPDATE,
                object_kind="user",
                object_id=user.id,
                fields=["password"],
            )

    @staticmethod
    def _user(session: Session, username: str) -> User | None:
        from sqlalchemy import func

        stmt = select(User).where(func.lower(User.username) == username.strip().lower())
        if session.get_bind().dialect.name == "postgresql":
            stmt = stmt.with_for_update()
        return session.execute(stmt).scalar_one_or_none()

    @staticmethod
    def _fail(session: Session, user: User, reason: str, context: str, **extra: object) -> None:
        audit.record(
            session,
            None,
            AuditAction.FAILED_LOGIN,
            username=user.username,
            object_kind="user",
            object_id=user.id,
            detail={"reason": reason, "during": context, **extra},
        )

    def _succeed(
        self, session: Session, user: User, policy: SecurityPolicy, *, method: str
    ) -> SignedIn:
        actor = actor_of(user)
        alerts = self._alerts(session, actor)
        user.failed_attempts = 0
        user.locked_until = None
        audit.record(
            session,
            actor,
            AuditAction.LOGIN,
            object_kind="user",
            object_id=user.id,
            detail={"method": method},
        )
        return SignedIn(actor, alerts, policy)

    def _alerts(self, session: Session, actor: Actor) -> tuple[str, ...]:
        if actor.role is not Role.TEAM_MANAGER or actor.team_id is None:
            return ()
        since = audit_repo.last_action_at(session, actor.user_id, AuditAction.LOGIN.value)
        alerts = []
        for at, username, _yp, first, last, detail in audit_repo.team_break_glass_since(
            session, actor.team_id, since
        ):
            reason = json.loads(detail).get("reason", "") if detail else ""
            alerts.append(
                f"{username} used break-glass access to {initials(first, last)} on "
                f"{format_datetime(at)}. Reason given: “{reason}”"
            )
        return tuple(alerts)
