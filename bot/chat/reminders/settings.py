"""/nhac and the buttons on a reminder: an officer's reminder settings, snooze and "đã nộp"."""

from __future__ import annotations

import datetime as dt

from bot.chat.reminders import views
from bot.chat.reminders.codec import Payload, Verb
from bot.chat.reminders.shared import STAFF, today, tz
from bot.conversation.callbacks import StaleButton, number
from bot.conversation.turn import Turn
from bot.conversation.viewer import Viewer
from bot.identify import identify
from bot.reminders import preferences as prefs
from bot.reminders.plan import ReminderPlan
from bot.render import Reply


def _needs_registration(turn: Turn) -> list[Reply]:
    return [turn.services.renderer.reply("common/needs_registration.j2")]


async def _read(turn: Turn, viewer: Viewer) -> tuple[prefs.Preferences,
                                                     list[prefs.DeadlineInfo]]:
    current, coming = prefs.Preferences(), []
    async with turn.services.db.session() as session:
        if viewer.officer_id is not None:
            current = await prefs.get_preferences(session, viewer.officer_id)
        if viewer.unit_id is not None:
            coming = await prefs.unit_deadlines(session, viewer.unit_id, today(turn))
    return current, coming


async def preferences(turn: Turn) -> list[Reply]:
    """/nhac: reminder settings, the unit's coming deadlines; staff also get campaign buttons."""
    viewer = await identify(turn)
    if viewer.officer_id is None and viewer.role not in STAFF:
        return _needs_registration(turn)
    current, coming = await _read(turn, viewer)
    return [views.settings(turn.services.renderer, viewer, current, coming, bool(turn.data))]


async def show(turn: Turn, p: Payload) -> list[Reply]:
    """`s`: back to the settings."""
    return await preferences(turn)


async def _apply(turn: Turn, officer_id: int, p: Payload) -> prefs.Preferences:
    arg = p.optional()
    async with turn.services.db.session() as session, session.begin():
        if p.verb is Verb.FOLLOW:
            await prefs.follow_campaigns(session, officer_id, turn.now)
        elif p.verb is Verb.TIME and arg is not None:
            if len(arg) != 4:
                raise StaleButton(arg)
            at = dt.time(number(arg[:2]), number(arg[2:]))
            await prefs.set_time(session, officer_id, turn.now, at)
        elif p.verb is Verb.DAYS and arg is not None:
            await prefs.toggle_day(session, officer_id, turn.now, number(arg))
        return await prefs.get_preferences(session, officer_id)


async def pick(turn: Turn, p: Payload) -> list[Reply]:
    """/nhac's pickers: reminder days (`sd`, a tap toggles one), time of day (`st`), or back to
    the campaigns' plans (`sr`); each change is saved at once and the settings shown again."""
    viewer = await identify(turn)
    if viewer.officer_id is None:
        return _needs_registration(turn)
    note = None
    try:
        current = await _apply(turn, viewer.officer_id, p)
    except prefs.ReminderActionError as error:
        if error.key != "no_days_left":
            raise StaleButton(p.verb.value) from error
        note = error.key
        current, _ = await _read(turn, viewer)
    if p.verb is Verb.DAYS:
        return [views.day_picker(turn.services.renderer, current, note)]
    if p.verb is Verb.TIME and not p.args:
        return [views.time_picker(turn.services.renderer, current)]
    return await preferences(turn)


async def switch(turn: Turn, p: Payload) -> list[Reply]:
    """`p:on|off` reminders, `g:on|off` the digest."""
    if p.args not in (("on",), ("off",)):
        raise StaleButton(p.text())
    viewer = await identify(turn)
    if viewer.officer_id is None:
        return _needs_registration(turn)
    on = p.args[0] == "on"
    change = {"enabled": on} if p.verb is Verb.REMINDERS else {"digest": on}
    async with turn.services.db.session() as session, session.begin():
        await prefs.set_preferences(session, viewer.officer_id, turn.now, **change)
    return await preferences(turn)


async def _on_deadline(turn: Turn, viewer: Viewer, officer_id: int, p: Payload) -> list[Reply]:
    r, deadline_id = turn.services.renderer, p.number()
    async with turn.services.db.session() as session, session.begin():
        if p.verb is Verb.DONE:
            deadline = await prefs.deadline_for_unit(session, deadline_id, viewer.unit_id)
            return [views.confirm_done(r, viewer, deadline, deadline_id)]
        if p.verb is Verb.SNOOZE:
            deadline, until = await prefs.snooze(session, officer_id, viewer.unit_id,
                                                 deadline_id, turn.now, tz(turn))
            local = until.astimezone(ReminderPlan(timezone=tz(turn)).tz)
            return [r.reply("reminders/snoozed.j2", deadline=deadline.deadline,
                            award_group=deadline.award_group, until_local=local)]
        deadline, created = await prefs.mark_done(session, officer_id,
                                                  viewer.unit_id, deadline_id, turn.now)
    template = "reminders/marked_done.j2" if created else "reminders/already_done.j2"
    return [r.reply(template, unit_name=viewer.unit_name, award_group=deadline.award_group,
                    deadline=deadline.deadline)]


async def on_deadline(turn: Turn, p: Payload) -> list[Reply]:
    """Snooze (`z`), "đã nộp" (`d`, asks first) or its confirmation (`dy`) from a reminder."""
    p.number()  # a broken id is a stale button before anything is read
    viewer = await identify(turn)
    if viewer.officer_id is None:
        return _needs_registration(turn)
    try:
        return await _on_deadline(turn, viewer, viewer.officer_id, p)
    except prefs.ReminderActionError as error:
        return [turn.services.renderer.reply(f"reminders/{error.key}.j2")]


async def done_cancelled(turn: Turn, p: Payload) -> list[Reply]:
    return [turn.services.renderer.reply("reminders/done_cancelled.j2")]
