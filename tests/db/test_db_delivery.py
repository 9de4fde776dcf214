"""A delivery pass records what Telegram said: sent, slow down, blocked, broken, or try later."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from typing import Any

import pytest
from sqlalchemy import select

from bot.db import delivery, officers, outbox
from bot.db.delivery import RetryPolicy, SendResult
from bot.db.models import Officer, OutboxMessage
from bot.db.session import Database


class ScriptedNotifier:
    """Answers each chat with the scripted results in order; records what was sent."""

    def __init__(self, script: dict[int, list[SendResult]]) -> None:
        self.script = script
        self.sent: list[tuple[int, str]] = []
        self._next_id = 100

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        results = self.script.get(chat_id) or [SendResult.sent(0)]
        result = results.pop(0) if len(results) > 1 else results[0]
        if result.outcome is delivery.SendOutcome.SENT:
            self._next_id += 1
            self.sent.append((chat_id, payload["text"]))
            return SendResult.sent(self._next_id)
        return result


async def _plan(
    db: Database, chat_ids: list[int], now: dt.datetime, officer_id: int | None = None
) -> None:
    async with db.session() as session, session.begin():
        for chat_id in chat_ids:
            payload = {"text": f"gửi {chat_id}", "parse_mode": "HTML"}
            await outbox.enqueue(
                session, f"n:{chat_id}", chat_id, payload, now, "status", officer_id
            )


async def _rows(db: Database) -> dict[int, OutboxMessage]:
    async with db.session() as session:
        rows = (await session.execute(select(OutboxMessage))).scalars().all()
    return {row.chat_id: row for row in rows}


async def test_sent_message_keeps_telegram_message_id(
    db: Database, pinned_now: dt.datetime
) -> None:
    await _plan(db, [1, 2], pinned_now)
    notifier = ScriptedNotifier({})
    report = await delivery.deliver_due(db, notifier, pinned_now, "w1", batch=10)
    rows = await _rows(db)
    assert (report.claimed, report.sent) == (2, 2)
    assert {r.status for r in rows.values()} == {"sent"}
    assert sorted(r.telegram_message_id or 0 for r in rows.values()) == [101, 102]
    again = await delivery.deliver_due(db, notifier, pinned_now, "w1", batch=10)
    assert again.claimed == 0 and len(notifier.sent) == 2


async def test_rate_limit_postpones_the_batch_without_counting_a_failure(
    db: Database, pinned_now: dt.datetime
) -> None:
    await _plan(db, [1, 2, 3], pinned_now)
    notifier = ScriptedNotifier({1: [SendResult.retry_later(17)]})
    report = await delivery.deliver_due(db, notifier, pinned_now, "w1", batch=10)
    rows = await _rows(db)
    assert (report.sent, report.throttled) == (0, 3)
    assert notifier.sent == []
    for row in rows.values():
        assert (row.status, row.attempts) == ("pending", 0)
        assert row.due_at == pinned_now + dt.timedelta(seconds=17)
    early = await delivery.deliver_due(
        db, notifier, pinned_now + dt.timedelta(seconds=16), "w1", 10
    )
    assert early.claimed == 0


async def test_blocked_recipient_is_deactivated_and_not_retried(
    db: Database, unit_id: int, pinned_now: dt.datetime
) -> None:
    async with db.session() as session, session.begin():
        invite = await officers.create_invite(
            session, unit_id, "officer", None, pinned_now + dt.timedelta(days=1), pinned_now
        )
        officer = await officers.redeem_invite(session, invite.code, 77, "Chị Mai", 77, pinned_now)
    await _plan(db, [77], pinned_now, officer.id)
    notifier = ScriptedNotifier(
        {77: [SendResult.blocked("Forbidden: bot was blocked by the user")]}
    )
    report = await delivery.deliver_due(db, notifier, pinned_now, "w1", batch=10)
    assert report.blocked == 1
    async with db.session() as session:
        stored = await session.get(Officer, officer.id)
    assert stored is not None and stored.active is False
    assert (await _rows(db))[77].status == "dead"
    later = await delivery.deliver_due(db, notifier, pinned_now + dt.timedelta(days=1), "w1", 10)
    assert later.claimed == 0


async def test_network_errors_back_off_then_give_up(db: Database, pinned_now: dt.datetime) -> None:
    await _plan(db, [5], pinned_now)
    notifier = ScriptedNotifier({5: [SendResult.transient_error("TimedOut")]})
    policy = RetryPolicy(max_attempts=3, base=dt.timedelta(seconds=30))
    now = pinned_now
    waits = []
    for _ in range(3):
        report = await delivery.deliver_due(db, notifier, now, "w1", batch=10, policy=policy)
        row = (await _rows(db))[5]
        waits.append(row.due_at - now if row.status == "pending" else row.status)
        now = row.due_at
    assert report.dead == 1
    assert waits == [dt.timedelta(seconds=30), dt.timedelta(seconds=60), "dead"]


async def test_message_telegram_refuses_is_failed_not_retried(
    db: Database, pinned_now: dt.datetime
) -> None:
    await _plan(db, [9], pinned_now)
    notifier = ScriptedNotifier({9: [SendResult.rejected("Bad Request: can't parse entities")]})
    report = await delivery.deliver_due(db, notifier, pinned_now, "w1", batch=10)
    row = (await _rows(db))[9]
    assert (report.failed, row.status, row.last_error) == (
        1,
        "failed",
        "Bad Request: can't parse entities",
    )


class SlowNetworkNotifier(ScriptedNotifier):
    """Yields to the event loop on every send, as a real HTTP call does."""

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        await asyncio.sleep(0)
        return await super().send(chat_id, payload)


async def test_sends_outrunning_their_records_are_all_recorded(
    db: Database, pinned_now: dt.datetime
) -> None:
    await _plan(db, list(range(1, 81)), pinned_now)
    report = await delivery.deliver_due(db, SlowNetworkNotifier({}), pinned_now, "w1", batch=80)
    rows = await _rows(db)
    assert report.sent == 80 and sorted(report.sent_ids) == sorted(r.id for r in rows.values())
    assert {r.status for r in rows.values()} == {"sent"}


async def test_when_outcomes_cannot_be_recorded_sending_stops_and_nothing_is_lost(
    db: Database, pinned_now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _plan(db, list(range(1, 81)), pinned_now)

    async def database_gone(*_: Any, **__: Any) -> bool:
        raise RuntimeError("database gone")

    monkeypatch.setattr(outbox, "mark_sent", database_gone)
    notifier = SlowNetworkNotifier({})
    with pytest.raises(RuntimeError, match="database gone"):
        await delivery.deliver_due(db, notifier, pinned_now, "w1", batch=80)
    # Sending ran at most the unrecorded allowance ahead of the failing database …
    assert 0 < len(notifier.sent) <= delivery.MAX_UNRECORDED + 1
    sent_before = len(notifier.sent)
    monkeypatch.undo()
    # … and once the lease is over every message not yet sent goes out; those sent without a
    # recorded outcome had their send key: `uncertain`, never sent twice (ADR 004).
    after_lease = pinned_now + dt.timedelta(minutes=2)
    report = await delivery.deliver_due(db, notifier, after_lease, "w2", batch=100)
    assert report.sent == 80 - sent_before
    assert Counter(chat for chat, _ in notifier.sent) == {chat: 1 for chat in range(1, 81)}
    statuses = Counter(r.status for r in (await _rows(db)).values())
    assert statuses == {"sent": 80 - sent_before, "uncertain": sent_before}
