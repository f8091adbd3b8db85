"""Expected failures any layer may raise; the UI turns each into a message, never a crash.

Defined in the domain so that the data layer can raise Unavailable for a lost connection and
the views can name the failures they show without importing a service."""

from __future__ import annotations

from datetime import datetime


class ServiceError(Exception):
    """Base of the expected failures; str(exc) is written for the person at the screen."""


class Unavailable(ServiceError):
    """The database could not be reached; the transaction did not commit."""


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass


class ValidationFailed(ServiceError):
    """Bad input; `fields` maps a field name to its message so a form can show it in place."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = dict(fields or {})


class EditConflict(ServiceError):
    """Someone saved the same record first; nothing was written.

    ``current`` holds the record's stored values now, by the command's field names, so a form
    can merge them with what the user typed (desktop.domain.merge); ``version`` is the version
    to resubmit with, ``changed_by``/``changed_at`` who saved last and when ("" / None when the
    audit log does not say, or the record no longer exists).
    """

    def __init__(
        self,
        message: str,
        *,
        current: dict[str, object] | None = None,
        changed_by: str = "",
        changed_at: datetime | None = None,
        version: int = 0,
    ) -> None:
        super().__init__(message)
        self.current: dict[str, object] = dict(current or {})
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.version = version


class RestrictedRecord(PermissionDenied):
    """A restricted young person the user may see by initials only: break-glass can open it."""


class SessionEnded(PermissionDenied):
    """An administrator changed the account after this session signed in: sign in again."""


class PasswordChangeRequired(PermissionDenied):
    """The password was reset by an administrator: only choosing a new one is allowed."""
