"""Initial schema: organisation, people and history, campaigns, dossiers, delivery, bookkeeping.

Revision ID: 0001
Revises:
Create Date: 2026-01-15
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interview_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("user_id", sa.BigInteger(), nullable=False),
        sa.Column("flow", sa.String(length=64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interview_sessions")),
        sa.UniqueConstraint(
            "chat_id", "user_id", "flow", name="uq_interview_sessions_chat_user_flow"
        ),
    )
    op.create_index(
        op.f("ix_interview_sessions_updated_at"), "interview_sessions", ["updated_at"], unique=False
    )
    op.create_table(
        "processed_updates",
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("update_id", name=op.f("pk_processed_updates")),
    )
    op.create_index(op.f("ix_processed_updates_at"), "processed_updates", ["at"], unique=False)
    op.create_table(
        "send_budget",
        sa.Column("name", sa.String(length=32), nullable=False),
        sa.Column("tokens", sa.Float(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_send_budget")),
    )
    op.create_table(
        "units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("name_folded", sa.String(length=255), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("cluster", sa.String(length=255), nullable=True),
        sa.Column("sector", sa.String(length=32), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("successor_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["parent_id"], ["units.id"], name=op.f("fk_units_parent_id_units")),
        sa.ForeignKeyConstraint(
            ["successor_id"], ["units.id"], name=op.f("fk_units_successor_id_units")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_units")),
        sa.UniqueConstraint("code", name=op.f("uq_units_code")),
    )
    op.create_index(op.f("ix_units_name_folded"), "units", ["name_folded"], unique=False)
    op.create_index(op.f("ix_units_parent_id"), "units", ["parent_id"], unique=False)
    op.create_table(
        "officers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("telegram_user_id", sa.BigInteger(), nullable=True),
        sa.Column("full_name", sa.String(length=255), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=True),
        sa.Column("can_see_subunits", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("deactivated_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_officers_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_officers")),
        sa.UniqueConstraint("telegram_user_id", name=op.f("uq_officers_telegram_user_id")),
    )
    op.create_index(op.f("ix_officers_unit_id"), "officers", ["unit_id"], unique=False)
    op.create_table(
        "subjects",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("name_folded", sa.String(length=255), nullable=False),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("female", sa.Boolean(), nullable=True),
        sa.Column("position", sa.String(length=255), nullable=True),
        sa.Column("is_leader", sa.Boolean(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=True),
        sa.Column("service_start", sa.Date(), nullable=True),
        sa.Column("external_ref", sa.String(length=64), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_subjects_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("external_ref", name=op.f("uq_subjects_external_ref")),
    )
    op.create_index(op.f("ix_subjects_name_folded"), "subjects", ["name_folded"], unique=False)
    op.create_index("ix_subjects_unit_name", "subjects", ["unit_id", "name_folded"], unique=False)
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor_officer_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=True),
        sa.Column("target_id", sa.String(length=64), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_officer_id"],
            ["officers.id"],
            name=op.f("fk_audit_log_actor_officer_id_officers"),
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_audit_log_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"], unique=False)
    op.create_index("ix_audit_log_target", "audit_log", ["target_type", "target_id"], unique=False)
    op.create_index(op.f("ix_audit_log_unit_id"), "audit_log", ["unit_id"], unique=False)
    op.create_table(
        "award_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("award", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decision_no", sa.String(length=64), nullable=True),
        sa.Column("issuer", sa.String(length=64), nullable=True),
        sa.Column("achievement_from", sa.Integer(), nullable=True),
        sa.Column("achievement_to", sa.Integer(), nullable=True),
        sa.Column("basis", sa.String(length=32), nullable=True),
        sa.Column("route", sa.String(length=16), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_award_records_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_award_records")),
    )
    op.create_index(
        op.f("ix_award_records_subject_id"), "award_records", ["subject_id"], unique=False
    )
    op.create_table(
        "campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("source_document", sa.String(length=255), nullable=True),
        sa.Column("reminder_plan", sa.JSON(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["officers.id"], name=op.f("fk_campaigns_created_by_officers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
        sa.UniqueConstraint("code", name=op.f("uq_campaigns_code")),
    )
    op.create_table(
        "invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("scope", sa.JSON(), nullable=True),
        sa.Column("can_see_subunits", sa.Boolean(), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by_officer_id", sa.Integer(), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by"], ["officers.id"], name=op.f("fk_invites_created_by_officers")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_invites_unit_id_units")),
        sa.ForeignKeyConstraint(
            ["used_by_officer_id"],
            ["officers.id"],
            name=op.f("fk_invites_used_by_officer_id_officers"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_invites")),
        sa.UniqueConstraint("code", name=op.f("uq_invites_code")),
    )
    op.create_index(op.f("ix_invites_unit_id"), "invites", ["unit_id"], unique=False)
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=200), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("telegram_message_id", sa.BigInteger(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["officer_id"], ["officers.id"], name=op.f("fk_outbox_officer_id_officers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_outbox_dedupe_key")),
    )
    op.create_index(op.f("ix_outbox_officer_id"), "outbox", ["officer_id"], unique=False)
    op.create_index("ix_outbox_status_due", "outbox", ["status", "due_at"], unique=False)
    op.create_table(
        "ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("rating", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_ratings_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ratings")),
        sa.UniqueConstraint("subject_id", "year", name="uq_ratings_subject_year"),
    )
    op.create_table(
        "campaign_deadlines",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("award_group", sa.String(length=64), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("applies_to", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["campaigns.id"],
            name=op.f("fk_campaign_deadlines_campaign_id_campaigns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_deadlines")),
    )
    op.create_index(
        op.f("ix_campaign_deadlines_campaign_id"),
        "campaign_deadlines",
        ["campaign_id"],
        unique=False,
    )
    op.create_table(
        "campaign_units",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_campaign_units_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["unit_id"], ["units.id"], name=op.f("fk_campaign_units_unit_id_units")
        ),
        sa.PrimaryKeyConstraint("campaign_id", "unit_id", name=op.f("pk_campaign_units")),
    )
    op.create_index(op.f("ix_campaign_units_unit_id"), "campaign_units", ["unit_id"], unique=False)
    op.create_table(
        "dossiers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("award", sa.String(length=64), nullable=False),
        sa.Column("basis", sa.String(length=32), nullable=True),
        sa.Column("procedure", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=24), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sla_due_on", sa.Date(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manifest", sa.JSON(), nullable=True),
        sa.Column("findings", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_dossiers_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["created_by"], ["officers.id"], name=op.f("fk_dossiers_created_by_officers")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_dossiers_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossiers")),
        sa.UniqueConstraint("code", name=op.f("uq_dossiers_code")),
    )
    op.create_index(
        "ix_dossiers_campaign_status", "dossiers", ["campaign_id", "status"], unique=False
    )
    op.create_index(op.f("ix_dossiers_status"), "dossiers", ["status"], unique=False)
    op.create_index("ix_dossiers_unit_updated", "dossiers", ["unit_id", "updated_at"], unique=False)
    op.create_table(
        "dossier_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("from_status", sa.String(length=24), nullable=True),
        sa.Column("to_status", sa.String(length=24), nullable=False),
        sa.Column("actor_officer_id", sa.Integer(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(
            ["actor_officer_id"],
            ["officers.id"],
            name=op.f("fk_dossier_events_actor_officer_id_officers"),
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_dossier_events_dossier_id_dossiers")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dossier_events")),
    )
    op.create_index(
        "ix_dossier_events_dossier_at", "dossier_events", ["dossier_id", "at"], unique=False
    )
    op.create_table(
        "nominees",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dossier_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("name_folded", sa.String(length=255), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossiers.id"], name=op.f("fk_nominees_dossier_id_dossiers")
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_nominees_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_nominees")),
    )
    op.create_index(op.f("ix_nominees_dossier_id"), "nominees", ["dossier_id"], unique=False)
    op.create_index(op.f("ix_nominees_name_folded"), "nominees", ["name_folded"], unique=False)
    op.create_index(op.f("ix_nominees_subject_id"), "nominees", ["subject_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_nominees_subject_id"), table_name="nominees")
    op.drop_index(op.f("ix_nominees_name_folded"), table_name="nominees")
    op.drop_index(op.f("ix_nominees_dossier_id"), table_name="nominees")
    op.drop_table("nominees")
    op.drop_index("ix_dossier_events_dossier_at", table_name="dossier_events")
    op.drop_table("dossier_events")
    op.drop_index("ix_dossiers_unit_updated", table_name="dossiers")
    op.drop_index(op.f("ix_dossiers_status"), table_name="dossiers")
    op.drop_index("ix_dossiers_campaign_status", table_name="dossiers")
    op.drop_table("dossiers")
    op.drop_index(op.f("ix_campaign_units_unit_id"), table_name="campaign_units")
    op.drop_table("campaign_units")
    op.drop_index(op.f("ix_campaign_deadlines_campaign_id"), table_name="campaign_deadlines")
    op.drop_table("campaign_deadlines")
    op.drop_table("ratings")
    op.drop_index("ix_outbox_status_due", table_name="outbox")
    op.drop_index(op.f("ix_outbox_officer_id"), table_name="outbox")
    op.drop_table("outbox")
    op.drop_index(op.f("ix_invites_unit_id"), table_name="invites")
    op.drop_table("invites")
    op.drop_table("campaigns")
    op.drop_index(op.f("ix_award_records_subject_id"), table_name="award_records")
    op.drop_table("award_records")
    op.drop_index(op.f("ix_audit_log_unit_id"), table_name="audit_log")
    op.drop_index("ix_audit_log_target", table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_subjects_unit_name", table_name="subjects")
    op.drop_index(op.f("ix_subjects_name_folded"), table_name="subjects")
    op.drop_table("subjects")
    op.drop_index(op.f("ix_officers_unit_id"), table_name="officers")
    op.drop_table("officers")
    op.drop_index(op.f("ix_units_parent_id"), table_name="units")
    op.drop_index(op.f("ix_units_name_folded"), table_name="units")
    op.drop_table("units")
    op.drop_table("send_budget")
    op.drop_index(op.f("ix_processed_updates_at"), table_name="processed_updates")
    op.drop_table("processed_updates")
    op.drop_index(op.f("ix_interview_sessions_updated_at"), table_name="interview_sessions")
    op.drop_table("interview_sessions")
