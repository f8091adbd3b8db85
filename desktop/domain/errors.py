"""The base of expected failures and the lost-connection failure, defined in the domain so the
data layer can raise Unavailable itself (desktop.services.errors re-exports both)."""

from __future__ import annotations


class ServiceError(Exception):
    """Base of the expected failures; str(exc) is written for the person at the screen."""


class Unavailable(ServiceError):
    """The database could not be reached; the transaction did not commit."""
