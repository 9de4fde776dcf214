"""The report rollup (`bot.db.report_rollup`, issue 16 target 6) stays equal to a recount from the
dossiers and their events after every kind of write the bot makes — dossiers created, moved
through the workflow (returns included), nominees decided, dossiers imported — and after the
migration's backfill; and the yearly report read off it is the report read off the dossiers."""

from __future__ import annotations

import asyncio
import datetime as dt
from random import Random
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic import command
from sqlalchemy import select, text, update
from sqlalchemy.engine import Connection

from bot.conversation.viewer import Role
from bot.db import report_rollup as rollup
from bot.db.models import Campaign, CampaignDeadline, Dossier, Nominee, Unit
from bot.db.nominee_counts import recount_nominees
from bot.db.session import Database, alembic_config
from bot.render import Renderer
from bot.reports.figures import compute_figures
from bot.reports.scope import resolve_scope
from bot.status.access import Principal
from bot.status.service import NewNominee, change_status, create_dossier
from bot.transfer.service import import_kind
from e2e.support import knowledge_base
from tdkt.cli.main import main

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
KB = knowledge_base()  # the shipped law and policy (workflow, SLA, calendar…)
ADMIN = Principal(Role.ADMIN, None, None, None)
START = dt.datetime(2025, 12, 20, 2, tzinfo=dt.UTC)
AWARDS = ("giay_khen", "bang_khen_tinh", "chien_si_thi_dua_co_so")
BASES = ("cong_trang", "chuyen_de", "dot_xuat", None)


async def _province(db: Database) -> tuple[list[int], list[int]]:
    async with db.session() as s, s.begin():
        root = Unit(code="T", name="Tỉnh", name_folded="tinh", level="tinh", created_at=START)
        s.add(root)
        await s.flush()
        units = [root.id]
        for code, cluster in (("A", "Khối 1"), ("B", "Khối 1"), ("C", "Khối 2")):
            unit = Unit(code=code, name=f"Đơn vị {code}", name_folded=f"don vi {code.lower()}",
                        level="tinh_agency", parent_id=root.id, cluster=cluster,
                        created_at=START)
            s.add(unit)
            await s.flush()
            units.append(unit.id)
        campaigns = []
        for code, year in (("TKN-2025", 2025), ("TKN-2026", 2026)):
            campaign = Campaign(code=code, name=code, year=year, kind="year_end", created_at=START)
            s.add(campaign)
            await s.flush()
            campaigns.append(campaign.id)
        s.add_all([
            CampaignDeadline(campaign_id=campaigns[0], award_group="all",
                             deadline=dt.date(2025, 12, 28)),
            CampaignDeadline(campaign_id=campaigns[0], award_group="giay_khen",
                             deadline=dt.date(2025, 12, 24)),
        ])
        return units, campaigns


async def _assert_exact(db: Database) -> None:
    async with db.session() as s:
        assert await rollup.differences(s) == []


async def _report(db: Database, as_of: dt.date, year: int, **where: Any) -> dict[str, Any]:
    async with db.session() as s:
        scope = await resolve_scope(s, ADMIN, year, TZ, **where)
        return (await compute_figures(s, scope, as_of, KB)).to_json()


