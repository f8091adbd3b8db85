"""Packs and case summaries shared with partner-agency readers.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24

One row per recipient: the PDF built once, when the chair or manager shared it, as they could
print it (wider audience unless they chose otherwise, never password-protected); revoking sets
revoked_at and the reader no longer sees it. The PDF column is loaded only when opened.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "shared_document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=400), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("young_person_ids", sa.Text(), nullable=False),
        sa.Column("shared_by_id", sa.Integer(), nullable=False),
        sa.Column("shared_with_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", sa.DateTime(), nullable=False),
        sa.Column("options", sa.Text(), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("pdf", sa.LargeBinary(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name=op.f("fk_shared_document_meeting_id_meeting")
        ),
        sa.ForeignKeyConstraint(
            ["shared_by_id"],
            ["app_user.id"],
            name=op.f("fk_shared_document_shared_by_id_app_user"),
        ),
        sa.ForeignKeyConstraint(
            ["shared_with_id"],
            ["app_user.id"],
            name=op.f("fk_shared_document_shared_with_id_app_user"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shared_document")),
    )
    op.create_index(
        op.f("ix_shared_document_shared_by_id"), "shared_document", ["shared_by_id"], unique=False
    )
    op.create_index(
        op.f("ix_shared_document_shared_with_id"),
        "shared_document",
        ["shared_with_id"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_shared_document_shared_with_id"), table_name="shared_document")
    op.drop_index(op.f("ix_shared_document_shared_by_id"), table_name="shared_document")
    op.drop_table("shared_document")
