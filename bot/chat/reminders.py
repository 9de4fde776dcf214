"""The reminders journey: /nhac (an officer's reminder settings and the unit's deadlines), the
buttons on a reminder ("Nhắc lại sau 1 ngày", "Đơn vị đã nộp", which asks for a confirmation
since it silences the unit's reminders), and campaign creation and editing by reviewers and admins
(buttons, dates typed dd/mm/yyyy). A reviewer creates and changes only campaigns whose units all
lie in their scope (`bot.status.access.can_all`); anything wider is for admins.

State of a multi-step form is the `remind` flow row (`bot.conversation.sessions`); each step is a
key in its answers. Button payloads `rm:<verb>[:<arg>…]` (see `on_button`): `z`/`d` snooze/done on
a deadline (`dy` confirms `d`, `dn` cancels it), `p`/`g` reminders/digest on-off, `s` the settings
(/nhac), `sd[:<days>]` pick the reminder days (toggle one), `st[:<HHMM>]` pick the time of day,
`sr` back to the campaigns' own plans, `c` campaigns, `e` edits, `w` form buttons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bot.access import identify
from bot.chat.router import Journey
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton, encode, number
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role, Viewer
from bot.reminders import campaigns as cs
from bot.reminders import preferences as prefs
from bot.reminders.audience import submitted_units
from bot.reminders.dates import BadDate, parse_vn_date
from bot.reminders.messages import PREFIX
from bot.reminders.plan import BadPlan, ReminderPlan
from bot.render import Button, Renderer, Reply
from bot.status.access import Action, Principal, can_all, resolve
from bot.text.normalize import fold

FLOW = "remind"
STAFF = (Role.REVIEWER, Role.ADMIN)


# --- small helpers -------------------------------------------------------------------------


def _tz(turn: Turn) -> str:
    return turn.services.settings.timezone


def _today(turn: Turn) -> dt.date:
    return turn.now.astimezone(ReminderPlan(timezone=_tz(turn)).tz).date()


def _b(r: Renderer, key: str, *parts: object, **params: Any) -> Button:
    return r.button(key, encode(PREFIX, *parts), **params)


def _plan_ctx(plan: ReminderPlan) -> dict[str, Any]:
    days = ", ".join(str(o) for o in plan.offsets)
    return {"plan_days": days, "send_at": f"{plan.send_at:%H:%M}"}


def _int(value: str) -> int:
    return number(value)


async def _save(turn: Turn, answers: dict[str, Any]) -> None:
    await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW,
                               lambda _: sessions.FlowState(answers=answers), turn.now)


async def _end(turn: Turn) -> None:
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)


# --- /nhac and the buttons on a reminder ----------------------------------------------------


async def preferences(turn: Turn) -> list[Reply]:
    """/nhac: reminder settings, the unit's coming deadlines; staff also get campaign buttons."""
    r = turn.services.renderer
    viewer = await identify(turn)
    if viewer.officer_id is None and viewer.role not in STAFF:
        return [r.reply("common/needs_registration.j2")]
    current = prefs.Preferences()
    deadlines: list[prefs.DeadlineInfo] = []
    async with turn.services.db.session() as session:
        if viewer.officer_id is not None:
            current = await prefs.get_preferences(session, viewer.officer_id)
        if viewer.unit_id is not None:
            deadlines = await prefs.unit_deadlines(session, viewer.unit_id, _today(turn))
    rows: list[list[Button]] = []
    if viewer.officer_id is not None:
        rows.append([_b(r, "remind.prefs_off", "p", "off") if current.enabled
                     else _b(r, "remind.prefs_on", "p", "on")])
        if current.enabled:
            rows.append([_b(r, "remind.pick_days", "sd"), _b(r, "remind.pick_time", "st")])
            if current.personal:
                rows.append([_b(r, "remind.follow_campaigns", "sr")])
        if viewer.role in STAFF:
            rows.append([_b(r, "remind.digest_off", "g", "off") if current.digest
                         else _b(r, "remind.digest_on", "g", "on")])
    if viewer.role in STAFF:
        rows.append([_b(r, "remind.campaigns", "c", "list")])
    shown = prefs.own_plan(ReminderPlan(), current.days_before, current.send_at)
    return [r.reply("reminders/prefs.j2", buttons=rows, edit=bool(turn.data), prefs=current,
                    reviewer=viewer.role in STAFF, deadlines=deadlines,
                    unit_name=viewer.unit_name, **_plan_ctx(shown))]


