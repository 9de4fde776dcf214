"""One delivery pass over the outbox: claim due messages, send each, record the outcome.

Telegram's send has no idempotency key, so we keep our own per send: the claim is committed
before sending, then each message's send key (`send_started_at`) is committed right before its
request leaves, and its outcome right after. A row whose outcome never came (answer lost, or
the worker died mid-send) has its key set and becomes `uncertain`: maybe delivered, never resent
(ADR 004's reconciliation rule). A row claimed but never started is sent once its lease ends.
The next send does not wait for the outcome's commit (a background recorder groups the outcomes
that queue up while the database is busy into one transaction); no transaction is ever open
across a send. Outcomes:
- sent → `sent` with Telegram's message id;
- retry_after (429) → back to `pending` at now + retry_after, not counted as a failed try, and
  the rest of the batch waits too (the limit is bot-wide);
- blocked ("bot was blocked by the user") → the officer is made inactive (until their next
  update), the message is `dead`;
- unreachable ("chat not found", "bot can't initiate conversation": the user never opened the
  bot) → the message is `dead`, the officer stays active and is noted as unreachable;
- uncertain (the request went out but its answer was lost, e.g. a read timeout) → `uncertain`,
  never resent: Telegram may well have delivered it (ADR 004's reconciliation rule);
- rejected (400, e.g. bad HTML) → `failed`, never retried;
- transient error (the request never reached Telegram, or a 5xx) → exponential backoff, `dead`
  after `max_attempts` tries.
A message is not even tried when its claim's lease would end before the longest send could
finish (another worker may then claim it): it goes back to the queue untried.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import officers
from bot.db import outbox as ob
from bot.db.models import SendBudget

if TYPE_CHECKING:
    from bot.db.session import Database

log = logging.getLogger(__name__)
# How long a claim holds a row: a worker that dies holding rows lets them go after this.
LEASE = dt.timedelta(seconds=15)
# The longest one send may take (connect + write + read timeouts of the notifier's Bot): a send
# is started only while this much of its claim's lease is left, so it never overlaps a takeover.
SEND_TIMEOUT = dt.timedelta(seconds=12)
# Sends ahead of their recorded outcomes at most (a third of a second at Telegram's pace): bounds
# what a crash leaves `uncertain` and how far sending runs on after the database failed.
MAX_UNRECORDED = 10
# Messages of one worker whose key and send may be in progress at once (paced, real-time mode).
MAX_IN_FLIGHT = 4


class SendOutcome(StrEnum):
    SENT = "sent"
    RETRY_AFTER = "retry_after"
    BLOCKED = "blocked"
    UNREACHABLE = "unreachable"
    UNCERTAIN = "uncertain"
    SKIPPED = "skipped"
    TRANSIENT_ERROR = "transient_error"
    REJECTED = "rejected"


@dataclass(frozen=True)
class SendResult:
    """What the notifier observed; build with the class methods."""

    outcome: SendOutcome
    message_id: int | None = None
    retry_after: float = 0.0
    error: str = ""

    @classmethod
    def sent(cls, message_id: int) -> SendResult:
        return cls(SendOutcome.SENT, message_id=message_id)

    @classmethod
    def retry_later(cls, seconds: float) -> SendResult:
        return cls(SendOutcome.RETRY_AFTER, retry_after=seconds, error=f"retry_after {seconds}")

    @classmethod
    def blocked(cls, error: str = "blocked") -> SendResult:
        return cls(SendOutcome.BLOCKED, error=error)

    @classmethod
    def unreachable(cls, error: str = "chat not found") -> SendResult:
        return cls(SendOutcome.UNREACHABLE, error=error)

    @classmethod
    def uncertain(cls, error: str = "answer lost") -> SendResult:
        return cls(SendOutcome.UNCERTAIN, error=error)

    @classmethod
    def skipped(cls, error: str = "slot missed") -> SendResult:
        """Not tried (its send slot had passed): back to the queue, not a failed try."""
        return cls(SendOutcome.SKIPPED, error=error)

    @classmethod
    def transient_error(cls, error: str) -> SendResult:
        return cls(SendOutcome.TRANSIENT_ERROR, error=error)

    @classmethod
    def rejected(cls, error: str) -> SendResult:
        return cls(SendOutcome.REJECTED, error=error)


class Notifier(Protocol):
    """Pushes one stored payload (`text`, `parse_mode`, `buttons`) to a chat."""

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult: ...


@dataclass(frozen=True)
class RetryPolicy:
    """Backoff for transient errors: base, 2×base, 4×base… up to `cap`; dead after N tries."""

    max_attempts: int = 6
    base: dt.timedelta = dt.timedelta(seconds=30)
    cap: dt.timedelta = dt.timedelta(hours=1)

    def retry_at(self, now: dt.datetime, attempts: int) -> dt.datetime:
        return now + min(self.cap, self.base * 2 ** max(0, attempts - 1))


@dataclass
class DeliveryReport:
    """Counts of one pass (`lost_claim`: our lease had expired and another worker took over)."""

    claimed: int = 0
    sent: int = 0
    throttled: int = 0
    retried: int = 0
    blocked: int = 0
    unreachable: int = 0
    uncertain: int = 0
    failed: int = 0
    dead: int = 0
    lost_claim: int = 0
    sent_ids: list[int] = field(default_factory=list)


async def deliver_due(
    db: Database,
    notifier: Notifier,
    now: dt.datetime,
    worker_id: str,
    batch: int,
    *,
    lease: dt.timedelta = LEASE,
    policy: RetryPolicy | None = None,
) -> DeliveryReport:
    """Claim up to `batch` due messages and deliver them at once, unpaced: one pass for tests and
    tools. The bot itself paces sends (ADR 004): `bot.reminders.tick` reserves send slots with
    `bot.reminders.pacing` and hands the claimed rows to `deliver_claimed`."""
    claimed = await claim(db, now, worker_id, batch, lease=lease)
    return await deliver_claimed(db, notifier, claimed, now, worker_id, policy=policy)


async def claim(
    db: Database,
    now: dt.datetime,
    worker_id: str,
    batch: int,
    *,
    lease: dt.timedelta = LEASE,
) -> list[ob.ClaimedMessage]:
    """Claim up to `batch` due messages in one short, committed transaction."""
    async with db.session() as session, session.begin():
        return await ob.claim_due(session, now, worker_id, batch, lease)


async def deliver_claimed(
    db: Database,
    notifier: Notifier,
    claimed: list[ob.ClaimedMessage],
    now: dt.datetime,
    worker_id: str,
    *,
    policy: RetryPolicy | None = None,
    clock: Callable[[], dt.datetime] | None = None,
) -> DeliveryReport:
    """Send claimed messages in order; each outcome is committed as soon as the database allows.

    Sending never waits for the database: outcomes go to a recorder that commits them (grouped
    when several are waiting) while the next message is sent, so a slow commit cannot push a
    send past its slot. After a 429 the rest goes back to the queue untried, until the wait
    Telegram asked for (from `clock()` when given, else from `now`). If recording fails, sending
    stops and the error is raised.
    """
    report = DeliveryReport(claimed=len(claimed))
    recorder = _Recorder(db, worker_id, now, policy or RetryPolicy(), report)
    pause_until: dt.datetime | None = None
    # With a clock (real time), a message's key and send run while the next one waits for its
    # slot: one slow round-trip never holds back the pace. Without one, strictly in turn.
    lanes = asyncio.Semaphore(MAX_IN_FLIGHT if clock is not None else 1)
    flying: set[asyncio.Task[None]] = set()

    async def deliver(message: ob.ClaimedMessage, held: SendResult | None) -> None:
        nonlocal pause_until
        try:
            result = held if held is not None else await _start_and_send(
                db, notifier, message, worker_id, clock() if clock is not None else now)
            if result is None:
                report.lost_claim += 1  # another worker took it over: not ours to send
                return
            if result.outcome is SendOutcome.RETRY_AFTER:
                seen = clock() if clock is not None else now
                resume = seen + dt.timedelta(seconds=max(result.retry_after, 1.0))
                pause_until = max(resume, pause_until) if pause_until is not None else resume
            recorder.add(message, result, pause_until)
        finally:
            lanes.release()

    try:
        for message in claimed:
            await recorder.room(MAX_UNRECORDED)
            if pause_until is not None:
                # Telegram asked the whole bot to wait: do not even try the rest of the batch.
                recorder.add(message, None, pause_until)
                continue
            if clock is not None and message.lease_until is not None:
                seen = clock()
                if seen + SEND_TIMEOUT > message.lease_until:
                    # Too late to send under this claim (an earlier send hung): back untried.
                    recorder.add(message, None, seen)
                    continue
            await lanes.acquire()
            prepare = getattr(notifier, "prepare", None)  # a paced notifier waits for the slot
            try:
                held: SendResult | None = await prepare() if prepare is not None else None
            except BaseException:
                lanes.release()
                raise
            task = asyncio.create_task(deliver(message, held))
            flying.add(task)
            task.add_done_callback(flying.discard)
            if clock is None:
                await task
        if flying:
            await asyncio.gather(*flying)
    finally:
        for task in list(flying):
            task.cancel()
        if flying:
            await asyncio.gather(*flying, return_exceptions=True)
        await recorder.close()
    return report


async def _start_and_send(
    db: Database,
    notifier: Notifier,
    message: ob.ClaimedMessage,
    worker_id: str,
    started: dt.datetime,
) -> SendResult | None:
    """Commit the message's send key, then send it; None when the claim was lost."""
    verdict = await _start(db, message, worker_id, started, getattr(notifier, "pause_row", None))
    if verdict is False:
        return None
    if isinstance(verdict, dt.datetime):  # another instance got a 429: wait too
        left = (verdict - started).total_seconds()
        note = getattr(notifier, "paused", None)
        if note is not None:
            note(verdict, left)
        return SendResult.retry_later(max(1.0, left))
    return await _send(notifier, message)


