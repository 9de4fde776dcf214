"""Schema of the dossier state machine (`knowledge/workflow/status.yaml`) and of the SLA limits
(`knowledge/workflow/sla.yaml`), read by `load_workflow_dir` for `knowledge.loader`.

States and allowed transitions are data (contracts §4, legal-procedure §6); the status feature
answers "may `who` move a dossier from A to B on `day`" with the `WorkflowBook` found here, and
`bot.status.sla` measures the clock with the `SlaRules`. Versions are dated so that an amended
procedure is a new entry, not an edit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field, ValidationError, model_validator

from knowledge.calendar_schema import WorkCalendar
from knowledge.common import Citation, Confidence, Ruled, Strict, check_no_overlap, pick_on

STATUS_FILE = "status.yaml"
SLA_FILE = "sla.yaml"

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


@dataclass(frozen=True)
class WorkflowRules:
    """The `workflow/` section: the dated state machine and the SLA limits."""

    book: WorkflowBook
    sla: SlaRules


def load_workflow_dir(directory: Path) -> WorkflowRules:
    """Read `status.yaml` and `sla.yaml` of `directory`; a bad file raises `WorkflowError`."""
    return WorkflowRules(
        WorkflowBook(_read(directory / STATUS_FILE, WorkflowFile)),
        SlaRules(_read(directory / SLA_FILE, SlaFile)),
    )


def _read(path: Path, model: type[WorkflowFile] | type[SlaFile]) -> Any:
    try:
        return model.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    except (OSError, yaml.YAMLError, ValidationError, ValueError) as error:
        raise WorkflowError(f"{path.name}: {error}") from error
