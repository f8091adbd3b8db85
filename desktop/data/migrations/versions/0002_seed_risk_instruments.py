"""Seed the two default risk instruments (SERAF-style scored, London CSE categories 1-3).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Instruments are data: a council adds its own as rows, not code. The items and bands here come
from desktop.domain.risk, the one place the default definitions live.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

instrument = sa.table(
    "risk_instrument",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("name", sa.String),
    sa.column("kind", sa.String),
    sa.column("active", sa.Boolean),
    sa.column("version", sa.Integer),
)
item = sa.table(
    "risk_instrument_item",
    sa.column("instrument_id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("group", sa.String),
    sa.column("label", sa.String),
    sa.column("sort_order", sa.Integer),
    sa.column("weight_recent", sa.Integer),
    sa.column("weight_past", sa.Integer),
    sa.column("weight_both", sa.Integer),
)
band = sa.table(
    "risk_band",
    sa.column("instrument_id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("category", sa.String),
    sa.column("min_score", sa.Integer),
    sa.column("max_score", sa.Integer),
)


def upgrade() -> None:
    from desktop.domain.risk import london_instrument, seraf_instrument

    conn = op.get_bind()
    for inst in (seraf_instrument(), london_instrument()):
        inst_id = conn.execute(
            instrument.insert()
            .values(code=inst.code, name=inst.name, kind=inst.kind, active=True, version=1)
            .returning(instrument.c.id)
        ).scalar_one()
        if inst.items:
            conn.execute(
                item.insert(),
                [
                    {
                        "instrument_id": inst_id,
                        "code": it.code,
                        "group": it.group,
                        "label": it.label,
                        "sort_order": n,
                        "weight_recent": it.weight_recent,
                        "weight_past": it.weight_past,
                        "weight_both": it.weight_both,
                    }
                    for n, it in enumerate(inst.items)
                ],
            )
        conn.execute(
            band.insert(),
            [
                {
                    "instrument_id": inst_id,
                    "label": b.label,
                    "category": b.category.code,
                    "min_score": b.min_score,
                    "max_score": b.max_score,
                }
                for b in inst.bands
            ],
        )


def downgrade() -> None:
    conn = op.get_bind()
    ids = sa.select(instrument.c.id).where(instrument.c.code.in_(["seraf", "london"]))
    conn.execute(item.delete().where(item.c.instrument_id.in_(ids)))
    conn.execute(band.delete().where(band.c.instrument_id.in_(ids)))
    conn.execute(instrument.delete().where(instrument.c.code.in_(["seraf", "london"])))
