"""Outbox coalescing: several status changes of one dossier within a minute, one push.

`outbox.coalesce_key` (`dossier:<id>:<officer id>`) names the pending push a later change of the
same dossier to the same person merges into (`bot.status.notify`, issue 14 item 4).

Revision ID: 0012_outbox_coalesce
Revises: 0011_prov_unit_province
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_outbox_coalesce"
down_revision: str | None = "0011_prov_unit_province"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("coalesce_key", sa.String(length=200), nullable=True))
        batch.create_index(op.f("ix_outbox_coalesce_key"), ["coalesce_key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_index(op.f("ix_outbox_coalesce_key"))
        batch.drop_column("coalesce_key")