class _Recorder:
    """Commits send outcomes in the background, all waiting outcomes in one transaction."""

    def __init__(
        self,
        db: Database,
        worker_id: str,
        now: dt.datetime,
        policy: RetryPolicy,
        report: DeliveryReport,
    ) -> None:
        self.db, self.worker_id, self.now, self.policy = db, worker_id, now, policy
        self.report = report
        self.waiting: list[tuple[ob.ClaimedMessage, SendResult | None, dt.datetime | None]] = []
        self.committing = 0
        self.wake, self.progress = asyncio.Event(), asyncio.Event()
        self.closing = False
        self.task = asyncio.create_task(self._run())

    async def room(self, limit: int) -> None:
        """Wait while `limit` outcomes are still unrecorded; raise if recording failed."""
        while True:
            self.raise_if_failed()
            if len(self.waiting) + self.committing < limit:
                return
            self.progress.clear()
            await self.progress.wait()

    def add(
        self,
        message: ob.ClaimedMessage,
        result: SendResult | None,
        paused_until: dt.datetime | None,
    ) -> None:
        """Queue one outcome; `result` None means "not tried, paused until `paused_until`"."""
        self.waiting.append((message, result, paused_until))
        self.wake.set()

    def raise_if_failed(self) -> None:
        if self.task.done() and self.task.exception() is not None:
            raise self.task.exception()  # type: ignore[misc]

    async def close(self) -> None:
        self.closing = True
        self.wake.set()
        await self.task

    async def _run(self) -> None:
        try:
            while True:
                await self.wake.wait()
                self.wake.clear()
                while self.waiting:
                    group, self.waiting = self.waiting, []
                    self.committing = len(group)
                    await self._commit(group)
                    self.committing = 0
                    self.progress.set()
                if self.closing:
                    return
        finally:
            self.progress.set()  # a sender waiting for room sees the failure

    async def _commit(
        self, group: list[tuple[ob.ClaimedMessage, SendResult | None, dt.datetime | None]]
    ) -> None:
        counters: list[tuple[int, str]] = []
        async with self.db.session() as session, session.begin():
            for message, result, paused_until in group:
                if result is None:
                    assert paused_until is not None
                    held = await ob.mark_retry(
                        session,
                        message.id,
                        self.worker_id,
                        "paused",
                        paused_until,
                        count_attempt=False,
                    )
                    counter = "throttled" if held else "lost_claim"
                else:
                    counter = await _record(
                        session,
                        message,
                        result,
                        self.now,
                        self.worker_id,
                        self.policy,
                        paused_until,
                    )
                counters.append((message.id, counter))
        for message_id, counter in counters:
            _count(self.report, counter)
            if counter == "sent":
                self.report.sent_ids.append(message_id)


