"""Housekeeping: delete rows that only grow with use and that nobody needs any more.

`prune(db, now)` removes, in batches of `BATCH` rows, one short transaction each (SQLite's single
write lock and PostgreSQL's row locks are held for one batch, never for the whole run):

- `processed_updates` older than `bot.db.updates.RETENTION` (48 h; Telegram gives up
  redelivering an update after 24 h, so an older id can never come back);
- `interview_sessions` untouched for `INTERVIEW_RETENTION` (180 days). The table holds one row per
  (chat, user, flow), so it grows only with people who stopped using the bot; a half-finished
  dossier draft must survive Tết, school summer holidays and the gap between the year-end and
  mid-year rounds (a year-end round runs from about November to March). After half a year the
  draft belongs to a round that is over, and the officer starts a new one;
- `outbox` rows in a final state (`sent`, `failed`, `dead`) due more than `OUTBOX_RETENTION`
  (120 days, longer than a campaign cycle) ago, and only when their key can never be planned
  again (below). `pending` and `sending` rows are never touched.

Never touched: the audit log, dossiers and their events, campaigns, deadlines, officers.

Why a pruned outbox key is never planned again (the unique `dedupe_key` is what stops a message
from being sent twice, so a key may go only once nothing can produce it again):

- `status:<event>:<officer>` (`bot.status.notify`) is planned only in the transaction that
  creates the dossier event; events are append-only and never deleted, so the id is not reused.
- `dig:<officer>:<day>` (`bot.reminders.planner.digest_key`) is planned only with `day` = the
  local date of the tick (`schedule.digest_due`); once that day has passed the key cannot recur.
- `rem:<campaign>:<deadline>:<officer>:<slot>` is planned only while the deadline's local day has
  not ended (`schedule.due_slot` → `deadline_over`). Plans are bounded (`ReminderPlan` refuses
  offsets over `MAX_OFFSET_DAYS` = 90, and an unreadable stored plan falls back to the default),
  so a row due 120 days ago belonged to a deadline at most 91 days after it. But a reviewer may
  *move* a deadline (`campaigns.set_deadline` keeps the slot keys on purpose), which the due date
  alone cannot see; so a reminder row is pruned only when its deadline, read from the
  database now, is over in every time zone (earlier than yesterday, UTC). A deadline still open
  keeps all its keys, however old. Only a deadline reopened after it had been over for weeks
  (its rows already pruned) would be reminded afresh — a new round, which is what reopening means.
- Any other key (a kind added later) is kept until this module learns why it cannot recur.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from bot.db import outbox as ob
from bot.db.models import CampaignDeadline, InterviewSession, OutboxMessage, ProcessedUpdate
from bot.db.session import Database
from bot.db.updates import RETENTION as UPDATE_RETENTION

OUTBOX_RETENTION = dt.timedelta(days=120)
INTERVIEW_RETENTION = dt.timedelta(days=180)
BATCH = 5_000
FINAL_STATUSES = (ob.SENT, ob.UNCERTAIN, ob.FAILED, ob.DEAD)
# Key prefixes written by bot.reminders.planner and bot.status.notify (tests pin them).
REMINDER_PREFIX = "rem:"
ONE_OFF_PREFIXES = ("dig:", "status:")


@dataclass(frozen=True)
class PruneReport:
    """Rows deleted per table (or, in a dry run, that would be deleted)."""

    now: dt.datetime
    dry_run: bool
    processed_updates: int = 0
    outbox: int = 0
    interview_sessions: int = 0

    @property
    def total(self) -> int:
        return self.processed_updates + self.outbox + self.interview_sessions


async def prune(
    db: Database, now: dt.datetime, *, dry_run: bool = False, batch: int = BATCH
) -> PruneReport:
    """Delete what has outlived its retention at `now` (aware); `dry_run` only counts."""
    if now.tzinfo is None:
        raise ValueError("prune needs an aware datetime")
    updates = await _prune_older(
        db, ProcessedUpdate.update_id, ProcessedUpdate.at < now - UPDATE_RETENTION, dry_run, batch
    )
    outbox = await _prune_outbox(db, now, dry_run, batch)
    interviews = await _prune_older(
        db,
        InterviewSession.id,
        InterviewSession.updated_at < now - INTERVIEW_RETENTION,
        dry_run,
        batch,
    )
    return PruneReport(now, dry_run, updates, outbox, interviews)


async def _prune_older(
    db: Database,
    key: InstrumentedAttribute[Any],
    condition: ColumnElement[bool],
    dry_run: bool,
    batch: int,
) -> int:
    """Delete rows matching `condition`, `batch` primary keys per statement and transaction."""
    table = key.class_
    if dry_run:
        async with db.session() as session:
            return int(await session.scalar(select(func.count()).select_from(table)
                                            .where(condition)) or 0)
    total = 0
    while True:
        async with db.session() as session, session.begin():
            chosen = select(key).where(condition).limit(batch)
            result = await session.execute(
                delete(table).where(key.in_(chosen)).execution_options(synchronize_session=False)
            )
        deleted = int(getattr(result, "rowcount", 0) or 0)
        total += deleted
        if deleted < batch:  # done (or another instance is pruning the rest)
            return total
        await asyncio.sleep(0)


async def _prune_outbox(db: Database, now: dt.datetime, dry_run: bool, batch: int) -> int:
    """Final rows older than the retention whose key cannot recur, walked in id order."""
    cutoff = now - OUTBOX_RETENTION
    # Over in every time zone: the local day of the deadline ended before the UTC day began.
    open_from = now.astimezone(dt.UTC).date() - dt.timedelta(days=1)
    total, after = 0, 0
    while True:
        async with db.session() as session, session.begin():
            rows = (await session.execute(
                select(OutboxMessage.id, OutboxMessage.dedupe_key)
                .where(OutboxMessage.status.in_(FINAL_STATUSES), OutboxMessage.due_at < cutoff,
                       OutboxMessage.id > after)
                .order_by(OutboxMessage.id)
                .limit(batch)
            )).all()
            if not rows:
                return total
            after = rows[-1].id
            ids = await _prunable(session, rows, open_from)
            if ids and not dry_run:
                await session.execute(
                    delete(OutboxMessage).where(OutboxMessage.id.in_(ids))
                    .execution_options(synchronize_session=False)
                )
        total += len(ids)
        if len(rows) < batch:
            return total
        await asyncio.sleep(0)


async def _prunable(session: AsyncSession, rows: Sequence[Any], open_from: dt.date) -> list[int]:
    """The ids among `rows` (id, dedupe_key) whose key can never be planned again."""
    reminders: dict[int, int] = {}  # row id → deadline id
    ids: list[int] = []
    for row in rows:
        if row.dedupe_key.startswith(ONE_OFF_PREFIXES):
            ids.append(row.id)
        elif (deadline := reminder_deadline(row.dedupe_key)) is not None:
            reminders[row.id] = deadline
    if reminders:
        over = set((await session.scalars(
            select(CampaignDeadline.id).where(CampaignDeadline.id.in_(set(reminders.values())),
                                              CampaignDeadline.deadline < open_from)
        )).all())
        ids += [row_id for row_id, deadline in reminders.items() if deadline in over]
    return ids


def reminder_deadline(key: str) -> int | None:
    """The deadline id of a reminder key `rem:<campaign>:<deadline>:<officer>:<slot>`."""
    if not key.startswith(REMINDER_PREFIX):
        return None
    parts = key.split(":")
    if len(parts) != 5 or not parts[2].isdigit():
        return None
    return int(parts[2])
