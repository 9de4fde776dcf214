"""End to end through the fake Bot API: a new campaign is announced once to the officers of its
units (whatever the ticks and instances); an officer chooses her own reminder days and time in
/nhac and gets reminders then, while a colleague keeps the campaign's plan; /nhac and the
reviewers' digest name the awards, never their ids. Time moves through pinned ticks."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest_asyncio

from bot.chat import common
from bot.chat import reminders as reminders_chat
from bot.chat.router import Router
from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from bot.reminders.tick import tick
from bot.services import Services
from e2e.support import make_services, start_bot
from fakebot.client import FakeUser
from fakebot.server import FakeTelegram
from handlers import ticks
from handlers.notifier import TelegramNotifier, plain_bot

from .support import add_officer, add_unit

TZ = dt.timezone(dt.timedelta(hours=7))
MAI, LAN, HUNG, REVIEWER = 1001, 1002, 1003, 2001
OPENING = "Đợt xét khen thưởng mới"
REMINDER = "Nhắc hạn nộp hồ sơ khen thưởng"  # one per deadline (two here)


def _router() -> Router:
    return Router([common.JOURNEY, reminders_chat.JOURNEY], fallback_text=common.not_understood,
                  stale=common.stale_button)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


def _at(day: dt.date, hour: int, minute: int = 1) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


async def _province_with_campaign(db: Database, deadline: dt.date) -> None:
    """Mai (Sở Y tế) and Lan (Sở Giáo dục) in a campaign opened 15 days before its deadline,
    whose groups were imported as ids; Hùng's unit is not in it; a reviewer of all three."""
    syt = await add_unit(db, "SYT", "Sở Y tế")
    sgd = await add_unit(db, "SGD", "Sở Giáo dục và Đào tạo")
    stc = await add_unit(db, "STC", "Sở Tài chính")
    snv = await add_unit(db, "SNV", "Sở Nội vụ")
    await add_officer(db, syt, "Mai", MAI)
    await add_officer(db, sgd, "Lan", LAN)
    await add_officer(db, stc, "Hùng", HUNG)
    await add_officer(db, snv, "Thẩm định", REVIEWER, role="reviewer", scope=[syt, sgd, stc])
    spec = CampaignSpec(name="Tổng kết năm 2026", year=2026,
                        deadlines=(DeadlineSpec("danh_hieu_thi_dua", deadline),
                                   DeadlineSpec("bang_khen_tinh", deadline)),
                        unit_ids=(syt, sgd))
    async with db.session() as s, s.begin():
        await create_campaign(s, spec, None, _at(deadline - dt.timedelta(days=15), 10, 0))


def _count(user: FakeUser, words: str) -> int:
    return len([m for m in user.replies() if words in m.text])


async def _tick(services: Services, notifier: TelegramNotifier, now: dt.datetime,
                db: Database | None = None) -> None:
    await tick(db or services.db, notifier, now, renderer=services.renderer, pace=None)


