"""Two bot instances (two Applications, each with its own engine and JobQueue tick) on one
database: every reminder is delivered exactly once. Run with TDKT_TEST_DATABASE_URL pointing at
PostgreSQL to exercise `FOR UPDATE SKIP LOCKED`; on SQLite the single writer lock serialises."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections import Counter

from sqlalchemy import func, select
from telegram.ext import Application

from bot.app import build_application
from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from e2e.support import make_services
from fakebot.server import FakeTelegram
from handlers import ticks

from .support import CREATED, add_officer, add_unit, vn

OFFICERS = 40
FIRST_CHAT = 3000


async def _campaign_with_officers(db: Database) -> None:
    units = []
    for i in range(OFFICERS):
        unit = await add_unit(db, f"U{i:03}", f"Đơn vị {i:03}")
        await add_officer(db, unit, f"Cán bộ {i}", FIRST_CHAT + i)
        units.append(unit)
    spec = CampaignSpec(name="Tổng kết năm 2025", year=2025,
                        deadlines=(DeadlineSpec("Bằng khen UBND tỉnh", dt.date(2026, 1, 31)),),
                        unit_ids=tuple(units))
    async with db.session() as s, s.begin():
        await create_campaign(s, spec, None, CREATED)


async def test_two_application_instances_deliver_each_reminder_exactly_once(
    db: Database, database_url: str
) -> None:
    await _campaign_with_officers(db)
    start, t0 = vn(2026, 1, 17, 8, 1), time.monotonic()

    def clock() -> dt.datetime:
        return start + dt.timedelta(seconds=time.monotonic() - t0)

    async with FakeTelegram() as server:
        server.set_rate_limit(30)
        users = [server.user(FIRST_CHAT + i, f"U{i}") for i in range(OFFICERS)]
        engines = [Database(database_url), Database(database_url)]
        apps: list[Application] = []  # type: ignore[type-arg]
        for engine in engines:
            services = make_services(server, engine, database_url)
            app = build_application(services.settings, services)
            # Only the test clock ticks: the composition root's wall-clock tick would, after
            # 21:00 in Hà Nội, defer every reminder to the real tomorrow morning.
            assert app.job_queue is not None
            for job in app.job_queue.get_jobs_by_name(ticks.JOB_NAME):
                job.schedule_removal()
            ticks.register(app, interval_seconds=0.3, clock=clock)
            apps.append(app)
        try:
            for app in apps:
                await app.initialize()
                await app.start()

            def everyone_reminded() -> bool:
                return all(user.replies() for user in users)

            assert await server.wait_until(everyone_reminded, timeout=30)
            await asyncio.sleep(1.0)  # let any would-be duplicate arrive
        finally:
            for app in apps:
                await app.stop()
                await app.shutdown()
                if app.post_shutdown:
                    await app.post_shutdown(app)
            for engine in engines:
                await engine.dispose()
        per_chat = Counter(c.chat_id for c in server.calls("sendMessage") if c.ok)
    assert per_chat == {FIRST_CHAT + i: 1 for i in range(OFFICERS)}
    async with db.session() as s:
        statuses = dict((await s.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )).all())
    assert statuses == {"sent": OFFICERS}
