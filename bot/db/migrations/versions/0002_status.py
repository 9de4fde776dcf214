"""Status feature: nominee-name search index, name vocabulary, queue index on dossiers.

Revision ID: 0002_status
Revises: 0001
Create Date: 2026-01-16
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_status"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "nominee_search",
        sa.Column("nominee_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("family", sa.String(length=64), nullable=False),
        sa.Column("given", sa.String(length=64), nullable=False),
        sa.Column("folded", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["nominee_id"],
            ["nominees.id"],
            name=op.f("fk_nominee_search_nominee_id_nominees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossiers.id"],
            name=op.f("fk_nominee_search_dossier_id_dossiers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_nominee_search_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("nominee_id", name=op.f("pk_nominee_search")),
    )
    op.create_index(
        op.f("ix_nominee_search_dossier_id"), "nominee_search", ["dossier_id"], unique=False
    )
    op.create_index(
        "ix_nominee_search_given_family", "nominee_search", ["given", "family"], unique=False
    )
    op.create_index(
        "ix_nominee_search_unit_given", "nominee_search", ["unit_id", "given"], unique=False
    )
    op.create_index("ix_nominee_search_folded", "nominee_search", ["folded"], unique=False)
    op.create_table(
        "name_vocab",
        sa.Column("kind", sa.String(length=1), nullable=False),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("kind", "token", name=op.f("pk_name_vocab")),
    )
    op.create_index("ix_dossiers_status_due", "dossiers", ["status", "sla_due_on"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_dossiers_status_due", table_name="dossiers")
    op.drop_table("name_vocab")
    op.drop_index("ix_nominee_search_folded", table_name="nominee_search")
    op.drop_index("ix_nominee_search_unit_given", table_name="nominee_search")
    op.drop_index("ix_nominee_search_given_family", table_name="nominee_search")
    op.drop_index(op.f("ix_nominee_search_dossier_id"), table_name="nominee_search")
    op.drop_table("nominee_search")
