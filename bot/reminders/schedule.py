"""Which reminder is due now for one deadline and one officer — pure, time passed in.

Rules (issue 6):
- slots are the plan's offsets before the deadline, at the plan's local send time;
- only the latest slot that has fallen due counts (after an outage we send one reminder, the
  current one, not a burst of stale ones); nothing is due once the deadline day has ended;
- a snooze hides every slot that fell due before it ends; when it ends, a snooze slot
  ("z<epoch>") is due unless a regular slot fell due at or after its end;
- a reminder that falls due in quiet hours waits for the morning (`QuietHours.next_allowed`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.reminders.plan import QuietHours, ReminderPlan

DIGEST_DAYS_BEFORE = 7
# Late units stay in the digest this many days after the deadline.
DIGEST_DAYS_AFTER = 1


@dataclass(frozen=True)
class Slot:
    """One reminder occasion: `key` is stable ("d7", "z1767312000"), `due_at` UTC."""

    key: str
    due_at: dt.datetime
    days_left: int


def deadline_over(plan: ReminderPlan, deadline: dt.date, now: dt.datetime) -> bool:
    """True once the local calendar day of the deadline has ended."""
    return now.astimezone(plan.tz).date() > deadline


def days_left(plan: ReminderPlan, deadline: dt.date, now: dt.datetime) -> int:
    return (deadline - now.astimezone(plan.tz).date()).days


def due_slot(
    plan: ReminderPlan,
    deadline: dt.date,
    now: dt.datetime,
    snoozed_until: dt.datetime | None = None,
) -> Slot | None:
    """The one reminder due for this deadline at `now`, or None."""
    if deadline_over(plan, deadline, now):
        return None
    if snoozed_until is not None and snoozed_until > now:
        return None
    latest: Slot | None = None
    for offset in plan.offsets:  # largest first, so the last due one is the latest
        at = plan.slot_time(deadline, offset)
        if at <= now:
            latest = Slot(f"d{offset}", at, offset)
    if snoozed_until is not None and (latest is None or latest.due_at < snoozed_until):
        if latest is None:
            return None  # snoozed before any slot fell due: nothing to repeat
        return Slot(f"z{int(snoozed_until.timestamp())}", snoozed_until,
                    days_left(plan, deadline, snoozed_until))
    return latest


def deliver_after(slot_due: dt.datetime, now: dt.datetime, plan: ReminderPlan,
                  quiet: QuietHours | None = None) -> dt.datetime:
    """When the outbox may send a slot planned at `now`: never inside quiet hours."""
    return (quiet or QuietHours()).next_allowed(max(slot_due, now), plan.tz)


def digest_due(plan: ReminderPlan, deadlines: list[dt.date], now: dt.datetime) -> dt.date | None:
    """The local day whose digest is due, if any deadline is within its last week (or just past)
    and the send time has come; None otherwise."""
    local = now.astimezone(plan.tz)
    if local.time().replace(tzinfo=None) < plan.send_at:
        return None
    today = local.date()
    for deadline in deadlines:
        if -DIGEST_DAYS_AFTER <= (deadline - today).days <= DIGEST_DAYS_BEFORE:
            return today
    return None