async def _start(
    db: Database,
    message: ob.ClaimedMessage,
    worker_id: str,
    now: dt.datetime,
    pause_row: str | None = None,
) -> bool | dt.datetime:
    """Commit the per-send key before the request leaves (ADR 004's reconciliation rule).

    One statement, which also checks the bot-wide 429 pause (`pause_row` of `send_budget`):
    while it runs nothing is marked and its end is returned. False: this worker lost the claim.
    On PostgreSQL the statement runs in autocommit (one round-trip before each send).
    """
    if db.is_postgres:
        async with db.read_session() as session:  # AUTOCOMMIT: the UPDATE commits by itself
            started = await ob.mark_started(session, message.id, worker_id, now, pause_row)
    else:
        async with db.session() as session, session.begin():
            started = await ob.mark_started(session, message.id, worker_id, now, pause_row)
    if started or pause_row is None:
        return started
    async with db.read_session() as session:
        resume = await session.scalar(
            select(SendBudget.updated_at).where(SendBudget.name == pause_row)
        )
    return resume if resume is not None and resume > now else False


async def _send(notifier: Notifier, message: ob.ClaimedMessage) -> SendResult:
    """Call the notifier; an exception escaping it is a transient error, not a crashed pass."""
    try:
        return await notifier.send(message.chat_id, message.payload)
    except Exception as exc:  # the notifier is foreign code; keep the pass alive
        log.warning("notifier raised %s for outbox %s", type(exc).__name__, message.id)
        return SendResult.transient_error(type(exc).__name__)


