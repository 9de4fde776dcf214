"""Covering indexes for a unit's list of dossiers: index-only reads at 1M dossiers.

`ix_dossiers_unit_page (unit_id, updated_at, id)` replaces `ix_dossiers_unit_updated` and, on
PostgreSQL, INCLUDEs the summary columns; `ix_nominees_dossier_names (dossier_id, id)` replaces
`ix_nominees_dossier_id` and INCLUDEs the name. A page of a unit's dossiers with their nominees
then touches index pages only once autovacuum has set the visibility map (ADR 006). SQLite has
no INCLUDE: it gets the same keys (its rows are found by rowid, the `id`, in one step).

Revision ID: 0008_lookup_indexes
Revises: 0007_lookup_budget
Create Date: 2026-11-23
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0008_lookup_indexes"
down_revision: str | None = "0007_lookup_budget"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNIT_PAGE_INCLUDE = ["code", "award", "status", "version", "sla_due_on", "campaign_id"]


def upgrade() -> None:
    op.create_index(
        "ix_dossiers_unit_page",
        "dossiers",
        ["unit_id", "updated_at", "id"],
        unique=False,
        postgresql_include=UNIT_PAGE_INCLUDE,
    )
    op.drop_index("ix_dossiers_unit_updated", table_name="dossiers")
    op.create_index(
        "ix_nominees_dossier_names",
        "nominees",
        ["dossier_id", "id"],
        unique=False,
        postgresql_include=["name"],
    )
    op.drop_index("ix_nominees_dossier_id", table_name="nominees")


def downgrade() -> None:
    op.create_index("ix_nominees_dossier_id", "nominees", ["dossier_id"], unique=False)
    op.drop_index("ix_nominees_dossier_names", table_name="nominees")
    op.create_index("ix_dossiers_unit_updated", "dossiers", ["unit_id", "updated_at"], unique=False)
    op.drop_index("ix_dossiers_unit_page", table_name="dossiers")
