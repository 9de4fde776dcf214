"""The dossier state machine, read from `knowledge/workflow/status.yaml` and enforced here.

States and allowed transitions are data (contracts §4, legal-procedure §6); this module only
answers "may `who` move a dossier from A to B on `day`, and is a reason required?". Versions
are dated so that an amended procedure is a new entry, not an edit.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from functools import cache
from pathlib import Path

import yaml
from pydantic import Field, ValidationError, model_validator

from knowledge.common import Citation, Confidence, Ruled, Strict, check_no_overlap, pick_on

WORKFLOW_FILE = Path(__file__).resolve().parents[2] / "knowledge" / "workflow" / "status.yaml"

STATUS_CODES = (
    "draft", "checked", "submitted", "received", "intake_rejected", "needs_supplement",
    "appraising", "consulting", "council_review", "awaiting_decision", "forwarded_up",
    "approved", "not_approved", "delivered", "withdrawn",
)  # fmt: skip


class Side(StrEnum):
    """Who makes a transition: the unit that proposes, or the reviewing body."""

    UNIT = "unit"
    REVIEWER = "reviewer"


class Clock(StrEnum):
    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPED = "stopped"


class Reason(StrEnum):
    OPTIONAL = "optional"
    REQUIRED = "required"


class StateDef(Strict):
    code: str
    clock: Clock
    next_step: str
    terminal: bool = False


class TransitionDef(Strict):
    from_: str = Field(alias="from")
    to: str
    by: Side
    reason: Reason = Reason.OPTIONAL
    citation: Citation | None = None
    confidence: Confidence | None = None


class WorkflowVersion(Ruled):
    states: list[StateDef]
    transitions: list[TransitionDef]

    @model_validator(mode="after")
    def _consistent(self) -> WorkflowVersion:
        codes = [s.code for s in self.states]
        if sorted(codes) != sorted(STATUS_CODES):
            raise ValueError(f"states must be exactly the contracts §4 codes, got {codes}")
        known = set(codes)
        terminal = {s.code for s in self.states if s.terminal}
        seen: set[tuple[str, str]] = set()
        for t in self.transitions:
            if t.from_ not in known or t.to not in known:
                raise ValueError(f"transition {t.from_}→{t.to} names an unknown state")
            if t.from_ in terminal:
                raise ValueError(f"transition out of terminal state {t.from_}")
            if (t.from_, t.to) in seen:
                raise ValueError(f"transition {t.from_}→{t.to} listed twice")
            seen.add((t.from_, t.to))
        return self


class WorkflowFile(Strict):
    versions: list[WorkflowVersion]

    @model_validator(mode="after")
    def _no_overlap(self) -> WorkflowFile:
        check_no_overlap(self.versions, "workflow")
        return self


class WorkflowError(ValueError):
    """The workflow file is missing or invalid."""


class Workflow:
    """One workflow version: lookups by state and by (from, to)."""

    def __init__(self, version: WorkflowVersion) -> None:
        self.version = version
        self.states = {s.code: s for s in version.states}
        self.transitions = {(t.from_, t.to): t for t in version.transitions}

    def state(self, code: str) -> StateDef:
        return self.states[code]

    def transition(self, from_: str, to: str) -> TransitionDef | None:
        return self.transitions.get((from_, to))

    def targets(self, from_: str, side: Side | None = None) -> list[TransitionDef]:
        """Transitions out of `from_` (for one side, or all), in file order."""
        return [
            t
            for t in self.version.transitions
            if t.from_ == from_ and (side is None or t.by == side)
        ]

    def clock(self, code: str) -> Clock:
        return self.states[code].clock


class WorkflowBook:
    """Every dated version; `on(day)` picks the one in force."""

    def __init__(self, data: WorkflowFile) -> None:
        self._versions = [Workflow(v) for v in data.versions]

    def on(self, day: dt.date) -> Workflow:
        chosen = pick_on((w.version for w in self._versions), day)
        if chosen is None:
            # Before the first version the earliest rules are the best we have.
            return min(self._versions, key=lambda w: w.version.effective_from)
        return next(w for w in self._versions if w.version is chosen)


def parse_workflow(path: Path) -> WorkflowBook:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return WorkflowBook(WorkflowFile.model_validate(data))
    except (OSError, yaml.YAMLError, ValidationError, ValueError) as error:
        raise WorkflowError(f"{path.name}: {error}") from error


@cache
def default_workflow() -> WorkflowBook:
    """The shipped workflow (read once per process)."""
    return parse_workflow(WORKFLOW_FILE)
