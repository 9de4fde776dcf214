"""`send_budget.tokens` is dropped: nothing has read it since sends are paced by slots.

The column was the level of an earlier token bucket (`bot/db/budget.py`, removed in issue 15).
`bot.reminders.pacing` (GCRA, docs/adr/004-reminder-outbox.md) keeps the next free send slot in
`updated_at` and wrote `tokens = 0.0` only because the column was NOT NULL. The downgrade puts the
column back as it was (`FLOAT NOT NULL`, no server default), existing rows at 0.0.

Revision ID: 0016_drop_send_budget_tokens
Revises: 0015_rollup_report_counts
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# Shorter than the file name: `alembic_version.version_num` is VARCHAR(32) on PostgreSQL.
revision: str = "0016_drop_send_budget_tokens"
down_revision: str | None = "0015_rollup_report_counts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("send_budget") as batch:
        batch.drop_column("tokens")


def downgrade() -> None:
    # Filled with 0.0 for the rows already there (what the pacing always wrote), then without the
    # server default, as revision 0001 created it.
    with op.batch_alter_table("send_budget") as batch:
        batch.add_column(sa.Column("tokens", sa.Float(), nullable=False, server_default="0"))
    with op.batch_alter_table("send_budget") as batch:
        batch.alter_column("tokens", existing_type=sa.Float(), existing_nullable=False,
                           server_default=None)
