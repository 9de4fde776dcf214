"""The one expected date of a dossier, as every screen shows it (issue 14 item 3).

The list, the card, the push and the inline result all call `expected_date`: the date is the
stored `sla_due_on` (refreshed from the history by every change, `service.refresh_sla`), or the
clock computed from the history when nothing is stored; it is shown only while the appraisal
clock runs, with the stage it belongs to ("kết quả thẩm định" only while appraising) and an
overdue mark once it is past.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from knowledge.workflow_schema import Clock, Workflow

# Stages with their own label (`status.expected.<stage>`); other running states say "hẹn trả
# kết quả" (the appointment of the receipt slip).
STAGES = ("received", "appraising", "consulting", "council_review")


@dataclass(frozen=True)
class Expected:
    due_on: dt.date
    stage: str
    overdue: bool


def expected_date(
    status: str,
    stored_due_on: dt.date | None,
    today: dt.date,
    computed_due_on: dt.date | None = None,
    *,
    workflow: Workflow,
) -> Expected | None:
    """The expected date to show for a dossier in `status` on `today`, or None (no clock);
    `workflow` is the version in force on `today` (`kb.workflow.on(today)`)."""
    if status not in workflow.states or workflow.clock(status) is not Clock.RUNNING:
        return None
    due = stored_due_on or computed_due_on
    if due is None:
        return None
    return Expected(due, status if status in STAGES else "result", due < today)
