"""The eligibility journey: the interview in chat (Telegram and terminal alike).

Every update loads the stored interview, applies the officer's input as a pure change, saves it
with optimistic locking and renders the next node (ADR 001). Buttons carry the session version:
a button from an older screen is stale, never a wrong answer to the current question.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from typing import Any

from bot.chat.router import Journey
from bot.conversation.callbacks import StaleButton, encode, split_prefix
from bot.conversation.sessions import (
    FlowState,
    latest_flow_state,
    load_flow,
    save_flow,
    update_flow,
)
from bot.conversation.turn import Turn
from bot.conversation.viewer import Viewer
from bot.db.errors import StaleVersion
from bot.eligibility import (
    Ambiguous,
    EligibilityError,
    FactsError,
    QuestionSpec,
    evaluate,
    evaluate_all,
    question_by_id,
    resolve_award,
)
from bot.identify import identify
from bot.interview import prefill
from bot.interview.answers import YEARS_BACK_ALLOWED, take_answer, take_year
from bot.interview.flow import NodeId, Screen, next_screen
from bot.interview.records import prefilled_items
from bot.interview.state import ALL_AWARDS, Candidate, Interview, from_flow, to_flow
from bot.interview.why import explain
from bot.reminders.deadlines import campaign_year
from bot.render import Button, Reply

FLOW = "eligibility"
PREFIX = "el"
SUBJECT_KINDS = ("individual", "collective")
# Number buttons offered for small integer questions (months worked in a year).
SMALL_INTEGERS = (12, 11, 10, 9, 8, 7, 6)
# Quick buttons for counts per option (initiatives per scope); other counts are typed.
COUNT_BUTTONS = {"co_so": (1, 2, 3)}
YEARS_BACK = 5


def _today(turn: Turn) -> dt.date:
    return turn.now.astimezone(turn.services.settings.tz).date()


# ── entry points ────────────────────────────────────────────────────────────────────────────


async def start(turn: Turn) -> list[Reply]:
    """A fresh interview (the menu button, /xet)."""
    viewer = await identify(turn)
    today = _today(turn)
    fresh = Interview(
        as_of=today,
        can_prefill=viewer.registered,
        unit_province=viewer.province,
        campaign_year=await campaign_year(turn.services.db, viewer.unit_id, today),
    )
    if turn.text.strip():
        fresh = _choose_award_by_text(turn, fresh, turn.text)
    step = _step(turn, fresh)
    fresh = _shown(fresh, step)
    state = await update_flow(
        turn.services.db, turn.chat_id, turn.user_id, FLOW, lambda _: to_flow(fresh, 0), turn.now
    )
    return [render(turn, from_flow(state, _today(turn)), state.version, step=step)]


def _step(turn: Turn, interview: Interview) -> Screen:
    """The next node: one engine run (the only one of an update that changes the interview)."""
    return next_screen(turn.services.kb, interview, turn.services.settings.province)


def _shown(interview: Interview, step: Screen) -> Interview:
    return interview.showing(step.node.value, step.question.id if step.question else None)


def _on_screen(turn: Turn, interview: Interview) -> Screen:
    """The step the officer is answering: as stored when it was shown (no engine run); computed
    only for interviews saved before the screen was remembered."""
    if interview.shown_node is None:
        return _step(turn, interview)
    question = None
    if interview.shown_question is not None:
        kind = interview.kind or "individual"
        question = question_by_id(turn.services.kb, interview.shown_question, kind)
    return Screen(NodeId(interview.shown_node), question)


async def take_text(turn: Turn) -> list[Reply] | None:
    latest = await latest_flow_state(turn.services.db, turn.chat_id, turn.user_id)
    if latest is None or latest[0] != FLOW:
        return None
    stored = latest[1]
    interview = from_flow(stored, _today(turn))
    changed = await _apply_text(turn, interview, turn.text.strip())
    return await _save_and_render(turn, stored, changed, edit=False)


async def on_button(turn: Turn) -> list[Reply]:
    """`<version>:<action>[:<arg>]` — the version must match the stored interview."""
    version_text, rest = split_prefix(turn.data)
    action, arg = split_prefix(rest)
    stored = await load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if stored is None or version_text != str(stored.version):
        raise StaleButton(turn.data)
    interview = from_flow(stored, _today(turn))
    if action == "why":
        # Up to 40 evaluations: in a thread, so other users' updates are not held behind it.
        return [await asyncio.to_thread(_why, turn, interview)]
    if action == "ed":
        return [_edit_list(turn, interview, stored.version)]
    changed = await _apply_button(turn, interview, action, arg)
    # "Xét hình thức khác" sends a new message: the verdict stays in the chat (B19).
    return await _save_and_render(turn, stored, changed, edit=action != "new")


async def _save_and_render(
    turn: Turn, stored: FlowState, changed: Interview, edit: bool
) -> list[Reply]:
    """One engine run (the next step), one write: the new state if the stored one is still the
    one this update read (else the latest state is shown, the input is not applied twice)."""
    step = _step(turn, changed)
    changed = _shown(changed, step)
    try:
        state = await save_flow(
            turn.services.db,
            turn.chat_id,
            turn.user_id,
            FLOW,
            to_flow(changed, stored.version),
            stored.version,
            turn.now,
        )
    except StaleVersion:
        latest = await load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
        if latest is None:
            raise
        return [render(turn, from_flow(latest, _today(turn)), latest.version)]
    return [await _render_step(turn, changed, state.version, edit, step)]


async def _render_step(
    turn: Turn, interview: Interview, version: int, edit: bool, step: Screen
) -> Reply:
    """A verdict and its lộ trình take up to ~90 ms of CPU (Huân chương, a long history): built
    in a thread, the event loop keeps serving other users meanwhile (issue 16 target 2). The
    engine's memo caches are plain dicts of idempotent values, safe to share under the GIL."""
    if step.node is NodeId.RESULT:
        return await asyncio.to_thread(render, turn, interview, version, edit, step)
    return render(turn, interview, version, edit=edit, step=step)


