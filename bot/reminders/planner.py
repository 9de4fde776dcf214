"""Turn campaigns into outbox rows: the opening of a new campaign told to each officer of its
units, the reminder due now for each officer of each unit that has not submitted (on the
officer's own days and time when they chose them in /nhac, else the campaign's), and the
reviewers' daily digest in a deadline's last week.

Idempotent: each row's dedupe key is (campaign, deadline, recipient, slot) — `rem:c:d:o:slot` —
`open:c:o` for an opening, or `dig:o:day` for a digest, so every instance may plan every tick;
the database keeps one row, so an opening is told once, whatever the restarts and instances.
An opening is planned in the campaign's first `OPENING_DAYS` days while a deadline is ahead
(officers registered in that week hear of it too; an old campaign is never "new").
Keys already in the outbox are skipped before rendering, so a tick over a planned campaign is
cheap. `plan_due` reads and renders first, then writes the new rows in chunks of `WRITE_CHUNK`,
one short transaction each (a multi-row insert that ignores known keys), yielding to the event
loop between chunks: planning 10,000 reminders never holds SQLite's single write lock for long,
so senders of other instances keep their slots. `dry_run` computes the same rows, writing none.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import outbox as ob
from bot.db.models import OutboxMessage
from bot.db.session import Database
from bot.db.upsert import insert_ignore
from bot.reminders import audience
from bot.reminders.campaigns import CampaignView, list_campaigns
from bot.reminders.messages import (
    KIND_DIGEST,
    KIND_OPENING,
    KIND_REMINDER,
    DigestItem,
    OpeningFacts,
    ReminderFacts,
    digest_payload,
    opening_payload,
    reminder_payload,
)
from bot.reminders.plan import DEFAULT_TIMEZONE, ReminderPlan
from bot.reminders.preferences import MAX_OWN_OFFSET, own_plan
from bot.reminders.schedule import (
    DIGEST_DAYS_AFTER,
    DIGEST_DAYS_BEFORE,
    days_left,
    deadline_over,
    deliver_after,
    digest_due,
    due_slot,
)
from bot.render import Renderer
from bot.status.people import unstaffed_by_reviewer

_KEY_CHUNK = 500
WRITE_CHUNK = 500
RENDER_CHUNK = 200  # rows rendered between two yields to the event loop
OPENING_DAYS = 7


@dataclass(frozen=True)
class PlannedMessage:
    """A row planned (or, in a dry run, that would be planned)."""

    dedupe_key: str
    kind: str
    chat_id: int
    officer_id: int
    due_at: dt.datetime
    payload: dict[str, Any]


def reminder_key(campaign_id: int, deadline_id: int, officer_id: int, slot: str) -> str:
    return f"rem:{campaign_id}:{deadline_id}:{officer_id}:{slot}"


def digest_key(officer_id: int, day: dt.date) -> str:
    return f"dig:{officer_id}:{day.isoformat()}"


def opening_key(campaign_id: int, officer_id: int) -> str:
    return f"open:{campaign_id}:{officer_id}"


async def _existing(session: AsyncSession, keys: Iterable[str]) -> set[str]:
    wanted = list(keys)
    found: set[str] = set()
    for i in range(0, len(wanted), _KEY_CHUNK):
        chunk = wanted[i : i + _KEY_CHUNK]
        found.update((await session.scalars(
            select(OutboxMessage.dedupe_key).where(OutboxMessage.dedupe_key.in_(chunk))
        )).all())
    return found


async def plan_due(db: Database, renderer: Renderer, now: dt.datetime, dry_run: bool = False,
                   timezone: str = DEFAULT_TIMEZONE,
                   created: dt.datetime | None = None) -> list[PlannedMessage]:
    """Plan every reminder and digest due at `now`; return the rows that were new.

    `created` (default `now`) is the real time the rows are written at, for a plan made as of
    a later time (`tdkt reminders tick --now T`)."""
    async with db.session() as session:
        rows = await collect_due(session, renderer, now, timezone)
    if dry_run:
        return rows
    return await store(db, rows, created or now)


async def collect_due(session: AsyncSession, renderer: Renderer, now: dt.datetime,
                      timezone: str = DEFAULT_TIMEZONE) -> list[PlannedMessage]:
    """Every reminder and digest due at `now` whose key is not in the outbox yet (reads only)."""
    planned: list[PlannedMessage] = []
    campaigns = await list_campaigns(session, active_only=True, timezone=timezone)
    for campaign in campaigns:
        planned += await _plan_opening(session, renderer, campaign, now)
        planned += await _plan_campaign(session, renderer, campaign, now)
    planned += await _plan_digests(session, renderer, campaigns, now)
    return planned


async def store(db: Database, rows: list[PlannedMessage], now: dt.datetime,
                chunk: int = WRITE_CHUNK) -> list[PlannedMessage]:
    """Insert `rows` in chunks, one transaction each; return those whose key was new."""
    table = OutboxMessage.__table__
    new: list[PlannedMessage] = []
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        values = [{"dedupe_key": r.dedupe_key, "chat_id": r.chat_id, "officer_id": r.officer_id,
                   "kind": r.kind, "payload": r.payload, "due_at": r.due_at,
                   "status": ob.PENDING, "attempts": 0, "created_at": now} for r in part]
        async with db.session() as session, session.begin():
            # One cached statement, executemany ("insertmanyvalues"): compiling a 500-row
            # VALUES list instead would block the event loop for ~0.1 s per chunk.
            statement = insert_ignore(session, table, ("dedupe_key",))  # type: ignore[arg-type]
            inserted = set((await session.scalars(
                statement.returning(table.c.dedupe_key), values
            )).all())
        new += [r for r in part if r.dedupe_key in inserted]
        await asyncio.sleep(0)  # let this process's senders and handlers run between chunks
    return new


async def _plan_opening(session: AsyncSession, renderer: Renderer, campaign: CampaignView,
                        now: dt.datetime) -> list[PlannedMessage]:
    """"A new campaign concerns your unit", once to each officer of its units who takes
    reminders, in the campaign's first week while one of its deadlines is ahead."""
    plan = campaign.plan
    today = now.astimezone(plan.tz).date()
    ahead = tuple((d.award_group, d.deadline) for d in campaign.deadlines if d.deadline >= today)
    created = campaign.created_at
    if created is None or not ahead:
        return []
    if created.tzinfo is None:
        created = created.replace(tzinfo=dt.UTC)
    if not dt.timedelta(0) <= now - created <= dt.timedelta(days=OPENING_DAYS):
        return []
    recipients = await audience.officers_to_remind(session, campaign.unit_ids)
    keys = {opening_key(campaign.id, p.officer_id): p for p in recipients}
    existing = await _existing(session, keys)
    send_at = deliver_after(now, now, plan)
    payloads: dict[tuple[tuple[int, ...], dt.time], dict[str, Any]] = {}
    out: list[PlannedMessage] = []
    for key, person in keys.items():
        if key in existing:
            continue
        mine = own_plan(plan, person.days_before, person.send_at)
        shown = (mine.offsets, mine.send_at)
        if shown not in payloads:
            payloads[shown] = opening_payload(renderer, OpeningFacts(
                campaign.name, campaign.code, campaign.source_document, ahead, *shown))
        out.append(PlannedMessage(key, KIND_OPENING, person.chat_id, person.officer_id,
                                  send_at, payloads[shown]))
    return out