async def _settings(turn: Turn, verb: str, arg: str | None) -> list[Reply]:
    """/nhac's pickers: reminder days (`sd`, a tap toggles one), time of day (`st`), or back to
    the campaigns' plans (`sr`); each change is saved at once and the settings shown again."""
    r = turn.services.renderer
    viewer = await identify(turn)
    if viewer.officer_id is None:
        return [r.reply("common/needs_registration.j2")]
    note = None
    try:
        async with turn.services.db.session() as session, session.begin():
            if verb == "sr":
                await prefs.follow_campaigns(session, viewer.officer_id, turn.now)
            elif verb == "st" and arg is not None:
                at = dt.time(_int(arg[:2]), _int(arg[2:])) if len(arg) == 4 else None
                if at is None:
                    raise StaleButton(arg)
                await prefs.set_time(session, viewer.officer_id, turn.now, at)
            elif verb == "sd" and arg is not None:
                await prefs.toggle_day(session, viewer.officer_id, turn.now, _int(arg))
            current = await prefs.get_preferences(session, viewer.officer_id)
    except prefs.ReminderActionError as error:
        if error.key != "no_days_left":
            raise StaleButton(verb) from error
        note = error.key
        async with turn.services.db.session() as session:
            current = await prefs.get_preferences(session, viewer.officer_id)
    if verb == "sd":
        return [_day_picker(r, current, note)]
    if verb == "st" and arg is None:
        return [_time_picker(r, current)]
    return await preferences(turn)


def _day_picker(r: Renderer, current: prefs.Preferences, note: str | None) -> Reply:
    chosen = set(current.days_before or ReminderPlan().offsets)
    row = [_b(r, "remind.day_on" if day in chosen else "remind.day_off", "sd", day,
              day=r.label("remind.day_0") if day == 0 else r.label("remind.day_n", n=day))
           for day in prefs.DAY_CHOICES]
    return r.reply("reminders/pick_days.j2", buttons=[row[:3], row[3:],
                                                      [_b(r, "remind.settings_done", "s")]],
                   edit=True, note=note,
                   plan_days=", ".join(str(d) for d in sorted(chosen, reverse=True)))


def _time_picker(r: Renderer, current: prefs.Preferences) -> Reply:
    at = current.send_at or ReminderPlan().send_at
    row = [_b(r, "remind.time_on" if t == at else "remind.time_off", "st", f"{t:%H%M}",
              time=f"{t:%H:%M}") for t in prefs.TIME_CHOICES]
    return r.reply("reminders/pick_time.j2", buttons=[row[:3], row[3:],
                                                      [_b(r, "remind.settings_done", "s")]],
                   edit=True, send_at=f"{at:%H:%M}")


async def entry(turn: Turn) -> list[Reply]:
    """Main-menu "remind": the campaigns for staff, the settings for unit officers."""
    viewer = await identify(turn)
    if viewer.role in STAFF:
        return await _campaign_list(turn)
    return await preferences(turn)


async def _set_pref(turn: Turn, which: str, value: str) -> list[Reply]:
    viewer = await identify(turn)
    if viewer.officer_id is None:
        return [turn.services.renderer.reply("common/needs_registration.j2")]
    on = value == "on"
    async with turn.services.db.session() as session, session.begin():
        if which == "p":
            await prefs.set_preferences(session, viewer.officer_id, turn.now, enabled=on)
        else:
            await prefs.set_preferences(session, viewer.officer_id, turn.now, digest=on)
    return await preferences(turn)


