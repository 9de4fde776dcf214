"""Tables of the reports feature: inspections, nominee counts on dossiers, the report's indexes.

An inspection (kiểm tra công tác thi đua, khen thưởng at a unit) records who inspected which unit
on which day, what they found and when the unit is due again; the inspection sample ranks units
by the time since their last one.

The yearly report must aggregate a million dossiers in under two seconds, so it reads one
covering index of `dossiers` in one pass and never joins the nominees: each dossier carries its
nominee counts (by kind, leadership and outcome; `NOMINEE_COUNTS`), stored by
`bot.db.nominee_counts.recount_nominees` wherever nominees are written. The columns belong to the
`dossiers` table but are declared here, by the feature that owns them.

Migrations: `0004_reports.py`, `0006_report_indexes.py` and `0014_decided_on.py` (must stay
identical in effect). The report now reads a rollup of these counts (`bot/db/models_rollup.py`);
the columns and indexes stay for the recount and for reports in another time zone.
"""

from __future__ import annotations

import datetime as dt
from typing import cast

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import InstrumentedAttribute, Mapped, mapped_column

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


# Nominee counts on each dossier row: individuals, collectives (every other kind), individuals
# linked to a person who is / is not a leader (unlinked ones are neither), nominees decided
# (approved or not approved), and the approved ones of each group.
NOMINEE_COUNTS = (
    "nominees_individual",
    "nominees_collective",
    "nominees_leader",
    "nominees_non_leader",
    "nominees_decided",
    "approved_individual",
    "approved_collective",
    "approved_leader",
    "approved_non_leader",
)
for _name in NOMINEE_COUNTS:
    setattr(
        Dossier,
        _name,
        mapped_column(_name, Integer, nullable=False, default=0, server_default="0"),
    )


# The reviewing body's first decision, a local date (`bot.db.decided`): the report's
# processing time reads it here instead of joining the status events.
_DECIDED_ON = "decided_on"
setattr(Dossier, _DECIDED_ON, mapped_column(_DECIDED_ON, Date, nullable=True))
DECIDED_ON = cast(InstrumentedAttribute[dt.date | None], getattr(Dossier, _DECIDED_ON))


def nominee_count(name: str) -> InstrumentedAttribute[int]:
    """The `dossiers` column holding one of the `NOMINEE_COUNTS`."""
    if name not in NOMINEE_COUNTS:
        raise KeyError(name)
    return cast(InstrumentedAttribute[int], getattr(Dossier, name))


# The yearly report: the period (campaign) first, then the report's GROUP BY columns in order
# (so rows arrive grouped, without sorting), then everything the report reads (covering).
REPORT_INDEX_COLUMNS = (
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
    *NOMINEE_COUNTS,
)
Index("ix_dossiers_report_cover", *(getattr(Dossier, c) for c in REPORT_INDEX_COLUMNS))
# Processing time: the decided dossiers of a campaign (or year) with their receipt and decision
# days, without reading the table (partial: only decided dossiers are in it).
DECIDED_INDEX_COLUMNS = ("campaign_id", "unit_id", "created_at", "received_at", "decided_on")
Index(
    "ix_dossiers_decided",
    *(getattr(Dossier, c) for c in DECIDED_INDEX_COLUMNS),
    sqlite_where=DECIDED_ON.is_not(None),
    postgresql_where=DECIDED_ON.is_not(None),
)
# Returned dossiers (needs_supplement, intake_rejected) and decision dates, by target status.
Index(
    "ix_dossier_events_to_status",
    DossierEvent.to_status,
    DossierEvent.dossier_id,
    DossierEvent.at,
)
