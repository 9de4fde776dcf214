"""Officers: tell "blocked the bot" apart from "never opened the bot"; outbox send keys.

`blocked_at` is set (with `active = false`) only when Telegram answers that the user blocked the
bot; any later update from that user reactivates them. `unreachable_since` is set when Telegram
refuses a chat the user never opened ("chat not found", "bot can't initiate conversation"): the
officer stays active and is listed in the reviewers' digest until they open the bot.

Backfill: before this revision both answers deactivated the officer (`deactivated_at` set). An
officer without a `chat_id` had never written to the bot (an import), so their deactivation came
from "never opened": they are made active again and marked unreachable. The others keep
`active = false` and get `blocked_at = deactivated_at`, so their next message reactivates them.

`outbox.send_started_at` is committed right before each send (ADR 004): a row found `sending`
after its lease with it set may have reached Telegram and becomes `uncertain`, never resent.

Revision ID: 0009_officer_reach
Revises: 0008_lookup_indexes
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_officer_reach"
down_revision: str | None = "0008_lookup_indexes"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("officers") as batch:
        batch.add_column(sa.Column("blocked_at", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(
            sa.Column("unreachable_since", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("outbox") as batch:
        batch.add_column(sa.Column("send_started_at", sa.DateTime(timezone=True), nullable=True))
    op.execute(
        "UPDATE officers SET active = true, unreachable_since = deactivated_at, "
        "deactivated_at = NULL "
        "WHERE active = false AND deactivated_at IS NOT NULL AND chat_id IS NULL"
    )
    op.execute(
        "UPDATE officers SET blocked_at = deactivated_at "
        "WHERE active = false AND deactivated_at IS NOT NULL AND chat_id IS NOT NULL"
    )


def downgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("send_started_at")
    with op.batch_alter_table("officers") as batch:
        batch.drop_column("unreachable_since")
        batch.drop_column("blocked_at")