async def _officer_action(turn: Turn, verb: str, deadline_id: int) -> list[Reply]:
    """Snooze (`z`), "đã nộp" (`d`, asks first) or its confirmation (`dy`) from a reminder."""
    r = turn.services.renderer
    viewer = await identify(turn)
    if viewer.officer_id is None:
        return [r.reply("common/needs_registration.j2")]
    try:
        async with turn.services.db.session() as session, session.begin():
            if verb == "d":
                deadline = await prefs.deadline_for_unit(session, deadline_id, viewer.unit_id)
                buttons = [[_b(r, "remind.confirm_done", "dy", deadline_id),
                            _b(r, "remind.cancel", "dn", deadline_id)]]
                return [r.reply("reminders/confirm_done.j2", buttons=buttons,
                                unit_name=viewer.unit_name, award_group=deadline.award_group,
                                deadline=deadline.deadline)]
            if verb == "z":
                deadline, until = await prefs.snooze(session, viewer.officer_id, viewer.unit_id,
                                                     deadline_id, turn.now, _tz(turn))
                local = until.astimezone(ReminderPlan(timezone=_tz(turn)).tz)
                return [r.reply("reminders/snoozed.j2", deadline=deadline.deadline,
                                award_group=deadline.award_group, until_local=local)]
            deadline, created = await prefs.mark_done(session, viewer.officer_id,
                                                      viewer.unit_id, deadline_id, turn.now)
    except prefs.ReminderActionError as error:
        return [r.reply(f"reminders/{error.key}.j2")]
    template = "reminders/marked_done.j2" if created else "reminders/already_done.j2"
    return [r.reply(template, unit_name=viewer.unit_name, award_group=deadline.award_group,
                    deadline=deadline.deadline)]


# --- campaigns: list, detail, edits ----------------------------------------------------------


async def _staff(turn: Turn) -> Viewer | None:
    viewer = await identify(turn)
    return viewer if viewer.role in STAFF else None


async def _principal(turn: Turn, viewer: Viewer) -> Principal:
    async with turn.services.db.session() as session:
        return await resolve(session, viewer)


async def _campaign_refusal(turn: Turn, viewer: Viewer, campaign_id: int,
                            new_units: Iterable[int] = ()) -> Reply | None:
    """Why `viewer` may not change the campaign (gone, or reaching outside their scope), or None.

    `new_units` are the units an edit would give it: they must lie in the scope as well."""
    r = turn.services.renderer
    async with turn.services.db.session() as session:
        c = await cs.get_campaign(session, campaign_id, _tz(turn))
        principal = await resolve(session, viewer)
    if c is None:
        return r.reply("reminders/deadline_gone.j2")
    if can_all(principal, Action.CAMPAIGN, [*c.unit_ids, *new_units]):
        return None
    return r.reply("reminders/outside_scope.j2", code=c.code, name=c.name)


def _units_refusal(r: Renderer, principal: Principal, unit_ids: Iterable[int]) -> Reply | None:
    """Units chosen in a form that reach outside the viewer's scope: the reply saying so."""
    chosen = set(unit_ids)
    if can_all(principal, Action.CAMPAIGN, chosen):
        return None
    outside = len([u for u in chosen if not principal.covers(u)])
    return r.reply("reminders/units_outside_scope.j2",
                   buttons=[[_b(r, "remind.all_units", "w", "all")]], outside=outside)


async def _campaign_list(turn: Turn) -> list[Reply]:
    r = turn.services.renderer
    async with turn.services.db.session() as session:
        found = await cs.list_campaigns(session, active_only=False, timezone=_tz(turn))
    rows = [[_b(r, "remind.open_campaign", "c", c.id, code=c.code, name=c.name[:40])]
            for c in found[:20]]
    rows.append([_b(r, "remind.new_campaign", "c", "new")])
    return [r.reply("reminders/campaigns.j2", buttons=rows, campaigns=found)]


async def _campaign_detail(turn: Turn, campaign_id: int) -> list[Reply]:
    r = turn.services.renderer
    viewer = await identify(turn)
    async with turn.services.db.session() as session:
        c = await cs.get_campaign(session, campaign_id, _tz(turn))
        if c is None:
            return [r.reply("reminders/deadline_gone.j2")]
        submitted = {d.id: len(await submitted_units(session, d) & c.unit_ids)
                     for d in c.deadlines}
        principal = await resolve(session, viewer)
    if not can_all(principal, Action.CAMPAIGN, c.unit_ids):
        return [r.reply("reminders/campaign.j2", c=c, submitted=submitted, can_edit=False,
                        kind_label=r.label(f"remind.kind_{c.kind}"), **_plan_ctx(c.plan))]
    rows = [[_b(r, "remind.move_deadline", "e", c.id, "mv", d.id,
                group=r.award_group(d.award_group)[:24])] for d in c.deadlines]
    rows += [[_b(r, "remind.add_deadline", "e", c.id, "add"),
              _b(r, "remind.change_plan", "e", c.id, "plan")],
             [_b(r, "remind.change_units", "e", c.id, "units"),
              _b(r, "remind.close_campaign", "e", c.id, "close") if c.active
              else _b(r, "remind.reopen_campaign", "e", c.id, "open")]]
    return [r.reply("reminders/campaign.j2", buttons=rows, c=c, submitted=submitted, can_edit=True,
                    kind_label=r.label(f"remind.kind_{c.kind}"), **_plan_ctx(c.plan))]