# ── changes ─────────────────────────────────────────────────────────────────────────────────


async def _apply_button(turn: Turn, interview: Interview, action: str, arg: str) -> Interview:
    kb = turn.services.kb
    if action == "aw" and (arg == ALL_AWARDS or arg in kb.awards):
        return _with_award(turn, interview, arg)
    if action == "kd" and arg in SUBJECT_KINDS:
        return interview.with_award(ALL_AWARDS, arg)
    if action == "sj":
        return await _with_subject(turn, interview, arg)
    if action == "yr" and arg.isdigit():
        return take_year(interview, int(arg))
    if action == "an":
        return _with_answer(turn, interview, arg)
    if action == "ex" and arg.isdigit():
        return interview.without_answer(int(arg))
    if action == "pf" and arg.isdigit():
        records = interview.prefilled()
        if int(arg) >= len(records):
            raise StaleButton(arg)
        return interview.correcting(records[int(arg)][0])
    if action == "new":
        return interview.for_another_award()
    raise StaleButton(action)


async def _apply_text(turn: Turn, interview: Interview, text: str) -> Interview:
    step = _on_screen(turn, interview)
    if step.node in (NodeId.AWARD, NodeId.RESULT):
        return _choose_award_by_text(turn, interview.for_another_award(), text)
    if step.node is NodeId.SUBJECT:
        return await _offer_subjects(turn, interview, text)
    if step.node is NodeId.YEAR:
        return take_year(interview, _int_or_none(text))
    if step.node is NodeId.QUESTION and step.question is not None:
        return _with_answer(turn, interview, text, step)
    return interview.with_error("use_buttons")


def _choose_award_by_text(turn: Turn, interview: Interview, text: str) -> Interview:
    found = resolve_award(turn.services.kb, text)
    if isinstance(found, Ambiguous):
        if not found.candidates:
            return interview.with_error("award_not_found", text=text)
        offered = tuple(Candidate(c.award_id, c.name) for c in found.candidates)
        return interview.offering("award", offered).with_error("award_ambiguous", text=text)
    return _with_award(turn, interview, found.award_id)


def _with_award(turn: Turn, interview: Interview, award_id: str) -> Interview:
    if award_id == ALL_AWARDS:
        return interview.with_award(ALL_AWARDS, None)
    kinds = turn.services.kb.awards[award_id].kinds
    return interview.with_award(award_id, kinds[0].value)


