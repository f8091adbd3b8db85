"""Make the audit log append-only in the database itself.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23

A trigger refuses UPDATE and DELETE on audit_entry for every role (on PostgreSQL even a table
owner is stopped by a trigger, where GRANTs alone would not stop the owner), and on PostgreSQL
UPDATE/DELETE/TRUNCATE are also revoked from PUBLIC and from the role the app connects as.
The hash chain then detects what a database administrator might still do by hand.
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

MESSAGE = "audit_entry is append-only"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            f"""
            CREATE OR REPLACE FUNCTION caseboard_audit_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'insufficient_privilege';
            END $$;
            """
        )
        op.execute(
            "CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON audit_entry "
            "FOR EACH ROW EXECUTE FUNCTION caseboard_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_entry_no_truncate BEFORE TRUNCATE ON audit_entry "
            "FOR EACH STATEMENT EXECUTE FUNCTION caseboard_audit_append_only()"
        )
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM PUBLIC")
        op.execute("REVOKE UPDATE, DELETE, TRUNCATE ON audit_entry FROM CURRENT_USER")
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER audit_entry_no_{event.lower()} BEFORE {event} ON audit_entry "
                f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_truncate ON audit_entry")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_append_only ON audit_entry")
        op.execute("DROP FUNCTION IF EXISTS caseboard_audit_append_only()")
        op.execute("GRANT UPDATE, DELETE, TRUNCATE ON audit_entry TO CURRENT_USER")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_entry_no_delete")
