"""Open a Caseboard database: check it, back it up, migrate it to head, hand out sessions."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm import Session, sessionmaker

from desktop.data.errors import DatabaseOpenError as DatabaseOpenError  # re-exported
from desktop.data.schema import HEAD_REVISION, KNOWN_REVISIONS
from desktop.domain.errors import Unavailable

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")
SQLITE_MAGIC = b"SQLite format 3\x00"
#: Arbitrary constant key for the PostgreSQL advisory lock held while migrating, so two
#: workstations starting together do not both migrate.
PG_MIGRATION_LOCK = 0x0CA5EB0A
#: Execution option: this transaction only reads (on SQLite it begins DEFERRED, not IMMEDIATE).
READ_ONLY = "caseboard_read_only"
#: How long an SQLite transaction waits for another workstation's write to finish (ms).
SQLITE_BUSY_TIMEOUT_MS = 15_000


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


def sqlite_path(url: URL) -> Path | None:
    """The file behind a SQLite URL, or None for an in-memory database."""
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return None
    return Path(url.database)


def _check_sqlite_file(path: Path) -> str | None:
    """Read-only checks before anything touches the file; returns its revision (None = new)."""
    if not path.exists():
        if not path.parent.exists():
            raise DatabaseOpenError(f"The folder for the database does not exist: {path.parent}")
        return None
    if path.is_dir():
        raise DatabaseOpenError(f"{path} is a folder, not a Caseboard database file")
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseOpenError(f"Cannot read the database file {path}: {exc.strerror}") from None
    if header == b"":
        return None  # an empty file: treat as new
    if header != SQLITE_MAGIC:
        raise DatabaseOpenError(f"{path} is not a Caseboard database (it is not an SQLite file)")
    try:
        conn = _read_only(path)
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if "alembic_version" not in tables:
                if tables:
                    raise DatabaseOpenError(
                        f"{path} is an SQLite file but not a Caseboard database "
                        "(it has no Caseboard schema version)"
                    )
                return None
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise DatabaseOpenError(f"{path} cannot be read as a database: {exc}") from None
    return row[0] if row else None


def _read_only(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection that writes nothing: with no WAL beside the file, not even -shm/-wal files."""
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?{mode}", uri=True, check_same_thread=check_same_thread
    )


def _refuse_newer(revision: str | None, where: str) -> None:
    if revision is not None and revision not in known_revisions():
        raise DatabaseOpenError(
            f"{where} was written by a newer version of Caseboard (schema {revision}); "
            "install the newer version to open it. The database has not been changed."
        )


def backup_sqlite(path: Path, revision: str | None) -> Path:
    """A consistent copy beside the file, named with the time and the revision it had."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{stamp}-rev{revision}{path.suffix or '.db'}")
    create_private_file(target)
    src = _read_only(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600), whatever the umask.

    SQLite gives a database's -wal, -shm and journal files the mode of the database file, so
    creating the file 0600 before SQLite opens it keeps all of them private.
    """
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _sqlite_on_connect(dbapi_conn: Any, _record: Any) -> None:
    # The driver's own transaction handling starts a transaction only at the first write, so
    # a read before it (the audit chain's previous hash) saw a state another workstation could
    # change before the write: two entries chained to the same one. SQLAlchemy now issues
    # BEGIN itself (_sqlite_on_begin).
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    # A 20,000-row caseload's pages stay cached between loads (SQLite's default is 2 MiB).
    cur.execute("PRAGMA cache_size=-65536")
    cur.close()


def _no_driver_transactions(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None


def _sqlite_on_begin(conn: Connection) -> None:
    """Every transaction that may write takes the write lock first (BEGIN IMMEDIATE): what it
    reads cannot change before it writes, and a second writer waits (busy_timeout) for it.
    A transaction marked READ_ONLY (Database.read) begins DEFERRED and blocks nobody."""
    mode = "DEFERRED" if conn.get_execution_options().get(READ_ONLY) else "IMMEDIATE"
    conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def make_read_only_engine(url: URL) -> Engine:
    """An engine that cannot write: SQLite opened read-only (immutable when no WAL is beside
    it, so nothing is created even in a read-only folder); PostgreSQL read-only transactions."""
    path = sqlite_path(url)
    if path is not None:
        engine = create_engine(
            "sqlite://",
            creator=lambda: _read_only(path, check_same_thread=False),
            execution_options={READ_ONLY: True},
        )
        event.listen(engine, "connect", _no_driver_transactions)
        event.listen(engine, "begin", _sqlite_on_begin)
        return engine
    return create_engine(
        url,
        connect_args={"connect_timeout": 5, "options": "-c default_transaction_read_only=on"},
        execution_options={READ_ONLY: True},
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


#: SQLite errors that mean "cannot get at the file now" rather than a bug in a statement.
_SQLITE_UNAVAILABLE = ("database is locked", "unable to open", "disk i/o error", "readonly")


def as_unavailable(exc: BaseException, backend: str) -> Unavailable | None:
    """The Unavailable a driver error amounts to, or None when it is not a lost connection.

    PostgreSQL: any OperationalError/InterfaceError (server gone, refused, timed out, admin
    shutdown) or a connection SQLAlchemy invalidated. SQLite: only a locked or unreachable
    file (its OperationalError also covers SQL mistakes, which stay bugs).
    """
    if isinstance(exc, DisconnectionError):
        return Unavailable("The connection to the database was lost.")
    if not isinstance(exc, DBAPIError):
        return None
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig is not None else ""
    if backend == "sqlite":
        if not (
            exc.connection_invalidated
            or (
                isinstance(exc, OperationalError)
                and any(s in reason.lower() for s in _SQLITE_UNAVAILABLE)
            )
        ):
            return None
    elif not (
        exc.connection_invalidated
        or isinstance(exc, InterfaceError)
        or (isinstance(exc, OperationalError) and _pg_connection_state(exc.orig))
    ):
        return None
    message = "The database could not be reached"
    return Unavailable(f"{message} ({reason})." if reason else f"{message}.")


def _pg_connection_state(orig: BaseException | None) -> bool:
    """A connection failure (no SQLSTATE: client side; 08: connection; 57P: shutdown; 53300:
    too many connections), not a deadlock or serialization failure (also OperationalError)."""
    state = getattr(orig, "sqlstate", None)
    return state is None or state.startswith(("08", "57P")) or state == "53300"


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