async def _offer_subjects(turn: Turn, interview: Interview, text: str) -> Interview:
    viewer = await identify(turn)
    found = await prefill.find_subjects(
        turn.services.db, viewer, interview.kind or "individual", text
    )
    if not found:
        return interview.with_error("subject_not_found", text=text)
    offered = tuple(Candidate(str(p.id), _person_label(p)) for p in found)
    return interview.offering("subject", offered)


def _person_label(person: prefill.Person) -> str:
    return f"{person.name} – {person.detail}" if person.detail else person.name


async def _with_subject(turn: Turn, interview: Interview, arg: str) -> Interview:
    if arg == "skip":
        return interview.with_subject(None, None, {})
    if not arg.isdigit() or arg not in {c.key for c in interview.offered}:
        raise StaleButton(arg)
    viewer: Viewer = await identify(turn)
    found = await prefill.subject_facts(turn.services.db, turn.services.kb, viewer, int(arg))
    if found is None:
        return interview.with_error("subject_not_found", text=arg)
    return interview.with_subject(int(arg), found.name, found.facts, found.sources)


def _with_answer(
    turn: Turn, interview: Interview, raw: str, step: Screen | None = None
) -> Interview:
    """Answer the current question; `step` is that question when the caller already knows it
    (each `next_screen` is an engine evaluation); else the one on screen."""
    step = step or _on_screen(turn, interview)
    spec = step.question
    if spec is None:
        raise StaleButton(raw)
    answer = _yes_no(turn, raw) if spec.answer == "yes_no" else raw
    return take_answer(turn.services.kb, interview, spec, answer)


def _yes_no(turn: Turn, raw: str) -> str:
    """Typed "có"/"không"/"không rõ" (with or without diacritics) → yes/no/unknown."""
    from bot.text import fold

    words = {
        fold(turn.services.renderer.label("common.yes")): "yes",
        fold(turn.services.renderer.label("common.no")): "no",
        fold(turn.services.renderer.label("common.unknown")): "unknown",
    }
    return words.get(fold(raw), raw)


def _int_or_none(text: str) -> int | None:
    text = text.strip()
    return int(text) if text.isdigit() else None


# ── rendering ───────────────────────────────────────────────────────────────────────────────


def render(
    turn: Turn, interview: Interview, version: int, edit: bool = False, step: Screen | None = None
) -> Reply:
    """The screen for `step` (computed when not given: a stale button's latest state)."""
    services = turn.services
    r = services.renderer
    step = step or next_screen(services.kb, interview, services.settings.province)

    def data(action: str, arg: object = "") -> str:
        return (
            encode(PREFIX, version, action, arg) if arg != "" else encode(PREFIX, version, action)
        )

    base: dict[str, Any] = {
        "error": interview.error,
        "error_params": dict(interview.error_params),
        "subject_name": interview.subject_name,
        "year": interview.year,
        "award_name": _award_name(turn, interview.award),
        "answered": len(interview.answers),
    }
    builders: dict[NodeId, Callable[[], Reply]] = {
        NodeId.AWARD: lambda: _render_award(turn, interview, data, base, edit),
        NodeId.KIND: lambda: r.reply(
            "eligibility/ask_kind.j2",
            buttons=[[r.button(f"eligibility.kind_{k}", data("kd", k)) for k in SUBJECT_KINDS]],
            edit=edit,
            **base,
        ),
        NodeId.SUBJECT: lambda: _render_subject(turn, interview, data, base, edit),
        NodeId.YEAR: lambda: _render_year(turn, interview, data, base, edit),
        NodeId.QUESTION: lambda: _render_question(turn, interview, step, data, base, edit),
        NodeId.RESULT: lambda: _render_result(turn, interview, data, base, edit),
    }
    return builders[step.node]()


DataFn = Callable[..., str]


def _award_name(turn: Turn, award: str | None) -> str | None:
    if award is None or award == ALL_AWARDS:
        return None
    return turn.services.kb.awards[award].name


def _rows(buttons: list[Button], per_row: int) -> list[list[Button]]:
    return [buttons[i : i + per_row] for i in range(0, len(buttons), per_row)]


