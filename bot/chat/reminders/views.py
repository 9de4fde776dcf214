"""Pure views of the reminders journey: state in, `Reply` out (no database, no session)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot.chat.reminders.codec import Verb, button
from bot.chat.reminders.shared import STAFF, deadlines, plan_ctx
from bot.conversation.viewer import Viewer
from bot.reminders import campaigns as cs
from bot.reminders import preferences as prefs
from bot.reminders.plan import ReminderPlan
from bot.render import Button, Renderer, Reply

# --- /nhac and its pickers -----------------------------------------------------------------


def _officer_rows(r: Renderer, current: prefs.Preferences, staff: bool) -> list[list[Button]]:
    rows = [[button(r, "remind.prefs_off", Verb.REMINDERS, "off") if current.enabled
             else button(r, "remind.prefs_on", Verb.REMINDERS, "on")]]
    if current.enabled:
        rows.append([button(r, "remind.pick_days", Verb.DAYS),
                     button(r, "remind.pick_time", Verb.TIME)])
        if current.personal:
            rows.append([button(r, "remind.follow_campaigns", Verb.FOLLOW)])
    if staff:
        rows.append([button(r, "remind.digest_off", Verb.DIGEST, "off") if current.digest
                     else button(r, "remind.digest_on", Verb.DIGEST, "on")])
    return rows


def settings(r: Renderer, viewer: Viewer, current: prefs.Preferences,
             coming: list[prefs.DeadlineInfo], edit: bool) -> Reply:
    """/nhac: reminder settings and the unit's coming deadlines; staff get campaign buttons."""
    staff = viewer.role in STAFF
    rows = _officer_rows(r, current, staff) if viewer.officer_id is not None else []
    if staff:
        rows.append([button(r, "remind.campaigns", Verb.CAMPAIGN, "list")])
    shown = prefs.own_plan(ReminderPlan(), current.days_before, current.send_at)
    return r.reply("reminders/prefs.j2", buttons=rows, edit=edit, prefs=current, reviewer=staff,
                   deadlines=coming, unit_name=viewer.unit_name, **plan_ctx(shown))


def _done_row(r: Renderer) -> list[Button]:
    return [button(r, "remind.settings_done", Verb.SETTINGS)]


def day_picker(r: Renderer, current: prefs.Preferences, note: str | None) -> Reply:
    chosen = set(current.days_before or ReminderPlan().offsets)
    row = [button(r, "remind.day_on" if day in chosen else "remind.day_off", Verb.DAYS, day,
                  day=r.label("remind.day_0") if day == 0 else r.label("remind.day_n", n=day))
           for day in prefs.DAY_CHOICES]
    return r.reply("reminders/pick_days.j2", buttons=[row[:3], row[3:], _done_row(r)],
                   edit=True, note=note,
                   plan_days=", ".join(str(d) for d in sorted(chosen, reverse=True)))


def time_picker(r: Renderer, current: prefs.Preferences) -> Reply:
    at = current.send_at or ReminderPlan().send_at
    row = [button(r, "remind.time_on" if t == at else "remind.time_off", Verb.TIME,
                  f"{t:%H%M}", time=f"{t:%H:%M}") for t in prefs.TIME_CHOICES]
    return r.reply("reminders/pick_time.j2", buttons=[row[:3], row[3:], _done_row(r)],
                   edit=True, send_at=f"{at:%H:%M}")


def confirm_done(r: Renderer, viewer: Viewer, deadline: Any, deadline_id: int) -> Reply:
    buttons = [[button(r, "remind.confirm_done", Verb.DONE_YES, deadline_id),
                button(r, "remind.cancel", Verb.DONE_NO, deadline_id)]]
    return r.reply("reminders/confirm_done.j2", buttons=buttons, unit_name=viewer.unit_name,
                   award_group=deadline.award_group, deadline=deadline.deadline)


# --- campaigns -----------------------------------------------------------------------------


def campaign_list(r: Renderer, found: list[Any]) -> Reply:
    rows = [[button(r, "remind.open_campaign", Verb.CAMPAIGN, c.id, code=c.code,
                    name=c.name[:40])] for c in found[:20]]
    rows.append([button(r, "remind.new_campaign", Verb.CAMPAIGN, "new")])
    return r.reply("reminders/campaigns.j2", buttons=rows, campaigns=found)