def _before_any_slot(plan: ReminderPlan, deadline: dt.date, now: dt.datetime) -> bool:
    """True while no reminder of this deadline can be due yet, for the campaign's plan or an
    officer's own (a day's margin covers any time of day an officer may choose)."""
    furthest = max(plan.offsets[0], MAX_OWN_OFFSET) + 1
    return plan.slot_time(deadline, furthest) > now


async def _plan_campaign(session: AsyncSession, renderer: Renderer, campaign: CampaignView,
                         now: dt.datetime) -> list[PlannedMessage]:
    plan = campaign.plan
    out: list[PlannedMessage] = []
    for deadline in campaign.deadlines:
        if deadline_over(plan, deadline.deadline, now) or _before_any_slot(
            plan, deadline.deadline, now
        ):
            continue  # before the first slot or after the deadline day: nothing to plan
        units = await audience.pending_units(session, deadline)
        recipients = await audience.officers_to_remind(session, units)
        snoozed = await audience.snoozes(session, deadline.id)
        due = []
        for count, person in enumerate(recipients, 1):
            mine = own_plan(plan, person.days_before, person.send_at)
            slot = due_slot(mine, deadline.deadline, now, snoozed.get(person.officer_id))
            if slot is not None:
                key = reminder_key(campaign.id, deadline.id, person.officer_id, slot.key)
                due.append((key, person, slot, mine))
            if count % RENDER_CHUNK == 0:
                await asyncio.sleep(0)
        existing = await _existing(session, (key for key, _, _, _ in due))
        names = await audience.unit_names(session, {p.unit_id for _, p, _, _ in due})
        for key, person, slot, mine in due:
            if key in existing:
                continue
            send_at = deliver_after(slot.due_at, now, mine)
            facts = ReminderFacts(
                campaign.name, campaign.code, campaign.source_document, deadline.id,
                deadline.award_group, deadline.deadline,
                days_left(mine, deadline.deadline, send_at), names.get(person.unit_id, ""),
            )
            row = PlannedMessage(key, KIND_REMINDER, person.chat_id, person.officer_id,
                                 send_at, reminder_payload(renderer, facts))
            out.append(row)
            if len(out) % RENDER_CHUNK == 0:
                await asyncio.sleep(0)  # rendering is CPU work: let senders keep their slots
    return out