async def _start_edit(turn: Turn, campaign_id: int, what: str, arg: str | None) -> list[Reply]:
    r = turn.services.renderer
    viewer = await _staff(turn)
    if viewer is None:
        return [r.reply("reminders/only_reviewers.j2")]
    refusal = await _campaign_refusal(turn, viewer, campaign_id)
    if refusal is not None:
        return [refusal]
    if what in ("close", "open"):
        async with turn.services.db.session() as session, session.begin():
            await cs.set_active(session, campaign_id, what == "open", viewer.officer_id, turn.now)
        return await _campaign_detail(turn, campaign_id)
    answers: dict[str, Any] = {"mode": "edit", "campaign_id": campaign_id, "step": "date"}
    if what == "mv" and arg is not None:
        answers["deadline_id"] = _int(arg)
        async with turn.services.db.session() as session:
            c = await cs.get_campaign(session, campaign_id, _tz(turn))
        deadline = next((d for d in (c.deadlines if c else ()) if d.id == answers["deadline_id"]),
                        None)
        if deadline is None:
            raise StaleButton(arg)
        await _save(turn, answers)
        return [r.reply("reminders/ask_new_date.j2", group=deadline.award_group,
                        current=deadline.deadline)]
    prompts = {"add": ("reminders/ask_group.j2", []),
               "plan": ("reminders/ask_plan.j2", [[_b(r, "remind.default_plan", "w", "def")]]),
               "units": ("reminders/ask_units.j2", [[_b(r, "remind.all_units", "w", "all")]])}
    if what not in prompts:
        raise StaleButton(what)
    await _save(turn, {**answers, "step": "group" if what == "add" else what})
    template, rows = prompts[what]
    return [r.reply(template, buttons=rows, count=0)]


# --- the campaign form: one step per answer ------------------------------------------------


async def _new_campaign(turn: Turn) -> list[Reply]:
    if await _staff(turn) is None:
        return [turn.services.renderer.reply("reminders/only_reviewers.j2")]
    await _save(turn, {"mode": "new", "step": "name", "deadlines": []})
    return [turn.services.renderer.reply("reminders/ask_name.j2")]


def _kind_buttons(r: Renderer) -> list[list[Button]]:
    buttons = [_b(r, f"remind.kind_{k}", "w", "k", k) for k in cs.KINDS]
    return [buttons[:2], buttons[2:]]


def _prompt(r: Renderer, answers: dict[str, Any]) -> Reply:
    """The question for the current step of the new-campaign form."""
    step = answers["step"]
    if step == "kind":
        return r.reply("reminders/ask_kind.j2", buttons=_kind_buttons(r), name=answers["name"])
    if step == "source":
        return r.reply("reminders/ask_source.j2", buttons=[[_b(r, "remind.skip", "w", "skip")]])
    if step == "group":
        return r.reply("reminders/ask_group.j2", count=len(answers.get("deadlines", [])))
    if step == "date":
        return r.reply("reminders/ask_date.j2", group=answers["group"])
    if step == "more":
        return r.reply("reminders/ask_more.j2",
                       buttons=[[_b(r, "remind.no_more_deadlines", "w", "done")]],
                       deadlines=_deadlines(answers))
    if step == "units":
        return r.reply("reminders/ask_units.j2", buttons=[[_b(r, "remind.all_units", "w", "all")]])
    if step == "plan":
        rows = [[_b(r, "remind.default_plan", "w", "def")]]
        return r.reply("reminders/ask_plan.j2", buttons=rows)
    plan = ReminderPlan.from_text(answers.get("plan"))
    return r.reply(
        "reminders/confirm.j2",
        buttons=[[_b(r, "remind.save", "w", "save"), _b(r, "remind.cancel", "w", "x")]],
        name=answers["name"], kind_label=r.label(f"remind.kind_{answers['kind']}"),
        source=answers.get("source"), deadlines=_deadlines(answers),
        unit_count=len(answers["unit_ids"]), **_plan_ctx(plan),
    )


