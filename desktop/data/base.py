"""Declarative base, naming convention and shared column types (UTC datetimes, codes, texts)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from sqlalchemy import Date, DateTime, Integer, MetaData, String, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column
from sqlalchemy.types import TypeEngine

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Stores UTC without a zone (SQLite keeps none) and always returns aware UTC datetimes.

    On SQLite the stored text is exactly SQLAlchemy's own DATETIME format
    ("2026-11-23 09:12:00.000000"), but it is read with the C `datetime.fromisoformat`
    instead of SQLAlchemy's regular expression, which was most of the caseload's load time.
    """

    impl = DateTime(timezone=False)
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String())
        return dialect.type_descriptor(DateTime(timezone=False))

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC datetime is required")
        naive = value.astimezone(UTC).replace(tzinfo=None)
        if dialect.name == "sqlite":
            return naive.isoformat(sep=" ", timespec="microseconds")
        return naive

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if isinstance(value, str):
            return datetime.fromisoformat(value + "+00:00")  # aware in one C call
        return value.replace(tzinfo=UTC)  # type: ignore[no-any-return]


class LocalDate(TypeDecorator[date]):
    """A calendar date; on SQLite read with the C `date.fromisoformat` (same stored text)."""

    impl = Date()
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "sqlite":
            return dialect.type_descriptor(String())
        return dialect.type_descriptor(Date())

    def process_bind_param(self, value: date | None, dialect: Dialect) -> Any:
        if value is None or dialect.name != "sqlite":
            return value
        if isinstance(value, datetime):
            raise ValueError("a datetime given where a calendar date is required")
        return value.isoformat()

    def process_result_value(self, value: Any, dialect: Dialect) -> date | None:
        if isinstance(value, str):
            return date.fromisoformat(value)
        return value  # type: ignore[no-any-return]


def utcnow() -> datetime:
    return datetime.now(UTC)


# Capitalised so a column named `code` or `name` cannot shadow its own type in a class body.
IntPK = Annotated[int, mapped_column(Integer, primary_key=True)]
CodeStr = Annotated[str, mapped_column(String(32))]
NameStr = Annotated[str, mapped_column(String(200))]
LongText = Annotated[str, mapped_column(Text, default="")]
Timestamp = Annotated[datetime, mapped_column(UTCDateTime)]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Versioned:
    """Optimistic locking: a stale UPDATE raises StaleDataError instead of overwriting."""

    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:  # noqa: N805 - SQLAlchemy declared_attr
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def compare_column_types(
    context: Any,
    inspected_column: Any,
    metadata_column: Any,
    inspected_type: TypeEngine[Any],
    metadata_type: TypeEngine[Any],
) -> bool | None:
    """Alembic's type comparison, judging our decorators by the DDL type they declare.

    On SQLite UTCDateTime and LocalDate load as text for speed, but the column is still a
    DATETIME or DATE in the schema; anything else falls back to Alembic's own comparison.
    """
    if isinstance(metadata_type, UTCDateTime | LocalDate):
        declared = metadata_type.impl
        return not isinstance(inspected_type, type(declared))
    return None
