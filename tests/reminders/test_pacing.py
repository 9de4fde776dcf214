"""The shared pace hands out send slots once, takes back the ones nobody used, and a 429 holds
back every later batch of the worker until Telegram's wait is over."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from bot.db.delivery import SendResult
from bot.db.session import Database
from bot.reminders.pacing import Pace, release, reserve, reserve_slots
from bot.reminders.tick import tick

from .support import RecordingNotifier, small_province, vn

PACE = Pace(name="test-pace", rate=10.0)
STEP = dt.timedelta(seconds=0.1)


async def test_slots_nobody_used_go_back_to_the_next_taker(db: Database) -> None:
    start = vn(2026, 1, 17, 8, 1)
    async with db.session() as s, s.begin():
        mine = await reserve_slots(s, PACE, 10, start, horizon=5.0)
        assert await release(s, PACE, mine, used=3)
    async with db.session() as s, s.begin():
        after = await reserve(s, PACE, 2, start, horizon=5.0)
    assert after == [start + 3 * STEP, start + 4 * STEP]


async def test_slots_are_not_taken_back_once_someone_reserved_after_them(
    db: Database, database_url: str
) -> None:
    start = vn(2026, 1, 17, 8, 1)
    second_db = Database(database_url)  # another instance
    async with db.session() as s, s.begin():
        mine = await reserve_slots(s, PACE, 10, start, horizon=5.0)
    async with second_db.session() as s, s.begin():
        theirs = await reserve(s, PACE, 5, start, horizon=5.0)
    async with db.session() as s, s.begin():
        assert not await release(s, PACE, mine, used=3)
        later = await reserve(s, PACE, 1, start, horizon=5.0)
    await second_db.dispose()
    assert theirs[0] == start + 10 * STEP  # never a slot handed out twice
    assert later == [theirs[-1] + STEP]


class ClockedNotifier(RecordingNotifier):
    """Also notes the clock reading of every send Telegram accepted."""

    def __init__(self, clock: Any) -> None:
        super().__init__()
        self.clock = clock
        self.at: list[dt.datetime] = []

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        result = await super().send(chat_id, payload)
        if result.outcome == "sent":
            self.at.append(self.clock())
        return result


async def test_after_a_429_no_later_batch_sends_before_the_wait_is_over(db: Database) -> None:
    await small_province(db)
    start, t0 = vn(2026, 1, 17, 8, 1), time.monotonic()

    def clock() -> dt.datetime:
        return start + dt.timedelta(seconds=time.monotonic() - t0)

    notifier = ClockedNotifier(clock)
    notifier.script = [SendResult.retry_later(2)]
    # One slot per batch: the 429 ends the first batch, the reminders left are in later ones.
    report = await tick(db, notifier, start, pace=Pace(name="p429", rate=4.0), batch=1,
                        clock=clock, drain_for=6.0)
    assert report.paused_for >= 2
    assert notifier.chats() == {1001: 1, 1002: 1, 1003: 1}
    assert min(notifier.at) >= start + dt.timedelta(seconds=2)
