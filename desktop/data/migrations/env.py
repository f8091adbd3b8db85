"""Alembic environment: runs on the connection Caseboard hands it (never reads alembic.ini URLs)."""

from __future__ import annotations

from alembic import context

from desktop.data.base import compare_column_types
from desktop.data.tables import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is None:
        raise RuntimeError("Caseboard migrations run only through desktop.data.database")
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=compare_column_types,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
