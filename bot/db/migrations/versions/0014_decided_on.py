"""The decision day on each dossier (`dossiers.decided_on`), so the yearly report's processing
time reads one partial covering index instead of joining the status events (issue 16, target 6).

Backfilled from the events: the local date (deployment time zone, `TDKT_TIMEZONE`) of the first
move to approved / not approved / forwarded up that did not start from forwarded up (see
`bot/db/decided.py`). From now on `change_status`, `create_dossier` and the dossier import
set it.

Revision ID: 0014_decided_on
Revises: 0013_reminder_settings
Create Date: 2026-12-07
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0014_decided_on"
down_revision: str | None = "0013_reminder_settings"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DECISIONS = "('approved', 'not_approved', 'forwarded_up')"
INDEX_COLUMNS = ["campaign_id", "unit_id", "created_at", "received_at", "decided_on"]


def upgrade() -> None:
    op.add_column("dossiers", sa.Column("decided_on", sa.Date(), nullable=True))
    timezone = os.environ.get("TDKT_TIMEZONE", "").strip() or "Asia/Ho_Chi_Minh"
    if op.get_bind().dialect.name == "postgresql":
        local = f"(min(e.at) AT TIME ZONE '{ZoneInfo(timezone).key}')::date"
    else:  # UTC text; Vietnam keeps one offset all year (see bot/reports/sql.py)
        offset = ZoneInfo(timezone).utcoffset(dt.datetime(2026, 7, 1)) or dt.timedelta()
        local = f"date(min(e.at), '{int(offset.total_seconds() // 60):+d} minutes')"
    first = (
        f"SELECT {local} FROM dossier_events e WHERE e.dossier_id = dossiers.id "
        f"AND e.to_status IN {DECISIONS} "
        "AND (e.from_status IS NULL OR e.from_status <> 'forwarded_up')"
    )
    op.execute(
        f"UPDATE dossiers SET decided_on = ({first}) "
        f"WHERE EXISTS (SELECT 1 FROM dossier_events e WHERE e.dossier_id = dossiers.id "
        f"AND e.to_status IN {DECISIONS})"
    )
    op.create_index(
        "ix_dossiers_decided",
        "dossiers",
        INDEX_COLUMNS,
        unique=False,
        sqlite_where=sa.text("decided_on IS NOT NULL"),
        postgresql_where=sa.text("decided_on IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_dossiers_decided", table_name="dossiers")
    with op.batch_alter_table("dossiers") as batch:
        batch.drop_column("decided_on")
