"""Reminders: unit submissions per deadline, officers' reminder preferences, snoozes.

Revision ID: 0003_reminders
Revises: 0002_status
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_reminders"
down_revision: str | None = "0002_status"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reminder_submissions",
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("marked_by", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["campaign_deadlines.id"],
            name=op.f("fk_reminder_submissions_deadline_id_campaign_deadlines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["marked_by"], ["officers.id"], name=op.f("fk_reminder_submissions_marked_by_officers")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_reminder_submissions_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("deadline_id", "unit_id", name=op.f("pk_reminder_submissions")),
    )
    op.create_index(
        op.f("ix_reminder_submissions_unit_id"), "reminder_submissions", ["unit_id"], unique=False
    )
    op.create_table(
        "reminder_preferences",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"],
            ["officers.id"],
            name=op.f("fk_reminder_preferences_officer_id_officers"),
        ),
        sa.PrimaryKeyConstraint("officer_id", name=op.f("pk_reminder_preferences")),
    )
    op.create_table(
        "reminder_snoozes",
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("deadline_id", sa.Integer(), nullable=False),
        sa.Column("until", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["deadline_id"],
            ["campaign_deadlines.id"],
            name=op.f("fk_reminder_snoozes_deadline_id_campaign_deadlines"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_reminder_snoozes_officer_id_officers")
        ),
        sa.PrimaryKeyConstraint("officer_id", "deadline_id", name=op.f("pk_reminder_snoozes")),
    )


def downgrade() -> None:
    op.drop_table("reminder_snoozes")
    op.drop_table("reminder_preferences")
    op.drop_index(op.f("ix_reminder_submissions_unit_id"), table_name="reminder_submissions")
    op.drop_table("reminder_submissions")
