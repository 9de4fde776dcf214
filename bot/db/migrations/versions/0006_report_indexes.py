"""Reports at scale: nominee counts on each dossier and one covering index for the yearly report.

The counts (see `bot/db/models_reports.py`) are filled here from the existing nominees; from now
on `bot.reports.counts.recount_nominees` keeps them. The covering index replaces the narrower
`ix_dossiers_report` of 0004.

Revision ID: 0006_report_indexes
Revises: 0005_status_search
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_report_indexes"
down_revision: str | None = "0005_status_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTS = {
    "nominees_individual": "n.kind = 'individual'",
    "nominees_collective": "n.kind <> 'individual'",
    "nominees_leader": "n.kind = 'individual' AND s.is_leader IS TRUE",
    "nominees_non_leader": "n.kind = 'individual' AND s.id IS NOT NULL AND s.is_leader IS NOT TRUE",
    "nominees_decided": "n.outcome IN ('approved', 'not_approved')",
    "approved_individual": "n.outcome = 'approved' AND n.kind = 'individual'",
    "approved_collective": "n.outcome = 'approved' AND n.kind <> 'individual'",
    "approved_leader": "n.outcome = 'approved' AND n.kind = 'individual' AND s.is_leader IS TRUE",
    "approved_non_leader": (
        "n.outcome = 'approved' AND n.kind = 'individual' AND s.id IS NOT NULL "
        "AND s.is_leader IS NOT TRUE"
    ),
}
INDEX_COLUMNS = [
    "campaign_id",
    "award",
    "status",
    "basis",
    "procedure",
    "unit_id",
    "created_at",
    "submitted_at",
    "received_at",
    "sla_due_on",
    *COUNTS,
]


def upgrade() -> None:
    for name in COUNTS:  # plain ADD COLUMN: a million rows are not copied
        op.add_column("dossiers", sa.Column(name, sa.Integer(), server_default="0", nullable=False))
    assignments = ", ".join(
        f"{name} = (SELECT count(*) FROM nominees n LEFT JOIN subjects s ON s.id = n.subject_id "
        f"WHERE n.dossier_id = dossiers.id AND {condition})"
        for name, condition in COUNTS.items()
    )
    op.execute(
        f"UPDATE dossiers SET {assignments} "
        "WHERE EXISTS (SELECT 1 FROM nominees n WHERE n.dossier_id = dossiers.id)"
    )
    op.drop_index("ix_dossiers_report", table_name="dossiers")
    op.create_index("ix_dossiers_report_cover", "dossiers", INDEX_COLUMNS, unique=False)


def downgrade() -> None:
    op.drop_index("ix_dossiers_report_cover", table_name="dossiers")
    op.create_index(
        "ix_dossiers_report",
        "dossiers",
        ["campaign_id", "award", "status", "unit_id"],
        unique=False,
    )
    with op.batch_alter_table("dossiers") as batch:
        for name in COUNTS:
            batch.drop_column(name)
