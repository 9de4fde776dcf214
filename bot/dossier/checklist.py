"""The guided checklist: questions that build a dossier manifest without any file (pure logic).

The checklist is its stored answers `{step id: value}` plus the order they were given in
(`ORDER`). `next_checklist_step` replays them and returns the first question still open, so
changing or undoing an answer is just editing the dict. Which questions exist depends on the law
as data: the components the award needs on the received date, the signatures those components
carry, and whether a council ballot applies (`knowledge/dossier/*.yaml`).

Step ids: `award`, `procedure`, `received`, `name:<i>`, `leader:<i>`, `more:<i>`, `has:<type>`,
`sig:<type>:<field>`, `council:<field>`, `vote:<i>`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot.text.dates import BadDate, parse_vn_date
from knowledge.dossier_schema import DossierKB

ORDER = "_order"
# The procedure choice → (award basis, procedure) of the manifest (contracts §3).
PROCEDURES: dict[str, tuple[str, str]] = {
    "regular": ("cong_trang", "regular"),
    "simplified": ("cong_trang", "simplified"),
    "dot_xuat": ("dot_xuat", "regular"),
    "chuyen_de": ("chuyen_de", "regular"),
}
COUNCIL_FIELDS = ("total_members", "present", "written_opinions_from_absent")
MAX_NOMINEES = 50
MAX_NAME = 120
MAX_COUNT = 999


class ChecklistAnswerError(ValueError):
    """A typed answer that does not fit the question; `key` selects the explanation."""

    def __init__(self, key: str, text: str = "") -> None:
        super().__init__(key)
        self.key = key
        self.text = text


@dataclass(frozen=True)
class ChecklistStep:
    """One open question: its id, how it is answered, and what the template needs to word it."""

    id: str
    kind: str  # award | procedure | date | text | yes_no | yes_no_unknown | number
    params: dict[str, Any] = field(default_factory=dict)


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) else None


def received_on(answers: dict[str, Any]) -> dt.date | None:
    return _date(answers.get("received"))


def nominee_names(answers: dict[str, Any]) -> list[str]:
    names: list[str] = []
    while f"name:{len(names)}" in answers:
        names.append(str(answers[f"name:{len(names)}"]))
    return names


def _nominee_step(answers: dict[str, Any]) -> ChecklistStep | None:
    index = 0
    while True:
        if f"name:{index}" not in answers:
            return ChecklistStep(f"name:{index}", "text", {"index": index + 1})
        name = answers[f"name:{index}"]
        if f"leader:{index}" not in answers:
            return ChecklistStep(f"leader:{index}", "yes_no_unknown", {"name": name})
        if index + 1 >= MAX_NOMINEES:
            return None
        if f"more:{index}" not in answers:
            return ChecklistStep(f"more:{index}", "yes_no", {"count": index + 1})
        if not answers[f"more:{index}"]:
            return None
        index += 1


def needed_components(kb: DossierKB, answers: dict[str, Any]) -> list[tuple[str, bool]]:
    """(component type, per nominee) the award needs on the received date, in rule order."""
    award, day = answers.get("award"), received_on(answers)
    if award is None or day is None:
        return []
    basis, procedure = PROCEDURES.get(answers.get("procedure", "regular"), PROCEDURES["regular"])
    rule = kb.components_for(award, basis, procedure, day, [])
    if rule is None:
        return []
    return list(dict.fromkeys((need.type, need.per_nominee) for need in rule.components))


def signature_fields(kb: DossierKB, answers: dict[str, Any], component: str) -> list[str]:
    day = received_on(answers)
    if day is None:
        return []
    fields: list[str] = []
    for rule in kb.in_force(kb.signatures, day, []):
        if component in rule.component_types:
            fields.extend(need.field for need in rule.needs if need.field not in fields)
    return fields


def ballot_applies(kb: DossierKB, answers: dict[str, Any]) -> bool:
    award, day = answers.get("award"), received_on(answers)
    if award is None or day is None:
        return False
    _, procedure = PROCEDURES.get(answers.get("procedure", "regular"), PROCEDURES["regular"])
    return kb.vote_for(award, procedure, day, []) is not None


def next_checklist_step(kb: DossierKB, answers: dict[str, Any]) -> ChecklistStep | None:
    """The first open question, or None when the checklist is complete."""
    if "award" not in answers:
        return ChecklistStep("award", "award")
    if "procedure" not in answers:
        return ChecklistStep("procedure", "procedure")
    if "received" not in answers:
        return ChecklistStep("received", "date")
    step = _nominee_step(answers)
    if step is not None:
        return step
    names = nominee_names(answers)
    needed = needed_components(kb, answers)
    for component, per_nominee in needed:
        if f"has:{component}" not in answers:
            return ChecklistStep(f"has:{component}", "yes_no", {"component": component,
                                                       "per_nominee": per_nominee})
    for component, _ in needed:
        if not answers.get(f"has:{component}"):
            continue
        for name in signature_fields(kb, answers, component):
            if f"sig:{component}:{name}" not in answers:
                return ChecklistStep(f"sig:{component}:{name}", "yes_no_unknown",
                            {"component": component, "field": name})
    if ballot_applies(kb, answers):
        for name in COUNCIL_FIELDS:
            if f"council:{name}" not in answers:
                return ChecklistStep(f"council:{name}", "number", {"field": name})
        for index, person in enumerate(names):
            if f"vote:{index}" not in answers:
                return ChecklistStep(f"vote:{index}", "number", {"name": person})
    return None


def parse_typed(step: ChecklistStep, text: str, kb: DossierKB) -> Any:
    """A typed answer for `step`, or ChecklistAnswerError(key) saying what is wrong."""
    raw = text.strip()
    if step.kind == "date":
        try:
            return parse_vn_date(raw).isoformat()
        except BadDate as bad:
            raise ChecklistAnswerError(f"date_{bad.reason}", raw) from None
    if step.kind == "text":
        name = " ".join(raw.split())
        if not any(ch.isalpha() for ch in name) or len(name) > MAX_NAME:
            raise ChecklistAnswerError("name", raw)
        return name
    if step.kind == "number":
        if not raw.isdigit() or int(raw) > MAX_COUNT:
            raise ChecklistAnswerError("number", raw)
        return int(raw)
    if step.kind == "award":
        from bot.dossier.readers.fields import Vocab

        code = Vocab(kb).award(raw)
        if code is None:
            raise ChecklistAnswerError("award", raw)
        return code
    raise ChecklistAnswerError("use_buttons", raw)


def parse_button(step: ChecklistStep, value: str, kb: DossierKB, today: dt.date) -> Any:
    """The value of a button answer for `step`; ChecklistAnswerError when it does not belong."""
    if step.kind == "award" and value in kb.vocabulary.awards:
        return value
    if step.kind == "procedure" and value in PROCEDURES:
        return value
    if step.kind in ("yes_no", "yes_no_unknown") and value in ("y", "n"):
        return value == "y"
    if step.kind == "yes_no_unknown" and value == "u":
        return None
    if step.kind == "date" and value == "today":
        return today.isoformat()
    raise ChecklistAnswerError("stale", value)


def with_answer(answers: dict[str, Any], step_id: str, value: Any) -> dict[str, Any]:
    """A new answers dict with `step_id` set (and remembered as the latest answer)."""
    out = {k: v for k, v in answers.items() if k != ORDER}
    out[step_id] = value
    order = [s for s in answers.get(ORDER, []) if s != step_id]
    out[ORDER] = [*order, step_id]
    return out


def undo(answers: dict[str, Any]) -> dict[str, Any]:
    """Forget the latest answer (the "Quay lại" button)."""
    order = list(answers.get(ORDER, []))
    if not order:
        return dict(answers)
    last = order.pop()
    out = {k: v for k, v in answers.items() if k not in (last, ORDER)}
    out[ORDER] = order
    return out


def to_manifest(kb: DossierKB, answers: dict[str, Any]) -> dict[str, Any]:
    """The manifest (contracts §3) the answers describe; unknown stays absent, never guessed."""
    basis, procedure = PROCEDURES.get(answers.get("procedure", "regular"), PROCEDURES["regular"])
    names = nominee_names(answers)
    ids = [f"N{i + 1}" for i in range(len(names))]
    nominees = [{"id": ids[i], "name": name, "kind": "individual",
                 "is_leader": answers.get(f"leader:{i}")} for i, name in enumerate(names)]
    components: list[dict[str, Any]] = []
    for component, per_nominee in needed_components(kb, answers):
        if not answers.get(f"has:{component}"):
            continue
        signs = {name: answers.get(f"sig:{component}:{name}")
                 for name in signature_fields(kb, answers, component)}
        owners: list[str | None] = list(ids) if per_nominee and ids else [None]
        for owner in owners:
            item: dict[str, Any] = {"type": component, **signs}
            if owner is not None:
                item["nominee"] = owner
            components.append(item)
    manifest: dict[str, Any] = {
        "received_on": answers.get("received"),
        "award": {"code": answers.get("award"), "basis": basis, "procedure": procedure},
        "components": components,
        "nominees": nominees,
    }
    if ballot_applies(kb, answers):
        council: dict[str, Any] = {name: answers.get(f"council:{name}") for name in COUNCIL_FIELDS}
        council["votes"] = {ids[i]: {"agree": answers[f"vote:{i}"]} for i in range(len(ids))
                            if answers.get(f"vote:{i}") is not None}
        manifest["council"] = council
    return manifest
