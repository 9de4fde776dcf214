"""Status changes: events, notices (once per officer), optimistic locking, concurrent writers."""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import os

import pytest
from sqlalchemy import func, select

from bot.db.models import AuditLog, Dossier, DossierEvent, OutboxMessage
from bot.errors import AccessDenied
from bot.render import Renderer
from bot.status.errors import ConcurrentChange, DossierNotFound
from bot.status.lookup import get_card, search_dossiers, unit_dossiers
from bot.status.service import change_status
from e2e.support import knowledge_base
from tests.status.conftest import TZ, Province

KB = knowledge_base()  # the shipped law and policy (workflow, SLA, calendar…)


async def test_supplement_request_notifies_each_unit_officer_once(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    code = await province.dossier(province.own, ["Nguyễn Thị Lan"], pinned_now, "submitted")
    reviewer = await province.principal(province.reviewer)
    for _ in range(2):  # the second attempt is refused: the dossier already moved
        try:
            async with province.db.session() as session, session.begin():
                await change_status(
                    session,
                    reviewer,
                    code,
                    "needs_supplement",
                    pinned_now,
                    TZ,
                    renderer,
                    note="Thiếu biên bản",
                    missing=["Biên bản họp Hội đồng"], kb=KB
                )
        except Exception as error:
            assert type(error).__name__ == "TransitionNotAllowed"
    async with province.db.session() as session:
        notices = (await session.execute(select(OutboxMessage))).scalars().all()
        audits = await session.scalar(
            select(func.count()).select_from(AuditLog).where(AuditLog.action == "dossier.status")
        )
    # Two active officers in the unit (Mai, Hùng), one notice each.
    assert sorted(n.officer_id for n in notices) == sorted(
        [province.officer.id, province.officer_sub.id]
    )
    assert all("Biên bản họp Hội đồng" in n.payload["text"] for n in notices)
    assert all("Thiếu biên bản" in n.payload["text"] for n in notices)
    assert audits == 1


async def test_the_loser_of_a_race_is_told_the_new_state(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    code = await province.dossier(province.own, ["Đỗ Văn Long"], pinned_now, "submitted")
    reviewer = await province.principal(province.reviewer)
    async with province.db.session() as session:
        seen = await session.scalar(select(Dossier.version).where(Dossier.code == code))
    async with province.db.session() as session, session.begin():
        await change_status(
            session, reviewer, code, "received", pinned_now, TZ, renderer, expected_version=seen,
            kb=KB,
        )
    with pytest.raises(ConcurrentChange) as lost:
        async with province.db.session() as session, session.begin():
            await change_status(
                session, reviewer, code, "received", pinned_now, TZ, renderer,
                expected_version=seen, kb=KB,
            )
    assert lost.value.status == "received" and lost.value.version == seen + 1  # type: ignore[operator]


async def test_another_units_dossier_looks_like_an_unknown_code(
    province: Province, pinned_now: dt.datetime
) -> None:
    code = await province.dossier(province.other, ["Hoàng Văn Nam"], pinned_now)
    officer = await province.principal(province.officer)
    with pytest.raises(DossierNotFound):
        await province.db.read(get_card, officer, code, pinned_now, TZ, KB)
    with pytest.raises(DossierNotFound):
        await province.db.read(get_card, officer, "KT-2026-ZZZZZZ", pinned_now, TZ, KB)
    with pytest.raises(AccessDenied):
        await province.db.read(unit_dossiers, officer, province.other)


async def test_search_by_name_without_diacritics_stays_in_scope(
    province: Province, pinned_now: dt.datetime
) -> None:
    mine = await province.dossier(province.own, ["Trần Thị Mai", "Lê Văn Tám"], pinned_now)
    await province.dossier(province.other, ["Trần Thị Mai"], pinned_now)
    await province.dossier(province.own, ["Trần Thị Mại Hương"], pinned_now)
    officer = await province.principal(province.officer)
    exact = await province.db.read(search_dossiers, officer, "tran thi mai")
    typo = await province.db.read(search_dossiers, officer, "tran thi mia")
    reordered = await province.db.read(search_dossiers, officer, "Mai Tran")
    assert [d.code for d in exact][:1] == [mine]
    assert all(d.unit_id == province.own for d in exact)
    assert mine in [d.code for d in typo]
    assert mine in [d.code for d in reordered]


@pytest.mark.skipif(not os.environ.get("TDKT_TEST_DATABASE_URL"), reason="PostgreSQL only")
async def test_100_concurrent_writers_lose_no_event(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    """Each writer toggles draft⇄checked, retrying after losing a race: 100 changes, 100 events,
    and the events form one unbroken chain."""
    code = await province.dossier(province.own, ["Ngô Thị Hoa"], pinned_now)
    officer = await province.principal(province.officer)

    async def writer(index: int) -> int:
        losses = 0
        while True:
            async with province.db.session() as session:
                status, version = (
                    await session.execute(
                        select(Dossier.status, Dossier.version).where(Dossier.code == code)
                    )
                ).one()
            target = "checked" if status == "draft" else "draft"
            try:
                async with province.db.session() as session, session.begin():
                    await change_status(
                        session,
                        officer,
                        code,
                        target,
                        pinned_now + dt.timedelta(microseconds=index),
                        TZ,
                        renderer,
                        expected_version=version, kb=KB
                    )
                return losses
            except ConcurrentChange:
                losses += 1

    losses = await asyncio.gather(*(writer(i) for i in range(100)))
    async with province.db.session() as session:
        dossier = (await session.execute(select(Dossier).where(Dossier.code == code))).scalar_one()
        events = (
            (
                await session.execute(
                    select(DossierEvent)
                    .where(DossierEvent.dossier_id == dossier.id)
                    .order_by(DossierEvent.id)
                )
            )
            .scalars()
            .all()
        )
    assert sum(losses) > 0  # there really was contention
    assert dossier.version == 101
    assert len(events) == 101  # creation + 100 changes
    for earlier, later in itertools.pairwise(events):
        assert later.from_status == earlier.to_status
    assert events[-1].to_status == dossier.status
