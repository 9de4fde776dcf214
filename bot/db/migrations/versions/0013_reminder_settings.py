"""Reminders: each officer's own reminder days and time of day (issue 14 item 7).

Both nullable: NULL follows the campaign's plan (what every officer had before).

Revision ID: 0013_reminder_settings
Revises: 0012_outbox_coalesce
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013_reminder_settings"
down_revision: str | None = "0012_outbox_coalesce"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminder_preferences") as batch:
        batch.add_column(sa.Column("days_before", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("send_at", sa.Time(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminder_preferences") as batch:
        batch.drop_column("send_at")
        batch.drop_column("days_before")
