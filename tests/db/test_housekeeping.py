"""Housekeeping: old rows go, what a user still needs stays, and no reminder is ever sent twice."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections import Counter
from collections.abc import Awaitable, Callable

import pytest
from reminders.support import RecordingNotifier, small_province, vn
from sqlalchemy import func, select, update

from bot.app import build_application
from bot.db import housekeeping as hk
from bot.db import outbox as ob
from bot.db.housekeeping import (
    INTERVIEW_RETENTION,
    OUTBOX_RETENTION,
    prune,
    reminder_deadline,
)
from bot.db.interviews import InterviewValues, save_interview
from bot.db.models import (
    AuditLog,
    CampaignDeadline,
    InterviewSession,
    OutboxMessage,
    ProcessedUpdate,
)
from bot.db.session import Database
from bot.db.updates import seen_update
from bot.reminders.campaigns import set_deadline
from bot.reminders.plan import MAX_OFFSET_DAYS, ReminderPlan
from bot.reminders.planner import digest_key, reminder_key
from bot.reminders.tick import tick
from bot.status.notify import dedupe_key as status_key
from e2e.support import make_services
from fakebot.harness import running_application
from fakebot.server import FakeTelegram
from handlers import housekeeping
from tdkt.cli import main

NOW = dt.datetime(2026, 9, 1, 2, 0, tzinfo=dt.UTC)
OLD = NOW - OUTBOX_RETENTION - dt.timedelta(days=1)
REVIEWER = 2001


async def _keys(db: Database) -> set[str]:
    async with db.session() as s:
        return set((await s.scalars(select(OutboxMessage.dedupe_key))).all())


async def _count(db: Database, model: type) -> int:
    async with db.session() as s:
        return int(await s.scalar(select(func.count()).select_from(model)) or 0)


async def _message(db: Database, key: str, due_at: dt.datetime, status: str) -> None:
    async with db.session() as s, s.begin():
        await ob.enqueue(s, key, 1001, {"text": "x"}, due_at=due_at, kind="status")
        await s.execute(update(OutboxMessage).where(OutboxMessage.dedupe_key == key)
                        .values(status=status))


async def _fill(db: Database) -> None:
    """Old and young rows of every pruned table, and outbox rows in every state."""
    async with db.session() as s, s.begin():
        await seen_update(s, 1, NOW - dt.timedelta(hours=49))
        await seen_update(s, 2, NOW - dt.timedelta(hours=47))
    await _message(db, "status:1:1", OLD, ob.SENT)
    await _message(db, "dig:1:2026-01-20", OLD, ob.DEAD)
    await _message(db, "status:2:1", OLD, ob.FAILED)
    await _message(db, "status:3:1", NOW - dt.timedelta(days=30), ob.SENT)
    await _message(db, "status:4:1", OLD, ob.PENDING)
    await _message(db, "status:5:1", OLD, ob.SENDING)
    await _message(db, "later-kind:1", OLD, ob.SENT)  # a key this module does not know
    async with db.session() as s, s.begin():
        idle = NOW - INTERVIEW_RETENTION - dt.timedelta(days=1)
        await save_interview(s, InterviewValues(1, 1, "dossier"), 0, idle)
        await save_interview(s, InterviewValues(2, 2, "dossier"), 0, NOW - dt.timedelta(days=170))


async def test_old_rows_go_and_young_or_unfinished_rows_stay(db: Database) -> None:
    await _fill(db)
    report = await prune(db, NOW)
    assert (report.processed_updates, report.outbox, report.interview_sessions) == (1, 3, 1)
    async with db.session() as s:
        assert set((await s.scalars(select(ProcessedUpdate.update_id))).all()) == {2}
        assert set((await s.scalars(select(InterviewSession.chat_id))).all()) == {2}
    assert await _keys(db) == {"status:3:1", "status:4:1", "status:5:1", "later-kind:1"}
    # Pruning again finds nothing more: the deletes are idempotent.
    again = await prune(db, NOW)
    assert again.total == 0


async def test_a_dry_run_counts_the_same_rows_and_deletes_nothing(db: Database) -> None:
    await _fill(db)
    before = await _keys(db)
    dry = await prune(db, NOW, dry_run=True)
    assert await _keys(db) == before
    assert await _count(db, ProcessedUpdate) == 2 and await _count(db, InterviewSession) == 2
    real = await prune(db, NOW)
    assert (dry.processed_updates, dry.outbox, dry.interview_sessions) == (
        real.processed_updates, real.outbox, real.interview_sessions) == (1, 3, 1)


async def test_big_tables_are_pruned_in_batches_to_the_end(db: Database) -> None:
    async with db.session() as s, s.begin():
        for update_id in range(1, 12):
            await seen_update(s, update_id, NOW - dt.timedelta(days=3))
    for n in range(7):
        await _message(db, f"status:{n}:1", OLD, ob.SENT)
    report = await prune(db, NOW, batch=2)
    assert (report.processed_updates, report.outbox) == (11, 7)
    assert await _count(db, ProcessedUpdate) == 0 and await _keys(db) == set()


async def test_audit_log_and_campaigns_are_never_pruned(db: Database) -> None:
    await small_province(db)  # writes a campaign, its deadline and an audit record in 2026
    far = dt.datetime(2040, 1, 1, tzinfo=dt.UTC)
    audit, deadlines = await _count(db, AuditLog), await _count(db, CampaignDeadline)
    await prune(db, far)
    assert (await _count(db, AuditLog), await _count(db, CampaignDeadline)) == (audit, deadlines)
    assert audit > 0


def test_the_keys_the_planners_write_are_the_ones_pruning_recognises() -> None:
    assert reminder_deadline(reminder_key(7, 42, 3, "d14")) == 42
    assert reminder_deadline(reminder_key(7, 42, 3, "z1767312000")) == 42
    assert reminder_deadline(digest_key(3, dt.date(2026, 1, 20))) is None
    assert digest_key(3, dt.date(2026, 1, 20)).startswith("dig:")
    assert status_key(5, 3).startswith("status:")


@pytest.mark.parametrize("retention", [OUTBOX_RETENTION, dt.timedelta(days=2)],
                         ids=["real-retention", "two-day-retention"])
async def test_pruning_every_day_never_sends_a_reminder_twice(
    db: Database, monkeypatch: pytest.MonkeyPatch, retention: dt.timedelta
) -> None:
    """Time moves forward day by day through a campaign with the longest plan allowed: each
    morning the tick plans and sends, then housekeeping prunes. Every officer gets each slot
    once, the reviewer one digest a day, and nothing twice — even if the retention were shorter
    than the plan (the deadline, not the age of a row, protects a reminder's key)."""
    monkeypatch.setattr(hk, "OUTBOX_RETENTION", retention)
    deadline = dt.date(2026, 4, 30)
    await small_province(db, plan=ReminderPlan((MAX_OFFSET_DAYS, 30, 0)), deadlines=(deadline,))
    notifier = RecordingNotifier()
    day = vn(2026, 4, 30, 8, 5) - dt.timedelta(days=MAX_OFFSET_DAYS + 2)
    while day < vn(2026, 5, 4):
        await tick(db, notifier, day, pace=None)
        await prune(db, day)
        day += dt.timedelta(days=1)
    officers = Counter(chat for chat, _ in notifier.sent if chat != REVIEWER)
    assert officers == {1001: 3, 1002: 3, 1003: 3}
    texts = Counter((chat, payload["text"]) for chat, payload in notifier.sent)
    assert max(texts.values()) == 1
    digests = [p for chat, p in notifier.sent if chat == REVIEWER]
    assert len(digests) == 9  # the deadline's last week, the day itself and the day after
    later = vn(2026, 4, 30) + OUTBOX_RETENTION + dt.timedelta(days=2)
    sent = list(notifier.sent)
    await prune(db, later)
    assert await _keys(db) == set()
    await tick(db, notifier, later, pace=None)
    assert notifier.sent == sent


async def test_a_moved_deadline_keeps_its_sent_slots_however_old(db: Database) -> None:
    """The 14-day reminder went out in January; the deadline then moves to August. Its row is
    older than the retention, but its key must stay or the officer is reminded "14 days left"
    twice for the same deadline."""
    world = await small_province(db)
    notifier = RecordingNotifier()
    await tick(db, notifier, vn(2026, 1, 17, 8, 5), pace=None)  # d14 for the three officers
    assert len(notifier.sent) == 3
    moved = dt.date(2026, 8, 31)
    async with db.session() as s, s.begin():
        await set_deadline(s, world.deadline_ids[0], moved, None, vn(2026, 1, 20, 9))
    fourteen_before = vn(2026, 8, 17, 8, 5)
    assert fourteen_before - vn(2026, 1, 17, 8, 5) > OUTBOX_RETENTION
    report = await prune(db, fourteen_before)
    assert report.outbox == 0
    await tick(db, notifier, fourteen_before, pace=None)
    assert len(notifier.sent) == 3
    # Once the moved deadline is over too, its rows go.
    after = await prune(db, vn(2026, 9, 3))
    assert after.outbox == 3


@pytest.fixture
def cli_db(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """A filled database for the CLI, which runs its own event loop (as `tdkt` does)."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("TDKT_BOT_TOKEN", raising=False)
    asyncio.run(_on(database_url, _prepared))
    return database_url


async def _prepared(db: Database) -> int:
    await db.upgrade()
    await _fill(db)
    return 0


async def _outbox_rows(db: Database) -> int:
    return await _count(db, OutboxMessage)


async def _on(url: str, work: Callable[[Database], Awaitable[int]]) -> int:
    db = Database(url)
    try:
        return await work(db)
    finally:
        await db.dispose()


def test_cli_prints_one_line_per_table_and_a_dry_run_keeps_everything(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "prune", "--now", "2026-09-01T09:00+07:00", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Sẽ xoá 1 mã cập nhật Telegram" in out
    assert "Sẽ xoá 3 tin nhắc hạn, thông báo" in out
    assert "Sẽ xoá 1 phiên trò chuyện" in out
    assert len([line for line in out.splitlines() if line.strip()]) == 3
    assert asyncio.run(_on(cli_db, _outbox_rows)) == 7
    assert main(["db", "prune", "--now", "2026-09-01T09:00"]) == 0
    assert "Đã xoá 3 tin nhắc hạn" in capsys.readouterr().out
    assert asyncio.run(_on(cli_db, _outbox_rows)) == 4


def test_cli_bad_now_is_one_vietnamese_line(
    cli_db: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "prune", "--now", "hôm qua"]) == 2
    err = capsys.readouterr().err
    assert '"hôm qua" ở --now không hợp lệ' in err and err.count("\n") == 1


async def test_a_failing_prune_is_logged_and_does_not_raise(
    caplog: pytest.LogCaptureFixture,
) -> None:
    broken = Database("sqlite:////nonexistent-dir/x.db")
    with caplog.at_level(logging.ERROR, logger="tdkt.housekeeping"):
        assert await housekeeping.run_once(broken, NOW) is None
    assert "housekeeping failed" in caplog.text
    await broken.dispose()


async def test_the_running_bot_prunes_on_its_own(db: Database, database_url: str) -> None:
    await _fill(db)
    async with FakeTelegram() as server:
        services = make_services(server, db, database_url)
        quiet = build_application(services.settings, services, outbox_tick=False)
        assert quiet.job_queue is not None
        assert not quiet.job_queue.get_jobs_by_name(housekeeping.JOB_NAME)
        application = build_application(services.settings, services)
        assert application.job_queue is not None
        jobs = application.job_queue.get_jobs_by_name(housekeeping.JOB_NAME)
        assert len(jobs) == 1
        for job in jobs:  # the wall clock's job runs in 5 minutes; run a fast one at NOW
            job.schedule_removal()
        async with running_application(application, server):
            # Registered once the job queue runs: a job due 0.1 s after registration would be
            # skipped (past APScheduler's grace time) if the start took longer than that.
            housekeeping.register(application, interval_seconds=60, first_seconds=0.1,
                                  clock=lambda: NOW)
            for _ in range(100):
                if await _count(db, ProcessedUpdate) == 1:
                    break
                await asyncio.sleep(0.05)
        assert await _count(db, ProcessedUpdate) == 1
        assert await _count(db, InterviewSession) == 1
        assert await _keys(db) == {"status:3:1", "status:4:1", "status:5:1", "later-kind:1"}

