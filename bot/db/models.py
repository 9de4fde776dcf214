"""SQLAlchemy 2 models: the tables every journey shares (portable SQLite / PostgreSQL).

Keys only — status codes, roles, levels and award ids are ASCII codes from `contracts.md`;
their Vietnamese labels live in templates. Datetimes are aware UTC (`UTCDateTime`); calendar
dates (deadlines, decisions) are plain `date`s. JSON columns use the portable `sqlalchemy.JSON`.
The migration in `migrations/versions/` must stay identical in effect (a test compares them).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from bot.db.coltypes import UTCDateTime

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonDict = dict[str, Any]


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dt.datetime: UTCDateTime(),
        JsonDict: JSON(),
        list[int]: JSON(),
    }


# --- organisation ---------------------------------------------------------------------------


class Unit(Base):
    """An agency, commune, school, hospital… `valid_from/valid_to` keep the 2025-07-01 history."""

    __tablename__ = "units"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    level: Mapped[str] = mapped_column(String(16))  # tinh|tinh_agency|xa|huyen|unit|bo_nganh
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    cluster: Mapped[str | None] = mapped_column(String(255))
    sector: Mapped[str | None] = mapped_column(String(32))
    # The province whose rules apply to the unit (an id of `knowledge/provinces`, e.g. bac_ninh);
    # None = not known (the deployment's TDKT_PROVINCE, else the interview asks).
    province: Mapped[str | None] = mapped_column(String(32))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    valid_from: Mapped[dt.date | None] = mapped_column(Date)
    valid_to: Mapped[dt.date | None] = mapped_column(Date)
    successor_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    created_at: Mapped[dt.datetime]


class Officer(Base):
    """A registered user: who they are in Telegram, which unit, which role and scope."""

    __tablename__ = "officers"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_user_id: Mapped[int | None] = mapped_column(BigInteger, unique=True)
    full_name: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16), default="officer")  # officer|reviewer|admin
    scope: Mapped[list[int] | None]  # reviewer: unit ids they review; None = own unit only
    can_see_subunits: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once they block the bot
    chat_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime]
    deactivated_at: Mapped[dt.datetime | None]
    # Telegram said "blocked by the user" (active is then False; any update of theirs undoes it).
    blocked_at: Mapped[dt.datetime | None]
    # Telegram refused a chat they never opened (still active; listed in the reviewers' digest).
    unreachable_since: Mapped[dt.datetime | None]


class Invite(Base):
    """A single-use code binding the Telegram user who redeems it to a unit and role."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    scope: Mapped[list[int] | None]
    can_see_subunits: Mapped[bool] = mapped_column(Boolean, default=False)
    expires_at: Mapped[dt.datetime]
    used_at: Mapped[dt.datetime | None]
    used_by_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[dt.datetime]


# --- people, collectives and their history --------------------------------------------------


class Subject(Base):
    """Someone who can be nominated: a person (`individual`) or a `collective`."""

    __tablename__ = "subjects"
    __table_args__ = (Index("ix_subjects_unit_name", "unit_id", "name_folded"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    kind: Mapped[str] = mapped_column(String(16), default="individual")  # individual|collective
    name: Mapped[str] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    female: Mapped[bool | None] = mapped_column(Boolean)
    position: Mapped[str | None] = mapped_column(String(255))
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    category: Mapped[str | None] = mapped_column(String(32))  # cong_chuc|vien_chuc|nguoi_lao_dong…
    service_start: Mapped[dt.date | None] = mapped_column(Date)
    external_ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AwardRecord(Base):
    """An award a subject received (title or form), as decided; `award` is a contracts §5 id."""

    __tablename__ = "award_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"), index=True)
    award: Mapped[str] = mapped_column(String(64))
    year: Mapped[int] = mapped_column(Integer)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decision_no: Mapped[str | None] = mapped_column(String(64))
    issuer: Mapped[str | None] = mapped_column(String(64))
    achievement_from: Mapped[int | None] = mapped_column(Integer)
    achievement_to: Mapped[int | None] = mapped_column(Integer)
    basis: Mapped[str | None] = mapped_column(String(32))
    route: Mapped[str | None] = mapped_column(String(16))
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)


class Rating(Base):
    """A subject's yearly quality rating (hoan_thanh_xuat_sac, hoan_thanh_tot, …)."""

    __tablename__ = "ratings"
    __table_args__ = (UniqueConstraint("subject_id", "year", name="uq_ratings_subject_year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    year: Mapped[int] = mapped_column(Integer)
    rating: Mapped[str] = mapped_column(String(32))


# --- campaigns -------------------------------------------------------------------------------


class Campaign(Base):
    """An emulation round (e.g. year-end 2025) with deadlines and a reminder plan."""

    __tablename__ = "campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    year: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))  # year_end|thematic|…
    source_document: Mapped[str | None] = mapped_column(String(255))
    reminder_plan: Mapped[JsonDict | None]  # {"days_before": [7, 3, 1], "hour": 9}
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[dt.datetime]


class CampaignDeadline(Base):
    """When a group of awards must reach the competent body, and which bases it covers."""

    __tablename__ = "campaign_deadlines"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), index=True)
    award_group: Mapped[str] = mapped_column(String(64))
    deadline: Mapped[dt.date] = mapped_column(Date)
    applies_to: Mapped[list[str] | None] = mapped_column(JSON)


class CampaignUnit(Base):
    """A unit taking part in a campaign (the units that are reminded)."""

    __tablename__ = "campaign_units"

    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaigns.id"), primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"), primary_key=True, index=True)


