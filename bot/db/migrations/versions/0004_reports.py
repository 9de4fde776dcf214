"""Reports: inspections of units; indexes for the yearly report.

Revision ID: 0004_reports
Revises: 0003_reminders
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_reports"
down_revision: str | None = "0003_reminders"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "inspections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("inspector", sa.String(length=255), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("recorded_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"], ["officers.id"], name=op.f("fk_inspections_recorded_by_officers")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_inspections_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspections")),
    )
    op.create_index(
        "ix_inspections_unit_on", "inspections", ["unit_id", "inspected_on"], unique=False
    )
    op.create_index(
        "ix_dossiers_report",
        "dossiers",
        ["campaign_id", "award", "status", "unit_id"],
        unique=False,
    )
    op.create_index(
        "ix_dossier_events_to_status",
        "dossier_events",
        ["to_status", "dossier_id", "at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_dossier_events_to_status", table_name="dossier_events")
    op.drop_index("ix_dossiers_report", table_name="dossiers")
    op.drop_index("ix_inspections_unit_on", table_name="inspections")
    op.drop_table("inspections")
