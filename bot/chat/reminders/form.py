"""The campaign form's steps: each takes one typed answer or form button (`w:<verb>`) and
returns either the answers for the next step or the replies that end the turn.
Which input goes to which step is in `actions.FORM`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.chat.reminders import views
from bot.chat.reminders.campaigns import create, finish_edit, units_refusal
from bot.chat.reminders.shared import today, tz
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.identify import identify
from bot.reminders import campaigns as cs
from bot.reminders.plan import BadPlan, ReminderPlan
from bot.render import Renderer, Reply
from bot.status.access import resolve
from bot.text.dates import BadDate, parse_vn_date
from bot.text.normalize import fold

Answers = dict[str, Any]
StepResult = list[Reply] | Answers


@dataclass(frozen=True)
class Given:
    """What the user gave the form: typed text, or a form button's parts (verb first)."""

    text: str | None
    button: tuple[str, ...] = ()

    @property
    def verb(self) -> str | None:
        return self.button[0] if self.button else None


def _bad_name(turn: Turn, what: str, limit: int) -> list[Reply]:
    return [turn.services.renderer.reply("reminders/bad_name.j2", what=what, limit=limit)]


async def name(turn: Turn, new: Answers, given: Given) -> StepResult:
    text = (given.text or "").strip()
    if not 1 <= len(text) <= cs.MAX_NAME:
        return _bad_name(turn, "campaign", cs.MAX_NAME)
    return {**new, "name": text, "step": "kind"}


async def kind(turn: Turn, new: Answers, given: Given) -> StepResult:
    if len(given.button) != 2 or given.button[1] not in cs.KINDS:
        raise StaleButton(":".join(given.button))
    return {**new, "kind": given.button[1], "step": "source"}


async def source(turn: Turn, new: Answers, given: Given) -> StepResult:
    return {**new, "source": (given.text or "").strip()[:255] or None, "step": "group"}


async def group(turn: Turn, new: Answers, given: Given) -> StepResult:
    text = (given.text or "").strip()
    if not 1 <= len(text) <= cs.MAX_GROUP:
        return _bad_name(turn, "group", cs.MAX_GROUP)
    return {**new, "group": text, "step": "date"}


async def date(turn: Turn, new: Answers, given: Given) -> StepResult:
    r, text = turn.services.renderer, given.text or ""
    try:
        day = parse_vn_date(text)
    except BadDate as bad:
        return [r.reply("reminders/bad_date.j2", reason=bad.reason, text=text.strip())]
    if day < today(turn):
        return [views.past_date(r, text)]
    if new.get("mode") == "edit":
        return await finish_edit(turn, new, day=day)
    new = dict(new)
    added = [new.pop("group"), day.isoformat()]
    return {**new, "deadlines": [*new.get("deadlines", []), added], "step": "more"}


async def no_more(turn: Turn, new: Answers, given: Given) -> StepResult:
    return {**new, "step": "units"}


def _means_all(r: Renderer, text: str) -> bool:
    return fold(text) in {fold(r.label("remind.all_units")), fold(r.label("remind.all_word"))}


async def _chosen_units(turn: Turn, text: str, everything: bool) -> tuple[Any, Any]:
    viewer = await identify(turn)
    async with turn.services.db.session() as session:
        choice = await cs.resolve_units(session, text, everything=everything)
        scope = await resolve(session, viewer)
    unit_ids = choice.unit_ids
    if everything and scope.units is not None:  # a reviewer's "all": all of their scope
        unit_ids = tuple(u for u in unit_ids if scope.covers(u))
    return cs.UnitChoice(unit_ids, choice.unknown), scope


async def units(turn: Turn, new: Answers, given: Given) -> StepResult:
    r, text = turn.services.renderer, given.text or ""
    choice, scope = await _chosen_units(turn, text, given.verb == "all" or _means_all(r, text))
    if choice.unknown or not choice.unit_ids:
        return [r.reply("reminders/bad_units.j2", buttons=views.all_units_row(r),
                        unknown=list(choice.unknown) or [text])]
    refused = units_refusal(r, scope, choice.unit_ids)
    if refused is not None:
        return [refused]
    if new.get("mode") == "edit":
        return await finish_edit(turn, new, unit_ids=choice.unit_ids)
    return {**new, "unit_ids": list(choice.unit_ids), "step": "plan"}


async def plan(turn: Turn, new: Answers, given: Given) -> StepResult:
    try:
        chosen = ReminderPlan.from_text(None if given.verb == "def" else given.text, tz(turn))
    except BadPlan:
        return [turn.services.renderer.reply("reminders/bad_plan.j2",
                                             text=(given.text or "").strip())]
    if new.get("mode") == "edit":
        return await finish_edit(turn, new, plan=chosen)
    return {**new, "plan": chosen.to_text(), "step": "confirm"}


async def save(turn: Turn, new: Answers, given: Given) -> StepResult:
    return await create(turn, new)
