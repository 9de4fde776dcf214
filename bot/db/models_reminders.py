"""Tables of the reminders feature: what each unit has submitted, officers' reminder preferences
and snoozes. Campaigns, their deadlines and units, and the outbox are in `bot.db.models`.

Migration: `migrations/versions/0003_reminders.py` (must stay identical in effect).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Boolean, ForeignKey, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.models import Base


class ReminderSubmission(Base):
    """A unit has submitted what a deadline asks (marked by an officer, an import or a dossier).

    Its presence stops reminders for that (deadline, unit); reviewers see it in the digest.
    """

    __tablename__ = "reminder_submissions"

    deadline_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_deadlines.id", ondelete="CASCADE"), primary_key=True
    )
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)
    submitted_at: Mapped[dt.datetime]
    marked_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    source: Mapped[str] = mapped_column(String(16), default="officer")  # officer|import|dossier


class ReminderPreference(Base):
    """An officer's choice (`/nhac`): receive deadline reminders or not, on which days before a
    deadline and at what time of day (NULL: the campaign's plan); digests for reviewers.

    Migrations: `0003_reminders.py`, `0013_reminder_settings.py` (days, time)."""

    __tablename__ = "reminder_preferences"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    digest: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime]
    days_before: Mapped[list[int] | None] = mapped_column(JSON)
    send_at: Mapped[dt.time | None] = mapped_column(Time)


class ReminderSnooze(Base):
    """Snooze ("Nhắc lại sau 1 ngày"): no reminder of this deadline to this officer before
    `until`."""

    __tablename__ = "reminder_snoozes"

    officer_id: Mapped[int] = mapped_column(ForeignKey("officers.id"), primary_key=True)
    deadline_id: Mapped[int] = mapped_column(
        ForeignKey("campaign_deadlines.id", ondelete="CASCADE"), primary_key=True
    )
    until: Mapped[dt.datetime]
