"""The SLA clock of a dossier, in working days, from its status history.

The clock starts on the day a complete dossier is received (legal-procedure §4: "kể từ ngày nhận
đủ hồ sơ"), counts working days with the holiday calendar, pauses while a supplement is requested
and resumes (or restarts, per `knowledge/workflow/sla.yaml`) when the unit resubmits, and stops
when appraisal ends. Pure: the caller passes the events, the local time zone and today's date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml
from pydantic import Field, ValidationError, model_validator

from bot.status.workflow import Clock, Workflow
from knowledge.calendar_schema import WorkCalendar
from knowledge.common import Ruled, Strict, check_no_overlap, pick_on

SLA_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "workflow" / "sla.yaml"


class OnResubmit(StrEnum):
    RESUME = "resume"
    RESTART = "restart"


class Limit(Ruled):
    level: str
    working_days: int


class SupplementLimit(Ruled):
    working_days: int


class SlaFile(Strict):
    on_resubmit: OnResubmit
    default_level: str
    awards_by_level: dict[str, list[str]] = Field(default_factory=dict)
    limits: list[Limit]
    # The default deadline a supplement request gives the unit (working days).
    supplement: list[SupplementLimit] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> SlaFile:
        levels = {limit.level for limit in self.limits}
        for level in levels:
            check_no_overlap([x for x in self.limits if x.level == level], f"sla.{level}")
        check_no_overlap(self.supplement, "sla.supplement")
        missing = ({self.default_level} | set(self.awards_by_level)) - levels
        if missing:
            raise ValueError(f"no limit for level(s) {sorted(missing)}")
        return self


class SlaRules:
    """Which limit applies to an award on a day."""

    def __init__(self, data: SlaFile) -> None:
        self.data = data
        self._level_of = {a: lvl for lvl, awards in data.awards_by_level.items() for a in awards}

    def limit_for(self, award: str, day: dt.date) -> Limit | None:
        level = self._level_of.get(award, self.data.default_level)
        return pick_on((x for x in self.data.limits if x.level == level), day)

    def supplement_deadline(self, day: dt.date, calendar: WorkCalendar) -> dt.date | None:
        """The default deadline of a supplement requested on `day` (None: no rule on file)."""
        rule = pick_on(self.data.supplement, day)
        return None if rule is None else calendar.add_working_days(day, rule.working_days)


@cache
def default_sla_rules() -> SlaRules:
    try:
        return SlaRules(SlaFile.model_validate(yaml.safe_load(SLA_FILE.read_text("utf-8"))))
    except (OSError, yaml.YAMLError, ValidationError) as error:
        raise ValueError(f"{SLA_FILE.name}: {error}") from error


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
