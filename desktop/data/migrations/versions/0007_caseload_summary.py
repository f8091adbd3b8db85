"""Caseload summaries: each young person's viewer-independent caseload values, cached.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30

A cache, never a record: a row is deleted by every audited create or update about its young
person and is recomputed by the next caseload load once missing, expired (valid_until) or
worked out under other thresholds (basis). Dropping the table loses nothing.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "caseload_summary",
        sa.Column("young_person_id", sa.Integer(), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["young_person_id"],
            ["young_person.id"],
            name=op.f("fk_caseload_summary_young_person_id_young_person"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("young_person_id", name=op.f("pk_caseload_summary")),
    )


def downgrade() -> None:
    op.drop_table("caseload_summary")