async def _assert_same_reports(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every scope's report off the rollup equals the one off the dossiers."""
    requests: list[tuple[int, dict[str, Any]]] = [
        (year, where) for year in (2025, 2026)
        for where in ({}, {"cluster": "Khối 1"}, {"unit_code": "C"}, {"unit_code": "T"},
                      {"campaign_code": f"TKN-{year}"})
    ]
    days = (dt.date(2026, 2, 1), dt.date(2026, 4, 20))  # "overdue" depends on the day
    from_rollup = [await _report(db, day, year, **where) for day in days
                   for year, where in requests]
    with monkeypatch.context() as patch:
        patch.setattr(rollup, "serves", lambda tz: False)
        from_dossiers = [await _report(db, day, year, **where) for day in days
                         for year, where in requests]
    assert from_rollup == from_dossiers
    assert from_rollup[0]["totals"]["dossiers"] > 0


async def test_the_rollup_equals_a_recount_after_every_kind_of_write(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    units, campaigns = await _province(db)
    rng = Random(6)
    codes = []
    async with db.session() as s, s.begin():
        for i in range(45):
            dossier = await create_dossier(
                s, rng.choice(units), rng.choice(AWARDS), [NewNominee(f"Người {i}")],
                START + dt.timedelta(days=rng.randint(0, 20)),
                campaign_id=rng.choice([*campaigns, None]), basis=rng.choice(BASES),
                procedure=rng.choice(("regular", "regular", "simplified")),
                status=rng.choice(("draft", "submitted")))
            codes.append(dossier.code)
    await _assert_exact(db)
    now = START
    workflow = KB.workflow
    returns = 0
    for _ in range(500):
        now += dt.timedelta(hours=rng.randint(1, 20))
        code = rng.choice(codes)
        async with db.session() as s, s.begin():
            status = (await s.execute(select(Dossier.status).where(Dossier.code == code))).scalar()
            targets = [t.to for t in workflow.on(now.astimezone(TZ).date()).targets(str(status))]
            onward = [t for t in targets if t != "withdrawn"] or targets
            if not onward:
                continue
            target = rng.choice(onward)
            returns += target in rollup.RETURNED
            await change_status(s, ADMIN, code, target, now, TZ, Renderer(), kb=KB, note="lý do",
                                notify_other_side=False)
    assert returns >= 5  # the walk sent dossiers back, some more than once
    await _assert_exact(db)
    # Nominees decided: their writer recounts the dossiers' nominee counts.
    async with db.session() as s, s.begin():
        ids = list((await s.execute(select(Dossier.id).where(
            Dossier.status.in_(("approved", "not_approved"))))).scalars())
        await s.execute(update(Nominee).where(Nominee.dossier_id.in_(ids)).values(
            outcome="approved"))
        await recount_nominees(s, ids)
    await _assert_exact(db)
    # An import: a new dossier submitted on a day of its own, an existing one moved on.
    async with db.session() as s:
        first = (await s.execute(select(Dossier.code, Dossier.status)
                                 .where(Dossier.code == codes[0]))).one()
    moved = "needs_supplement" if first.status != "needs_supplement" else "received"
    csv = ("code,status,unit,campaign,award,nominees,submitted_at,updated_at\n"
           ",submitted,A,TKN-2025,giay_khen,Lý Thị Ngọc,2025-12-30,\n"
           f"{first.code},{moved},A,,giay_khen,Phan Văn Bình,,\n")
    await import_kind(db, "dossiers", "ds.csv", csv.encode(), now, None, kb=KB)
    await _assert_exact(db)
    await _assert_same_reports(db, monkeypatch)


def _utc(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=dt.UTC)


def _upgrade(connection: Connection, target: str) -> None:
    command.upgrade(alembic_config(connection), target)


async def test_the_migration_backfills_the_rollup_from_existing_dossiers(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = Database(database_url)
    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(_upgrade, "0014_decided_on")
        await _province(db)
        async with db.engine.begin() as conn:
            for i, (status, campaign, submitted, returned) in enumerate((
                ("approved", 1, _utc(2025, 12, 27, 18), True),  # the 28th in Hà Nội: in time
                ("appraising", 1, _utc(2025, 12, 28, 18), False),  # the 29th: late
                ("submitted", None, _utc(2025, 12, 31, 18), False),  # created in 2025
                ("needs_supplement", 2, None, True),
                ("draft", None, None, False),
            )):
                at = START + dt.timedelta(days=i)
                await conn.execute(text(
                    "INSERT INTO dossiers (id, code, unit_id, campaign_id, award, basis, "
                    "procedure, status, version, created_at, updated_at, submitted_at, "
                    "received_at, sla_due_on, decided_on) VALUES (:id, :code, 2, :campaign, "
                    "'giay_khen', 'cong_trang', 'regular', :status, 1, :at, :at, :submitted, "
                    ":submitted, :due, :decided)"),
                    {"id": i + 1, "code": f"KT-2026-AAAA{i}{i}", "campaign": campaign,
                     "status": status, "at": at, "submitted": submitted,
                     "due": dt.date(2026, 1, 10) if status == "appraising" else None,
                     "decided": dt.date(2026, 1, 5) if status == "approved" else None})
                if returned:
                    await conn.execute(text(
                        "INSERT INTO dossier_events (dossier_id, from_status, to_status, at) "
                        "VALUES (:id, 'received', 'needs_supplement', :at)"),
                        {"id": i + 1, "at": at})
        await db.upgrade()
        await _assert_exact(db)
        async with db.session() as s:
            assert sum(v[0] for v in (await rollup.stored(s))[0].values()) == 5
        await _assert_same_reports(db, monkeypatch)
    finally:
        await db.dispose()


async def test_concurrent_status_changes_in_one_group_stay_exact(db: Database) -> None:
    """Two writers moving dossiers of the same groups at once: each increment is one UPSERT on
    the row, so neither overwrites the other's count (PostgreSQL runs them truly concurrently)."""
    units, campaigns = await _province(db)
    codes = []
    async with db.session() as s, s.begin():
        for i in range(16):
            dossier = await create_dossier(s, units[1], "giay_khen", [NewNominee(f"Người {i}")],
                                           START, campaign_id=campaigns[0], status="submitted")
            codes.append(dossier.code)
    path = ("received", "appraising", "needs_supplement", "submitted", "received")

    async def worker(mine: list[str]) -> None:
        now = START
        for target in path:
            for code in mine:
                now += dt.timedelta(minutes=7)
                async with db.session() as s, s.begin():
                    await change_status(s, ADMIN, code, target, now, TZ, Renderer(), kb=KB,
                                        note="lý do", notify_other_side=False)
                await asyncio.sleep(0)

    await asyncio.gather(worker(codes[::2]), worker(codes[1::2]))
    await _assert_exact(db)
    async with db.session() as s:
        counts, _ = await rollup.stored(s)
    assert {(k[4], k[9]): v[0] for k, v in counts.items()} == {("received", 1): 16}


async def _drifted(url: str) -> None:
    """Three dossiers, then one changed behind the writers' back (a manual SQL edit)."""
    db = Database(url)
    try:
        await db.upgrade()
        units, campaigns = await _province(db)
        async with db.session() as s, s.begin():
            for i in range(3):
                await create_dossier(s, units[1], "giay_khen", [NewNominee(f"Người {i}")],
                                     START, campaign_id=campaigns[0], status="submitted")
        async with db.engine.begin() as conn:
            await conn.execute(text("UPDATE dossiers SET status = 'approved' WHERE id = 1"))
    finally:
        await db.dispose()


def test_tdkt_db_rollup_finds_a_drifted_rollup_and_rebuilds_it(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TDKT_BOT_TOKEN", raising=False)
    asyncio.run(_drifted(database_url))
    assert main(["db", "rollup"]) == 1
    assert "lệch với hồ sơ ở 2 nhóm" in capsys.readouterr().out  # submitted −1, approved +1
    assert main(["db", "rollup", "--rebuild"]) == 0
    out = capsys.readouterr().out
    assert "Đã đếm lại" in out and "khớp với hồ sơ" in out
    assert main(["db", "rollup"]) == 0
