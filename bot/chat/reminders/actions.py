"""The reminders journey's one action table: which command, button verb or typed answer in
which form step goes where. Everything else in the package is what those actions call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.chat.reminders import campaigns, form, settings, views
from bot.chat.reminders.codec import Payload, Verb
from bot.chat.reminders.shared import FLOW, STAFF, end, save
from bot.chat.router import Journey
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.identify import identify
from bot.reminders.messages import PREFIX
from bot.render import Reply

ButtonAction = Callable[[Turn, Payload], Awaitable[list[Reply]]]
FormAction = Callable[[Turn, form.Answers, form.Given], Awaitable[form.StepResult]]

COMMANDS = {"nhac": settings.preferences}

ANY = 99  # no limit on a verb's argument count (its action checks them)
# verb -> (action, fewest arguments, most arguments); outside the range the button is stale.
BUTTONS: dict[Verb, tuple[ButtonAction, int, int]] = {
    Verb.SNOOZE: (settings.on_deadline, 1, 1),
    Verb.DONE: (settings.on_deadline, 1, 1),
    Verb.DONE_YES: (settings.on_deadline, 1, 1),
    Verb.DONE_NO: (settings.done_cancelled, 0, ANY),
    Verb.REMINDERS: (settings.switch, 1, 1),
    Verb.DIGEST: (settings.switch, 1, 1),
    Verb.SETTINGS: (settings.show, 0, 0),
    Verb.DAYS: (settings.pick, 0, 1),
    Verb.TIME: (settings.pick, 0, 1),
    Verb.FOLLOW: (settings.pick, 0, 1),
    Verb.CAMPAIGN: (campaigns.on_campaign, 0, ANY),
    Verb.EDIT: (campaigns.on_edit, 0, ANY),
    Verb.FORM: (lambda turn, p: form_button(turn, p), 0, ANY),
}

TYPED = None  # the FORM key of a typed answer (button verbs are strings)
# (form step, button verb or TYPED) -> step action; `w:x` cancels at any step.
FORM: dict[tuple[str, str | None], FormAction] = {
    ("name", TYPED): form.name,
    ("kind", "k"): form.kind,
    ("source", TYPED): form.source,
    ("source", "skip"): form.source,
    ("group", TYPED): form.group,
    ("more", TYPED): form.group,
    ("date", TYPED): form.date,
    ("more", "done"): form.no_more,
    ("units", TYPED): form.units,
    ("units", "all"): form.units,
    ("plan", TYPED): form.plan,
    ("plan", "def"): form.plan,
    ("confirm", "save"): form.save,
}


async def entry(turn: Turn) -> list[Reply]:
    """Main-menu "remind": the campaigns for staff, the settings for unit officers."""
    viewer = await identify(turn)
    if viewer.role in STAFF:
        return await campaigns.campaign_list(turn)
    return await settings.preferences(turn)


async def on_button(turn: Turn) -> list[Reply]:
    p = Payload.parse(turn.data)
    action, fewest, most = BUTTONS[p.verb]
    if not fewest <= len(p.args) <= most:
        raise StaleButton(turn.data)
    return await action(turn, p)


async def answer(turn: Turn, answers: form.Answers, given: form.Given) -> list[Reply]:
    """Apply one typed answer or form button to the stored answers; reply with what is next."""
    r = turn.services.renderer
    if given.verb == "x":
        await end(turn)
        return [r.reply("common/cancelled.j2", closed=True)]
    action = FORM.get((answers["step"], given.verb))
    if action is None and given.text is None:
        raise StaleButton(":".join(given.button))
    if action is None:
        return [views.prompt(r, answers)]  # typed text where a button is expected: ask again
    outcome = await action(turn, dict(answers), given)
    if isinstance(outcome, list):
        return outcome
    await save(turn, outcome)
    return [views.prompt(r, outcome)]


async def form_button(turn: Turn, p: Payload) -> list[Reply]:
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if state is None:
        raise StaleButton(":".join(p.args))
    return await answer(turn, state.answers, form.Given(None, p.args))


async def take_text(turn: Turn) -> list[Reply] | None:
    """Typed answers belong to us only while our form is the chat's latest open flow."""
    db = turn.services.db
    if await sessions.latest_flow(db, turn.chat_id, turn.user_id) != FLOW:
        return None
    state = await sessions.load_flow(db, turn.chat_id, turn.user_id, FLOW)
    if state is None:
        return None
    return await answer(turn, state.answers, form.Given(turn.text))


JOURNEY = Journey(
    name="reminders",
    commands=COMMANDS,
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
)
