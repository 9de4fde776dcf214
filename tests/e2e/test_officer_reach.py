"""Officers stay reachable: Telegram refusing a chat the user never opened is not "blocked".

An officer imported with their Telegram id (no chat yet) keeps their registration through a
reminder round and is an officer, not a guest, when they first open the bot; only "bot was blocked
by the user" deactivates, and any message from that officer undoes it without a new invite. An
officer an admin deactivated stays a guest.
"""

from __future__ import annotations

import datetime as dt

from reminders.support import CREATED, add_officer, add_unit, vn
from sqlalchemy import select

from bot.db.models import Officer, OutboxMessage
from bot.db.session import Database
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign
from bot.reminders.tick import TickReport, tick
from e2e.support import BotEnv
from handlers.notifier import TelegramNotifier, plain_bot

IMPORTED = 7001922
FOURTEEN_DAYS_BEFORE = vn(2026, 1, 17, 8, 1)
SEVEN_DAYS_BEFORE = vn(2026, 1, 24, 8, 1)


async def _campaign(db: Database, unit_id: int) -> None:
    spec = CampaignSpec(name="Tổng kết năm 2025", year=2025,
                        deadlines=(DeadlineSpec("Bằng khen UBND tỉnh", dt.date(2026, 1, 31)),),
                        unit_ids=(unit_id,))
    async with db.session() as s, s.begin():
        await create_campaign(s, spec, None, CREATED)


async def _imported_officer(db: Database, unit_id: int, telegram_id: int) -> int:
    """As `tdkt import officers` stores one: a Telegram id, no chat (never wrote to the bot)."""
    async with db.session() as s, s.begin():
        officer = Officer(telegram_user_id=telegram_id, full_name="Nguyễn Thị Hà",
                          unit_id=unit_id, role="officer", created_at=CREATED)
        s.add(officer)
        await s.flush()
        return officer.id


async def _officer(db: Database, officer_id: int) -> Officer:
    async with db.session() as s:
        officer = await s.get(Officer, officer_id)
        assert officer is not None
        return officer


async def _reminder_round(env: BotEnv, now: dt.datetime) -> TickReport:
    async with plain_bot(env.services.settings) as bot:
        return await tick(env.db, TelegramNotifier(bot), now, pace=None)


async def test_an_imported_officer_who_never_opened_the_bot_is_still_active_after_a_reminder_round(
    bot_env: BotEnv,
) -> None:
    unit = await add_unit(bot_env.db, "SYT", "Sở Y tế")
    officer_id = await _imported_officer(bot_env.db, unit, IMPORTED)
    await _campaign(bot_env.db, unit)

    report = await _reminder_round(bot_env, FOURTEEN_DAYS_BEFORE)  # Telegram: chat not found

    assert report.delivery is not None
    assert (report.delivery.unreachable, report.delivery.blocked) == (1, 0)
    officer = await _officer(bot_env.db, officer_id)
    assert officer.active and officer.unreachable_since is not None

    user = bot_env.server.user(IMPORTED, "Hà")  # now they open the bot
    await user.send("/start")
    welcome = user.last_reply().text
    assert "chưa được đăng ký" not in welcome and "Sở Y tế" in welcome
    officer = await _officer(bot_env.db, officer_id)
    assert (officer.chat_id, officer.unreachable_since) == (IMPORTED, None)

    await _reminder_round(bot_env, SEVEN_DAYS_BEFORE)  # the next reminder reaches them
    assert "Nhắc hạn" in user.last_reply().text


async def test_a_blocked_officer_who_sends_start_is_active_again_and_welcomed_as_an_officer(
    bot_env: BotEnv,
) -> None:
    unit = await add_unit(bot_env.db, "SYT", "Sở Y tế")
    officer_id = await add_officer(bot_env.db, unit, "Trần Văn Nam", 1001)
    await _campaign(bot_env.db, unit)
    user = bot_env.server.user(1001, "Nam")
    bot_env.server.block(1001)

    report = await _reminder_round(bot_env, FOURTEEN_DAYS_BEFORE)

    assert report.delivery is not None and report.delivery.blocked == 1
    assert not (await _officer(bot_env.db, officer_id)).active
    async with bot_env.db.session() as s:
        assert await s.scalar(select(OutboxMessage.status)) == "dead"

    bot_env.server.block(1001, blocked=False)  # they unblock and write again: no new invite
    await user.send("/start")
    welcome = user.last_reply().text
    assert "chưa được đăng ký" not in welcome and "Trần Văn Nam" in welcome
    assert "Sở Y tế" in welcome
    officer = await _officer(bot_env.db, officer_id)
    assert officer.active and officer.blocked_at is None


async def test_an_officer_an_admin_deactivated_stays_a_guest_when_they_write(
    bot_env: BotEnv,
) -> None:
    unit = await add_unit(bot_env.db, "SYT", "Sở Y tế")
    officer_id = await add_officer(bot_env.db, unit, "Lê Văn Cũ", 1002)
    async with bot_env.db.session() as s, s.begin():
        officer = await s.get(Officer, officer_id)
        assert officer is not None
        officer.active = False  # e.g. `tdkt import officers` with active = 0
    user = bot_env.server.user(1002, "Cũ")
    await user.send("/start")
    assert "chưa được đăng ký" in user.last_reply().text
    assert not (await _officer(bot_env.db, officer_id)).active


async def test_the_reviewers_digest_lists_officers_the_bot_cannot_reach_yet(
    bot_env: BotEnv,
) -> None:
    unit = await add_unit(bot_env.db, "SYT", "Sở Y tế")
    await add_officer(bot_env.db, await add_unit(bot_env.db, "SNV", "Sở Nội vụ"), "Thẩm định",
                      2001, role="reviewer")
    await _imported_officer(bot_env.db, unit, IMPORTED)
    async with bot_env.db.session() as s, s.begin():
        s.add(Officer(telegram_user_id=None, full_name="Phạm Văn Không", unit_id=unit,
                      role="officer", created_at=CREATED))
    await _campaign(bot_env.db, unit)
    await _reminder_round(bot_env, FOURTEEN_DAYS_BEFORE)  # Hà's chat is refused

    reviewer = bot_env.server.user(2001, "Thẩm định")
    await _reminder_round(bot_env, SEVEN_DAYS_BEFORE)  # the last week: the digest goes out

    digest = next(m.text for m in reviewer.replies() if "Tổng hợp" in m.text)
    assert "Nguyễn Thị Hà – Sở Y tế: chưa mở bot" in digest and "/start" in digest
    assert "Phạm Văn Không – Sở Y tế" in digest and "tdkt invite --unit SYT" in digest
