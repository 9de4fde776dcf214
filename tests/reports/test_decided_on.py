"""The decision day stored on each dossier (`decided_on`, issue 16 target 6) keeps the yearly
report's processing time equal to a recount over the status events: after random status changes
through the service, after a dossier import, and for dossiers decided before the migration."""

from __future__ import annotations

import datetime as dt
from random import Random
from statistics import median
from zoneinfo import ZoneInfo

from alembic import command
from sqlalchemy import select, text
from sqlalchemy.engine import Connection

from bot.conversation.viewer import Role
from bot.db.decided import is_decision
from bot.db.models import Campaign, Dossier, DossierEvent, Unit
from bot.db.session import Database, alembic_config
from bot.render import Renderer
from bot.reports.figures import compute_figures
from bot.reports.scope import resolve_scope
from bot.status.access import Principal
from bot.status.service import NewNominee, change_status, create_dossier
from e2e.support import knowledge_base

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = Principal(Role.ADMIN, None, None, None)
START = dt.datetime(2026, 1, 5, 2, tzinfo=dt.UTC)


async def _setup(db: Database) -> tuple[int, int]:
    async with db.session() as s, s.begin():
        unit = Unit(code="A", name="Đơn vị A", name_folded="don vi a", level="tinh_agency",
                    created_at=START)
        campaign = Campaign(code="TKN-2025", name="Tổng kết 2025", year=2025, kind="year_end",
                            created_at=START)
        s.add_all([unit, campaign])
        await s.flush()
        return unit.id, campaign.id


async def _recount(db: Database) -> tuple[int, float | None]:
    """Processing days the way the report counted them before: receipt → first decision event."""
    async with db.session() as s:
        received = dict((await s.execute(select(Dossier.id, Dossier.received_at))).all())
        events = (await s.execute(
            select(DossierEvent.dossier_id, DossierEvent.from_status, DossierEvent.to_status,
                   DossierEvent.at).order_by(DossierEvent.at, DossierEvent.id))).all()
    first: dict[int, dt.datetime] = {}
    for dossier_id, from_status, to_status, at in events:
        if is_decision(from_status, to_status) and dossier_id not in first:
            first[dossier_id] = at
    calendar = knowledge_base().calendar
    days = [calendar.working_days_between(received[d].astimezone(TZ).date(),
                                          at.astimezone(TZ).date())
            for d, at in first.items() if received[d] is not None]
    return len(days), (median(days) if days else None)


async def _report(db: Database) -> tuple[int, float | None]:
    async with db.session() as s:
        scope = await resolve_scope(s, ADMIN, 2025, TZ)
        figures = await compute_figures(s, scope, dt.date(2026, 6, 1), knowledge_base())
    return figures.outcome.processed, figures.outcome.median_working_days


async def test_the_report_equals_a_recount_after_random_status_changes(db: Database) -> None:
    unit_id, campaign_id = await _setup(db)
    rng = Random(16)
    codes = []
    async with db.session() as s, s.begin():
        for i in range(40):
            dossier = await create_dossier(s, unit_id, "giay_khen", [NewNominee(f"Người {i}")],
                                           START, campaign_id=campaign_id)
            codes.append(dossier.code)
    now = START
    workflow = knowledge_base().workflow
    for _ in range(900):
        now += dt.timedelta(hours=rng.randint(1, 30))
        code = rng.choice(codes)
        async with db.session() as s, s.begin():
            status = (await s.execute(select(Dossier.status).where(Dossier.code == code))).scalar()
            targets = [t.to for t in workflow.on(now.astimezone(TZ).date()).targets(str(status))]
            onward = [t for t in targets if t != "withdrawn"] or targets  # mostly forward
            if not targets:
                continue
            await change_status(s, ADMIN, code, rng.choice(onward), now, TZ, Renderer(),
                                 note="lý do", notify_other_side=False, kb=knowledge_base())
    processed, days = await _recount(db)
    assert processed >= 5  # the walk reached decisions, with and without "forwarded up" first
    assert await _report(db) == (processed, days)


def _upgrade(connection: Connection, target: str) -> None:
    command.upgrade(alembic_config(connection), target)


async def test_dossiers_decided_before_the_migration_get_their_decision_day(
    database_url: str,
) -> None:
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_upgrade, "0013_reminder_settings")
        unit_id, campaign_id = await _setup(db)
        async with db.engine.begin() as conn:
            for i, (to, at_hour) in enumerate((("approved", 20), ("not_approved", 10),
                                               ("forwarded_up", 3), ("appraising", 5))):
                await conn.execute(text(
                    "INSERT INTO dossiers (id, code, unit_id, campaign_id, award, procedure, "
                    "status, version, created_at, updated_at, received_at) VALUES (:id, :code, "
                    ":unit, :campaign, 'giay_khen', 'regular', :to, 1, :at, :at, :at)"),
                    {"id": i + 1, "code": f"KT-2026-AAAA{i}{i}", "unit": unit_id,
                     "campaign": campaign_id, "to": to, "at": START})
                await conn.execute(text(
                    "INSERT INTO dossier_events (dossier_id, from_status, to_status, at) "
                    "VALUES (:id, 'awaiting_decision', :to, :at)"),
                    {"id": i + 1, "to": to, "at": START + dt.timedelta(days=3, hours=at_hour)})
            # The level above decides a forwarded dossier later: not the reviewing body's day.
            await conn.execute(text(
                "INSERT INTO dossier_events (dossier_id, from_status, to_status, at) "
                "VALUES (3, 'forwarded_up', 'approved', :at)"),
                {"at": START + dt.timedelta(days=9)})
        await db.upgrade()
        async with db.session() as s:
            days = dict((await s.execute(
                select(Dossier.id, Dossier.decided_on).order_by(Dossier.id))).all())  # type: ignore[attr-defined]
        # 2026-01-08 20:00 UTC is already the 9th in Hà Nội.
        assert days == {1: dt.date(2026, 1, 9), 2: dt.date(2026, 1, 8), 3: dt.date(2026, 1, 8),
                        4: None}
        assert await _report(db) == await _recount(db)
    finally:
        await db.dispose()
