"""Live sessions: every service call first checks the account is still as it was at sign-in.

An administrator's change to an account (deactivation, a new role or team, a password reset)
raises its ``session_version``. A session signed in before carries the older number on its
``Actor``; from then on every service refuses it with ``SessionEnded``, so a deactivated
worker or a demoted manager cannot carry on in a window left open. An account whose password
was reset is refused with ``PasswordChangeRequired`` until its user has chosen a new one.

The check is one primary-key lookup per service call (not per row), made by the
``checks_session`` class decorator on each service: any public method whose first parameter
is ``actor`` is checked, so a new service method cannot forget it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from desktop.data.database import Database
from desktop.data.tables import User
from desktop.domain.actor import Actor
from desktop.domain.errors import PasswordChangeRequired, SessionEnded

CHANGED = "Your account was changed by an administrator: sign in again"
DEACTIVATED = "Your account was deactivated by an administrator: you have been signed out"
MUST_CHANGE = (
    "Your password was reset by an administrator: sign in to the Caseboard app to choose "
    "a new password"
)

_C = TypeVar("_C", bound=type)

#: The user whose session the current (outer) service call has already checked: a service
#: calling another service, or itself, does not check again.
_checked: ContextVar[int | None] = ContextVar("caseboard_session_checked", default=None)


def check_actor(session: Session, actor: Actor, *, allow_password_change: bool = False) -> None:
    """Raise SessionEnded (or PasswordChangeRequired) unless the actor's session is current."""
    row = session.execute(
        select(User.active, User.session_version, User.must_change_password).where(
            User.id == actor.user_id
        )
    ).one_or_none()
    if row is None or not row.active:
        raise SessionEnded(DEACTIVATED)
    if row.session_version != actor.session_version:
        raise SessionEnded(CHANGED)
    if row.must_change_password and not allow_password_change:
        raise PasswordChangeRequired(MUST_CHANGE)


def check_session(db: Database, actor: Actor) -> None:
    """check_actor in a read-only transaction of its own: one small query that takes no write
    lock (Database.read), so the service's own transaction is the call's only write."""
    with db.read() as session:
        check_actor(session, actor)


def checks_session(cls: _C) -> _C:
    """Class decorator: check the session before every public method that takes ``actor``.

    The service must keep its Database in ``self._db`` (every service does).
    """
    for name, member in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(member):
            continue
        parameters = list(inspect.signature(member).parameters)
        if len(parameters) >= 2 and parameters[1] == "actor":
            setattr(cls, name, _guarded(member))
    return cls


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: Any, *args: Any, **kwargs: Any) -> Any:
        actor = args[0] if args else kwargs.get("actor")
        if not isinstance(actor, Actor) or _checked.get() == actor.user_id:
            return method(self, *args, **kwargs)
        check_session(self._db, actor)
        token = _checked.set(actor.user_id)
        try:
            return method(self, *args, **kwargs)
        finally:
            _checked.reset(token)

    return guarded
