"""Accounts: session state for live sessions

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03

``session_version`` goes up whenever an administrator deactivates an account, changes its role
or team, or resets its password: a session signed in before that carries the older number and
every service refuses it ("sign in again"). ``must_change_password`` is set by an
administrator's password reset: signing in with that password leads only to choosing a new one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
        batch_op.drop_column("session_version")
