"""One pass of the reminder pipeline: plan what is due into the outbox, then deliver.

`tick(db, notifier, now, dry_run)` is what the JobQueue (`handlers.ticks`), the CLI
(`tdkt reminders tick`) and the tests call, with `now` passed in — nothing here reads the clock.

1. plan (commit): reminders and digests due at `now` → outbox rows, idempotent by key;
2. quiet hours (commit): reminder rows due during 21:00–07:00 move to 07:00;
3. deliver: reserve send slots on the bot-wide pace shared by every instance
   (`pacing.reserve`), then `bot.db.delivery.deliver_due` claims that many due rows and sends
   each at its slot, recording every outcome; after a 429 the shared pace is paused for
   `retry_after`, so other instances wait too.
Without a clock, one pass at `now` that sends at once (tests pin time this way). With the edge's
`clock` and `drain_for` seconds, passes repeat until nothing is due or the time is up.
A dry run plans nothing and sends nothing: it lists the rows it would plan and those due.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, or_, select

from bot.db import outbox as ob
from bot.db.delivery import (
    DeliveryReport,
    Notifier,
    RetryPolicy,
    SendOutcome,
    SendResult,
    deliver_due,
)
from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.reminders.pacing import Pace, PacedNotifier, defer_quiet, pause_all, reserve
from bot.reminders.plan import DEFAULT_TIMEZONE, ReminderPlan
from bot.reminders.planner import PlannedMessage, plan_reminders
from bot.render import Renderer

# Telegram's free broadcast limit is ~30 msg/s per bot; leave room for interactive replies.
DEFAULT_PACE = Pace(rate=25.0)
DEFAULT_BATCH = 25
# How far ahead a draining worker reserves slots; it claims as many rows as it got slots.
HORIZON_SECONDS = 1.0
MAX_IDLE_SLEEP = 1.0
LEASE = dt.timedelta(seconds=60)
WORKER_ID = f"{socket.gethostname()[:30]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class DueMessage:
    """A row already in the outbox that a real tick would try to send now."""

    dedupe_key: str
    kind: str
    chat_id: int
    due_at: dt.datetime
    text: str


@dataclass
class TickReport:
    now: dt.datetime
    dry_run: bool
    planned: list[PlannedMessage] = field(default_factory=list)
    deferred_quiet: int = 0
    due: list[DueMessage] = field(default_factory=list)  # dry run only
    delivery: DeliveryReport | None = None
    paused_for: float = 0.0


class _WatchRetryAfter:
    """Wraps the notifier to learn the longest retry_after Telegram asked for in this pass."""

    def __init__(self, inner: Notifier) -> None:
        self.inner = inner
        self.retry_after = 0.0

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        result = await self.inner.send(chat_id, payload)
        if result.outcome is SendOutcome.RETRY_AFTER:
            self.retry_after = max(self.retry_after, result.retry_after, 1.0)
        return result


async def tick(
    db: Database,
    notifier: Notifier | None,
    now: dt.datetime,
    dry_run: bool = False,
    *,
    renderer: Renderer | None = None,
    timezone: str = DEFAULT_TIMEZONE,
    worker_id: str = WORKER_ID,
    pace: Pace | None = DEFAULT_PACE,
    batch: int = DEFAULT_BATCH,
    policy: RetryPolicy | None = None,
    plan: bool = True,
    clock: Callable[[], dt.datetime] | None = None,
    drain_for: float = 0.0,
) -> TickReport:
    """Plan and deliver everything due at `now` (aware). `notifier` may be None for a dry run."""
    if now.tzinfo is None:
        raise ValueError("tick needs an aware datetime")
    renderer = renderer or Renderer()
    report = TickReport(now=now, dry_run=dry_run)
    if plan:
        async with db.session() as session, session.begin():
            report.planned = await plan_reminders(session, renderer, now, dry_run, timezone)
    if dry_run:
        report.due = await due_now(db, now)
        return report
    async with db.session() as session, session.begin():
        report.deferred_quiet = await defer_quiet(session, now, ReminderPlan(timezone=timezone).tz)
    if notifier is not None:
        report.delivery = DeliveryReport()
        await _drain(db, notifier, now, worker_id, pace, batch, policy, clock, drain_for, report)
    return report


async def _drain(db: Database, notifier: Notifier, now: dt.datetime, worker_id: str,
                 pace: Pace | None, batch: int, policy: RetryPolicy | None,
                 clock: Callable[[], dt.datetime] | None, drain_for: float,
                 report: TickReport) -> None:
    started, current = now, now
    # Without a clock nothing can wait for a slot: the whole batch may go at once.
    horizon = HORIZON_SECONDS if clock is not None else batch / (pace.rate if pace else 1.0)
    while True:
        slots: list[dt.datetime] | None = None
        if pace is not None:
            async with db.session() as session, session.begin():
                slots = await reserve(session, pace, batch, current, horizon)
        granted = batch if slots is None else len(slots)
        done = DeliveryReport()
        if granted:
            paced = PacedNotifier(notifier, slots or [], clock)
            done = await _deliver(db, paced, current, worker_id, granted, policy, pace, report)
        if clock is None or (granted and done.claimed < granted):
            return  # one pass only, or the slots outnumbered what was due: drained
        if not granted:
            if not await due_now(db, current, limit=1):
                return
            await asyncio.sleep(MAX_IDLE_SLEEP / 10)  # the pace is paused or fully booked
        current = clock()
        if (current - started).total_seconds() >= drain_for:
            return


async def _deliver(db: Database, notifier: Notifier, now: dt.datetime, worker_id: str,
                   granted: int, policy: RetryPolicy | None, pace: Pace | None,
                   report: TickReport) -> DeliveryReport:
    """One `deliver_due` pass over `granted` slots; a 429 pauses every instance."""
    watched = _WatchRetryAfter(notifier)
    done = await deliver_due(db, watched, now, worker_id, granted, lease=LEASE, policy=policy)
    assert report.delivery is not None
    _add(report.delivery, done)
    if pace is not None and watched.retry_after:
        async with db.session() as session, session.begin():
            await pause_all(session, pace, watched.retry_after, now)
        report.paused_for = max(report.paused_for, watched.retry_after)
    return done


def _add(total: DeliveryReport, part: DeliveryReport) -> None:
    for name in ("claimed", "sent", "throttled", "retried", "blocked", "failed", "dead",
                 "lost_claim"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.sent_ids.extend(part.sent_ids)


async def due_now(db: Database, now: dt.datetime, limit: int = 200) -> list[DueMessage]:
    """Rows a real tick would claim at `now` (pending and due, or with an expired lease)."""
    claimable = or_(
        and_(OutboxMessage.status == ob.PENDING, OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == ob.SENDING, OutboxMessage.lease_until < now),
    )
    async with db.session() as session:
        rows = (await session.execute(
            select(OutboxMessage.dedupe_key, OutboxMessage.kind, OutboxMessage.chat_id,
                   OutboxMessage.due_at, OutboxMessage.payload)
            .where(claimable)
            .order_by(OutboxMessage.due_at, OutboxMessage.id)
            .limit(limit)
        )).all()
    return [DueMessage(r.dedupe_key, r.kind, r.chat_id, r.due_at, str(r.payload.get("text", "")))
            for r in rows]