async def test_own_reminder_days_and_time_and_a_campaign_announced_once(
    server: FakeTelegram, db: Database, database_url: str
) -> None:
    deadline = dt.datetime.now(TZ).date() + dt.timedelta(days=30)
    await _province_with_campaign(db, deadline)
    services = make_services(server, db, database_url)
    mai, lan, hung, reviewer = (server.user(MAI, "Mai"), server.user(LAN, "Lan"),
                                server.user(HUNG, "Hùng"), server.user(REVIEWER, "Thẩm định"))
    async with start_bot(server, services, _router()) as application:
        assert application.job_queue is not None
        for job in application.job_queue.get_jobs_by_name(ticks.JOB_NAME):
            job.schedule_removal()  # time moves only through the pinned ticks below

        # Mai sets her own schedule: 7, 3 and 1 days before, at 14:00.
        await mai.send("/nhac")
        settings = mai.last_reply().text
        assert "Danh hiệu thi đua" in settings and "Bằng khen của Chủ tịch" in settings
        assert "danh_hieu_thi_dua" not in settings and "bang_khen_tinh" not in settings
        assert "14, 7, 3, 1, 0 ngày trước hạn, lúc 08:00" in settings
        await mai.tap("🗓 Chọn ngày nhắc")
        await mai.tap("✅ 14 ngày trước")
        await mai.tap("✅ Đúng ngày hạn")
        assert "Đang chọn: 7, 3, 1 ngày" in mai.last_reply().text
        await mai.tap("✔️ Xong")
        await mai.tap("🕗 Đổi giờ nhắc")
        await mai.tap("14:00")
        assert "nhắc 7, 3, 1 ngày trước hạn, lúc 14:00" in mai.last_reply().text

        async with plain_bot(services.settings) as bot:
            notifier = TelegramNotifier(bot)
            opened = deadline - dt.timedelta(days=15)
            second = Database(database_url)  # another instance of the bot, same database
            try:
                await _tick(services, notifier, _at(opened, 10, 5))
                await _tick(services, notifier, _at(opened, 10, 6), second)
                await _tick(services, notifier, _at(opened + dt.timedelta(days=1), 9), second)
            finally:
                await second.dispose()
            # The opening reaches each officer of the campaign's units once, with her plan.
            assert (_count(mai, OPENING), _count(lan, OPENING), _count(hung, OPENING)) == (1, 1, 0)
            news = next(m.text for m in mai.replies() if OPENING in m.text)
            assert "Danh hiệu thi đua" in news and "7, 3, 1 ngày" in news and "14:00" in news
            assert "14, 7, 3, 1, 0 ngày" in next(m.text for m in lan.replies() if OPENING in m.text)

            # 14 days before: Lan (the campaign's plan) is reminded, Mai did not ask for it.
            await _tick(services, notifier, _at(deadline - dt.timedelta(days=14), 8))
            assert (_count(mai, REMINDER), _count(lan, REMINDER)) == (0, 2)
            # 7 days before: Lan at 08:00, Mai only at her 14:00.
            week_before = deadline - dt.timedelta(days=7)
            await _tick(services, notifier, _at(week_before, 8))
            assert (_count(mai, REMINDER), _count(lan, REMINDER)) == (0, 4)
            await _tick(services, notifier, _at(week_before, 14))
            assert (_count(mai, REMINDER), _count(lan, REMINDER)) == (2, 4)
            reminders = " ".join(m.text for m in mai.replies() if REMINDER in m.text)
            assert "Danh hiệu thi đua" in reminders and "Bằng khen của Chủ tịch" in reminders
            assert "còn 7 ngày" in reminders and "danh_hieu_thi_dua" not in reminders
            # The reviewer's digest of that week names the awards, not their ids.
            digest = next(m.text for m in reviewer.replies() if "Tổng hợp" in m.text)
            assert "Danh hiệu thi đua" in digest and "Bằng khen của Chủ tịch" in digest
            assert "danh_hieu_thi_dua" not in digest and "bang_khen_tinh" not in digest

        # Back to the campaigns' own plans.
        await mai.send("/nhac")
        await mai.tap("↩️ Theo lịch của từng đợt xét")
        assert "14, 7, 3, 1, 0 ngày trước hạn, lúc 08:00" in mai.last_reply().text


async def test_removing_the_last_reminder_day_is_explained_not_saved(
    server: FakeTelegram, db: Database, database_url: str
) -> None:
    await _province_with_campaign(db, dt.datetime.now(TZ).date() + dt.timedelta(days=30))
    services = make_services(server, db, database_url)
    mai = server.user(MAI, "Mai")
    async with start_bot(server, services, _router()):
        await mai.send("/nhac")
        await mai.tap("🗓 Chọn ngày nhắc")
        for day in ("✅ 14 ngày trước", "✅ 7 ngày trước", "✅ 3 ngày trước", "✅ 1 ngày trước"):
            await mai.tap(day)
        await mai.tap("✅ Đúng ngày hạn")  # the last one left
        picker = mai.last_reply()
        assert "ít nhất một ngày" in picker.text and "Đang chọn: 0 ngày" in picker.text
        assert "✅ Đúng ngày hạn" in picker.labels
