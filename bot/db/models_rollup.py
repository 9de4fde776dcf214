"""The yearly report's rollup: dossier counts kept per report group, so the report reads a few
thousand rows instead of every dossier of the year (issue 16, target 6).

`report_counts` holds, per period (campaign, or the local creation year of a dossier filed outside
any campaign), unit, award, status, basis, procedure, submission day, SLA due day and "ever sent
back", how many dossiers there are and the sums of their nominee counts. The two days stay
dimensions because the figures they feed depend on the report (the campaign's deadlines, the
report's date): late = submitted after the deadline, overdue = due before the report's date.
`report_processing_counts` holds decided dossiers per (period, unit, receipt day, decision day)
for the processing time. Missing values are sentinels (`NO_TEXT`, `NO_DAY`, campaign 0, year 0)
so every key column is NOT NULL and the primary key serves `ON CONFLICT` increments.

Maintained by `bot.db.report_rollup` in the transaction of every write to a dossier; the
migration is `0015_rollup_report_counts.py` (must stay identical in effect).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base
from bot.db.models_reports import NOMINEE_COUNTS

NO_DAY = dt.date(1900, 1, 1)  # no submission / no SLA due day
NO_TEXT = ""  # no basis

COUNT_KEYS = ("campaign_id", "year", "unit_id", "award", "status", "basis", "procedure",
              "submitted_on", "sla_due_on", "returned")
COUNT_SUMS = ("dossiers", *NOMINEE_COUNTS)
PROCESSING_KEYS = ("campaign_id", "year", "unit_id", "received_on", "decided_on")
PROCESSING_SUMS = ("dossiers",)


class ReportCount(Base):
    """Dossiers and their nominee counts per report group (see the module docstring)."""

    __tablename__ = "report_counts"

    campaign_id: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0: no campaign
    year: Mapped[int] = mapped_column(Integer, primary_key=True)  # 0 when in a campaign
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    award: Mapped[str] = mapped_column(String(64), primary_key=True)
    status: Mapped[str] = mapped_column(String(32), primary_key=True)
    basis: Mapped[str] = mapped_column(String(64), primary_key=True)
    procedure: Mapped[str] = mapped_column(String(32), primary_key=True)
    submitted_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    sla_due_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    returned: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1: ever sent back
    dossiers: Mapped[int] = mapped_column(Integer, default=0)


for _name in NOMINEE_COUNTS:
    setattr(ReportCount, _name, mapped_column(_name, Integer, nullable=False, default=0,
                                              server_default="0"))


class ReportProcessingCount(Base):
    """Decided dossiers with a receipt day, per (period, unit, receipt day, decision day)."""

    __tablename__ = "report_processing_counts"

    campaign_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    received_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    decided_on: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    dossiers: Mapped[int] = mapped_column(Integer, default=0)