def _edit_rows(r: Renderer, c: Any) -> list[list[Button]]:
    rows = [[button(r, "remind.move_deadline", Verb.EDIT, c.id, "mv", d.id,
                    group=r.award_group(d.award_group)[:24])] for d in c.deadlines]
    rows += [[button(r, "remind.add_deadline", Verb.EDIT, c.id, "add"),
              button(r, "remind.change_plan", Verb.EDIT, c.id, "plan")],
             [button(r, "remind.change_units", Verb.EDIT, c.id, "units"),
              button(r, "remind.close_campaign", Verb.EDIT, c.id, "close") if c.active
              else button(r, "remind.reopen_campaign", Verb.EDIT, c.id, "open")]]
    return rows


def campaign_detail(r: Renderer, c: Any, submitted: dict[int, int], can_edit: bool) -> Reply:
    extra: dict[str, Any] = {"buttons": _edit_rows(r, c)} if can_edit else {}
    return r.reply("reminders/campaign.j2", c=c, submitted=submitted, can_edit=can_edit,
                   kind_label=r.label(f"remind.kind_{c.kind}"), **plan_ctx(c.plan), **extra)


def all_units_row(r: Renderer) -> list[list[Button]]:
    return [[button(r, "remind.all_units", Verb.FORM, "all")]]


def default_plan_row(r: Renderer) -> list[list[Button]]:
    return [[button(r, "remind.default_plan", Verb.FORM, "def")]]


def units_outside(r: Renderer, outside: int) -> Reply:
    return r.reply("reminders/units_outside_scope.j2", buttons=all_units_row(r), outside=outside)


# --- the campaign form: the question of each step --------------------------------------------


def _ask_kind(r: Renderer, answers: dict[str, Any]) -> Reply:
    kinds = [button(r, f"remind.kind_{k}", Verb.FORM, "k", k) for k in cs.KINDS]
    return r.reply("reminders/ask_kind.j2", buttons=[kinds[:2], kinds[2:]], name=answers["name"])


def _ask_source(r: Renderer, answers: dict[str, Any]) -> Reply:
    return r.reply("reminders/ask_source.j2",
                   buttons=[[button(r, "remind.skip", Verb.FORM, "skip")]])


def _ask_group(r: Renderer, answers: dict[str, Any]) -> Reply:
    return r.reply("reminders/ask_group.j2", count=len(answers.get("deadlines", [])))


def _ask_date(r: Renderer, answers: dict[str, Any]) -> Reply:
    return r.reply("reminders/ask_date.j2", group=answers["group"])


def _ask_more(r: Renderer, answers: dict[str, Any]) -> Reply:
    return r.reply("reminders/ask_more.j2", deadlines=deadlines(answers),
                   buttons=[[button(r, "remind.no_more_deadlines", Verb.FORM, "done")]])


def _ask_units(r: Renderer, answers: dict[str, Any]) -> Reply:
    return r.reply("reminders/ask_units.j2", buttons=all_units_row(r))


def _ask_plan(r: Renderer, answers: dict[str, Any]) -> Reply:
    return r.reply("reminders/ask_plan.j2", buttons=default_plan_row(r))


def _confirm(r: Renderer, answers: dict[str, Any]) -> Reply:
    plan = ReminderPlan.from_text(answers.get("plan"))
    rows = [[button(r, "remind.save", Verb.FORM, "save"),
             button(r, "remind.cancel", Verb.FORM, "x")]]
    return r.reply(
        "reminders/confirm.j2", buttons=rows, name=answers["name"],
        kind_label=r.label(f"remind.kind_{answers['kind']}"), source=answers.get("source"),
        deadlines=deadlines(answers), unit_count=len(answers["unit_ids"]), **plan_ctx(plan))


PROMPTS: dict[str, Callable[[Renderer, dict[str, Any]], Reply]] = {
    "kind": _ask_kind, "source": _ask_source, "group": _ask_group, "date": _ask_date,
    "more": _ask_more, "units": _ask_units, "plan": _ask_plan,
}


def prompt(r: Renderer, answers: dict[str, Any]) -> Reply:
    """The question for the current step of the new-campaign form (the summary at the end)."""
    return PROMPTS.get(answers["step"], _confirm)(r, answers)


def past_date(r: Renderer, text: str) -> Reply:
    return r.reply("reminders/bad_date.j2", reason="past", text=text.strip())
