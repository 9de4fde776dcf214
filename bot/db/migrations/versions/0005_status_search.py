"""Status search: the middle name joins the nominee-name search key.

Adds `nominee_search.middle` (the folded words between family and given name, "" when none),
fills it and the middle-name vocabulary for rows indexed before, replaces the (given, family)
index by (given, family, middle) and adds a (family, middle) index (one-word queries, a lost
given-name initial).

Revision ID: 0005_status_search
Revises: 0004_reports
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_status_search"
down_revision: str | None = "0004_reports"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
KEY_LENGTH = 64


def upgrade() -> None:
    with op.batch_alter_table("nominee_search") as batch:
        batch.add_column(
            sa.Column("middle", sa.String(length=64), server_default="", nullable=False)
        )
    _fill_middle_names()
    op.drop_index("ix_nominee_search_given_family", table_name="nominee_search")
    op.create_index(
        "ix_nominee_search_key", "nominee_search", ["given", "family", "middle"], unique=False
    )
    op.create_index(
        "ix_nominee_search_family", "nominee_search", ["family", "middle"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_nominee_search_family", table_name="nominee_search")
    op.drop_index("ix_nominee_search_key", table_name="nominee_search")
    op.create_index(
        "ix_nominee_search_given_family", "nominee_search", ["given", "family"], unique=False
    )
    op.execute("DELETE FROM name_vocab WHERE kind = 'm'")
    with op.batch_alter_table("nominee_search") as batch:
        batch.drop_column("middle")


def _fill_middle_names() -> None:
    """Names of three words or more get their middle words (the folded name is already stored)."""
    bind = op.get_bind()
    search = sa.table(
        "nominee_search",
        sa.column("nominee_id", sa.Integer),
        sa.column("folded", sa.String),
        sa.column("middle", sa.String),
    )
    vocab = sa.table("name_vocab", sa.column("kind", sa.String), sa.column("token", sa.String))
    middles: set[str] = set()
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(search.c.nominee_id, search.c.folded)
            .where(search.c.nominee_id > last_id, search.c.folded.like("% % %"))
            .order_by(search.c.nominee_id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        updates = []
        for nominee_id, folded in rows:
            middle = " ".join(folded.split()[1:-1])[:KEY_LENGTH]
            updates.append({"id": nominee_id, "value": middle})
            middles.add(middle)
        bind.execute(
            search.update()
            .where(search.c.nominee_id == sa.bindparam("id"))
            .values(middle=sa.bindparam("value")),
            updates,
        )
        last_id = rows[-1][0]
    middles.discard("")
    if middles:
        bind.execute(vocab.insert(), [{"kind": "m", "token": m} for m in sorted(middles)])