# --- dossiers --------------------------------------------------------------------------------


# The columns of a dossier summary beside the unit page's key (`ix_dossiers_unit_page`).
UNIT_PAGE_INCLUDE = ("code", "award", "status", "version", "sla_due_on", "campaign_id")


class Dossier(Base):
    """A nomination file moving through the status workflow (legal-procedure §6)."""

    __tablename__ = "dossiers"
    __table_args__ = (
        # A unit's list reads this index only (PostgreSQL: INCLUDE; ADR 006).
        Index(
            "ix_dossiers_unit_page",
            "unit_id",
            "updated_at",
            "id",
            postgresql_include=list(UNIT_PAGE_INCLUDE),
        ),
        Index("ix_dossiers_campaign_status", "campaign_id", "status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("units.id"))
    campaign_id: Mapped[int | None] = mapped_column(ForeignKey("campaigns.id"))
    award: Mapped[str] = mapped_column(String(64))
    basis: Mapped[str | None] = mapped_column(String(32))
    procedure: Mapped[str] = mapped_column(String(16), default="regular")
    status: Mapped[str] = mapped_column(String(24), default="draft", index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    created_at: Mapped[dt.datetime]
    submitted_at: Mapped[dt.datetime | None]
    received_at: Mapped[dt.datetime | None]
    sla_due_on: Mapped[dt.date | None] = mapped_column(Date)
    updated_at: Mapped[dt.datetime]
    manifest: Mapped[JsonDict | None]
    findings: Mapped[JsonDict | None]


class Nominee(Base):
    """One person or collective proposed in a dossier, with its own outcome."""

    __tablename__ = "nominees"
    # A dossier's names come from this index only (PostgreSQL: INCLUDE; ADR 006).
    __table_args__ = (
        Index("ix_nominees_dossier_names", "dossier_id", "id", postgresql_include=["name"]),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    name: Mapped[str] = mapped_column(String(255))
    name_folded: Mapped[str] = mapped_column(String(255), index=True)
    kind: Mapped[str] = mapped_column(String(16), default="individual")
    subject_id: Mapped[int | None] = mapped_column(ForeignKey("subjects.id"), index=True)
    outcome: Mapped[str | None] = mapped_column(String(16))  # approved|not_approved|None


class DossierEvent(Base):
    """Append-only history of a dossier: every status change, who, when and why."""

    __tablename__ = "dossier_events"
    __table_args__ = (Index("ix_dossier_events_dossier_at", "dossier_id", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    from_status: Mapped[str | None] = mapped_column(String(24))
    to_status: Mapped[str] = mapped_column(String(24))
    actor_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    at: Mapped[dt.datetime]
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[JsonDict | None]


# --- conversation state, delivery, bookkeeping -----------------------------------------------


class InterviewSession(Base):
    """One in-progress interview: its answers are replayed through a pure flow on each update."""

    __tablename__ = "interview_sessions"
    __table_args__ = (
        UniqueConstraint("chat_id", "user_id", "flow", name="uq_interview_sessions_chat_user_flow"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger)
    flow: Mapped[str] = mapped_column(String(64))
    answers: Mapped[JsonDict]
    as_of: Mapped[dt.date | None] = mapped_column(Date)
    data: Mapped[JsonDict | None]
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(index=True)


class OutboxMessage(Base):
    """A message to push (status notice, reminder, digest); `dedupe_key` makes planning idempotent.

    `status`: pending → sending (claimed, leased) → sent | pending (retry) | uncertain (answer
    lost, not resent) | failed | dead.
    """

    __tablename__ = "outbox"
    __table_args__ = (Index("ix_outbox_status_due", "status", "due_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200), unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    payload: Mapped[JsonDict]  # {"text": …, "parse_mode": "HTML", "buttons": [[…]]}
    due_at: Mapped[dt.datetime]
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[dt.datetime | None]
    # Committed right before the request leaves for attempt `attempts` (the per-send key): a row
    # left `sending` with it set may have been delivered, so it is never resent (ADR 004).
    send_started_at: Mapped[dt.datetime | None]
    sent_at: Mapped[dt.datetime | None]
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime]
    # A pending status push that later changes of the same dossier to the same person merge
    # into (`dossier:<id>:<officer id>`; migration 0012_outbox_coalesce).
    coalesce_key: Mapped[str | None] = mapped_column(String(200), index=True)


class SendBudget(Base):
    """The bot-wide Telegram sending pace shared by every instance (`bot.reminders.pacing`).

    One row per pace, written with a compare-and-set on `revision`: row `outbox-pace` holds in
    `updated_at` the next free send slot (a virtual schedule, GCRA), row `outbox-pace:pause`
    until when Telegram asked the whole bot to wait (429). Not a token bucket: the earlier
    bucket's `tokens` column was dropped (migration `0016_drop_send_budget_tokens`).
    """

    __tablename__ = "send_budget"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    updated_at: Mapped[dt.datetime]  # the next free send slot, or the end of a pause
    revision: Mapped[int] = mapped_column(Integer, default=0)  # compare-and-set guard


class AuditLog(Base):
    """Who did what to which record (invites, status changes, imports…)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_target", "target_type", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(index=True)
    actor_officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    action: Mapped[str] = mapped_column(String(64))
    target_type: Mapped[str | None] = mapped_column(String(32))
    target_id: Mapped[str | None] = mapped_column(String(64))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    data: Mapped[JsonDict | None]


class ProcessedUpdate(Base):
    """Telegram `update_id`s already handled (webhook retries may land twice)."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    at: Mapped[dt.datetime] = mapped_column(index=True)
