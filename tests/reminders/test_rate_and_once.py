"""Reminders at Telegram's rate and once: two workers together never send more than 30 messages
in any one second, a 429 seen by one worker stops the other at once, and a send whose answer
was lost is never sent a second time."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from typing import Any

from sqlalchemy import select

from bot.config import Settings
from bot.db.delivery import SendResult
from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from bot.reminders.pacing import Pace
from bot.reminders.tick import tick
from fakebot.server import FakeTelegram
from handlers.notifier import TelegramNotifier, plain_bot

from .support import CREATED, RecordingNotifier, add_officer, add_unit, small_province, vn

START = vn(2026, 1, 17, 8, 1)
FIRST_CHAT = 3000


async def _campaign_with_officers(db: Database, count: int) -> None:
    units = []
    for i in range(count):
        unit = await add_unit(db, f"U{i:03}", f"Đơn vị {i:03}")
        await add_officer(db, unit, f"Cán bộ {i}", FIRST_CHAT + i)
        units.append(unit)
    spec = CampaignSpec(name="Tổng kết năm 2025", year=2025,
                        deadlines=(DeadlineSpec("Bằng khen UBND tỉnh", dt.date(2026, 1, 31)),),
                        unit_ids=tuple(units))
    async with db.session() as s, s.begin():
        await create_campaign(s, spec, None, CREATED)


class StampingNotifier(RecordingNotifier):
    """Notes when each send reached "Telegram" (monotonic seconds), and 429s it answered."""

    def __init__(self, sends: list[float], refusals: list[float] | None = None) -> None:
        super().__init__()
        self.stamps, self.refusals = sends, refusals if refusals is not None else []

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        result = await super().send(chat_id, payload)
        (self.stamps if result.outcome == "sent" else self.refusals).append(time.monotonic())
        return result


def _busiest_second(stamps: list[float]) -> int:
    ordered = sorted(stamps)
    return max(
        sum(1 for t in ordered[i:] if t < start + 1.0) for i, start in enumerate(ordered)
    )


def _clock() -> Any:
    t0 = time.monotonic()
    return lambda: START + dt.timedelta(seconds=time.monotonic() - t0)


async def test_no_one_second_window_over_30_sends_with_two_workers(
    db: Database, database_url: str
) -> None:
    await _campaign_with_officers(db, 60)
    clock, stamps = _clock(), []  # type: ignore[var-annotated]
    second = Database(database_url)
    try:
        # Each tick read `now` before planning, as the JobQueue does: here 3 s before it drains.
        stale = START - dt.timedelta(seconds=3)
        await asyncio.gather(*(
            tick(engine, StampingNotifier(stamps), stale, worker_id=name, clock=clock,
                 drain_for=20.0, pace=Pace(name="two-workers"))
            for engine, name in ((db, "a"), (second, "b"))
        ))
    finally:
        await second.dispose()
    assert len(stamps) == 60  # everyone reminded once
    assert _busiest_second(stamps) <= 30


async def test_after_a_429_the_other_worker_pauses_at_once(
    db: Database, database_url: str
) -> None:
    await _campaign_with_officers(db, 60)
    clock, stamps, refusals = _clock(), [], []  # type: ignore[var-annotated]
    # One script for both: the 6th send, whichever worker makes it, gets the 429 (a script of
    # one worker alone let the other take every message on a slow run: no 429 at all).
    script = [SendResult.sent(1)] * 5 + [SendResult.retry_later(3)]
    notifiers = StampingNotifier(stamps, refusals), StampingNotifier(stamps, refusals)
    for notifier in notifiers:
        notifier.script = script
    second = Database(database_url)
    try:
        await asyncio.gather(*(
            tick(engine, notifier, START, worker_id=name, clock=clock, drain_for=20.0,
                 pace=Pace(name="pause-429"))
            for engine, notifier, name in ((db, notifiers[0], "a"), (second, notifiers[1], "b"))
        ))
    finally:
        await second.dispose()
    [refused_at] = refusals
    # Telegram asked for 3 s: after the moment it took to publish the pause, neither worker sends.
    assert not [t for t in stamps if refused_at + 0.5 < t < refused_at + 3.0]
    assert len(stamps) == 60


async def test_a_lost_reply_does_not_produce_a_second_message(db: Database) -> None:
    await small_province(db)
    async with FakeTelegram() as server:
        for chat in (1001, 1002, 1003):
            server.add_chat(chat)
        server.hold_answers(1, seconds=1.5)  # delivered, but the answer comes too late
        settings = Settings(bot_token=server.token,  # type: ignore[arg-type]
                            bot_api_base_url=server.base_url)
        async with plain_bot(settings, read_timeout=0.3) as bot:
            notifier = TelegramNotifier(bot)
            first = await tick(db, notifier, START, pace=None)
            for later in (60, 600, 3600):  # past every lease and backoff
                await tick(db, notifier, START + dt.timedelta(seconds=later), pace=None)
        per_chat = {c: len(server.messages(c)) for c in (1001, 1002, 1003)}
    assert first.delivery is not None and first.delivery.uncertain == 1
    assert per_chat == {1001: 1, 1002: 1, 1003: 1}
    async with db.session() as s:
        statuses = sorted((await s.scalars(select(OutboxMessage.status))).all())
    assert statuses == ["sent", "sent", "uncertain"]
