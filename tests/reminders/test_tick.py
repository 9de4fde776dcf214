"""The tick: the right officers get the right reminder once, in office hours, never lost."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from bot.db import outbox as ob
from bot.db.delivery import SendResult
from bot.db.models import Dossier, Officer, OutboxMessage
from bot.db.session import Database
from bot.reminders import audience
from bot.reminders.tick import tick

from .support import RecordingNotifier, small_province, vn

MAI, LAN, HUNG, REVIEWER = 1001, 1002, 1003, 2001


async def _statuses(db: Database) -> dict[str, int]:
    async with db.session() as s:
        rows = (await s.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )).all()
    return {status: count for status, count in rows}


async def test_fourteen_days_before_each_unit_officer_gets_one_reminder(db: Database) -> None:
    await small_province(db)
    notifier = RecordingNotifier()
    await tick(db, notifier, vn(2026, 1, 17, 8, 1))
    assert notifier.chats() == {MAI: 1, LAN: 1, HUNG: 1}
    text = notifier.sent[0][1]["text"]
    assert "31/01/2026" in text and "còn 14 ngày" in text and "Tổng kết năm 2025" in text
    assert "CV 24/HĐTĐKT" in text
    labels = [b["text"] for b in notifier.sent[0][1]["buttons"][0]]
    assert any("Nhắc lại sau 1 ngày" in label for label in labels)
    assert any("Đơn vị đã nộp" in label for label in labels)


async def test_ticking_again_sends_nothing_twice(db: Database) -> None:
    await small_province(db)
    notifier = RecordingNotifier()
    for minute in range(1, 6):
        await tick(db, notifier, vn(2026, 1, 17, 8, minute))
    assert notifier.chats() == {MAI: 1, LAN: 1, HUNG: 1}


async def test_nothing_goes_out_before_the_first_slot(db: Database) -> None:
    await small_province(db)
    notifier = RecordingNotifier()
    report = await tick(db, notifier, vn(2026, 1, 17, 7, 59))
    assert notifier.sent == [] and report.planned == []


async def test_each_slot_of_the_plan_reaches_the_officer_once(db: Database) -> None:
    await small_province(db)
    notifier = RecordingNotifier()
    for day in range(14, 32):
        for hour in (7, 8, 12, 20):
            await tick(db, notifier, vn(2026, 1, day, hour, 5))
    texts = [p["text"] for chat, p in notifier.sent if chat == MAI]
    assert len(texts) == 5
    assert [t.count("hôm nay là hạn cuối") for t in texts] == [0, 0, 0, 0, 1]


async def test_a_unit_that_has_submitted_is_not_reminded(db: Database) -> None:
    world = await small_province(db)
    async with db.session() as s, s.begin():
        await audience.mark_submitted(s, world.deadline_ids[0], world.units["SYT"],
                                      world.officers["Mai"], "officer", vn(2026, 1, 16, 9))
        s.add(Dossier(code="KT-2026-AAAA11", unit_id=world.units["SGD"],
                      campaign_id=world.campaign_id, award="bang_khen_tinh", status="submitted",
                      created_at=vn(2026, 1, 10), updated_at=vn(2026, 1, 10)))
    notifier = RecordingNotifier()
    await tick(db, notifier, vn(2026, 1, 17, 8, 1))
    assert notifier.chats() == {HUNG: 1}


async def test_a_draft_dossier_does_not_count_as_submitted(db: Database) -> None:
    world = await small_province(db)
    async with db.session() as s, s.begin():
        s.add(Dossier(code="KT-2026-AAAA12", unit_id=world.units["SGD"],
                      campaign_id=world.campaign_id, award="bang_khen_tinh", status="draft",
                      created_at=vn(2026, 1, 10), updated_at=vn(2026, 1, 10)))
    notifier = RecordingNotifier()
    await tick(db, notifier, vn(2026, 1, 17, 8, 1))
    assert LAN in notifier.chats()


async def test_a_reminder_due_at_night_waits_for_seven_in_the_morning(db: Database) -> None:
    await small_province(db)
    notifier = RecordingNotifier()
    # The bot was down all day; it comes back at 22:00.
    await tick(db, notifier, vn(2026, 1, 17, 22, 0))
    await tick(db, notifier, vn(2026, 1, 18, 6, 59))
    assert notifier.sent == []
    await tick(db, notifier, vn(2026, 1, 18, 7, 0))
    assert notifier.chats() == {MAI: 1, LAN: 1, HUNG: 1}


async def test_a_blocked_recipient_is_deactivated_and_never_retried(db: Database) -> None:
    world = await small_province(db)
    notifier = RecordingNotifier()
    notifier.blocked.add(MAI)
    await tick(db, notifier, vn(2026, 1, 17, 8, 1))
    for day in (18, 24, 28):
        await tick(db, notifier, vn(2026, 1, day, 8, 1))
    async with db.session() as s:
        mai = await s.get(Officer, world.officers["Mai"])
        attempts = (await s.scalars(
            select(OutboxMessage.attempts).where(OutboxMessage.chat_id == MAI)
        )).all()
    assert mai is not None and mai.active is False
    assert attempts == [1]  # one try, then dead; no later reminder planned for her
    assert notifier.chats()[LAN] == 3


async def test_a_429_storm_slows_sending_without_losing_or_doubling(db: Database) -> None:
    await small_province(db)
    notifier = RecordingNotifier()
    notifier.script = [SendResult.retry_later(5)] * 4
    start = vn(2026, 1, 17, 8, 1)
    first = await tick(db, notifier, start)
    assert first.paused_for >= 5 and notifier.sent == []
    # Within the pause nobody sends, even another instance with its own worker id.
    await tick(db, notifier, start + dt.timedelta(seconds=2), worker_id="other")
    assert notifier.sent == []
    for seconds in range(6, 60, 6):
        await tick(db, notifier, start + dt.timedelta(seconds=seconds))
    assert notifier.chats() == {MAI: 1, LAN: 1, HUNG: 1}
    assert await _statuses(db) == {"sent": 3}


async def test_network_errors_back_off_and_then_deliver(db: Database) -> None:
    await small_province(db)
    notifier = RecordingNotifier()
    notifier.script = [SendResult.transient_error("TimedOut")] * 3
    start = vn(2026, 1, 17, 8, 1)
    await tick(db, notifier, start)
    await tick(db, notifier, start + dt.timedelta(seconds=5))
    assert notifier.sent == []
    await tick(db, notifier, start + dt.timedelta(minutes=2))
    assert notifier.chats() == {MAI: 1, LAN: 1, HUNG: 1}


async def test_a_sender_killed_after_claiming_loses_nothing(db: Database) -> None:
    """The rows a crashed worker claimed go out once its lease expires, exactly once."""
    await small_province(db)
    start = vn(2026, 1, 17, 8, 1)
    await tick(db, None, start)  # plan only
    async with db.session() as s, s.begin():
        claimed = await ob.claim_due(s, start, "crashed-worker", 10, dt.timedelta(seconds=60))
    assert len(claimed) == 3  # … and the process dies before sending anything
    notifier = RecordingNotifier()
    await tick(db, notifier, start + dt.timedelta(seconds=30), worker_id="restarted")
    assert notifier.sent == []  # the lease still runs: no double send
    await tick(db, notifier, start + dt.timedelta(seconds=61), worker_id="restarted")
    await tick(db, notifier, start + dt.timedelta(seconds=90), worker_id="restarted")
    assert notifier.chats() == {MAI: 1, LAN: 1, HUNG: 1}


async def test_reviewers_get_a_daily_digest_in_the_last_week(db: Database) -> None:
    world = await small_province(db)
    async with db.session() as s, s.begin():
        await audience.mark_submitted(s, world.deadline_ids[0], world.units["SYT"], None,
                                      "officer", vn(2026, 1, 20, 9))
    notifier = RecordingNotifier()
    await tick(db, notifier, vn(2026, 1, 23, 9))
    assert REVIEWER not in notifier.chats()
    await tick(db, notifier, vn(2026, 1, 24, 9))
    await tick(db, notifier, vn(2026, 1, 24, 15))
    digests = [p["text"] for chat, p in notifier.sent if chat == REVIEWER]
    assert len(digests) == 1
    assert "Chưa nộp: 2/3" in digests[0] and "Sở Tài chính" in digests[0]
    assert "Sở Y tế" not in digests[0]
    await tick(db, notifier, vn(2026, 2, 1, 9))
    late = [p["text"] for chat, p in notifier.sent if chat == REVIEWER][-1]
    assert "Quá hạn" in late and "Sở Giáo dục và Đào tạo" in late


async def test_a_dry_run_shows_what_would_go_out_and_changes_nothing(db: Database) -> None:
    await small_province(db)
    report = await tick(db, None, vn(2026, 1, 17, 8, 1), dry_run=True)
    assert sorted(p.chat_id for p in report.planned) == [MAI, LAN, HUNG]
    assert await _statuses(db) == {}


async def test_a_closed_campaign_reminds_nobody(db: Database) -> None:
    from bot.reminders.campaigns import set_active

    world = await small_province(db)
    async with db.session() as s, s.begin():
        await set_active(s, world.campaign_id, False, None, vn(2026, 1, 10))
    notifier = RecordingNotifier()
    await tick(db, notifier, vn(2026, 1, 24, 9))
    assert notifier.sent == []