def _render_award(
    turn: Turn, interview: Interview, data: DataFn, base: dict[str, Any], edit: bool
) -> Reply:
    r, kb = turn.services.renderer, turn.services.kb
    if interview.offered_for == "award" and interview.offered:
        buttons = [Button(c.label, data("aw", c.key)) for c in interview.offered]
        return r.reply("eligibility/ask_award.j2", buttons=_rows(buttons, 1), edit=edit, **base)
    # Award buttons on the first screen: the catalogue's `menus.eligibility`, most asked first.
    popular = [
        Button(kb.awards[a].short_name or kb.awards[a].name, data("aw", a))
        for a in kb.menu("eligibility")
    ]
    rows = [*_rows(popular, 2), [r.button("eligibility.all_awards", data("aw", ALL_AWARDS))]]
    return r.reply("eligibility/ask_award.j2", buttons=rows, edit=edit, **base)


def _render_subject(
    turn: Turn, interview: Interview, data: DataFn, base: dict[str, Any], edit: bool
) -> Reply:
    r = turn.services.renderer
    buttons = [Button(c.label, data("sj", c.key)) for c in interview.offered]
    rows = [*_rows(buttons, 1), [r.button("eligibility.skip_subject", data("sj", "skip"))]]
    offered = bool(interview.offered)
    return r.reply(
        "eligibility/ask_subject.j2",
        buttons=rows,
        edit=edit,
        offered=offered,
        kind=interview.kind,
        **base,
    )


def _render_year(
    turn: Turn, interview: Interview, data: DataFn, base: dict[str, Any], edit: bool
) -> Reply:
    r = turn.services.renderer
    default = default_year(interview.as_of, interview.campaign_year)
    buttons = [Button(str(y), data("yr", y)) for y in year_choices(interview.as_of, default)]
    return r.reply(
        "eligibility/ask_year.j2",
        buttons=[buttons],
        edit=edit,
        default=default,
        from_campaign=default == interview.campaign_year,
        **base,
    )


def default_year(today: dt.date, campaign_year: int | None = None) -> int:
    """The achievement year usually considered: the year of the unit's open campaign (đợt xét);
    else the year just ended, except in December, when the year-end review of the current year
    is under way."""
    if campaign_year is not None and today.year - YEARS_BACK_ALLOWED <= campaign_year <= today.year:
        return campaign_year
    return today.year if today.month == 12 else today.year - 1


def year_choices(today: dt.date, default: int) -> list[int]:
    """Four year buttons, latest first (never a year to come); the default is always one."""
    top = max(default, default_year(today))
    years = {top, top - 1, top - 2, top - 3}
    if default not in years:
        years = {top, top - 1, top - 2, default}
    return sorted(years, reverse=True)


def _render_question(
    turn: Turn,
    interview: Interview,
    step: Screen,
    data: DataFn,
    base: dict[str, Any],
    edit: bool,
) -> Reply:
    r = turn.services.renderer
    spec = step.question
    assert spec is not None
    rows = _answer_rows(turn, spec, interview, data)
    prefilled = interview.prefilled()
    if interview.answers or prefilled:
        rows.append([r.button("eligibility.edit", data("ed"))])
    # Correcting a fact of the records: show what they say and where it came from.
    record = None
    if interview.editing == spec.id:
        value = next((v for qid, v in prefilled if qid == spec.id), None)
        if value is not None:
            record = {"value": value, "source": _source(interview, spec.id)}
    return r.reply(
        "eligibility/ask_question.j2",
        buttons=rows,
        edit=edit,
        question=spec,
        typed=spec.answer in ("integer", "number", "year"),
        record=record,
        **base,
    )


def _answer_rows(
    turn: Turn, spec: QuestionSpec, interview: Interview, data: DataFn
) -> list[list[Button]]:
    r = turn.services.renderer
    unknown = r.button("common.unknown", data("an", "unknown"))
    if spec.answer == "yes_no":
        return [
            [r.button("common.yes", data("an", "yes")), r.button("common.no", data("an", "no"))],
            [unknown],
        ]
    options = [Button(label, data("an", key)) for key, label in spec.options.items()]
    if spec.answer == "year":
        latest = interview.as_of.year
        years = [Button(str(y), data("an", y)) for y in range(latest - 1, latest - YEARS_BACK, -1)]
        return [*_rows(years, 4), *_rows(options, 1), [unknown]]
    if spec.answer == "counts":
        counts = [r.button("eligibility.counts_none", data("an", "none"))]
        counts += [
            r.button("eligibility.counts_one", data("an", f"{key}:{n}"), count=n, label=label)
            for key, label in spec.options.items()
            for n in COUNT_BUTTONS.get(key, (1,))
        ]
        return [*_rows(counts, 2), [unknown]]
    if spec.answer in ("integer", "number"):
        small = spec.max is not None and spec.max <= max(SMALL_INTEGERS)
        numbers = [Button(str(n), data("an", n)) for n in SMALL_INTEGERS] if small else []
        return [*_rows(numbers, 4), [unknown]]
    return [*_rows(options, 1), [unknown]]


