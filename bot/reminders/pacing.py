"""Pacing shared by every instance: send slots reserved in the database, quiet hours.

- `reserve`: the bot-wide sending pace (~30 msg/s per bot, whatever the number of instances)
  as a virtual schedule (GCRA): one `send_budget` row holds the next free send time; a worker
  reserves k slots `1/rate` apart with a compare-and-set, then sends each at its time. Unlike a
  token bucket with a small capacity, no capacity is lost when a worker wakes a little late,
  and any one-second window holds at most ⌈rate⌉ + 1 reserved slots.
- `pause_all`: after a 429, push the next free slot `retry_after` seconds ahead, so no
  instance reserves a slot before Telegram's wait is over, and note the pause in its own row
  (`<pace>:pause`), which every sender reads before each send (`SharedPause`): slots already
  reserved by other instances are not used either, so the whole bot stops at once.
- A slot missed by more than `LATE_TOLERANCE` (a stalled event loop) is not used: the message
  goes back to the queue untried, so late sends never bunch up above the rate.
- `defer_quiet`: during quiet hours (21:00–07:00), pending reminder rows that fell due are moved
  to the morning instead of being claimed (status notices are not touched).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import outbox as ob
from bot.db.delivery import Notifier, SendOutcome, SendResult
from bot.db.models import OutboxMessage, SendBudget
from bot.db.session import Database
from bot.db.upsert import insert_or_ignore
from bot.reminders.messages import KIND_DIGEST, KIND_OPENING, KIND_REMINDER
from bot.reminders.plan import QuietHours

QUIET_KINDS = (KIND_REMINDER, KIND_DIGEST, KIND_OPENING)
_CAS_TRIES = 5
# Telegram's bot-wide limit is 30 msg/s. Slots are 1/rate apart and a sender that wakes more
# than LATE_TOLERANCE after its slot does not use it, so a 1-second window holds at most
# (1 + tolerance) * rate + 1 sends: 28.5 at 25/s, leaving room for the jitter of the two short
# database round-trips (pause check, send key) between waking and sending.
LATE_TOLERANCE = 0.1


@dataclass(frozen=True)
class Pace:
    """`rate` sends per second for the whole bot, in row `name` of `send_budget`."""

    name: str = "outbox-pace"
    rate: float = 25.0


async def _seed(session: AsyncSession, pace: Pace, now: dt.datetime) -> None:
    seed = {"name": pace.name, "updated_at": now, "revision": 0}
    await insert_or_ignore(session, SendBudget.__table__, seed, ("name",), "name")  # type: ignore[arg-type]


@dataclass(frozen=True)
class Reservation:
    """Send slots taken from the pace; `revision` is the pace row's version after taking them."""

    slots: list[dt.datetime]
    revision: int = -1


async def reserve(session: AsyncSession, pace: Pace, want: int, now: dt.datetime,
                  horizon: float) -> list[dt.datetime]:
    """Up to `want` send times, `1/rate` apart, none later than now + horizon seconds."""
    return (await reserve_slots(session, pace, want, now, horizon)).slots


async def reserve_slots(session: AsyncSession, pace: Pace, want: int, now: dt.datetime,
                        horizon: float) -> Reservation:
    """Like `reserve`, keeping the row's revision so unused slots can be handed back."""
    if want <= 0 or pace.rate <= 0:
        return Reservation([])
    step = dt.timedelta(seconds=1.0 / pace.rate)
    limit = now + dt.timedelta(seconds=horizon)
    for _ in range(_CAS_TRIES):
        row = (await session.execute(
            select(SendBudget.updated_at, SendBudget.revision).where(SendBudget.name == pace.name)
        )).first()
        if row is None:
            await _seed(session, pace, now)
            continue
        next_free, revision = row
        first = max(next_free, now)
        slots = [first + step * i for i in range(want) if first + step * i <= limit]
        if not slots:
            return Reservation([])
        written = await session.execute(
            update(SendBudget)
            .where(SendBudget.name == pace.name, SendBudget.revision == revision)
            .values(updated_at=slots[-1] + step, revision=revision + 1)
            .returning(SendBudget.name)
            .execution_options(synchronize_session=False)
        )
        if written.first() is not None:
            return Reservation(slots, revision + 1)
    return Reservation([])


async def release(session: AsyncSession, pace: Pace, reservation: Reservation,
                  used: int) -> bool:
    """Hand back the slots after the first `used`, unless someone reserved after us."""
    if used >= len(reservation.slots):
        return False
    written = await session.execute(
        update(SendBudget)
        .where(SendBudget.name == pace.name, SendBudget.revision == reservation.revision)
        .values(updated_at=reservation.slots[used], revision=reservation.revision + 1)
        .returning(SendBudget.name)
        .execution_options(synchronize_session=False)
    )
    return written.first() is not None


async def pause_all(session: AsyncSession, pace: Pace, seconds: float,
                    now: dt.datetime) -> None:
    """No slot for anyone before now + seconds (never shortens a longer pause)."""
    await pause_until(session, pace, now + dt.timedelta(seconds=seconds), now)