def _deadlines(answers: dict[str, Any]) -> list[tuple[str, dt.date]]:
    return [(g, dt.date.fromisoformat(d)) for g, d in answers.get("deadlines", [])]


async def _answer(turn: Turn, answers: dict[str, Any], text: str | None,
                  button: list[str]) -> list[Reply]:
    """Apply one typed answer or form button to the stored answers; reply with what is next."""
    r = turn.services.renderer
    step = answers["step"]
    verb = button[0] if button else None
    new = dict(answers)
    if verb == "x":
        await _end(turn)
        return [r.reply("common/cancelled.j2", closed=True)]
    if step == "name" and text is not None:
        if not 1 <= len(text.strip()) <= cs.MAX_NAME:
            return [r.reply("reminders/bad_name.j2", what="campaign", limit=cs.MAX_NAME)]
        new.update(name=text.strip(), step="kind")
    elif step == "kind" and verb == "k" and len(button) == 2 and button[1] in cs.KINDS:
        new.update(kind=button[1], step="source")
    elif step == "source" and (text is not None or verb == "skip"):
        new.update(source=(text or "").strip()[:255] or None, step="group")
    elif step in ("group", "more") and text is not None:
        if not 1 <= len(text.strip()) <= cs.MAX_GROUP:
            return [r.reply("reminders/bad_name.j2", what="group", limit=cs.MAX_GROUP)]
        new.update(group=text.strip(), step="date")
    elif step == "date" and text is not None:
        try:
            day = parse_vn_date(text)
        except BadDate as bad:
            return [r.reply("reminders/bad_date.j2", reason=bad.reason, text=text.strip())]
        if day < _today(turn):
            return [r.reply("reminders/bad_date.j2", reason="past", text=text.strip())]
        if new.get("mode") == "edit":
            return await _finish_edit(turn, new, day=day)
        new.update(deadlines=[*new.get("deadlines", []), [new.pop("group"), day.isoformat()]],
                   step="more")
    elif step == "more" and verb == "done":
        new.update(step="units")
    elif step == "units" and (text is not None or verb == "all"):
        everything = verb == "all" or _means_all(r, text or "")
        viewer = await identify(turn)
        async with turn.services.db.session() as session:
            choice = await cs.resolve_units(session, text or "", everything=everything)
            principal = await resolve(session, viewer)
        unit_ids = choice.unit_ids
        if everything and principal.units is not None:  # a reviewer's "all": all of their scope
            unit_ids = tuple(u for u in unit_ids if principal.covers(u))
        if choice.unknown or not unit_ids:
            return [r.reply("reminders/bad_units.j2",
                            buttons=[[_b(r, "remind.all_units", "w", "all")]],
                            unknown=list(choice.unknown) or [text or ""])]
        refusal = _units_refusal(r, principal, unit_ids)
        if refusal is not None:
            return [refusal]
        choice = cs.UnitChoice(unit_ids, ())
        if new.get("mode") == "edit":
            return await _finish_edit(turn, new, unit_ids=choice.unit_ids)
        new.update(unit_ids=list(choice.unit_ids), step="plan")
    elif step == "plan" and (text is not None or verb == "def"):
        try:
            plan = ReminderPlan.from_text(None if verb == "def" else text, _tz(turn))
        except BadPlan:
            return [r.reply("reminders/bad_plan.j2", text=(text or "").strip())]
        if new.get("mode") == "edit":
            return await _finish_edit(turn, new, plan=plan)
        new.update(plan=plan.to_text(), step="confirm")
    elif step == "confirm" and verb == "save":
        return await _create(turn, new)
    elif text is None:
        raise StaleButton(":".join(button))
    else:
        return [_prompt(r, answers)]  # typed text where a button is expected: ask again
    await _save(turn, new)
    return [_prompt(r, new)]


def _means_all(r: Renderer, text: str) -> bool:
    return fold(text) in {fold(r.label("remind.all_units")), fold(r.label("remind.all_word"))}


