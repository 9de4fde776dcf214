"""Pure generator of demo dossier timelines: status path, event times, nominee outcomes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from random import Random
from typing import Any

from bot.db.decided import decision_day

UNIT_STEPS = frozenset({"draft", "checked", "submitted", "withdrawn"})
APPROVED = frozenset({"approved", "delivered"})


@dataclass(frozen=True)
class DemoStep:
    """One status change of a demo dossier."""

    from_status: str | None
    to_status: str
    at: dt.datetime
    by_unit: bool  # True: done by the unit's officer; False: by a reviewer


def timeline(rng: Random, path: list[str], start: dt.datetime, now: dt.datetime) -> list[DemoStep]:
    """Events along `path`, a few days apart, all between `start` and `now`."""
    gaps = [dt.timedelta(days=rng.randint(1, 6), hours=rng.randint(0, 8)) for _ in path]
    total = sum(gaps, dt.timedelta())
    window = now - start - dt.timedelta(hours=1)
    scale = min(1.0, window / total) if total else 1.0
    steps: list[DemoStep] = []
    at = start
    previous: str | None = None
    for status, gap in zip(path, gaps, strict=True):
        at = at + gap * scale
        steps.append(DemoStep(previous, status, at, status in UNIT_STEPS))
        previous = status
    return steps


def outcome(rng: Random, final_status: str) -> str | None:
    """A nominee's result: most in an approved dossier are approved, some not."""
    if final_status in APPROVED:
        return "approved" if rng.random() < 0.9 else "not_approved"
    if final_status == "not_approved":
        return "not_approved"
    return None


def status_dates(steps: list[DemoStep]) -> dict[str, Any]:
    """submitted_at / received_at / sla_due_on from the last matching events; decided_on from
    the first decision (`bot.db.decided`)."""
    found: dict[str, Any] = {"submitted_at": None, "received_at": None, "sla_due_on": None,
                             "decided_on": None}
    for step in steps:
        found["decided_on"] = decision_day(step.from_status, step.to_status, step.at,
                                           found["decided_on"])
        if step.to_status == "submitted":
            found["submitted_at"] = step.at
        if step.to_status == "received":
            found["received_at"] = step.at
            # Demo approximation only: the status feature computes SLAs in working days.
            found["sla_due_on"] = step.at.date() + dt.timedelta(days=30)
    return found
