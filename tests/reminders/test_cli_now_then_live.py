"""An operator checks tomorrow's reminders with `tdkt reminders tick --now <later>` while the bot
runs: the reminders due then go out, and the live bot's pushes keep flowing afterwards — the
shared send pace and the claims stay in the present (the UX report's B10)."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import time

import pytest
from sqlalchemy import select

from bot.db import outbox as ob
from bot.db.models import OutboxMessage, SendBudget
from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from bot.reminders.tick import tick
from bot.render import Renderer
from e2e.support import settings_for
from fakebot.server import FakeTelegram
from handlers.notifier import TelegramNotifier, plain_bot
from tdkt.cli import reminders_cmd
from tdkt.cli.reminders_cmd import tick as cli_tick

from .support import VN, add_officer, add_unit

OFFICERS = (1001, 1002, 1003)
NOTICE = "🔔 Hồ sơ KT-2027-ABC123 đã được tiếp nhận."


# "Now" for the bot and the CLI: today 10:00 in Hà Nội, running in real time (so the test does
# not depend on the hour it runs at: at night reminders would rightly wait for the morning).
_T0 = time.monotonic()
_START = dt.datetime.combine(dt.datetime.now(VN).date(), dt.time(10, 0), tzinfo=VN)


def _real_now() -> dt.datetime:
    return (_START + dt.timedelta(seconds=time.monotonic() - _T0)).astimezone(dt.UTC)


async def _campaign_due_in_three_weeks(db: Database) -> dt.date:
    units = []
    for chat, code in zip(OFFICERS, ("SYT", "SGD", "STC"), strict=True):
        unit = await add_unit(db, code, f"Đơn vị {code}")
        await add_officer(db, unit, f"Cán bộ {code}", chat)
        units.append(unit)
    deadline = _real_now().astimezone(VN).date() + dt.timedelta(days=21)
    spec = CampaignSpec(name="Tổng kết năm", year=deadline.year,
                        deadlines=(DeadlineSpec("Bằng khen UBND tỉnh", deadline),),
                        unit_ids=tuple(units))
    async with db.session() as s, s.begin():
        # Opened two weeks ago: its opening news is long told; only the reminders remain.
        await create_campaign(s, spec, None, _real_now() - dt.timedelta(days=14))
    return deadline


async def test_a_future_now_tick_then_the_live_bot_keeps_sending(
    db: Database, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    deadline = await _campaign_due_in_three_weeks(db)
    the_day_before = dt.datetime.combine(deadline - dt.timedelta(days=1), dt.time(9, 0),
                                         tzinfo=VN)
    async with FakeTelegram() as server:
        for chat in OFFICERS:
            server.add_chat(chat)
        settings = settings_for(server, database_url)
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("TDKT_BOT_TOKEN", server.token)
        monkeypatch.setenv("TDKT_BOT_API_BASE_URL", server.base_url)
        monkeypatch.setattr(reminders_cmd, "real_clock", _real_now)
        # The operator's check, as the CLI runs it (its own event loop and connections).
        args = argparse.Namespace(now=the_day_before.isoformat(), dry_run=False)
        assert await asyncio.to_thread(cli_tick, args, Renderer()) == 0
        for chat in OFFICERS:  # what is due the day before the deadline went out
            assert "còn 1 ngày" in server.messages(chat)[-1].text

        checked = _real_now()
        async with db.session() as s:
            pace = (await s.scalars(select(SendBudget.updated_at))).all()
            leases = (await s.scalars(select(OutboxMessage.lease_until)
                                      .where(OutboxMessage.lease_until.is_not(None)))).all()
        assert pace and all(_aware(t) < checked + dt.timedelta(minutes=1) for t in pace)
        assert all(_aware(t) < checked + dt.timedelta(minutes=1) for t in leases)

        # A reviewer changes a dossier's status now; the bot's JobQueue tick pushes it.
        async with db.session() as s, s.begin():
            await ob.enqueue(s, "status:test:1", OFFICERS[0],
                             {"text": NOTICE, "parse_mode": "HTML", "buttons": []},
                             _real_now(), "status")
        async with plain_bot(settings) as bot:
            report = await tick(db, TelegramNotifier(bot), _real_now(), clock=_real_now,
                                drain_for=10.0)
    assert report.delivery is not None and report.delivery.sent >= 1
    assert server.messages(OFFICERS[0])[-1].text == NOTICE


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
