"""Tables of the reports feature: inspections of units, and the indexes the yearly report reads by.

An inspection (kiểm tra công tác thi đua, khen thưởng at a unit) records who inspected which unit
on which day, what they found and when the unit is due again; the inspection sample ranks units
by the time since their last one. The two extra indexes let the report aggregate a million
dossiers from indexes alone: dossiers by (campaign, award, status) and status events by
(target status, dossier) — returned dossiers and decision dates.

Migration: `migrations/versions/0004_reports.py` (must stay identical in effect).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base, Dossier, DossierEvent


class Inspection(Base):
    """One inspection visit to a unit and its findings."""

    __tablename__ = "inspections"
    __table_args__ = (Index("ix_inspections_unit_on", "unit_id", "inspected_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    inspected_on: Mapped[dt.date] = mapped_column(Date)
    inspector: Mapped[str] = mapped_column(String(255))
    findings: Mapped[str] = mapped_column(Text)
    next_due_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[dt.datetime]


# The yearly report groups dossiers of a few campaigns by award and status.
Index(
    "ix_dossiers_report",
    Dossier.campaign_id,
    Dossier.award,
    Dossier.status,
    Dossier.unit_id,
)
# Returned dossiers (needs_supplement, intake_rejected) and decision dates, by target status.
Index(
    "ix_dossier_events_to_status",
    DossierEvent.to_status,
    DossierEvent.dossier_id,
    DossierEvent.at,
)
