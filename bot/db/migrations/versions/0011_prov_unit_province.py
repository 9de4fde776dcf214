"""Units carry their province (issue 11 item 9): the rules of that province's pack apply to the
unit's officers without asking them.

Backfill: the top units (no parent) take the deployment's TDKT_PROVINCE when it is set; every
unit below inherits its parent's province. Units of a deployment without TDKT_PROVINCE stay
NULL (unknown: the interview then asks, never guesses).

Revision ID: 0011_prov_unit_province
Revises: 0010_dossier_files
Create Date: 2026-12-07
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_prov_unit_province"
down_revision: str | None = "0010_dossier_files"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# A parent chain deeper than this is not a real administration (ministry > province > agency >
# unit > department is five); the loop also stops as soon as a pass changes nothing.
MAX_DEPTH = 16


def upgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.add_column(sa.Column("province", sa.String(length=32), nullable=True))
    _backfill(os.environ.get("TDKT_PROVINCE", "").strip() or None)


def _backfill(default: str | None) -> None:
    bind = op.get_bind()
    units = sa.table(
        "units",
        sa.column("id", sa.Integer),
        sa.column("parent_id", sa.Integer),
        sa.column("province", sa.String),
    )
    if default is not None:
        bind.execute(
            units.update()
            .where(units.c.parent_id.is_(None), units.c.province.is_(None))
            .values(province=default)
        )
    parent = units.alias("parent")
    inherited = (
        sa.select(parent.c.province).where(parent.c.id == units.c.parent_id).scalar_subquery()
    )
    for _ in range(MAX_DEPTH):
        result = bind.execute(
            units.update()
            .where(
                units.c.province.is_(None),
                units.c.parent_id.in_(
                    sa.select(parent.c.id).where(parent.c.province.is_not(None))
                ),
            )
            .values(province=inherited)
        )
        if not result.rowcount:
            break


def downgrade() -> None:
    with op.batch_alter_table("units") as batch:
        batch.drop_column("province")
