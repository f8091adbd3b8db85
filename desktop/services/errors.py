"""Expected failures a service raises; the UI turns each into a message, never a crash."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the expected failures; str(exc) is written for the person at the screen."""


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
    """Someone saved the same record first; nothing was written."""


class Unavailable(ServiceError):
    """The database could not be reached; nothing was written."""


class RestrictedRecord(PermissionDenied):
    """A restricted young person the user may see by initials only: break-glass can open it."""
