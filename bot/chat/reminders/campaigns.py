"""Campaigns of the reminders journey: list, detail, the edits a reviewer or admin may make
(only on campaigns whose units all lie in their scope, `bot.status.access.can_all`), and saving
the new-campaign form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bot.chat.reminders import views
from bot.chat.reminders.codec import Payload
from bot.chat.reminders.shared import deadlines, end, principal, save, staff, tz
from bot.conversation.callbacks import StaleButton, number
from bot.conversation.turn import Turn
from bot.conversation.viewer import Viewer
from bot.identify import identify
from bot.reminders import campaigns as cs
from bot.reminders.audience import submitted_units
from bot.reminders.plan import ReminderPlan
from bot.render import Renderer, Reply
from bot.status.access import Action, Principal, can_all, resolve


def only_reviewers(turn: Turn) -> list[Reply]:
    return [turn.services.renderer.reply("reminders/only_reviewers.j2")]


async def refusal(turn: Turn, viewer: Viewer, campaign_id: int,
                  new_units: Iterable[int] = ()) -> Reply | None:
    """Why `viewer` may not change the campaign (gone, or reaching outside their scope), or None.

    `new_units` are the units an edit would give it: they must lie in the scope as well."""
    r = turn.services.renderer
    async with turn.services.db.session() as session:
        c = await cs.get_campaign(session, campaign_id, tz(turn))
        scope = await resolve(session, viewer)
    if c is None:
        return r.reply("reminders/deadline_gone.j2")
    if can_all(scope, Action.CAMPAIGN, [*c.unit_ids, *new_units]):
        return None
    return r.reply("reminders/outside_scope.j2", code=c.code, name=c.name)


def units_refusal(r: Renderer, scope: Principal, unit_ids: Iterable[int]) -> Reply | None:
    """Units chosen in a form that reach outside the viewer's scope: the reply saying so."""
    chosen = set(unit_ids)
    if can_all(scope, Action.CAMPAIGN, chosen):
        return None
    return views.units_outside(r, len([u for u in chosen if not scope.covers(u)]))


async def campaign_list(turn: Turn) -> list[Reply]:
    async with turn.services.db.session() as session:
        found = await cs.list_campaigns(session, active_only=False, timezone=tz(turn))
    return [views.campaign_list(turn.services.renderer, found)]


async def detail(turn: Turn, campaign_id: int) -> list[Reply]:
    viewer = await identify(turn)
    async with turn.services.db.session() as session:
        c = await cs.get_campaign(session, campaign_id, tz(turn))
        if c is None:
            return [turn.services.renderer.reply("reminders/deadline_gone.j2")]
        submitted = {d.id: len(await submitted_units(session, d) & c.unit_ids)
                     for d in c.deadlines}
        scope = await resolve(session, viewer)
    can_edit = can_all(scope, Action.CAMPAIGN, c.unit_ids)
    return [views.campaign_detail(turn.services.renderer, c, submitted, can_edit)]


async def new_campaign(turn: Turn) -> list[Reply]:
    if await staff(turn) is None:
        return only_reviewers(turn)
    await save(turn, {"mode": "new", "step": "name", "deadlines": []})
    return [turn.services.renderer.reply("reminders/ask_name.j2")]


async def on_campaign(turn: Turn, p: Payload) -> list[Reply]:
    """`c:list`, `c:new`, `c:<id>`."""
    if await staff(turn) is None:
        return only_reviewers(turn)
    if p.args == ("list",):
        return await campaign_list(turn)
    if p.args == ("new",):
        return await new_campaign(turn)
    if len(p.args) == 1:
        return await detail(turn, p.number())
    raise StaleButton(":".join(p.args))


# --- edits ---------------------------------------------------------------------------------


async def _set_active(turn: Turn, viewer: Viewer, campaign_id: int, what: str) -> list[Reply]:
    async with turn.services.db.session() as session, session.begin():
        await cs.set_active(session, campaign_id, what == "open", viewer.officer_id, turn.now)
    return await detail(turn, campaign_id)


async def _move(turn: Turn, answers: dict[str, Any], arg: str) -> list[Reply]:
    answers["deadline_id"] = number(arg)
    async with turn.services.db.session() as session:
        c = await cs.get_campaign(session, answers["campaign_id"], tz(turn))
    deadline = next((d for d in (c.deadlines if c else ()) if d.id == answers["deadline_id"]),
                    None)
    if deadline is None:
        raise StaleButton(arg)
    await save(turn, answers)
    return [turn.services.renderer.reply("reminders/ask_new_date.j2",
                                         group=deadline.award_group, current=deadline.deadline)]


