"""The outbox: messages to push (status notices, reminders), planned idempotently, claimed once.

- `enqueue` inserts unless `dedupe_key` exists, so re-planning never duplicates.
- `claim_due` moves due rows (and rows whose worker's lease expired) to `sending` in one
  statement: `FOR UPDATE SKIP LOCKED` on PostgreSQL; on SQLite the UPDATE itself holds the single
  write lock. Two workers never claim the same row while its lease runs.
- `mark_started` commits the per-send key (`send_started_at`) right before a send; a row whose
  lease expired with that key set may have reached Telegram: `claim_due` makes it `uncertain`
  instead of claiming it again (never resent; ADR 004's reconciliation rule).
- `mark_*` record the outcome only if this worker still holds the claim.
Functions never commit. In the bot a pass is driven by `bot.reminders.tick` (slots reserved by
`bot.reminders.pacing`, sends by `bot.db.delivery.deliver_claimed`); `deliver_due` is the unpaced
one-pass helper of tests and tools.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import OutboxMessage, SendBudget
from bot.db.upsert import insert_or_ignore

PENDING, SENDING, SENT, FAILED, DEAD = "pending", "sending", "sent", "failed", "dead"
# The request reached Telegram but its answer was lost: maybe delivered, never resent (ADR 004).
UNCERTAIN = "uncertain"
MAX_ERROR_LENGTH = 500
ABANDONED_IN_SEND = "worker stopped during the send; maybe delivered, not resent"


@dataclass(frozen=True)
class ClaimedMessage:
    """A row this worker now owns until `lease_until`."""

    id: int
    dedupe_key: str
    chat_id: int
    officer_id: int | None
    kind: str
    payload: dict[str, Any]
    attempts: int
    lease_until: dt.datetime | None = None


async def enqueue(
    session: AsyncSession,
    dedupe_key: str,
    chat_id: int,
    payload: dict[str, Any],
    due_at: dt.datetime,
    kind: str,
    officer_id: int | None = None,
    now: dt.datetime | None = None,
    coalesce_key: str | None = None,
) -> int | None:
    """Plan a message; return its id, or None when `dedupe_key` was already planned."""
    values = {
        "dedupe_key": dedupe_key,
        "coalesce_key": coalesce_key,
        "chat_id": chat_id,
        "officer_id": officer_id,
        "kind": kind,
        "payload": payload,
        "due_at": due_at,
        "status": PENDING,
        "attempts": 0,
        "created_at": now or due_at,
    }
    table = OutboxMessage.__table__
    return await insert_or_ignore(session, table, values, ("dedupe_key",), "id")  # type: ignore[arg-type]


async def pending_with(
    session: AsyncSession, coalesce_key: str
) -> tuple[int, dict[str, Any]] | None:
    """The still-pending (unclaimed) message planned under `coalesce_key`, as (id, payload)."""
    row = (
        await session.execute(
            select(OutboxMessage.id, OutboxMessage.payload)
            .where(OutboxMessage.coalesce_key == coalesce_key, OutboxMessage.status == PENDING)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
            .with_for_update()
        )
    ).first()
    return None if row is None else (int(row[0]), dict(row[1] or {}))


async def replace_pending(session: AsyncSession, message_id: int, payload: dict[str, Any]) -> bool:
    """Swap the payload of a message nobody has claimed yet; False when a worker took it first."""
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == PENDING)
        .values(payload=payload)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))


async def claim_due(
    session: AsyncSession, now: dt.datetime, worker_id: str, limit: int, lease: dt.timedelta,
    due_by: dt.datetime | None = None,
) -> list[ClaimedMessage]:
    """Claim up to `limit` due messages (oldest first) for `worker_id`; commit to publish.

    `now` is the real time: leases run from it and expire against it. `due_by` (default `now`)
    is the cutoff for pending rows: a tick run as of a later time (`tdkt reminders tick --now`)
    takes what is due then, while its claims stay in the present.
    """
    if limit <= 0:
        return []
    abandoned = and_(
        OutboxMessage.status == SENDING,
        OutboxMessage.lease_until < now,
        OutboxMessage.send_started_at.is_not(None),
    )
    # Rows another claimer is sweeping are skipped, not waited for (no lock-order deadlock).
    stale = (
        select(OutboxMessage.id)
        .where(abandoned)
        .with_for_update(skip_locked=True)
        .cte("stale")
        .prefix_with("MATERIALIZED")
    )
    await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(select(stale.c.id)), abandoned)
        .values(status=UNCERTAIN, lease_until=None, last_error=ABANDONED_IN_SEND)
        .execution_options(synchronize_session=False)
    )
    claimable = or_(
        and_(OutboxMessage.status == PENDING, OutboxMessage.due_at <= (due_by or now)),
        and_(
            OutboxMessage.status == SENDING,
            OutboxMessage.lease_until < now,
            OutboxMessage.send_started_at.is_(None),
        ),
    )
    # A materialized CTE runs the LIMIT-ed, SKIP LOCKED selection exactly once; as a plain
    # `IN (subquery)` PostgreSQL may re-run it per row and claim more than `limit` rows.
    candidates = (
        select(OutboxMessage.id)
        .where(claimable)
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("due")
        .prefix_with("MATERIALIZED")
    )
    result = await session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id.in_(select(candidates.c.id)), claimable)
        .values(
            status=SENDING,
            claimed_by=worker_id,
            lease_until=now + lease,
            send_started_at=None,
            attempts=OutboxMessage.attempts + 1,
        )
        .returning(
            OutboxMessage.id,
            OutboxMessage.dedupe_key,
            OutboxMessage.chat_id,
            OutboxMessage.officer_id,
            OutboxMessage.kind,
            OutboxMessage.payload,
            OutboxMessage.attempts,
            OutboxMessage.lease_until,
        )
        .execution_options(synchronize_session=False)
    )
    claimed = [ClaimedMessage(*row) for row in result.all()]  # type: ignore[call-arg]
    return sorted(claimed, key=lambda m: m.id)


async def mark_started(
    session: AsyncSession,
    message_id: int,
    worker_id: str,
    now: dt.datetime,
    pause_row: str | None = None,
) -> bool:
    """Record, before the request leaves, that this claim is sending, in one statement.

    False when this worker lost the claim, or when the bot-wide pause in `send_budget` row
    `pause_row` runs past `now` (a 429 seen by any instance): then nothing is recorded.
    """
    query = update(OutboxMessage).where(
        OutboxMessage.id == message_id,
        OutboxMessage.status == SENDING,
        OutboxMessage.claimed_by == worker_id,
    )
    if pause_row is not None:
        query = query.where(
            ~exists().where(SendBudget.name == pause_row, SendBudget.updated_at > now)
        )
    result = await session.execute(
        query.values(send_started_at=now)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return result.first() is not None


async def mark_sent(
    session: AsyncSession,
    message_id: int,
    worker_id: str,
    telegram_message_id: int,
    now: dt.datetime,
) -> bool:
    """Record delivery; False when this worker no longer held the claim (lease expired)."""
    return await _finish(
        session,
        message_id,
        worker_id,
        status=SENT,
        sent_at=now,
        telegram_message_id=telegram_message_id,
        lease_until=None,
        last_error=None,
    )


async def mark_retry(
    session: AsyncSession,
    message_id: int,
    worker_id: str,
    error: str,
    retry_at: dt.datetime,
    count_attempt: bool = True,
) -> bool:
    """Put the message back in the queue for `retry_at`; a rate limit does not count as a try."""
    extra: dict[str, Any] = {} if count_attempt else {"attempts": OutboxMessage.attempts - 1}
    return await _finish(
        session,
        message_id,
        worker_id,
        status=PENDING,
        due_at=retry_at,
        claimed_by=None,
        lease_until=None,
        send_started_at=None,
        last_error=error[:MAX_ERROR_LENGTH],
        **extra,
    )


async def mark_dead(session: AsyncSession, message_id: int, worker_id: str, error: str) -> bool:
    """Give up on the message (recipient unreachable, or too many failed tries)."""
    return await _finish(
        session,
        message_id,
        worker_id,
        status=DEAD,
        lease_until=None,
        last_error=error[:MAX_ERROR_LENGTH],
    )


async def mark_uncertain(
    session: AsyncSession, message_id: int, worker_id: str, error: str, now: dt.datetime
) -> bool:
    """The answer to our send was lost: Telegram may have delivered it, so it is not resent."""
    return await _finish(
        session,
        message_id,
        worker_id,
        status=UNCERTAIN,
        sent_at=now,
        lease_until=None,
        last_error=error[:MAX_ERROR_LENGTH],
    )


async def mark_failed(session: AsyncSession, message_id: int, worker_id: str, error: str) -> bool:
    """Telegram refused the message itself (e.g. bad HTML): a bug to fix, not something to retry."""
    return await _finish(
        session,
        message_id,
        worker_id,
        status=FAILED,
        lease_until=None,
        last_error=error[:MAX_ERROR_LENGTH],
    )


async def _finish(session: AsyncSession, message_id: int, worker_id: str, **values: Any) -> bool:
    result = await session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.id == message_id,
            OutboxMessage.status == SENDING,
            OutboxMessage.claimed_by == worker_id,
        )
        .values(**values)
        .returning(OutboxMessage.id)
        .execution_options(synchronize_session=False)
    )
    return result.first() is not None
