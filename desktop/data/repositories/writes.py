"""The one way services change a stored record: load it as a domain value, insert, update.

``Rows`` wraps one table in one transaction. It hands out frozen ``Stored`` values, never ORM
objects, and keeps the rows it loaded so an update in the same transaction costs no second
SELECT. ``update`` is the shared optimistic-lock write: it refuses a stale version
(``VersionMismatch``), sets only the columns whose value differs and flushes, so a colleague's
save in between still surfaces as SQLAlchemy's StaleDataError at the versioned UPDATE.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

R = TypeVar("R")

#: What an update writes: command field name -> (column, value).
Values = Mapping[str, tuple[str, Any]]


class VersionMismatch(Exception):
    """The record's stored version is not the one the edit started from."""

    def __init__(self, version: int) -> None:
        super().__init__(f"stored at version {version}")
        self.version = version


class Rows(Generic[R]):
    """One table's rows within one transaction, as domain values of type ``R``."""

    def __init__(self, session: Session, table: type[Any], to_value: Callable[[Any], R]) -> None:
        self._session = session
        self._table = table
        self._to_value = to_value
        self._loaded: dict[int, Any] = {}  # strong references: no second SELECT for an update

    def get(self, record_id: int | None) -> R | None:
        if record_id is None:
            return None
        row = self._row(record_id)
        return None if row is None else self._to_value(row)

    def loaded(self, row: Any) -> R:
        """A row this repository's own query loaded, kept for a later update."""
        self._loaded[row.id] = row
        return self._to_value(row)

    def find(self, **where: Any) -> R | None:
        """The one row whose columns equal ``where`` (None when there is none)."""
        stmt = select(self._table).filter_by(**where)
        row = self._session.execute(stmt).scalar_one_or_none()
        if row is None:
            return None
        self._loaded[row.id] = row
        return self._to_value(row)

    def insert(self, values: Values, **columns: Any) -> int:
        """A new row from ``values`` and further ``columns``; flushed, so its id is known.

        A unique clash raises SQLAlchemy's IntegrityError at the flush."""
        row = self._table(**{column: value for column, value in values.values()}, **columns)
        self._session.add(row)
        self._session.flush()
        self._loaded[row.id] = row
        return int(row.id)

    def insert_many(self, rows: list[dict[str, Any]]) -> None:
        """Dependent rows (e.g. an assessment's answers), written at the next flush."""
        self._session.add_all(self._table(**columns) for columns in rows)

    def check_version(self, record_id: int, version: int | None) -> None:
        """Raise VersionMismatch unless the stored row is at ``version`` (None: never)."""
        row = self._row(record_id)
        assert row is not None, "check a row that was loaded"
        if version is None or row.version != version:
            raise VersionMismatch(int(row.version))

    def update(self, record_id: int, values: Values, *, version: int | None = None) -> list[str]:
        """Set each column whose value differs; returns the command field names that changed.

        With ``version`` (the one the edit started from) a stale row raises VersionMismatch
        before anything is written."""
        if version is not None:
            self.check_version(record_id, version)
        row = self._row(record_id)
        assert row is not None, "update a row that was loaded"
        changed = []
        for name, (column, value) in values.items():
            if getattr(row, column) != value:
                setattr(row, column, value)
                changed.append(name)
        self._session.flush()
        return changed

    def _row(self, record_id: int) -> Any:
        row = self._loaded.get(record_id)
        if row is None:
            row = self._session.get(self._table, record_id)
            if row is not None:
                self._loaded[record_id] = row
        return row
