"""Sign-in: argon2 passwords, lockout after repeated failures, audited, with manager alerts."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

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
from desktop.services.account_alerts import account_alerts
from desktop.services.clock import Clock, system_clock
from desktop.services.passwords import hash_password, needs_rehash, verify_password
from desktop.services.sessions import check_actor

WRONG = "The username or password is not right"
#: Said instead of whatever was typed: a password typed into the username box is not kept.
UNKNOWN_USERNAME = "(unknown user)"
#: Sign-ins to one account at the same moment (SQLite's optimistic lock): tries before giving up.
ATTEMPTS = 8
BUSY = "Too many sign-ins to this account at the same moment: try again"

_T = TypeVar("_T")


@cache
def _dummy_hash() -> str:
    """An argon2 hash no password matches, verified for unknown usernames (same time taken)."""
    return hash_password("caseboard: no such account")


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
    #: An administrator reset the password: no service accepts this actor until the user has
    #: chosen a new one (AuthService.choose_new_password).
    must_change_password: bool = False


def actor_of(user: User) -> Actor:
    return Actor(
        user.id,
        user.username,
        user.display_name,
        Role(user.role),
        user.team_id,
        session_version=user.session_version or 0,
    )


class AuthService:
    def __init__(self, db: Database, *, clock: Clock = system_clock) -> None:
        self._db = db
        self._clock = clock

    def policy(self) -> SecurityPolicy:
        with self._db.begin() as session:
            return settings_repo.load_security(session)

    def sign_in(self, username: str, password: str) -> SignedIn:
        """Check the password; five failures in a row lock the account for fifteen minutes."""
        return self._contended(lambda: self._sign_in(username, password), username)

    def _sign_in(self, username: str, password: str) -> SignedIn:
        now = self._clock()
        failure: SignInFailed | None
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            user = self._user(session, username)
            if user is None:
                verify_password(_dummy_hash(), password)  # as slow as checking a real account
                audit.record(
                    session,
                    None,
                    AuditAction.FAILED_LOGIN,
                    username=UNKNOWN_USERNAME if username.strip() else "(blank)",
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
        next real sign-in); a failure is audited like any failed sign-in. A session an
        administrator ended (SessionEnded) cannot be unlocked: the user must sign in again.
        """
        self._contended(lambda: self._unlock(actor, password), actor.username)

    def _unlock(self, actor: Actor, password: str) -> None:
        now = self._clock()
        with self._db.begin() as session:
            policy = settings_repo.load_security(session)
            check_actor(session, actor, allow_password_change=True)
            user = session.get(User, actor.user_id)
            if user is None:
                failure: SignInFailed | None = SignInFailed("Your account no longer exists")
            else:
                failure = self._check(session, user, password, now, policy, "unlock")
        if failure is not None:
            raise failure

    def _contended(self, attempt: Callable[[], _T], username: str) -> _T:
        """Run a sign-in step again when a simultaneous one to the same account won the race.

        On SQLite the account row's optimistic lock makes the later of two simultaneous
        attempts fail at commit (nothing of it kept); trying again reads the winner's counts, so
        every attempt is counted towards the lockout and audited.
        """
        for _ in range(ATTEMPTS):
            try:
                return attempt()
            except StaleDataError:
                continue
        with self._db.begin() as session:
            user = self._user(session, username)
            audit.record(
                session,
                None,
                AuditAction.FAILED_LOGIN,
                username=user.username if user is not None else UNKNOWN_USERNAME,
                object_kind="user" if user is not None else "",
                object_id=user.id if user is not None else None,
                detail={"reason": "too many simultaneous sign-ins"},
            )
        raise SignInFailed(BUSY)

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
            # only someone who knows the password learns that the account exists but is off
            right = verify_password(user.password_hash, password)
            self._fail(session, user, "deactivated", context)
            if right:
                return SignInFailed(f"The account '{user.username}' has been deactivated")
            return SignInFailed(WRONG)
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
        """Trust the operating system's login (single sign-on), only where the council allows.

        ``os_login`` must come from desktop.oslogin (the operating system), never from the
        environment: LOGNAME and USER are whatever the caller set.
        """
        return self._contended(lambda: self._sign_in_os(os_login), os_login or "")

    def _sign_in_os(self, os_login: str | None) -> SignedIn:
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
            check_actor(session, actor, allow_password_change=True)
            policy = settings_repo.load_security(session)
            user = session.get(User, actor.user_id)
            if user is None or not verify_password(user.password_hash, current):
                raise ValidationFailed("The current password is not right", {"current": WRONG})
            self._set_new_password(session, actor, user, new, policy)

    def choose_new_password(self, actor: Actor, new: str) -> None:
        """After an administrator's reset: the user (signed in with the reset password or the
        workstation login) chooses their own password; only then do services accept them."""
        with self._db.begin() as session:
            check_actor(session, actor, allow_password_change=True)
            policy = settings_repo.load_security(session)
            user = session.get(User, actor.user_id)
            if user is None or not user.must_change_password:
                raise PermissionDenied(
                    "Your password was not reset: change it with your current password"
                )
            self._set_new_password(session, actor, user, new, policy)

    @staticmethod
    def _set_new_password(
        session: Session, actor: Actor, user: User, new: str, policy: SecurityPolicy
    ) -> None:
        problem = password_problem(new, user.username, policy)
        if problem:
            raise ValidationFailed(problem, {"new": problem})
        if user.must_change_password and verify_password(user.password_hash, new):
            message = "Choose a password of your own, not the one the administrator set"
            raise ValidationFailed(message, {"new": message})
        user.password_hash = hash_password(new)
        user.must_change_password = False
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
        alerts = self._alerts(session, actor, user.created_at)
        user.failed_attempts = 0
        user.locked_until = None
        must_change = bool(user.must_change_password)
        detail: dict[str, object] = {"method": method}
        if must_change:
            detail["must_change_password"] = True
        audit.record(
            session,
            actor,
            AuditAction.LOGIN,
            object_kind="user",
            object_id=user.id,
            detail=detail,
        )
        return SignedIn(actor, alerts, policy, must_change_password=must_change)

    def _alerts(self, session: Session, actor: Actor, created_at: datetime) -> tuple[str, ...]:
        since = audit_repo.last_action_at(session, actor.user_id, AuditAction.LOGIN.value)
        accounts = account_alerts(session, actor, since or created_at)
        if actor.role is not Role.TEAM_MANAGER or actor.team_id is None:
            return tuple(accounts)
        alerts = list(accounts)
        for at, username, _yp, first, last, detail in audit_repo.team_break_glass_since(
            session, actor.team_id, since
        ):
            reason = json.loads(detail).get("reason", "") if detail else ""
            alerts.append(
                f"{username} used break-glass access to {initials(first, last)} on "
                f"{format_datetime(at)}. Reason given: “{reason}”"
            )
        return tuple(alerts)