def _render_result(
    turn: Turn, interview: Interview, data: DataFn, base: dict[str, Any], edit: bool
) -> Reply:
    services = turn.services
    r = services.renderer
    rows = [
        [r.button("eligibility.why", data("why")), r.button("eligibility.edit", data("ed"))],
        [
            r.button("eligibility.another", data("new")),
            r.button("menu.back", encode("m", "home")),
        ],
    ]
    try:
        facts = interview.facts(services.kb)
        if interview.award == ALL_AWARDS:
            verdicts = evaluate_all(
                services.kb, facts, interview.as_of, province=services.settings.province
            )
            return r.reply(
                "eligibility/result_all.j2",
                buttons=rows[1:],
                edit=edit,
                verdicts=verdicts,
                awards=services.kb.awards,
                **base,
            )
        assert interview.award is not None
        verdict = evaluate(
            services.kb,
            interview.award,
            facts,
            interview.as_of,
            province=services.settings.province,
        )
    except (FactsError, EligibilityError) as error:
        return r.reply(
            "eligibility/cannot_evaluate.j2", buttons=rows[1:], edit=edit, detail=str(error), **base
        )
    return r.reply(
        "eligibility/result.j2",
        buttons=rows,
        edit=edit,
        v=verdict,
        awards=services.kb.awards,
        **base,
    )


def _why(turn: Turn, interview: Interview) -> Reply:
    services = turn.services
    r = services.renderer
    if interview.award in (None, ALL_AWARDS):
        raise StaleButton("why")
    try:
        found = explain(services.kb, interview, services.settings.province)
    except (FactsError, EligibilityError) as error:
        return r.reply("eligibility/cannot_evaluate.j2", detail=str(error))
    return r.reply(
        "eligibility/why.j2", ex=found, awards=services.kb.awards, labels=services.kb.labels
    )


def _edit_list(turn: Turn, interview: Interview, version: int) -> Reply:
    """The answers given, then the facts taken from the unit's records ("Dữ liệu đã có"), each
    with a number to answer again (a record is corrected for this interview only)."""
    r, kb = turn.services.renderer, turn.services.kb
    kind = interview.kind or "individual"
    recorded = {qid for qid, _ in prefilled_items(interview.prefill)}
    items = []
    for index, (question_id, answer) in enumerate(interview.answers):
        spec = question_by_id(kb, question_id, kind)
        if spec is not None:
            items.append((index, spec, answer, question_id in recorded))
    records = []
    for index, (question_id, value) in enumerate(interview.prefilled()):
        spec = question_by_id(kb, question_id, kind)
        if spec is not None and _readable(spec, value):
            records.append((index, spec, value, _source(interview, question_id)))
    buttons = [
        Button(str(n), encode(PREFIX, version, "ex", index))
        for n, (index, _, _, _) in enumerate(items, start=1)
    ]
    buttons += [
        Button(str(n), encode(PREFIX, version, "pf", index))
        for n, (index, _, _, _) in enumerate(records, start=len(items) + 1)
    ]
    return r.reply(
        "eligibility/edit_list.j2",
        buttons=_rows(buttons, 5),
        items=items,
        records=records,
        subject_name=interview.subject_name,
    )


def _readable(spec: QuestionSpec, value: Any) -> bool:
    """A recorded value the officer can read: a choice outside the options (a raw id such as
    "ky_su") is not listed; the question is asked when it matters."""
    return spec.answer != "choice" or value in spec.options


def _source(interview: Interview, question_id: str) -> dict[str, Any] | None:
    """The record's source as the templates show it (dates as dates)."""
    found = interview.source_of(question_id)
    if found is None:
        return None
    shown = dict(found)
    if isinstance(shown.get("decided_on"), str):
        try:
            shown["decided_on"] = dt.date.fromisoformat(shown["decided_on"])
        except ValueError:
            shown.pop("decided_on")
    return shown


JOURNEY = Journey(
    name=FLOW,
    commands={"xet": start},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
)
