"""Open a Caseboard database: check it, back it up, migrate it to head, hand out sessions."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from desktop.data.connections import (
    READ_ONLY,
    SQLITE_BUSY_TIMEOUT_MS,
    as_unavailable,
    make_engine,
    make_read_only_engine,
)
from desktop.data.errors import DatabaseOpenError as DatabaseOpenError  # re-exported
from desktop.data.schema import HEAD_REVISION, KNOWN_REVISIONS
from desktop.data.sqlite_file import (
    SQLITE_MAGIC,
    _check_sqlite_file,
    backup_sqlite,
    create_private_file,
    sqlite_path,
)

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
#: Arbitrary constant key for the PostgreSQL advisory lock held while migrating, so two
#: workstations starting together do not both migrate.
PG_MIGRATION_LOCK = 0x0CA5EB0A


__all__ = [
    "MIGRATIONS",
    "PG_MIGRATION_LOCK",
    "READ_ONLY",
    "SQLITE_BUSY_TIMEOUT_MS",
    "SQLITE_MAGIC",
    "Database",
    "DatabaseOpenError",
    "_check_sqlite_file",
    "alembic_config",
    "as_unavailable",
    "backup_sqlite",
    "create_private_file",
    "head_revision",
    "known_revisions",
    "make_engine",
    "make_read_only_engine",
    "no_database",
    "open_database",
    "parse_url",
    "sqlite_path",
]


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head_revision() -> str:
    """The newest schema revision (a constant: checking it imports no Alembic)."""
    return HEAD_REVISION


def known_revisions() -> set[str]:
    return set(KNOWN_REVISIONS)


def parse_url(url: str | URL) -> URL:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseOpenError(f"'{url}' is not a database URL ({exc})") from None
    backend = parsed.get_backend_name()
    if backend not in ("sqlite", "postgresql"):
        raise DatabaseOpenError(
            f"Caseboard works with SQLite or PostgreSQL databases, not '{backend}'"
        )
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed


def _refuse_newer(revision: str | None, where: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseOpenError(
            f"{where} was written by a newer version of Caseboard (schema {revision}); "
            "install the newer version to open it. The database has not been changed."
        )


@dataclass
class Database:
    """An open, migrated database: the engine, a session factory and what opening did."""

    url: URL
    engine: Engine
    sessions: sessionmaker[Session]
    backup: Path | None = None
    found_revision: str | None = None
    _read_sessions: sessionmaker[Session] | None = field(default=None, repr=False)

    @property
    def display_name(self) -> str:
        path = sqlite_path(self.url)
        if path is not None:
            return str(path)
        return self.url.render_as_string(hide_password=True)

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """One session and one transaction: commits whole or rolls back whole.

        On SQLite it holds the write lock from the start (BEGIN IMMEDIATE), so anything it
        reads, such as the audit chain's newest hash, stays current until it commits.
        A lost or unreachable server raises Unavailable (an expected failure the UI shows as
        "connection lost" and retries), never a raw driver error.
        """
        with self._transaction(self.sessions) as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A transaction that only reads (one consistent snapshot, no write lock on SQLite).

        Never write in it, audit entries included: use begin() for that.
        """
        if self._read_sessions is None:
            bound = self.engine.execution_options(**{READ_ONLY: True})
            self._read_sessions = sessionmaker(bound, expire_on_commit=False)
        with self._transaction(self._read_sessions) as session:
            yield session

    @contextmanager
    def _transaction(self, factory: sessionmaker[Session]) -> Iterator[Session]:
        try:
            with factory.begin() as session:
                yield session
        except (DBAPIError, DisconnectionError) as exc:
            unavailable = as_unavailable(exc, self.url.get_backend_name())
            if unavailable is None:
                raise
            raise unavailable from exc

    def ping(self) -> None:
        """One ``SELECT 1`` round trip; raises Unavailable when the server does not answer."""
        with self.read() as session:
            session.execute(text("SELECT 1"))

    def dispose(self) -> None:
        self.engine.dispose()


def _current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return _version_of(conn)


def _version_of(conn: Connection) -> str | None:
    """The one row of ``alembic_version`` (one query; Alembic itself is not imported)."""
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    if len(rows) > 1:
        raise DatabaseOpenError(f"The database has more than one schema version: {rows}")
    return rows[0] if rows else None


def _upgrade(engine: Engine, revision: str = "head") -> None:
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_MIGRATION_LOCK})
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def no_database(where: str) -> DatabaseOpenError:
    """The error for a path or server database that holds no Caseboard database yet."""
    return DatabaseOpenError(
        f"There is no Caseboard database at {where}. Create one with 'caseboard setup', "
        "or 'caseboard demo-data' for synthetic demo data"
    )


def open_database(
    url: str | URL, *, upgrade: bool = True, create: bool = False, read_only: bool = False
) -> Database:
    """Open (and by default migrate) a database; raises DatabaseOpenError with a clear message.

    Only ``create=True`` (caseboard setup, caseboard demo-data) makes a new database: a
    mistyped path is refused, not silently turned into an empty database. ``read_only=True``
    changes nothing at all (no migration, no backup, no -wal/-shm files; an SQLite file
    without a WAL is opened immutable, so a copy on read-only media can be read).
    Nothing is written to a file that fails a check: an unreadable, foreign or newer database
    is left exactly as it was.
    """
    parsed = parse_url(url)
    path = sqlite_path(parsed)
    where = str(path) if path is not None else parsed.render_as_string(hide_password=True)
    create = create and not read_only
    revision: str | None = None
    if path is not None:
        if not path.exists() and not create:
            raise no_database(where)
        revision = _check_sqlite_file(path)
        if revision is None and not create:
            raise no_database(where)
        _refuse_newer(revision, where)
        if not path.exists():
            try:
                create_private_file(path)  # 0600 before SQLite makes it (and its -wal, -shm)
            except FileExistsError:
                pass  # made a moment ago by another process: SQLite opens it as it is
            except OSError as exc:
                raise DatabaseOpenError(f"Cannot create {path}: {exc.strerror}") from None
    engine = make_read_only_engine(parsed) if read_only else make_engine(parsed)
    try:
        if path is None:
            revision = _pg_or_memory_revision(engine, parsed)
            if revision is None and not create and parsed.get_backend_name() == "postgresql":
                raise no_database(where)
            _refuse_newer(revision, where)
        backup = None
        head = head_revision()
        if revision != head and not read_only:
            if not upgrade:
                raise DatabaseOpenError(f"The database is at schema {revision}, not {head}")
            if path is not None and revision is not None:
                backup = backup_sqlite(path, revision)
            _upgrade(engine)
    except DatabaseOpenError:
        engine.dispose()
        raise
    except OperationalError as exc:
        engine.dispose()
        raise DatabaseOpenError(f"Cannot open the database: {exc.orig}") from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise DatabaseOpenError(f"Cannot open the database: {exc}") from None
    sessions = sessionmaker(engine, expire_on_commit=False)
    return Database(parsed, engine, sessions, backup=backup, found_revision=revision)


def _pg_or_memory_revision(engine: Engine, url: URL) -> str | None:
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
        if "alembic_version" not in names:
            if names - {"alembic_version"} and url.get_backend_name() == "postgresql":
                raise DatabaseOpenError(
                    "That PostgreSQL database already holds other tables and is not a "
                    "Caseboard database"
                )
            return None
        return _version_of(conn)