async def _plan_digests(session: AsyncSession, renderer: Renderer,
                        campaigns: list[CampaignView], now: dt.datetime) -> list[PlannedMessage]:
    """One digest per reviewer per day, covering every campaign in its last week."""
    by_day: dict[dt.date, list[DigestItem]] = defaultdict(list)
    units_by_day: dict[dt.date, set[int]] = defaultdict(set)
    send_at: dict[dt.date, dt.datetime] = {}
    for campaign in campaigns:
        plan = campaign.plan
        day = digest_due(plan, [d.deadline for d in campaign.deadlines], now)
        if day is None:
            continue
        send_at[day] = deliver_after(
            dt.datetime.combine(day, plan.send_at, tzinfo=plan.tz), now, plan
        )
        units_by_day[day].update(campaign.unit_ids)
        for deadline in campaign.deadlines:
            left = (deadline.deadline - day).days
            if not -DIGEST_DAYS_AFTER <= left <= DIGEST_DAYS_BEFORE:
                continue
            pending = await audience.pending_units(session, deadline)
            names = await audience.unit_names(session, pending)
            by_day[day].append(DigestItem(
                campaign.name, campaign.code, deadline.award_group, deadline.deadline, left,
                len(campaign.unit_ids), tuple(sorted(names[u] for u in pending if u in names)),
            ))
    if not by_day:
        return []
    reviewers = await audience.reviewers_for_digest(session)
    out: list[PlannedMessage] = []
    for day, items in by_day.items():
        keys = {digest_key(r.officer_id, day): r for r in reviewers}
        existing = await _existing(session, keys)
        unreachable = await audience.unreachable_officers(session, units_by_day[day])
        # Units in each reviewer's scope with nobody registered (issue 14 item 1).
        unstaffed = await unstaffed_by_reviewer(session, units_by_day[day],
                                                [r.officer_id for _, r in keys.items()])
        payloads: dict[tuple[str, ...], dict[str, Any]] = {}
        for key, person in keys.items():
            if key in existing:
                continue
            gaps = unstaffed.get(person.officer_id, ())
            if gaps not in payloads:
                payloads[gaps] = digest_payload(renderer, day, items, unreachable, gaps)
            row = PlannedMessage(key, KIND_DIGEST, person.chat_id, person.officer_id,
                                 send_at[day], payloads[gaps])
            out.append(row)
    return out
