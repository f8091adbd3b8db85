"""Saves already applied, by the request id their form gave them (idempotent retries).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-24

A save whose connection drops after the server committed, but before the app heard so, is
retried with the same request id; the row written in the save's own transaction makes the
retry return the original result instead of writing the record a second time.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "applied_request",
        sa.Column("request_id", sa.String(length=36), nullable=False),
        sa.Column("applied_at", sa.DateTime(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("young_person_id", sa.Integer(), nullable=True),
        sa.Column("changed", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["app_user.id"], name=op.f("fk_applied_request_user_id_app_user")
        ),
        sa.PrimaryKeyConstraint("request_id", name=op.f("pk_applied_request")),
    )


def downgrade() -> None:
    op.drop_table("applied_request")
