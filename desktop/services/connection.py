"""Test a connection profile without changing anything: reach the database, say what is there."""

from __future__ import annotations

import re
from pathlib import Path

from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import URL
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from desktop.data.database import (
    DatabaseOpenError,
    _check_sqlite_file,
    head_revision,
    known_revisions,
    parse_url,
    sqlite_path,
)
from desktop.domain.errors import Unavailable
from desktop.profiles import ConnectionProfile

#: Seconds to wait for a server before giving up (libpq's minimum is 2).
DEFAULT_TIMEOUT = 5


def check_profile(
    profile: ConnectionProfile, password: str | None, timeout: int = DEFAULT_TIMEOUT
) -> str:
    """``check_connection`` for a profile and the password typed or stored for it."""
    return check_connection(profile.to_url(password), timeout=timeout)


def check_connection(url: URL | str, timeout: int = DEFAULT_TIMEOUT) -> str:
    """Connect, run ``SELECT 1`` and describe the Caseboard schema found; raises Unavailable.

    Nothing is written: an SQLite file that does not exist yet is not created, and a
    PostgreSQL database is only read. No message contains the password.
    """
    try:
        parsed = parse_url(url)
    except DatabaseOpenError as exc:
        raise Unavailable(_scrub(str(exc), url)) from None
    path = sqlite_path(parsed)
    if parsed.get_backend_name() == "sqlite":
        if path is None:
            return "An in-memory database: nothing is kept after Caseboard closes."
        return _check_sqlite(path)
    return _check_postgresql(parsed, timeout)


def _check_sqlite(path: Path) -> str:
    if not path.exists():
        if not path.parent.is_dir():
            raise Unavailable(f"The folder for the database does not exist: {path.parent}")
        return f"There is no database at {path} yet: Caseboard will create one when you connect."
    try:
        revision = _check_sqlite_file(path)
    except DatabaseOpenError as exc:
        raise Unavailable(str(exc)) from None
    return f"The SQLite file opened. {_schema_state(revision, str(path))}"


def _check_postgresql(url: URL, timeout: int) -> str:
    engine = create_engine(
        url, poolclass=NullPool, connect_args={"connect_timeout": max(2, int(timeout))}
    )
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            version = conn.execute(text("SHOW server_version")).scalar_one()
            tables = set(inspect(conn).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except SQLAlchemyError as exc:
        detail = _sentences(str(getattr(exc, "orig", None) or exc))
        detail = detail.removeprefix("connection failed: ")
        raise Unavailable(_scrub(f"Cannot connect: {detail}", url)) from None
    finally:
        engine.dispose()
    where = url.render_as_string(hide_password=True)
    if revision is None and tables:
        raise Unavailable(
            "Connected, but that database already holds other tables and is not a Caseboard "
            "database. Ask your database administrator for an empty database."
        )
    version_text = str(version).split(" ", 1)[0]
    return f"Connected to PostgreSQL {version_text}. {_schema_state(revision, where)}"


def _schema_state(revision: str | None, where: str) -> str:
    if revision is None:
        return "It is empty: Caseboard will set it up when you connect."
    if revision not in known_revisions():
        raise Unavailable(
            f"{where} was written by a newer version of Caseboard (schema {revision}); "
            "install the newer version to use it."
        )
    if revision != head_revision():
        return "It is a Caseboard database; Caseboard will update it when you connect."
    return "It is a Caseboard database, up to date."


def _sentences(message: str) -> str:
    """libpq's lines ("...refused" / "Is the server running...?") as sentences on one line."""
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return " ".join(
        line if i == len(lines) - 1 or line[-1] in ".?!:" else line + "."
        for i, line in enumerate(lines)
    )


def _scrub(message: str, url: URL | str) -> str:
    """One tidy line, with the password (should a driver ever quote it) replaced by ***."""
    text_ = re.sub(r"\s+", " ", message).strip()
    password = url.password if isinstance(url, URL) else None
    if password:
        text_ = text_.replace(str(password), "***")
    # a URL typed as text: hide whatever sits between "user:" and "@"
    return re.sub(r"(://[^:/@\s]*:)[^@\s]*@", r"\1***@", text_)
