"""Audit log: no INSERT OR REPLACE past the append-only triggers.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03

On SQLite, ``INSERT OR REPLACE`` (and ``REPLACE``) with an existing id deletes the old row
without firing DELETE triggers (unless recursive_triggers is on), so it rewrote an entry past
audit_entry_no_delete. A BEFORE INSERT trigger now refuses an insert whose id is already
taken, before any conflict resolution runs. On PostgreSQL ``INSERT ... ON CONFLICT DO UPDATE``
is an UPDATE, which the append-only trigger of 0003 already refuses.
"""

from __future__ import annotations

from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

MESSAGE = "audit_entry is append-only"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE TRIGGER audit_entry_no_replace BEFORE INSERT ON audit_entry "
            "WHEN EXISTS (SELECT 1 FROM audit_entry WHERE id = NEW.id) "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_replace")
