"""End to end through the fake Bot API: a reviewer creates a campaign in chat, the clock moves
(pinned `now` passed to the tick), the right officers get the right reminder once, snooze
works, and "Đơn vị đã nộp" stops further reminders."""

from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator

import pytest_asyncio
from sqlalchemy import select

from bot.chat import common
from bot.chat import reminders as reminders_chat
from bot.chat.router import Router
from bot.db.models_reminders import ReminderSnooze
from bot.db.session import Database
from bot.reminders.tick import tick
from bot.services import Services
from e2e.support import make_services, start_bot
from fakebot.server import FakeTelegram
from handlers import ticks
from handlers.notifier import TelegramNotifier, plain_bot

from .support import add_officer, add_unit

TZ = dt.timezone(dt.timedelta(hours=7))
MAI, LAN, HUNG, REVIEWER = 1001, 1002, 1003, 2001


def _router() -> Router:
    return Router([common.JOURNEY, reminders_chat.JOURNEY], fallback_text=common.not_understood,
                  stale=common.stale_button)


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


async def _province(db: Database) -> None:
    syt = await add_unit(db, "SYT", "Sở Y tế")
    sgd = await add_unit(db, "SGD", "Sở Giáo dục và Đào tạo")
    stc = await add_unit(db, "STC", "Sở Tài chính")
    snv = await add_unit(db, "SNV", "Sở Nội vụ")
    await add_officer(db, syt, "Mai", MAI)
    await add_officer(db, sgd, "Lan", LAN)
    await add_officer(db, stc, "Hùng", HUNG)
    await add_officer(db, snv, "Thẩm định", REVIEWER, role="reviewer", scope=[syt, sgd, stc])


def _next_morning(now: dt.datetime) -> dt.datetime:
    morning = dt.datetime.combine(now.astimezone(TZ).date(), dt.time(8, 1), tzinfo=TZ)
    return morning if morning > now else morning + dt.timedelta(days=1)


async def _tick(services: Services, notifier: TelegramNotifier, now: dt.datetime) -> None:
    await tick(services.db, notifier, now, renderer=services.renderer, pace=None)


async def test_campaign_in_chat_then_reminders_snooze_and_done(
    server: FakeTelegram, db: Database, database_url: str
) -> None:
    await _province(db)
    services = make_services(server, db, database_url)
    real_now = dt.datetime.now(dt.UTC)
    deadline = real_now.astimezone(TZ).date() + dt.timedelta(days=2)
    reviewer, mai, lan, hung = (server.user(REVIEWER, "Thẩm định"), server.user(MAI, "Mai"),
                                server.user(LAN, "Lan"), server.user(HUNG, "Hùng"))
    async with start_bot(server, services, _router()) as application:
        # Time moves only through `_tick` below: drop the composition root's wall-clock tick,
        # which would otherwise plan (and defer at night) on the real date as well.
        assert application.job_queue is not None
        for job in application.job_queue.get_jobs_by_name(ticks.JOB_NAME):
            job.schedule_removal()
        # The reviewer builds the campaign with buttons and typed answers.
        await reviewer.send("/nhac")
        await reviewer.tap("Các đợt xét")
        await reviewer.tap("Tạo đợt xét mới")
        await reviewer.send("Tổng kết năm 2025")
        await reviewer.tap("Tổng kết năm")
        await reviewer.send("CV 24/HĐTĐKT ngày 05/12/2025")
        await reviewer.send("Bằng khen UBND tỉnh")
        await reviewer.send("31/02/2026")
        assert "không có trên lịch" in reviewer.last_reply().text
        await reviewer.send("hôm qua")
        assert "Chưa đọc được ngày" in reviewer.last_reply().text
        await reviewer.send(deadline.strftime("%d/%m/%Y"))
        await reviewer.tap("Xong, sang bước tiếp")
        await reviewer.send("SYT; Sở Giáo dục và Đào tạo; Không có")
        assert "Không có" in reviewer.last_reply().text
        await reviewer.send("syt; so giao duc va dao tao")
        await reviewer.tap("Mặc định")
        assert "Đơn vị tham gia: 2" in reviewer.last_reply().text
        await reviewer.tap("Lưu đợt xét")
        assert any("Đã tạo đợt xét" in m.text for m in reviewer.replies())

        bot = plain_bot(services.settings)
        async with bot:
            notifier = TelegramNotifier(bot)
            # The next 08:01 in Hà Nội: the day's reminders and the reviewers' digest (sent at
            # 08:00) are all due then, whatever the wall-clock time the test runs at.
            first = _next_morning(real_now)
            await _tick(services, notifier, first)
            await _tick(services, notifier, first + dt.timedelta(minutes=1))
            reminders = [m for m in mai.replies() if "Nhắc hạn nộp" in m.text]
            assert len(reminders) == 1 and deadline.strftime("%d/%m/%Y") in reminders[0].text
            assert len([m for m in lan.replies() if "Nhắc hạn nộp" in m.text]) == 1
            assert hung.replies() == []  # not in the campaign
            assert any("Tổng hợp" in m.text for m in reviewer.replies())  # last-week digest

            # Mai snoozes: nothing until the snooze ends, then exactly one reminder.
            await mai.tap("Nhắc lại sau 1 ngày")
            assert "Đã hoãn" in mai.last_reply().text
            # Lan's unit has submitted: no more reminders for her.
            await lan.tap("Đơn vị đã nộp")
            assert "Xác nhận" in lan.last_reply().text  # one tap silences the unit: it asks
            await lan.tap("Xác nhận đã nộp")
            assert "Đã ghi nhận" in lan.last_reply().text
            async with db.session() as s:
                until = (await s.scalars(select(ReminderSnooze.until))).one()
            await _tick(services, notifier, until - dt.timedelta(minutes=1))
            assert len([m for m in mai.replies() if "Nhắc hạn nộp" in m.text]) == 1
            for later in (until + dt.timedelta(minutes=1), until + dt.timedelta(minutes=2)):
                await _tick(services, notifier, later)
            assert len([m for m in mai.replies() if "Nhắc hạn nộp" in m.text]) == 2
            on_the_day = dt.datetime.combine(deadline, dt.time(8, 1), tzinfo=TZ)
            await _tick(services, notifier, on_the_day)
            mai_texts = [m.text for m in mai.replies() if "Nhắc hạn nộp" in m.text]
            assert len(mai_texts) == 3 and "hôm nay là hạn cuối" in mai_texts[-1]
            assert len([m for m in lan.replies() if "Nhắc hạn nộp" in m.text]) == 1


async def test_officer_turns_reminders_off_with_nhac(
    server: FakeTelegram, db: Database, database_url: str
) -> None:
    await _province(db)
    services = make_services(server, db, database_url)
    mai = server.user(MAI, "Mai")
    async with start_bot(server, services, _router()):
        await mai.send("/nhac")
        assert "đang bật" in mai.last_reply().text
        await mai.tap("Tắt nhắc hạn")
        assert "đang tắt" in mai.last_reply().text
        await mai.tap("Bật nhắc hạn")
        assert "đang bật" in mai.last_reply().text


async def test_an_officer_cannot_create_campaigns(
    server: FakeTelegram, db: Database, database_url: str
) -> None:
    await _province(db)
    services = make_services(server, db, database_url)
    mai = server.user(MAI, "Mai")
    async with start_bot(server, services, _router()):
        await mai.send("/nhac")
        assert not any("Các đợt xét" in label for label in mai.last_reply().labels)