async def _record(
    session: AsyncSession,
    message: ob.ClaimedMessage,
    result: SendResult,
    now: dt.datetime,
    worker_id: str,
    policy: RetryPolicy,
    paused_until: dt.datetime | None = None,
) -> str:
    """Store the outcome of one send; return the report counter it adds to."""
    held: bool
    match result.outcome:
        case SendOutcome.SENT:
            held = await ob.mark_sent(session, message.id, worker_id, result.message_id or 0, now)
            if message.officer_id is not None:
                await officers.mark_reachable(session, message.officer_id)
            counter = "sent"
        case SendOutcome.RETRY_AFTER:
            retry_at = paused_until or now + dt.timedelta(seconds=max(result.retry_after, 1.0))
            held = await ob.mark_retry(
                session, message.id, worker_id, result.error, retry_at, count_attempt=False
            )
            counter = "throttled"
        case SendOutcome.BLOCKED:
            held = await ob.mark_dead(session, message.id, worker_id, result.error or "blocked")
            await officers.deactivate(session, now, message.officer_id, message.chat_id)
            counter = "blocked"
        case SendOutcome.UNREACHABLE:
            held = await ob.mark_dead(session, message.id, worker_id, result.error)
            if message.officer_id is not None:
                await officers.mark_unreachable(session, now, message.officer_id)
            counter = "unreachable"
        case SendOutcome.SKIPPED:
            held = await ob.mark_retry(
                session, message.id, worker_id, result.error, now, count_attempt=False
            )
            counter = "throttled"
        case SendOutcome.UNCERTAIN:
            held = await ob.mark_uncertain(session, message.id, worker_id, result.error, now)
            counter = "uncertain"
        case SendOutcome.REJECTED:
            held = await ob.mark_failed(session, message.id, worker_id, result.error)
            counter = "failed"
        case _:
            if message.attempts >= policy.max_attempts:
                held = await ob.mark_dead(session, message.id, worker_id, result.error)
                counter = "dead"
            else:
                retry_at = policy.retry_at(now, message.attempts)
                held = await ob.mark_retry(session, message.id, worker_id, result.error, retry_at)
                counter = "retried"
    return counter if held else "lost_claim"


def _count(report: DeliveryReport, counter: str) -> None:
    setattr(report, counter, getattr(report, counter) + 1)
