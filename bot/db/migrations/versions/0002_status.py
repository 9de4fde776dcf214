"""Status feature: nominee-name search index, name vocabulary, queue index on dossiers.

The index is filled here for the nominees already in the database (as
`bot.status.search.rebuild_index` does), so a database upgraded from 0001 finds its existing
nominees by name. The folding below is a frozen copy of `bot.text.normalize.fold` as of this
revision: a migration must not change when the application code does.

Revision ID: 0002_status
Revises: 0001
Create Date: 2026-01-16
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_status"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
KEY_LENGTH = 64
FOLDED_LENGTH = 255
_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w\s]", re.UNICODE)
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


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
    _index_existing_nominees()


def _fold(text: str) -> str:
    """Lower-case, strip diacritics and punctuation, squeeze whitespace (frozen copy)."""
    text = unicodedata.normalize("NFC", text).translate(_D_MAP).lower()
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    stripped = _NON_WORD.sub(" ", stripped)
    return _SPACES.sub(" ", stripped).strip()


def _index_existing_nominees() -> None:
    """One search row per existing nominee (family = first folded word, given = last) and the
    family/given vocabulary, read and written in batches."""
    bind = op.get_bind()
    nominees = sa.table(
        "nominees",
        sa.column("id", sa.Integer),
        sa.column("dossier_id", sa.Integer),
        sa.column("name", sa.String),
    )
    dossiers = sa.table("dossiers", sa.column("id", sa.Integer), sa.column("unit_id", sa.Integer))
    search = sa.table(
        "nominee_search",
        sa.column("nominee_id", sa.Integer),
        sa.column("dossier_id", sa.Integer),
        sa.column("unit_id", sa.Integer),
        sa.column("family", sa.String),
        sa.column("given", sa.String),
        sa.column("folded", sa.String),
    )
    vocab_table = sa.table(
        "name_vocab", sa.column("kind", sa.String), sa.column("token", sa.String)
    )
    vocab: set[tuple[str, str]] = set()
    last_id = 0
    while True:
        rows = bind.execute(
            sa.select(nominees.c.id, nominees.c.dossier_id, dossiers.c.unit_id, nominees.c.name)
            .join(dossiers, dossiers.c.id == nominees.c.dossier_id)
            .where(nominees.c.id > last_id)
            .order_by(nominees.c.id)
            .limit(BATCH)
        ).all()
        if not rows:
            break
        entries = []
        for nominee_id, dossier_id, unit_id, name in rows:
            words = _fold(name or "").split()
            if not words:
                continue
            family, given = words[0][:KEY_LENGTH], words[-1][:KEY_LENGTH]
            entries.append(
                {
                    "nominee_id": nominee_id,
                    "dossier_id": dossier_id,
                    "unit_id": unit_id,
                    "family": family,
                    "given": given,
                    "folded": " ".join(words)[:FOLDED_LENGTH],
                }
            )
            vocab.update({("f", family), ("g", given)})
        if entries:
            bind.execute(search.insert(), entries)
        last_id = rows[-1][0]
    if vocab:
        bind.execute(
            vocab_table.insert(), [{"kind": kind, "token": token} for kind, token in sorted(vocab)]
        )


def downgrade() -> None:
    op.drop_index("ix_dossiers_status_due", table_name="dossiers")
    op.drop_table("name_vocab")
    op.drop_index("ix_nominee_search_folded", table_name="nominee_search")
    op.drop_index("ix_nominee_search_unit_given", table_name="nominee_search")
    op.drop_index("ix_nominee_search_given_family", table_name="nominee_search")
    op.drop_index(op.f("ix_nominee_search_dossier_id"), table_name="nominee_search")
    op.drop_table("nominee_search")
