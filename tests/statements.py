"""Counting the SQL statements a piece of work sends (tests of fixed query counts)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event

from desktop.data.database import Database


@contextmanager
def count_statements(db: Database) -> Iterator[list[str]]:
    """The statements sent while the block runs. Transaction control is not a query: SQLite's
    ``BEGIN IMMEDIATE``/``DEFERRED`` (sent as statements so the write lock is taken first) is
    left out, as PostgreSQL's BEGIN, which the driver sends by itself, never shows here."""
    seen: list[str] = []

    def before(conn, cursor, statement, params, context, executemany):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith("BEGIN"):
            seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
