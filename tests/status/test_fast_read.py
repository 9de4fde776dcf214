"""The hot reads of `/hoso CODE` through `Database.read_fast` (asyncpg prepared statements on
PostgreSQL, the sync lookup elsewhere) give exactly what the ordinary read gives: the same
officer and units for officers, sub-unit officers, reviewers, admins, inactive officers and
strangers; the same card (nominees, history with who and why, checker findings, supplement
request) for dossiers of one's unit and sub-units; the same "not found" for another unit's
dossier and for a missing code. Run with TDKT_TEST_DATABASE_URL set to exercise PostgreSQL."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt

import pytest
from sqlalchemy import text, update

from bot.db.models import Dossier, Officer
from bot.render import Renderer
from bot.status.errors import DossierNotFound
from bot.status.lookup import CARD, DossierCard
from bot.status.principal import READ
from bot.status.service import change_status
from e2e.support import knowledge_base
from tests.status.conftest import TZ, Province

KB = knowledge_base()
STRANGER = 4242


async def _old_and_new_card(
    province: Province, who: object, code: str, now: dt.datetime
) -> tuple[DossierCard | str, DossierCard | str]:
    async def run(fast: bool) -> DossierCard | str:
        reader = province.db.read_fast(CARD, who, code, now, TZ, KB) if fast else (  # type: ignore[arg-type]
            province.db.read(CARD.sync, who, code, now, TZ, KB))  # type: ignore[arg-type]
        try:
            return await reader
        except DossierNotFound as exc:
            return f"not found: {exc}"

    return await run(False), await run(True)


@pytest.mark.parametrize("user", [101, 102, 103, 201, 301, STRANGER])
async def test_the_fast_principal_read_returns_the_officer_and_units_of_the_ordinary_read(
    province: Province, user: int
) -> None:
    db = province.db
    assert await db.read_fast(READ, user) == await db.read(READ.sync, user)
    assert (db._fast is not None) == db.is_postgres  # PostgreSQL took the asyncpg path


async def test_inactive_officers_and_reviewers_without_scope_read_the_same(
    province: Province, pinned_now: dt.datetime
) -> None:
    db = province.db
    async with db.session() as session, session.begin():
        await session.execute(update(Officer).where(Officer.telegram_user_id == 101).values(
            active=False, blocked_at=pinned_now))
        await session.execute(update(Officer).where(Officer.telegram_user_id == 201).values(
            scope=None, unreachable_since=pinned_now))
    for user in (101, 201):
        fast = await db.read_fast(READ, user)
        assert fast == await db.read(READ.sync, user)
        assert fast.officer is not None
    inactive = await db.read_fast(READ, 101)
    assert inactive.officer is not None and inactive.officer.blocked_at == pinned_now
    assert inactive.officer.blocked_at.tzinfo is not None
    reviewer = await db.read_fast(READ, 201)
    assert reviewer.units == frozenset({province.other})


async def test_cards_read_fast_are_the_cards_of_the_ordinary_read(
    province: Province, renderer: Renderer, pinned_now: dt.datetime
) -> None:
    own = await province.dossier(province.own, ["Trần Thị Mai", "Lê Văn Hùng"], pinned_now,
                                 "submitted")
    sub = await province.dossier(province.sub, ["Ngô Bảo Châu"], pinned_now)
    other = await province.dossier(province.other, ["Phạm Thu Hà"], pinned_now)
    later = pinned_now + dt.timedelta(hours=3)
    reviewer = await province.principal(province.reviewer)
    async with province.db.session() as session, session.begin():
        for to in ("received", "appraising"):
            await change_status(session, reviewer, own, to, later, TZ, renderer, kb=KB)
        await change_status(session, reviewer, own, "needs_supplement", later, TZ, renderer,
                            kb=KB, note="Thiếu biên bản",
                            missing=["Biên bản họp Hội đồng"])
        await session.execute(update(Dossier).where(Dossier.code == sub).values(findings={
            "findings": [{"severity": "error", "message": "Thiếu số quyết định"},
                         {"severity": "info", "message": "ghi chú"}]}))
    people = [province.officer, province.officer_sub, province.other_officer, province.reviewer,
              province.admin, None]
    for person in people:
        who = await province.principal(person)
        for code in (own, own.lower(), f"  {sub}  ", other, "KT-2026-ZZZZZZ", "không mã"):
            old, new = await _old_and_new_card(province, who, code, later)
            assert new == old, (person, code)
    officer = await province.principal(province.officer)
    card, _ = await _old_and_new_card(province, officer, own, later)
    assert isinstance(card, DossierCard)
    assert card.missing == ["Biên bản họp Hội đồng"] and card.history[-1].note == "Thiếu biên bản"
    assert all(h.at.tzinfo is not None for h in card.history)
    sub_card, _ = await _old_and_new_card(province, await province.principal(province.officer_sub),
                                          sub, later)
    assert isinstance(sub_card, DossierCard) and sub_card.findings == ["Thiếu số quyết định"]
    hidden, _ = await _old_and_new_card(province, officer, other, later)
    missing, _ = await _old_and_new_card(province, officer, "KT-2026-ZZZZZZ", later)
    assert isinstance(hidden, str) and isinstance(missing, str)  # both "not found"


async def test_a_connection_the_server_closed_costs_no_failed_lookup(
    province: Province, pinned_now: dt.datetime
) -> None:
    db = province.db
    if not db.is_postgres:
        pytest.skip("the asyncpg connections are PostgreSQL's")
    code = await province.dossier(province.own, ["Trần Thị Mai"], pinned_now)
    officer = await province.principal(province.officer)
    first = await db.read_fast(CARD, officer, code, pinned_now, TZ, KB)
    assert db._fast is not None
    pids = [c.get_server_pid() for c in db._fast._idle]
    async with db.session() as session, session.begin():
        for pid in pids:  # what a server restart or an idle timeout does
            await session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    assert await db.read_fast(CARD, officer, code, pinned_now, TZ, KB) == first
    assert await db.read_fast(READ, 101) == await db.read(READ.sync, 101)


async def test_a_cancelled_lookup_leaves_no_half_read_connection_behind(
    province: Province, pinned_now: dt.datetime
) -> None:
    db = province.db
    if not db.is_postgres:
        pytest.skip("the asyncpg connections are PostgreSQL's")
    code = await province.dossier(province.own, ["Trần Thị Mai"], pinned_now)
    officer = await province.principal(province.officer)
    expected = await db.read_fast(CARD, officer, code, pinned_now, TZ, KB)
    for _ in range(5):
        task = asyncio.create_task(db.read_fast(CARD, officer, code, pinned_now, TZ, KB))
        await asyncio.sleep(0)  # the query is on its way
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
    for _ in range(8):  # more reads than connections: every one comes back usable
        assert await db.read_fast(CARD, officer, code, pinned_now, TZ, KB) == expected
