"""The SLA clock of a dossier, in working days, from its status history.

The clock starts on the day a complete dossier is received (legal-procedure §4: "kể từ ngày nhận
đủ hồ sơ"), counts working days with the holiday calendar, pauses while a supplement is requested
and resumes (or restarts, per the knowledge base's `sla.on_resubmit`) when the unit resubmits, and
stops when appraisal ends. Pure: the caller passes the events, the local time zone and today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from knowledge.calendar_schema import WorkCalendar
from knowledge.workflow_schema import Clock, OnResubmit, SlaRules, Workflow


@dataclass(frozen=True)
class StatusPoint:
    """One status event reduced to what the clock needs."""

    at: dt.datetime
    status: str


@dataclass(frozen=True)
class SlaState:
    """Where the clock stands today. `due_on` is None until receipt and while paused."""

    clock: Clock
    limit_days: int | None
    started_on: dt.date | None = None
    due_on: dt.date | None = None
    used_days: int = 0
    paused_days: int = 0
    overdue: bool = False
    finished_on: dt.date | None = None
    approximate: bool = False  # a date outside the years the holiday calendar covers


def compute_sla(
    events: Sequence[StatusPoint],
    award: str,
    today: dt.date,
    tz: ZoneInfo | dt.tzinfo,
    workflow: Workflow,
    calendar: WorkCalendar,
    rules: SlaRules,
) -> SlaState:
    """Replay the status history (oldest first) and measure the clock on `today` (local date)."""
    ordered = sorted(events, key=lambda e: e.at)
    current = ordered[-1].status if ordered else "draft"
    clock = workflow.clock(current)
    started: dt.date | None = None
    running_since: dt.date | None = None
    used = 0
    paused_total = 0
    paused_since: dt.date | None = None
    finished: dt.date | None = None
    for event in ordered:
        day = event.at.astimezone(tz).date()
        state_clock = workflow.clock(event.status)
        if state_clock is Clock.RUNNING:
            if started is None:
                started = day
            if running_since is None:
                if paused_since is not None:
                    paused_total += calendar.working_days_between(paused_since, day)
                    if rules.data.on_resubmit is OnResubmit.RESTART:
                        used = 0
                    paused_since = None
                running_since = day
            finished = None
        elif state_clock is Clock.PAUSED and running_since is not None:
            used += calendar.working_days_between(running_since, day)
            running_since, paused_since = None, day
        elif state_clock is Clock.STOPPED and running_since is not None:
            used += calendar.working_days_between(running_since, day)
            running_since, finished = None, day
        elif state_clock is Clock.NOT_STARTED and paused_since is not None:
            # Resubmitted: the clock stays paused until the dossier is received again.
            continue
    if started is None:
        limit = rules.limit_for(award, today)
        return SlaState(clock, limit.working_days if limit else None)
    limit = rules.limit_for(award, started)
    limit_days = limit.working_days if limit else None
    approximate = not calendar.covers(started) or not calendar.covers(today)
    if paused_since is not None:
        paused_now = calendar.working_days_between(paused_since, today)
        return SlaState(Clock.PAUSED, limit_days, started, None, used, paused_total + paused_now,
                        False, None, approximate)
    used_before = used
    if running_since is not None:
        used += calendar.working_days_between(running_since, today)
    if limit_days is None:
        return SlaState(clock, None, started, None, used, paused_total, False, finished,
                        approximate)
    if running_since is not None and used_before <= limit_days:
        due = calendar.add_working_days(running_since, limit_days - used_before)
    else:
        # Stopped (or already past the limit): the day the limit was or would be reached.
        due = _due_from_used(finished or today, used, limit_days, calendar)
    # A not-final stretch of the calendar (Tết 2027 still a proposal) makes the date an estimate.
    approximate = approximate or bool(calendar.uncertain_between(started, due))
    return SlaState(clock, limit_days, started, due, used, paused_total, used > limit_days,
                    finished, approximate)


def _due_from_used(end: dt.date, used: int, limit: int, calendar: WorkCalendar) -> dt.date:
    """The day the limit is (or was) reached, counted back or forward from `end`."""
    if used <= limit:
        return calendar.add_working_days(end, limit - used)
    day, extra = end, used - limit
    while extra > 0:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            extra -= 1
    return day
