"""The lookup budget lives in the database: a burst of 20, then 20 a minute, shared by every
instance, and never over-spent when lookups race (SQLite and PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.chat import status as status_journey
from bot.config import Settings
from bot.conversation.turn import Turn
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from bot.status import ratelimit
from bot.status.ratelimit import CAPACITY, take
from e2e.support import knowledge_base
from tests.status.conftest import Province

USER = 101


async def _take(db: Database, now: dt.datetime, user: int = USER) -> int:
    async with db.session() as session, session.begin():
        return await take(session, user, now)


async def _burst(db: Database, now: dt.datetime, count: int, user: int = USER) -> list[int]:
    return [await _take(db, now, user) for _ in range(count)]


async def test_burst_then_wait(db: Database, pinned_now: dt.datetime) -> None:
    assert await _burst(db, pinned_now, CAPACITY) == [0] * CAPACITY
    # 20 a minute: the next token comes in 3 seconds.
    assert await _take(db, pinned_now, USER) == 3
    assert await _take(db, pinned_now + dt.timedelta(seconds=1), USER) == 2
    # Another user has a budget of their own.
    assert await _take(db, pinned_now, USER + 1) == 0


async def test_refusals_do_not_spend_and_time_refills(
    db: Database, pinned_now: dt.datetime
) -> None:
    await _burst(db, pinned_now, CAPACITY)
    await _burst(db, pinned_now, 5)  # refused: must not push the next token further away
    assert await _take(db, pinned_now + dt.timedelta(seconds=3), USER) == 0
    assert await _take(db, pinned_now + dt.timedelta(seconds=3), USER) == 3
    # After a minute the bucket holds 20 again (never more, however long the user was away).
    later = pinned_now + dt.timedelta(days=2)
    assert await _burst(db, later, CAPACITY) == [0] * CAPACITY
    assert await _take(db, later, USER) == 3


async def test_a_clock_behind_the_stored_one_adds_nothing(
    db: Database, pinned_now: dt.datetime
) -> None:
    await _burst(db, pinned_now, CAPACITY)
    behind = pinned_now - dt.timedelta(seconds=30)  # another instance's clock, late
    assert await _take(db, behind, USER) == 3
    assert await _take(db, pinned_now + dt.timedelta(seconds=3), USER) == 0


async def test_two_instances_share_one_budget(
    db: Database, database_url: str, pinned_now: dt.datetime
) -> None:
    other = Database(database_url)  # a second bot instance on the same database
    try:
        half = CAPACITY // 2
        assert await _burst(db, pinned_now, half) == [0] * half
        assert await _burst(other, pinned_now, CAPACITY - half) == [0] * (CAPACITY - half)
        assert await _take(db, pinned_now, USER) == 3
        assert await _take(other, pinned_now, USER) == 3
    finally:
        await other.dispose()


@pytest.mark.parametrize("spent_before", [0, 5])  # a new user (racing inserts), a known one
async def test_concurrent_takes_never_exceed_the_capacity(
    db: Database, database_url: str, pinned_now: dt.datetime, spent_before: int
) -> None:
    await _burst(db, pinned_now, spent_before)
    other = Database(database_url)
    try:
        instances = [db, other]
        waits = await asyncio.gather(
            *(_take(instances[i % 2], pinned_now) for i in range(30))
        )
    finally:
        await other.dispose()
    left = CAPACITY - spent_before
    assert sorted(waits) == [0] * left + [3] * (30 - left)


def _turn(db: Database, now: dt.datetime, text: str) -> Turn:
    services = Services(Settings(database_url="sqlite://"), db, knowledge_base(), Renderer())
    return Turn(services, USER, USER, "Mai", now, text=text)


async def test_officer_told_to_wait_after_too_many_lookups(
    db: Database, province: Province, pinned_now: dt.datetime
) -> None:
    code = await province.dossier(province.own, ["Nguyễn Văn An"], pinned_now)
    for _ in range(CAPACITY):
        [reply] = await status_journey.hoso(_turn(db, pinned_now, code))
        assert code in reply.text
    [reply] = await status_journey.hoso(_turn(db, pinned_now, code))
    assert "thử lại sau khoảng 3 giây" in reply.text
    assert await status_journey.inline_results(_turn(db, pinned_now, code)) == []
    later = pinned_now + dt.timedelta(seconds=3 / ratelimit.RATE)
    [item] = await status_journey.inline_results(_turn(db, later, code))
    assert item.id == code


async def test_forged_move_buttons_charge_the_lookup_budget(
    db: Database, province: Province, pinned_now: dt.datetime
) -> None:
    """`st:m:<code>:…` reads a dossier by code: guessing codes through it is throttled too."""
    services = Services(Settings(database_url="sqlite://"), db, knowledge_base(), Renderer())

    def forged(code: str) -> Turn:
        return Turn(services, USER, USER, "Mai", pinned_now, data=f"m:{code}:withdrawn:1")

    for n in range(CAPACITY):
        [reply] = await status_journey.on_button(forged(f"KT-2026-ZZZZ{n:02d}"))
        assert "Không tìm thấy" in reply.text
    [reply] = await status_journey.on_button(forged("KT-2026-ZZZZZZ"))
    assert "thử lại sau" in reply.text