async def _ask(turn: Turn, answers: dict[str, Any], what: str) -> list[Reply]:
    r = turn.services.renderer
    prompts = {"add": ("reminders/ask_group.j2", []),
               "plan": ("reminders/ask_plan.j2", views.default_plan_row(r)),
               "units": ("reminders/ask_units.j2", views.all_units_row(r))}
    if what not in prompts:
        raise StaleButton(what)
    await save(turn, {**answers, "step": "group" if what == "add" else what})
    template, rows = prompts[what]
    return [r.reply(template, buttons=rows, count=0)]


async def _start_edit(turn: Turn, campaign_id: int, what: str, arg: str | None) -> list[Reply]:
    viewer = await staff(turn)
    if viewer is None:
        return only_reviewers(turn)
    refused = await refusal(turn, viewer, campaign_id)
    if refused is not None:
        return [refused]
    if what in ("close", "open"):
        return await _set_active(turn, viewer, campaign_id, what)
    answers: dict[str, Any] = {"mode": "edit", "campaign_id": campaign_id, "step": "date"}
    if what == "mv" and arg is not None:
        return await _move(turn, answers, arg)
    return await _ask(turn, answers, what)


async def on_edit(turn: Turn, p: Payload) -> list[Reply]:
    """`e:<campaign id>:<what>[:<deadline id>]`."""
    if len(p.args) not in (2, 3):
        raise StaleButton(":".join(p.args))
    arg = p.args[2] if len(p.args) == 3 else None
    return await _start_edit(turn, p.number(), p.args[1], arg)


async def _write_edit(turn: Turn, answers: dict[str, Any], actor: int | None,
                      change: dict[str, Any]) -> None:
    campaign_id, day = int(answers["campaign_id"]), change.get("day")
    async with turn.services.db.session() as session, session.begin():
        if day is not None and "deadline_id" in answers:
            await cs.set_deadline(session, int(answers["deadline_id"]), day, actor, turn.now)
        elif day is not None:
            await cs.add_deadline(session, campaign_id, cs.DeadlineSpec(answers["group"], day),
                                  actor, turn.now)
        elif change.get("unit_ids"):
            await cs.set_units(session, campaign_id, change["unit_ids"], actor, turn.now)
        elif change.get("plan") is not None:
            await cs.set_plan(session, campaign_id, change["plan"], actor, turn.now)


async def finish_edit(turn: Turn, answers: dict[str, Any], *, day: dt.date | None = None,
                      unit_ids: tuple[int, ...] = (), plan: ReminderPlan | None = None
                      ) -> list[Reply]:
    viewer = await staff(turn)
    if viewer is None:
        return only_reviewers(turn)
    campaign_id = int(answers["campaign_id"])
    refused = await refusal(turn, viewer, campaign_id, unit_ids)
    if refused is not None:
        await end(turn)
        return [refused]
    await _write_edit(turn, answers, viewer.officer_id,
                      {"day": day, "unit_ids": unit_ids, "plan": plan})
    await end(turn)
    return await detail(turn, campaign_id)


# --- the end of the new-campaign form --------------------------------------------------------


def _spec(turn: Turn, answers: dict[str, Any]) -> cs.CampaignSpec:
    found = deadlines(answers)
    return cs.CampaignSpec(
        name=answers["name"], year=cs.judged_year(answers["kind"], min(d for _, d in found)),
        kind=answers["kind"], source_document=answers.get("source"),
        deadlines=tuple(cs.DeadlineSpec(g, d) for g, d in found),
        unit_ids=tuple(answers["unit_ids"]),
        plan=ReminderPlan.from_text(answers.get("plan"), tz(turn)),
    )


async def create(turn: Turn, answers: dict[str, Any]) -> list[Reply]:
    r = turn.services.renderer
    viewer = await staff(turn)
    if viewer is None:
        return only_reviewers(turn)
    refused = units_refusal(r, await principal(turn, viewer), answers["unit_ids"])
    if refused is not None:
        return [refused]
    async with turn.services.db.session() as session, session.begin():
        campaign = await cs.create_campaign(session, _spec(turn, answers), viewer.officer_id,
                                            turn.now)
    await end(turn)
    return [r.reply("reminders/created.j2", name=campaign.name, code=campaign.code),
            *await detail(turn, campaign.id)]
