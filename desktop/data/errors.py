"""The data layer's own error, in a module of its own: catching it imports no SQLAlchemy."""

from __future__ import annotations


class DatabaseOpenError(Exception):
    """A database that cannot be used; the message is written for the person at the screen."""
