"""Engines for Caseboard databases, and which driver errors mean the database is unreachable."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError

from desktop.data.sqlite_file import read_only_connection, sqlite_path
from desktop.domain.errors import Unavailable

#: Execution option: this transaction only reads (on SQLite it begins DEFERRED, not IMMEDIATE).
READ_ONLY = "caseboard_read_only"
#: How long an SQLite transaction waits for another workstation's write to finish (ms).
SQLITE_BUSY_TIMEOUT_MS = 15_000


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
            creator=lambda: read_only_connection(path, check_same_thread=False),
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
