"""The officer's input as a pure change of the interview: a tapped button's argument or a typed
text, applied to the stored interview (`actions` says which change takes which input). A button
argument that the interview does not offer is a stale button, never a wrong answer."""

from __future__ import annotations

from bot.chat.eligibility.steps import on_screen
from bot.chat.eligibility.views import SUBJECT_KINDS
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.eligibility import Ambiguous, resolve_award
from bot.identify import identify
from bot.interview import prefill
from bot.interview.answers import take_answer, take_year
from bot.interview.flow import Screen
from bot.interview.state import ALL_AWARDS, Candidate, Interview
from bot.text import fold

# ── buttons: (turn, interview, argument) ─────────────────────────────────────────────────────


async def award(turn: Turn, interview: Interview, arg: str) -> Interview:
    if arg != ALL_AWARDS and arg not in turn.services.kb.awards:
        raise StaleButton(arg)
    return with_award(turn, interview, arg)


async def kind(turn: Turn, interview: Interview, arg: str) -> Interview:
    if arg not in SUBJECT_KINDS:
        raise StaleButton(arg)
    return interview.with_award(ALL_AWARDS, arg)


async def subject(turn: Turn, interview: Interview, arg: str) -> Interview:
    """A person of the unit offered (their records prefill the facts), or "skip"."""
    if arg == "skip":
        return interview.with_subject(None, None, {})
    if not arg.isdigit() or arg not in {c.key for c in interview.offered}:
        raise StaleButton(arg)
    viewer = await identify(turn)
    found = await prefill.subject_facts(turn.services.db, turn.services.kb, viewer, int(arg))
    if found is None:
        return interview.with_error("subject_not_found", text=arg)
    return interview.with_subject(int(arg), found.name, found.facts, found.sources)


async def year(turn: Turn, interview: Interview, arg: str) -> Interview:
    if not arg.isdigit():
        raise StaleButton(arg)
    return take_year(interview, int(arg))


async def answer(turn: Turn, interview: Interview, arg: str) -> Interview:
    """An answer button: for the question on screen (as stored, no engine run)."""
    return with_answer(turn, interview, arg, on_screen(turn, interview))


async def answer_again(turn: Turn, interview: Interview, arg: str) -> Interview:
    if not arg.isdigit():
        raise StaleButton(arg)
    return interview.without_answer(int(arg))


async def correct_record(turn: Turn, interview: Interview, arg: str) -> Interview:
    """A fact of the unit's records, answered again for this interview only."""
    if not arg.isdigit():
        raise StaleButton(arg)
    records = interview.prefilled()
    if int(arg) >= len(records):
        raise StaleButton(arg)
    return interview.correcting(records[int(arg)][0])


async def another_award(turn: Turn, interview: Interview, arg: str) -> Interview:
    return interview.for_another_award()


# ── typed text: (turn, interview, text, the screen it answers) ───────────────────────────────


async def award_typed(turn: Turn, interview: Interview, text: str, step: Screen) -> Interview:
    """An award's name, on the award screen or after a verdict (another award)."""
    return award_by_text(turn, interview.for_another_award(), text)


async def subject_typed(turn: Turn, interview: Interview, text: str, step: Screen) -> Interview:
    """A name to look up among the unit's people: the matches are offered as buttons."""
    viewer = await identify(turn)
    kind = interview.kind or "individual"
    found = await prefill.find_subjects(turn.services.db, viewer, kind, text)
    if not found:
        return interview.with_error("subject_not_found", text=text)
    return interview.offering("subject", tuple(Candidate(str(p.id), _label(p)) for p in found))


async def year_typed(turn: Turn, interview: Interview, text: str, step: Screen) -> Interview:
    text = text.strip()
    return take_year(interview, int(text) if text.isdigit() else None)


async def answer_typed(turn: Turn, interview: Interview, text: str, step: Screen) -> Interview:
    if step.question is None:
        return interview.with_error("use_buttons")
    return with_answer(turn, interview, text, step)


async def use_buttons(turn: Turn, interview: Interview, text: str, step: Screen) -> Interview:
    return interview.with_error("use_buttons")


# ── shared ───────────────────────────────────────────────────────────────────────────────────


def award_by_text(turn: Turn, interview: Interview, text: str) -> Interview:
    """The award a text names; several (or none) are offered (or said) instead."""
    found = resolve_award(turn.services.kb, text)
    if not isinstance(found, Ambiguous):
        return with_award(turn, interview, found.award_id)
    if not found.candidates:
        return interview.with_error("award_not_found", text=text)
    offered = tuple(Candidate(c.award_id, c.name) for c in found.candidates)
    return interview.offering("award", offered).with_error("award_ambiguous", text=text)


def with_award(turn: Turn, interview: Interview, award_id: str) -> Interview:
    if award_id == ALL_AWARDS:
        return interview.with_award(ALL_AWARDS, None)
    kinds = turn.services.kb.awards[award_id].kinds
    return interview.with_award(award_id, kinds[0].value)


def _label(person: prefill.Person) -> str:
    return f"{person.name} – {person.detail}" if person.detail else person.name


def with_answer(turn: Turn, interview: Interview, raw: str, step: Screen) -> Interview:
    """Answer the question of `step` (the one on screen)."""
    spec = step.question
    if spec is None:
        raise StaleButton(raw)
    given = _yes_no(turn, raw) if spec.answer == "yes_no" else raw
    return take_answer(turn.services.kb, interview, spec, given)


def _yes_no(turn: Turn, raw: str) -> str:
    """A typed yes, no or "unknown" (the `common.*` labels, with or without diacritics): its
    key."""
    label = turn.services.renderer.label
    words = {fold(label(f"common.{key}")): key for key in ("yes", "no", "unknown")}
    return words.get(fold(raw), raw)
