"""The lookup budget decided in process and reconciled with the database in batches (issue 16):
across two instances a user never gets more than N + ε lookups in any minute (N = a burst of
20 plus 20 a minute, ε = MAX_PENDING + 1 for a second instance, see `bot.status.lookup_budget`),
the database learns of every lookup, and a lookup writes nothing until a flush is due."""

from __future__ import annotations

import asyncio
import datetime as dt
import random

import pytest
from sqlalchemy import func, select

from bot.db.models_status import LookupBudget
from bot.db.session import Database
from bot.status.lookup_budget import MAX_PENDING, LookupBudgets
from bot.status.ratelimit import CAPACITY, REFILL_PER_MINUTE, refilled

USER = 4711
N_PER_MINUTE = CAPACITY + int(REFILL_PER_MINUTE)
EPSILON_TWO_INSTANCES = MAX_PENDING + 1
MINUTE = dt.timedelta(seconds=60)


def _most_in_a_minute(granted: list[dt.datetime]) -> int:
    granted = sorted(granted)
    most, start = 0, 0
    for end, at in enumerate(granted):
        while at - granted[start] >= MINUTE:
            start += 1
        most = max(most, end - start + 1)
    return most


async def _row(db: Database, user: int = USER) -> tuple[float, dt.datetime] | None:
    async with db.session() as session:
        row = (await session.execute(
            select(LookupBudget.tokens, LookupBudget.at).where(LookupBudget.user_id == user)
        )).first()
    return (row.tokens, row.at) if row is not None else None


async def test_one_instance_gives_the_burst_then_the_refill_and_tells_the_wait(
    db: Database, pinned_now: dt.datetime
) -> None:
    budget = LookupBudgets(db)
    assert [await budget.take(USER, pinned_now) for _ in range(CAPACITY)] == [0] * CAPACITY
    assert await budget.take(USER, pinned_now) == 3
    assert await budget.take(USER, pinned_now + dt.timedelta(seconds=1)) == 2
    assert await budget.take(USER, pinned_now + dt.timedelta(seconds=3)) == 0
    assert await budget.take(USER + 1, pinned_now) == 0  # another user's own budget


async def test_the_database_learns_every_granted_lookup(
    db: Database, pinned_now: dt.datetime
) -> None:
    budget = LookupBudgets(db)
    for _ in range(7):
        assert await budget.take(USER, pinned_now) == 0
    await budget.flush(pinned_now)
    row = await _row(db)
    assert row is not None and refilled(*row, pinned_now) == pytest.approx(CAPACITY - 7)


async def test_a_lookup_within_the_flush_interval_writes_nothing(
    db: Database, pinned_now: dt.datetime
) -> None:
    budget = LookupBudgets(db)
    assert await budget.take(USER, pinned_now) == 0  # starts the first flush
    await asyncio.sleep(0.05)
    assert await budget.take(USER + 1, pinned_now) == 0  # within FLUSH_EVERY: no flush
    await asyncio.sleep(0.05)
    async with db.session() as session:
        rows = (await session.execute(select(func.count()).select_from(LookupBudget))).scalar()
    assert rows == 1


async def test_a_burst_on_one_instance_then_the_other_stays_within_n_plus_epsilon(
    db: Database, database_url: str, pinned_now: dt.datetime
) -> None:
    other = Database(database_url)
    try:
        first, second = LookupBudgets(db), LookupBudgets(other)
        granted = 0
        for _ in range(CAPACITY + 5):
            granted += await first.take(USER, pinned_now) == 0
        await asyncio.sleep(0.05)  # the background flush
        for _ in range(CAPACITY + 5):
            granted += await second.take(USER, pinned_now) == 0
        assert CAPACITY <= granted <= CAPACITY + EPSILON_TWO_INSTANCES
    finally:
        await other.dispose()


@pytest.mark.parametrize("seed", [1, 2, 3])
async def test_random_lookups_over_two_instances_never_exceed_n_plus_epsilon_a_minute(
    db: Database, database_url: str, pinned_now: dt.datetime, seed: int
) -> None:
    """An enumerating user sends lookups as fast as Telegram lets them, to either instance at
    random, for five minutes; flushes run when they run (sometimes not before the next one)."""
    rng = random.Random(seed)
    other = Database(database_url)
    try:
        instances = [LookupBudgets(db), LookupBudgets(other)]
        granted: list[dt.datetime] = []
        now = pinned_now
        while now < pinned_now + 5 * MINUTE:
            now += dt.timedelta(milliseconds=rng.choice((0, 10, 50, 200, 1000, 3000)))
            if await rng.choice(instances).take(USER, now) == 0:
                granted.append(now)
            for _ in range(rng.choice((0, 0, 1, 5))):
                await asyncio.sleep(0)
        assert _most_in_a_minute(granted) <= N_PER_MINUTE + EPSILON_TWO_INSTANCES
        # Over the whole run the rate is the database's: the debts were paid back.
        assert len(granted) <= CAPACITY + 5 * int(REFILL_PER_MINUTE) + EPSILON_TWO_INSTANCES
    finally:
        await other.dispose()


async def test_one_flush_charges_hundreds_of_users_each_with_its_own_count(
    db: Database, pinned_now: dt.datetime
) -> None:
    budget = LookupBudgets(db)
    users = range(1000, 1700)  # more than one multi-row batch
    for user in users:
        for _ in range(1 + user % 3):
            assert await budget.take(user, pinned_now) == 0
    await budget.flush(pinned_now)
    later, other = pinned_now + dt.timedelta(seconds=3), LookupBudgets(db)
    assert await other.take(1000, later) == 0  # a second charge refills the stored row first
    await other.flush(later)
    async with db.session() as session:
        rows = dict((await session.execute(
            select(LookupBudget.user_id, LookupBudget.tokens).where(LookupBudget.user_id >= 1000)
        )).all())
    assert len(rows) == len(users)
    assert rows[1000] == pytest.approx(CAPACITY - 2)  # 2 spent, 1 refilled in 3 s, 1 more
    assert all(rows[u] == pytest.approx(CAPACITY - 1 - u % 3) for u in users if u != 1000)
