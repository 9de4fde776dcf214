"""Heavy jobs run in child processes: budgets end in a reason the user is told, never a hang."""

from __future__ import annotations

import asyncio
import time

import pytest

from bot.offload import Workers, WorkLimits, WorkRefused


async def test_a_job_returns_its_value() -> None:
    workers = Workers(WorkLimits(seconds=30))
    assert await workers.run(1, sum, [1, 2, 3]) == 6


async def test_a_job_over_its_time_budget_is_stopped() -> None:
    workers = Workers(WorkLimits(seconds=1))
    with pytest.raises(WorkRefused) as refused:
        await workers.run(1, time.sleep, 60)
    assert refused.value.reason == "too_slow"
    assert await workers.run(1, sum, [2, 2]) == 4  # the user can go on at once


async def test_a_job_over_its_memory_budget_is_refused() -> None:
    workers = Workers(WorkLimits(seconds=30, memory_mb=256))
    with pytest.raises(WorkRefused) as refused:
        await workers.run(1, bytearray, 2 * 1024 ** 3)
    assert refused.value.reason == "too_big"


async def test_one_job_per_user_and_a_bounded_queue() -> None:
    workers = Workers(WorkLimits(seconds=30, processes=1, queue=1))
    first = asyncio.create_task(workers.run(1, time.sleep, 2))
    await asyncio.sleep(0.2)
    with pytest.raises(WorkRefused) as same_user:
        await workers.run(1, sum, [1])
    assert same_user.value.reason == "busy_user"
    second = asyncio.create_task(workers.run(2, sum, [5]))  # waits in the queue
    await asyncio.sleep(0.2)
    with pytest.raises(WorkRefused) as third:
        await workers.run(3, sum, [1])
    assert third.value.reason == "busy"
    await first
    assert await second == 5
