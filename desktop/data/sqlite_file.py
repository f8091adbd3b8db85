"""An SQLite database file: checked read-only before it is touched, backed up, made private."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.engine import URL

from desktop.data.errors import DatabaseOpenError

SQLITE_MAGIC = b"SQLite format 3\x00"


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
        conn = read_only_connection(path)
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


def read_only_connection(path: Path, *, check_same_thread: bool = True) -> sqlite3.Connection:
    """A connection that writes nothing: with no WAL beside the file, not even -shm/-wal files."""
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return sqlite3.connect(
        f"{path.resolve().as_uri()}?{mode}", uri=True, check_same_thread=check_same_thread
    )


def backup_sqlite(path: Path, revision: str | None) -> Path:
    """A consistent copy beside the file, named with the time and the revision it had."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.stem}.backup-{stamp}-rev{revision}{path.suffix or '.db'}")
    create_private_file(target)
    src = read_only_connection(path)
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
