"""The yearly report's rollup (`report_counts`, `report_processing_counts`; see
`bot/db/models_rollup.py` and docs/adr/020-report-rollup.md), backfilled from the dossiers.

From now on every writer of dossiers keeps it in its own transaction (`bot.db.report_rollup`).
The backfill groups the dossiers exactly as `bot.db.report_rollup.rebuild` does: local days and
years in the deployment time zone (`TDKT_TIMEZONE`, as `0014_decided_on`).

Revision ID: 0015_rollup_report_counts
Revises: 0014_decided_on
Create Date: 2026-12-07
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from alembic import op

revision: str = "0015_rollup_report_counts"
down_revision: str | None = "0014_decided_on"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOMINEE_COUNTS = (
    "nominees_individual", "nominees_collective", "nominees_leader", "nominees_non_leader",
    "nominees_decided", "approved_individual", "approved_collective", "approved_leader",
    "approved_non_leader",
)
RETURNED = "('needs_supplement', 'intake_rejected')"


def _key(name: str, type_: sa.types.TypeEngine) -> sa.Column:
    return sa.Column(name, type_, primary_key=True, nullable=False)


def upgrade() -> None:
    op.create_table(
        "report_counts",
        _key("campaign_id", sa.Integer()),
        _key("year", sa.Integer()),
        _key("unit_id", sa.Integer()),
        _key("award", sa.String(64)),
        _key("status", sa.String(32)),
        _key("basis", sa.String(64)),
        _key("procedure", sa.String(32)),
        _key("submitted_on", sa.Date()),
        _key("sla_due_on", sa.Date()),
        _key("returned", sa.Integer()),
        sa.Column("dossiers", sa.Integer(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False, server_default="0")
          for name in NOMINEE_COUNTS),
    )
    op.create_table(
        "report_processing_counts",
        _key("campaign_id", sa.Integer()),
        _key("year", sa.Integer()),
        _key("unit_id", sa.Integer()),
        _key("received_on", sa.Date()),
        _key("decided_on", sa.Date()),
        sa.Column("dossiers", sa.Integer(), nullable=False),
    )
    tz = ZoneInfo(os.environ.get("TDKT_TIMEZONE", "").strip() or "Asia/Ho_Chi_Minh")
    if op.get_bind().dialect.name == "postgresql":
        def local(column: str) -> str:
            return f"(({column}) AT TIME ZONE '{tz.key}')::date"

        year = f"CAST(EXTRACT(YEAR FROM (created_at AT TIME ZONE '{tz.key}')) AS INTEGER)"
        no_day = "DATE '1900-01-01'"
    else:  # UTC text; one offset all year (see bot/reports/sql.py)
        offset = tz.utcoffset(dt.datetime(2026, 7, 1)) or dt.timedelta()
        minutes = f"{int(offset.total_seconds() // 60):+d} minutes"

        def local(column: str) -> str:
            return f"date({column}, '{minutes}')"

        year = f"CAST(strftime('%Y', {local('created_at')}) AS INTEGER)"
        no_day = "'1900-01-01'"
    first_in = ("CASE WHEN received_at IS NOT NULL AND received_at < submitted_at "
                "THEN received_at ELSE submitted_at END")
    labelled = ", ".join(f"{expression} AS {name}" for name, expression in (
        ("campaign_id", "COALESCE(campaign_id, 0)"),
        ("year", f"CASE WHEN campaign_id IS NULL THEN {year} ELSE 0 END"),
        ("unit_id", "unit_id"), ("award", "award"), ("status", "status"),
        ("basis", "COALESCE(basis, '')"), ("procedure", "procedure"),
        ("submitted_on", f"CASE WHEN submitted_at IS NULL THEN {no_day} "
                         f"ELSE {local(first_in)} END"),
        ("sla_due_on", f"COALESCE(sla_due_on, {no_day})"),
        ("returned", "CASE WHEN EXISTS (SELECT 1 FROM dossier_events e "
                     f"WHERE e.dossier_id = dossiers.id AND e.to_status IN {RETURNED}) "
                     "THEN 1 ELSE 0 END"),
    ))
    names = ("campaign_id, year, unit_id, award, status, basis, procedure, submitted_on, "
             "sla_due_on, returned")
    counts = ", ".join(NOMINEE_COUNTS)
    sums = ", ".join(f"sum({name})" for name in NOMINEE_COUNTS)
    op.execute(
        f"INSERT INTO report_counts ({names}, dossiers, {counts}) "
        f"SELECT {names}, count(*), {sums} FROM (SELECT {labelled}, {counts} FROM dossiers) d "
        f"GROUP BY {names}"
    )
    period = f"COALESCE(campaign_id, 0), CASE WHEN campaign_id IS NULL THEN {year} ELSE 0 END"
    processing = f"{period}, unit_id, {local('received_at')}, decided_on"
    op.execute(
        "INSERT INTO report_processing_counts (campaign_id, year, unit_id, received_on, "
        f"decided_on, dossiers) SELECT {processing}, count(*) FROM dossiers "
        f"WHERE received_at IS NOT NULL AND decided_on IS NOT NULL GROUP BY {processing}"
    )


def downgrade() -> None:
    op.drop_table("report_processing_counts")
    op.drop_table("report_counts")
