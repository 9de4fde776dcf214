"""Lookup budget in the database: one token bucket row per user, shared by every instance.

See `bot/status/ratelimit.py` (issue 5: lookups are rate-limited per user, whatever the number
of instances behind the webhook).

Revision ID: 0007_lookup_budget
Revises: 0006_report_indexes
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_lookup_budget"
down_revision: str | None = "0006_report_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lookup_budget",
        sa.Column("user_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_lookup_budget")),
    )


def downgrade() -> None:
    op.drop_table("lookup_budget")
