"""The schema revisions this version of Caseboard knows, without importing Alembic.

Opening a database compares its ``alembic_version`` with these constants, so Alembic (about half
a second of imports) loads only when a migration is due. Adding a migration means adding its
revision here too: a test compares these with Alembic's own list.
"""

from __future__ import annotations

#: Every revision in desktop/data/migrations/versions, oldest first.
REVISIONS: tuple[str, ...] = (
    "0001",
    "0002",
    "0003",
    "0004",
    "0005",
    "0006",
    "0007",
    "0008",
    "0009",
)
#: The newest revision: a database at it needs no migration.
HEAD_REVISION = REVISIONS[-1]
KNOWN_REVISIONS = frozenset(REVISIONS)
