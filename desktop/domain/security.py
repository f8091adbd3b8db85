"""Sign-in and session rules: lockout after failed attempts, idle lock, password strength."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True, slots=True)
class SecurityPolicy:
    lockout_attempts: int = 5  # failed sign-ins in a row before the account locks
    lockout_minutes: int = 15
    idle_lock_minutes: int = 10
    #: Councils with single sign-on on their workstations may trust the OS login name.
    trust_os_login: bool = False
    min_password_length: int = 10
    min_break_glass_reason: int = 15  # characters: a reason, not "x"
    #: Characters in any one free-text field (a plan, an account, a decision): longer pastes
    #: are refused at the field, so documents stay quick to build and to read.
    max_text_length: int = 20_000


DEFAULT_SECURITY = SecurityPolicy()


def is_locked(locked_until: datetime | None, now: datetime) -> bool:
    return locked_until is not None and now < locked_until


def after_failure(
    failed_attempts: int, now: datetime, policy: SecurityPolicy
) -> tuple[int, datetime | None]:
    """The new failure count and, when it reaches the limit, the time the lock ends."""
    count = failed_attempts + 1
    if count >= policy.lockout_attempts:
        return count, now + timedelta(minutes=policy.lockout_minutes)
    return count, None


def password_problem(password: str, username: str, policy: SecurityPolicy) -> str | None:
    """Why a new password is not acceptable, or None."""
    if len(password) < policy.min_password_length:
        return f"The password must be at least {policy.min_password_length} characters long"
    if password.strip().lower() == username.strip().lower():
        return "The password must not be the username"
    if len(set(password)) < 4:
        return "The password is too simple"
    return None