async def _create(turn: Turn, answers: dict[str, Any]) -> list[Reply]:
    r = turn.services.renderer
    viewer = await _staff(turn)
    if viewer is None:
        return [r.reply("reminders/only_reviewers.j2")]
    refusal = _units_refusal(r, await _principal(turn, viewer), answers["unit_ids"])
    if refusal is not None:
        return [refusal]
    deadlines = _deadlines(answers)
    spec = cs.CampaignSpec(
        name=answers["name"], year=cs.default_year(answers["kind"], min(d for _, d in deadlines)),
        kind=answers["kind"], source_document=answers.get("source"),
        deadlines=tuple(cs.DeadlineSpec(g, d) for g, d in deadlines),
        unit_ids=tuple(answers["unit_ids"]),
        plan=ReminderPlan.from_text(answers.get("plan"), _tz(turn)),
    )
    async with turn.services.db.session() as session, session.begin():
        campaign = await cs.create_campaign(session, spec, viewer.officer_id, turn.now)
    await _end(turn)
    return [r.reply("reminders/created.j2", name=campaign.name, code=campaign.code),
            *await _campaign_detail(turn, campaign.id)]


async def _finish_edit(turn: Turn, answers: dict[str, Any], *, day: dt.date | None = None,
                       unit_ids: tuple[int, ...] = (), plan: ReminderPlan | None = None
                       ) -> list[Reply]:
    viewer = await _staff(turn)
    if viewer is None:
        return [turn.services.renderer.reply("reminders/only_reviewers.j2")]
    campaign_id = int(answers["campaign_id"])
    refusal = await _campaign_refusal(turn, viewer, campaign_id, unit_ids)
    if refusal is not None:
        await _end(turn)
        return [refusal]
    actor = viewer.officer_id
    async with turn.services.db.session() as session, session.begin():
        if day is not None and "deadline_id" in answers:
            await cs.set_deadline(session, int(answers["deadline_id"]), day, actor, turn.now)
        elif day is not None:
            await cs.add_deadline(session, campaign_id, cs.DeadlineSpec(answers["group"], day),
                                  actor, turn.now)
        elif unit_ids:
            await cs.set_units(session, campaign_id, unit_ids, actor, turn.now)
        elif plan is not None:
            await cs.set_plan(session, campaign_id, plan, actor, turn.now)
    await _end(turn)
    return await _campaign_detail(turn, campaign_id)


# --- dispatch ---------------------------------------------------------------------------------


async def take_text(turn: Turn) -> list[Reply] | None:
    """Typed answers belong to us only while our form is the chat's latest open flow."""
    db = turn.services.db
    if await sessions.latest_flow(db, turn.chat_id, turn.user_id) != FLOW:
        return None
    state = await sessions.load_flow(db, turn.chat_id, turn.user_id, FLOW)
    if state is None:
        return None
    return await _answer(turn, state.answers, turn.text, [])


async def _form_button(turn: Turn, parts: list[str]) -> list[Reply]:
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if state is None:
        raise StaleButton(":".join(parts))
    return await _answer(turn, state.answers, None, parts)


async def _campaign_button(turn: Turn, parts: list[str]) -> list[Reply]:
    if await _staff(turn) is None:
        return [turn.services.renderer.reply("reminders/only_reviewers.j2")]
    if parts == ["list"]:
        return await _campaign_list(turn)
    if parts == ["new"]:
        return await _new_campaign(turn)
    if len(parts) == 1:
        return await _campaign_detail(turn, _int(parts[0]))
    raise StaleButton(":".join(parts))


async def _edit_button(turn: Turn, parts: list[str]) -> list[Reply]:
    if len(parts) not in (2, 3):
        raise StaleButton(":".join(parts))
    return await _start_edit(turn, _int(parts[0]), parts[1], parts[2] if len(parts) == 3 else None)


async def on_button(turn: Turn) -> list[Reply]:
    verb, *rest = turn.data.split(":")
    if verb in ("z", "d", "dy") and len(rest) == 1:
        return await _officer_action(turn, verb, _int(rest[0]))
    if verb == "dn":
        return [turn.services.renderer.reply("reminders/done_cancelled.j2")]
    if verb in ("p", "g") and rest in (["on"], ["off"]):
        return await _set_pref(turn, verb, rest[0])
    if verb == "s" and not rest:
        return await preferences(turn)
    if verb in ("sd", "st", "sr") and len(rest) <= 1:
        return await _settings(turn, verb, rest[0] if rest else None)
    if verb == "c":
        return await _campaign_button(turn, rest)
    if verb == "e":
        return await _edit_button(turn, rest)
    if verb == "w":
        return await _form_button(turn, rest)
    raise StaleButton(turn.data)


JOURNEY = Journey(
    name="reminders",
    commands={"nhac": preferences},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
)