async def pause_until(session: AsyncSession, pace: Pace, resume: dt.datetime,
                      now: dt.datetime) -> None:
    """No slot for anyone before `resume`, no send either (never shortens a longer pause)."""
    for name in (pace.name, pause_name(pace)):
        seed = {"name": name, "updated_at": now, "revision": 0}
        await insert_or_ignore(session, SendBudget.__table__, seed, ("name",), "name")  # type: ignore[arg-type]
        await session.execute(
            update(SendBudget)
            .where(SendBudget.name == name, SendBudget.updated_at < resume)
            .values(updated_at=resume, revision=SendBudget.revision + 1)
            .execution_options(synchronize_session=False)
        )


def pause_name(pace: Pace) -> str:
    """The `send_budget` row holding until when Telegram asked the whole bot to wait."""
    return f"{pace.name}:pause"


class SharedPause:
    """The bot-wide 429 pause in the database: written at once after a 429, read by the outbox
    before each send (`PacedNotifier.pause_row`)."""

    def __init__(self, db: Database, pace: Pace) -> None:
        self.db, self.pace = db, pace

    async def publish(self, resume: dt.datetime, now: dt.datetime) -> None:
        async with self.db.session() as session, session.begin():
            await pause_until(session, self.pace, resume, now)


@dataclass
class Pause:
    """Until when Telegram asked this worker's bot to wait (after a 429), shared by its batches."""

    until: dt.datetime | None = None
    retry_after: float = 0.0  # the longest wait Telegram asked for

    def hold(self, resume: dt.datetime, retry_after: float) -> None:
        if self.until is None or resume > self.until:
            self.until = resume
        self.retry_after = max(self.retry_after, retry_after, 1.0)


class PacedNotifier:
    """Sends each message of one batch at its reserved slot (sleeping until then with a clock).

    After a 429 (seen by this or an earlier batch of the worker, in the shared `pause`, or by
    any instance, in the database row `pause_row`, which the outbox reads in the transaction
    that commits each message's send key, right before the send), a message whose
    slot falls before the end of the wait is not sent but answered `retry_later` at once, so it
    goes back to the queue untried; a 429 seen here is published to `shared` at once. A slot
    missed by more than `LATE_TOLERANCE` is answered `skipped` (back to the queue untried).
    `prepare` waits for the slot and checks all this; `send` then only sends (the outbox commits
    the message's send key between the two).
    Without a clock, time stands still at `now` (one pass, as the tests pin it).
    """

    def __init__(self, inner: Notifier, slots: list[dt.datetime], now: dt.datetime,
                 clock: Callable[[], dt.datetime] | None = None,
                 pause: Pause | None = None, shared: SharedPause | None = None) -> None:
        self.inner, self.now, self.clock = inner, now, clock
        self.slots: deque[dt.datetime] = deque(slots)
        self.pause = pause or Pause()
        self.shared = shared
        # The outbox reads this row in the transaction that commits the send key (one round-trip).
        self.pause_row = pause_name(shared.pace) if shared is not None else None
        self._prepared = 0  # slots waited for whose message has not been sent yet

    def time(self) -> dt.datetime:
        return self.clock() if self.clock is not None else self.now

    async def prepare(self) -> SendResult | None:
        """Wait for the next message's slot; a result means "do not send it" (paused, late)."""
        held = await self._wait_for_slot()
        if held is None:
            self._prepared += 1
        return held

    async def _wait_for_slot(self) -> SendResult | None:
        at = self.slots.popleft() if self.slots else None
        until = self.pause.until
        if until is not None and (at or self.time()) < until:
            return SendResult.retry_later(max(1.0, (until - self.time()).total_seconds()))
        if at is not None and self.clock is not None:
            wait = (at - self.clock()).total_seconds()
            if wait > 0:
                await asyncio.sleep(wait)
            if (self.clock() - at).total_seconds() > LATE_TOLERANCE:
                # Woken too late (a stalled loop): using this slot now would bunch sends.
                return SendResult.skipped()
        inner_prepare = getattr(self.inner, "prepare", None)
        return await inner_prepare() if inner_prepare is not None else None

    def paused(self, resume: dt.datetime, seconds: float) -> None:
        """Another instance's 429, seen in `pause_row`: hold this worker's later sends too."""
        self.pause.hold(resume, seconds)

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        if not self._prepared:
            held = await self._wait_for_slot()
            if held is not None:
                return held
        else:
            self._prepared -= 1
        result = await self.inner.send(chat_id, payload)
        if result.outcome is SendOutcome.RETRY_AFTER:
            wait_for = max(result.retry_after, 1.0)
            resume = self.time() + dt.timedelta(seconds=wait_for)
            self.pause.hold(resume, wait_for)
            if self.shared is not None:
                await self.shared.publish(resume, self.time())
        return result


async def defer_quiet(session: AsyncSession, now: dt.datetime, tz: dt.tzinfo,
                      quiet: QuietHours | None = None) -> int:
    """Move due reminder rows to the end of the quiet window; the number moved."""
    morning = (quiet or QuietHours()).next_allowed(now, tz)
    if morning == now:
        return 0
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == ob.PENDING, OutboxMessage.kind.in_(QUIET_KINDS),
               OutboxMessage.due_at < morning)
        .values(due_at=morning)
        .execution_options(synchronize_session=False)
    )
    return int(getattr(result, "rowcount", 0) or 0)
