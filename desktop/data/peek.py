"""What an SQLite database file says about itself, read with the standard library only.

The app reads this before anything imports SQLAlchemy, to lay out the sign-in dialog while
the database itself is opened (checked, migrated) behind it. Nothing is written: a file that
does not exist, is not a Caseboard database or cannot be read simply says nothing here;
opening it properly then says why.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

#: app_setting key marking a database filled by `caseboard demo-data`.
DEMO_KEY = "demo_database"
#: The user the sign-in dialog offers on a demo database.
DEFAULT_DEMO_USER = "manager.north"


def sqlite_file_of(url: str) -> Path | None:
    """The file of a plain ``sqlite:///FILE`` URL; None for any other URL (or a query string,
    or an escaped character: those are left to SQLAlchemy's own parsing)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or any(c in url for c in "?%#"):
        return None
    name = url.removeprefix(prefix)
    if name in ("", ":memory:"):
        return None
    return Path(name)


def demo_marker(path: Path) -> Any:
    """The demo marker of an existing Caseboard SQLite file (a dict naming its default user
    and seed), or None for a real database, a new one, or a file this cannot read."""
    if not path.is_file():
        return None
    wal = path.with_name(path.name + "-wal")
    mode = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
        try:
            row = conn.execute(
                "SELECT value FROM app_setting WHERE key = ?", (DEMO_KEY,)
            ).fetchone()
        finally:
            conn.close()
        value = json.loads(row[0]) if row else None
    except (sqlite3.Error, ValueError, TypeError):
        return None
    return value or None
