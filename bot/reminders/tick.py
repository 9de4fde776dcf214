"""One pass of the reminder pipeline: plan what is due into the outbox, then deliver.

`tick(db, notifier, now, dry_run)` is what the JobQueue (`handlers.ticks`), the CLI
(`tdkt reminders tick`) and the tests call, with `now` passed in — nothing here reads the clock.

1. plan (short commits of 500 rows): reminders and digests due at `now` → outbox rows,
   idempotent by key;
2. quiet hours (commit): reminder rows due during 21:00–07:00 move to 07:00;
3. deliver: in one short transaction, reserve send slots on the bot-wide pace shared by every
   instance (`pacing.reserve_slots`), claim that many due rows and hand back unused slots; then
   `bot.db.delivery.deliver_claimed` sends each at its slot while its outcome is committed in
   the background. With a clock, the next batch is fetched `LEAD_SECONDS` before the current
   one's last slot, so no send ever waits for the database. After a 429 the rest waits, and
   the shared pace is paused until Telegram's `retry_after` is over, so other instances wait too.
Without a clock, one pass at `now` that sends at once (tests pin time this way). With the edge's
`clock` and `drain_for` seconds, passes repeat until nothing is due or the time is up.
`now` is the time the tick plans as of; with a clock it may lie ahead of it (`tdkt reminders tick
--now T`): then planning and *which rows are due* use `now`, while everything the instances share
— the pace, claims and their leases, retries, quiet hours — uses the clock, so a live instance
keeps sending afterwards (issue 14 item 8). While the real time is in quiet hours, nothing due
later than the real time is taken.
A dry run plans nothing and sends nothing: it lists the rows it would plan and those due.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import os
import socket
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import and_, or_, select

from bot.db import outbox as ob
from bot.db.delivery import LEASE, DeliveryReport, Notifier, RetryPolicy, deliver_claimed
from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.reminders.pacing import (
    Pace,
    PacedNotifier,
    Pause,
    SharedPause,
    defer_quiet,
    pause_until,
    release,
    reserve_slots,
)
from bot.reminders.plan import DEFAULT_TIMEZONE, QuietHours, ReminderPlan
from bot.reminders.planner import PlannedMessage, plan_due
from bot.render import Renderer

# Telegram's free broadcast limit is ~30 msg/s per bot; leave room for interactive replies.
DEFAULT_PACE = Pace(rate=25.0)
DEFAULT_BATCH = 25
# How far ahead a draining worker reserves slots; it claims as many rows as it got slots.
HORIZON_SECONDS = 1.0
# The next batch is fetched this long before the current batch's last slot, so the database
# round-trip (or a wait for SQLite's write lock) never leaves a slot unused or a send late.
LEAD_SECONDS = 0.5
MAX_IDLE_SLEEP = 1.0
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


@dataclass(frozen=True)
class _Batch:
    """Rows claimed at `at`, each with its send slot (`slots` None: no pace)."""

    at: dt.datetime
    granted: int
    claimed: list[ob.ClaimedMessage]
    slots: list[dt.datetime] | None
    stop: bool = False  # the drain time was over before the batch was fetched


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
    wall = clock() if clock is not None else now  # the real time: shared state is kept in it
    if plan:
        report.planned = await plan_due(db, renderer, now, dry_run, timezone, created=wall)
    if dry_run:
        report.due = await due_now(db, now)
        return report
    tz = ReminderPlan(timezone=timezone).tz
    async with db.session() as session, session.begin():
        report.deferred_quiet = await defer_quiet(session, wall, tz)
    # What is due: as of `now`, unless the real time is in quiet hours (then only what is due
    # by now for real: status notices; reminders wait for the morning).
    as_of = wall if QuietHours().next_allowed(wall, tz) != wall else now
    if notifier is not None:
        report.delivery = DeliveryReport()
        await _drain(db, notifier, wall, as_of, worker_id, pace, batch, policy, clock,
                     drain_for, report)
    return report


async def _drain(db: Database, notifier: Notifier, start: dt.datetime, as_of: dt.datetime,
                 worker_id: str, pace: Pace | None, batch: int, policy: RetryPolicy | None,
                 clock: Callable[[], dt.datetime] | None, drain_for: float,
                 report: TickReport) -> None:
    """Deliver batch after batch; with a clock, the next batch is fetched while this one sends.

    `start` is the real time (the clock's, or the pinned `now` without one); rows due by
    `as_of` (or by the real time, whichever is later) are taken."""
    assert report.delivery is not None
    # Without a clock nothing can wait for a slot: the whole batch may go at once.
    horizon = HORIZON_SECONDS if clock is not None else batch / (pace.rate if pace else 1.0)
    deadline = start + dt.timedelta(seconds=drain_for)
    pause, published = Pause(), None
    shared = SharedPause(db, pace) if pace is not None and clock is not None else None
    # With a clock, slots are reserved from the current time, not from the tick's `now` (taken
    # before planning, maybe seconds ago, or a later time to plan as of): stale slots would all
    # be "due" and go out back to back, future ones would hold every instance back.
    fetch: asyncio.Task[_Batch] | None = asyncio.create_task(
        _fetch(db, pace, batch, start, horizon, worker_id, as_of, clock))
    try:
        while fetch is not None:
            got = await fetch
            fetch = None
            drained = got.granted > len(got.claimed)  # slots outnumbered what was due
            more = clock is not None and not got.stop
            if more and not drained and got.slots:
                assert clock is not None
                fetch = asyncio.create_task(_fetch(
                    db, pace, batch, got.slots[-1] - dt.timedelta(seconds=LEAD_SECONDS),
                    horizon, worker_id, as_of, clock, deadline))
            if got.claimed:
                paced = PacedNotifier(notifier, got.slots or [], got.at, clock, pause, shared)
                done = await deliver_claimed(db, paced, got.claimed, got.at, worker_id,
                                             policy=policy, clock=clock)
                _add(report.delivery, done)
            if pace is not None and pause.until is not None and pause.until != published:
                # Telegram's wait is bot-wide: push the shared pace so every instance waits.
                async with db.session() as session, session.begin():
                    await pause_until(session, pace, pause.until, got.at)
                published = pause.until
                report.paused_for = max(report.paused_for, pause.retry_after)
            if fetch is None and more:
                assert clock is not None
                if drained or not got.granted:
                    # Nothing due now, or the pace is paused or fully booked: go on only for
                    # rows due within the horizon (e.g. those a 429 put back), else done.
                    soon = clock() + dt.timedelta(seconds=horizon)
                    if not await due_now(db, max(soon, as_of), limit=1):
                        return
                    await asyncio.sleep(MAX_IDLE_SLEEP / 10)
                fetch = asyncio.create_task(
                    _fetch(db, pace, batch, clock(), horizon, worker_id, as_of, clock, deadline))
    finally:
        if fetch is not None:  # only after an error: the claimed rows return when leases end
            fetch.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await fetch


async def _fetch(db: Database, pace: Pace | None, want: int, at: dt.datetime, horizon: float,
                 worker_id: str, as_of: dt.datetime,
                 clock: Callable[[], dt.datetime] | None = None,
                 deadline: dt.datetime | None = None) -> _Batch:
    """Reserve up to `want` slots and claim as many rows due by `as_of`, in one short transaction.

    With a clock, first wait until `at` (and give up when `deadline` has passed). Slots and
    leases run from the real time `at`, never from `as_of`. Slots left without a row are handed
    back to the pace in the same transaction.
    """
    if clock is not None:
        wait = (at - clock()).total_seconds()
        if wait > 0:
            await asyncio.sleep(wait)
        at = clock()
        if deadline is not None and at >= deadline:
            return _Batch(at, 0, [], None, stop=True)
    async with db.session() as session, session.begin():
        reservation = None
        granted = want
        if pace is not None:
            reservation = await reserve_slots(session, pace, want, at, horizon)
            granted = len(reservation.slots)
        claimed = (await ob.claim_due(session, at, worker_id, granted, LEASE,
                                      due_by=max(at, as_of)) if granted else [])
        if pace is not None and reservation is not None:
            await release(session, pace, reservation, len(claimed))
    slots = None if reservation is None else reservation.slots[: len(claimed)]
    return _Batch(at, granted, claimed, slots)


def _add(total: DeliveryReport, part: DeliveryReport) -> None:
    for name in ("claimed", "sent", "throttled", "retried", "blocked", "unreachable",
                 "uncertain", "failed", "dead", "lost_claim"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.sent_ids.extend(part.sent_ids)


async def due_now(db: Database, now: dt.datetime, limit: int = 200) -> list[DueMessage]:
    """Rows a real tick would claim at `now` (pending and due, or with an expired lease)."""
    claimable = or_(
        and_(OutboxMessage.status == ob.PENDING, OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == ob.SENDING, OutboxMessage.lease_until < now,
             OutboxMessage.send_started_at.is_(None)),
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
