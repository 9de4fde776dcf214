"""The status journey: `/hoso`, dossier cards, search, the reviewer queue and status buttons.

Buttons (`st:` prefix, ≤ 64 bytes): `c:<code>` card · `l:<offset>` unit list · `q:<offset>`
queue · `m:<code>:<to>:<version>` start a change · `k:<i>` tick a checklist item · `ok` send
the change without (more) text · `x` cancel · `i`, `ik:<kind>`, `ix` import a file
(`bot.chat.status_import`, which also takes the files of this journey). A change waits for the
reviewer's typed reason in a per-chat flow row (ADR 001), so a restart or a second instance
loses nothing; the version carried by the button makes a stale screen lose cleanly (optimistic
locking).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.chat import status_import
from bot.chat.router import Journey
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton, encode, number, parts
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.db.codes import parse_dossier_code
from bot.errors import AccessDenied
from bot.render import Button, Renderer, Reply
from bot.status import lookup, service
from bot.status.access import Action, Principal, can
from bot.status.errors import (
    ConcurrentChange,
    DossierNotFound,
    ReasonRequired,
    StatusError,
    TransitionNotAllowed,
)
from bot.status.expected import expected_date
from bot.status.lookup import DossierCard, DossierSummary
from bot.status.lookup_budget import budgets
from bot.status.principal import principal_for
from knowledge.workflow_schema import Reason, Side

PREFIX = "st"
FLOW = "status_change"
# Longer button labels are cut by Telegram clients on a phone; cut them ourselves, visibly.
BUTTON_CHARS = 48
CHECKLIST_KEYS = ("to_trinh", "bao_cao", "bien_ban", "phieu_bau", "sang_kien", "danh_sach")


async def _principal(turn: Turn) -> Principal:
    return await principal_for(turn)  # identify + resolve in one read


def _guest(r: Renderer) -> list[Reply]:
    return [r.reply("common/needs_registration.j2")]


async def _lookup_wait(turn: Turn) -> int:
    """Charge one lookup to the user's budget (shared by every instance, reconciled with the
    database in batches: `bot.status.lookup_budget`): 0 or seconds to wait."""
    return await budgets(turn.services.db).take(turn.user_id, turn.now)


async def _throttled(turn: Turn) -> list[Reply] | None:
    wait = await _lookup_wait(turn)
    if wait:
        return [turn.services.renderer.reply("status/too_many.j2", seconds=wait)]
    return None


def _award_name(turn: Turn, award: str) -> str:
    found = turn.services.kb.awards.get(award) if turn.services.kb else None
    return found.name if found is not None else award


# --- entry points ------------------------------------------------------------------------------


async def hoso(turn: Turn) -> list[Reply]:
    """`/hoso` opens the list (a reviewer's queue, an officer's unit); `/hoso <code or name>`
    looks one up."""
    query = turn.text.strip()
    if query:
        return await lookup_text(turn, query)
    return await open_from_menu(turn)


async def open_from_menu(turn: Turn) -> list[Reply]:
    """Main-menu "status": reviewers and admins get their queue, officers their unit's list."""
    principal = await _principal(turn)
    if principal.role in (Role.REVIEWER, Role.ADMIN):
        return await queue(turn, 0, principal)
    return await unit_list(turn, 0, principal)


async def unit_list(turn: Turn, offset: int, principal: Principal | None = None) -> list[Reply]:
    r = turn.services.renderer
    principal = principal or await _principal(turn)
    if principal.role is Role.GUEST:
        return _guest(r)
    if principal.unit_id is None or not can(principal, Action.VIEW, principal.unit_id):
        # An admin without a unit, or a reviewer whose own unit lies outside their scope.
        return await queue(turn, 0, principal)
    items = await turn.services.db.read(
        lookup.unit_dossiers, principal, principal.unit_id, offset
    )
    buttons = _card_buttons(r, items)
    if len(items) == lookup.PAGE:
        buttons.append([r.button("status.more", encode(PREFIX, "l", offset + lookup.PAGE))])
    return [
        r.reply(
            "status/list.j2",
            buttons=buttons,
            items=_rows(turn, items),
            offset=offset,
            edit=offset > 0,
        )
    ]


async def queue(
    turn: Turn, offset: int, principal: Principal | None = None, done: bool = False
) -> list[Reply]:
    """The reviewer's queue (what needs action first), or with `done` the decided and
    delivered dossiers that left it."""
    r = turn.services.renderer
    principal = principal or await _principal(turn)
    today = turn.now.astimezone(turn.services.settings.tz).date()
    try:
        items = await turn.services.db.read(
            lookup.reviewer_queue, principal, turn.services.kb, offset, lookup.PAGE, today, done
        )
    except AccessDenied:
        sees_own_unit = principal.unit_id is not None and can(
            principal, Action.VIEW, principal.unit_id
        )
        return await unit_list(turn, 0, principal) if sees_own_unit else _guest(r)
    buttons = _card_buttons(r, items)
    page = "qd" if done else "q"
    if len(items) == lookup.PAGE:
        buttons.append([r.button("status.more", encode(PREFIX, page, offset + lookup.PAGE))])
    if done:
        buttons.append([r.button("status.queue_open", encode(PREFIX, "q", 0))])
    else:
        buttons.append([r.button("status.queue_done", encode(PREFIX, "qd", 0))])
    if status_import.importable_kinds(principal):
        buttons.append([r.button("status_import.open", encode(PREFIX, "i"))])
    return [
        r.reply(
            "status/queue.j2",
            buttons=buttons,
            items=_rows(turn, items),
            offset=offset,
            done=done,
            edit=offset > 0,
        )
    ]


async def lookup_text(turn: Turn, query: str) -> list[Reply]:
    """A code opens the card; anything else is a fuzzy nominee-name search."""
    r = turn.services.renderer
    principal = await _principal(turn)
    if principal.role is Role.GUEST:
        return _guest(r)
    throttled = await _throttled(turn)
    if throttled:
        return throttled
    code = parse_dossier_code(query)
    if code is not None:
        return await card(turn, code, principal, charge=False)
    items = await turn.services.db.read(lookup.search_dossiers, principal, query)
    return [
        r.reply(
            "status/search.j2",
            buttons=_card_buttons(r, items),
            items=_rows(turn, items),
            query=query,
        )
    ]


async def card(
    turn: Turn,
    code: str,
    principal: Principal | None = None,
    *,
    charge: bool = True,
    edit: bool = False,
) -> list[Reply]:
    r = turn.services.renderer
    principal = principal or await _principal(turn)
    if principal.role is Role.GUEST:
        return _guest(r)
    if charge and (throttled := await _throttled(turn)):
        return throttled
    try:
        found = await turn.services.db.read(
            lookup.get_card, principal, code, turn.now, turn.services.settings.tz,
            turn.services.kb,
        )
    except DossierNotFound:
        return [r.reply("status/not_found.j2", code=code)]
    return [_card_reply(turn, found, edit)]


def _card_reply(turn: Turn, found: DossierCard, edit: bool) -> Reply:
    r = turn.services.renderer
    s = found.summary
    buttons = [
        # A resubmission carries the supplement's files: it goes through the dossier draft.
        [r.button("dossier.supplement", encode("dh", "sp", s.code))]
        if (s.status, t.to) == ("needs_supplement", "submitted")
        else [r.button(f"status.to.{t.to}", encode(PREFIX, "m", s.code, t.to, s.version))]
        for t in found.actions
    ]
    return r.reply(
        "status/card.j2",
        buttons=buttons,
        edit=edit,
        card=found,
        s=s,
        award_name=_award_name(turn, s.award),
        today=turn.now.astimezone(turn.services.settings.tz).date(),
    )


# --- status changes ----------------------------------------------------------------------------


async def start_change(turn: Turn, code: str, to: str, version: int) -> list[Reply]:
    """A reviewer (or the unit) tapped a move: ask for the reason / checklist before acting.

    The tap reads a dossier by code, so it is charged to the lookup budget like `/hoso <code>`:
    forged `st:m:` payloads cannot probe codes past the budget."""
    r = turn.services.renderer
    principal = await _principal(turn)
    if principal.role is Role.GUEST:
        return _guest(r)
    if throttled := await _throttled(turn):
        return throttled
    try:
        found = await turn.services.db.read(
            lookup.get_card, principal, code, turn.now, turn.services.settings.tz,
            turn.services.kb,
        )
    except DossierNotFound:
        return [r.reply("status/not_found.j2", code=code)]
    if found.summary.version != version:
        return [
            r.reply("status/conflict.j2", code=code, status=found.summary.status),
            _card_reply(turn, found, edit=False),
        ]
    if not any(t.to == to for t in found.actions):
        return [
            r.reply(
                "errors/transition_not_allowed.j2", from_status=found.summary.status, to_status=to
            )
        ]
    items = found.findings or [r.label(f"status.checklist.{k}") for k in CHECKLIST_KEYS]
    data: dict[str, Any] = {
        "code": code,
        "from": found.summary.status,
        "to": to,
        "version": version,
        "items": items,
        "ticked": [],
    }

    def begin(_: sessions.FlowState | None) -> sessions.FlowState:
        return sessions.FlowState(data=data)

    await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW, begin, turn.now)
    return [_ask(turn, data)]


def _ask(turn: Turn, data: dict[str, Any], edit: bool = False) -> Reply:
    r = turn.services.renderer
    workflow = turn.services.kb.workflow.on(turn.now.astimezone(turn.services.settings.tz).date())
    transition = workflow.transition(str(data["from"]), str(data["to"]))
    required = transition is not None and transition.reason is Reason.REQUIRED
    # A final state (withdrawn, not approved…) cannot be left: say so and ask to confirm.
    final = workflow.state(str(data["to"])).terminal
    rows: list[list[Button]] = []
    checklist = data["to"] == "needs_supplement"
    if final and (data.get("note") or not required):
        rows.append([r.button("status.confirm_final", encode(PREFIX, "ok"),
                              state=r.label(f"status.state.{data['to']}"))])
    elif checklist:
        for index, item in enumerate(data["items"][:8]):
            key = "status.item_on" if index in data["ticked"] else "status.item_off"
            rows.append([Button(r.label(key, item=item[:40]), encode(PREFIX, "k", index))])
        if data["ticked"]:
            rows.append([r.button("status.done_checklist", encode(PREFIX, "ok"))])
    elif not required:
        rows.append([r.button("status.skip_reason", encode(PREFIX, "ok"))])
    rows.append([r.button("status.cancel_keep" if final else "status.cancel", encode(PREFIX, "x"))])
    today = turn.now.astimezone(turn.services.settings.tz).date()
    return r.reply(
        "status/ask_reason.j2",
        buttons=rows,
        edit=edit,
        code=data["code"],
        to_status=data["to"],
        checklist=checklist and not final,
        required=required,
        final=final,
        note=data.get("note"),
        # Who will read the note: the unit's move is told to the reviewers, and back.
        by_unit=transition is not None and transition.by is Side.UNIT,
        supplement_due=(turn.services.kb.sla.supplement_deadline(today, turn.services.kb.calendar)
                        if checklist else None),
    )


async def tick(turn: Turn, index: int) -> list[Reply]:
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if state is None:
        raise StaleButton(str(index))

    def toggle(current: sessions.FlowState | None) -> sessions.FlowState:
        data = dict((current or state).data)
        ticked = list(data.get("ticked", []))
        if index in ticked:
            ticked.remove(index)
        elif 0 <= index < len(data.get("items", [])):
            ticked.append(index)
        data["ticked"] = sorted(ticked)
        return sessions.FlowState(data=data, version=(current or state).version)

    saved = await sessions.update_flow(
        turn.services.db, turn.chat_id, turn.user_id, FLOW, toggle, turn.now
    )
    return [_ask(turn, saved.data, edit=True)]


async def take_text(turn: Turn) -> list[Reply] | None:
    """The typed reason of a pending change; a bare dossier code opens its card."""
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if state is not None and turn.text.strip():
        if _is_final(turn, state.data):
            return [await _hold_note(turn, state, turn.text.strip())]
        return await finish(turn, state.data, turn.text.strip())
    if parse_dossier_code(turn.text) is not None:
        return await lookup_text(turn, turn.text)
    return None


def _is_final(turn: Turn, data: dict[str, Any]) -> bool:
    workflow = turn.services.kb.workflow.on(turn.now.astimezone(turn.services.settings.tz).date())
    return workflow.state(str(data["to"])).terminal


async def _hold_note(turn: Turn, state: sessions.FlowState, note: str) -> Reply:
    """A note for an irreversible change is kept, not sent: the change waits for the confirm."""

    def keep(current: sessions.FlowState | None) -> sessions.FlowState:
        base = current or state
        return sessions.FlowState(data={**base.data, "note": note}, version=base.version)

    saved = await sessions.update_flow(
        turn.services.db, turn.chat_id, turn.user_id, FLOW, keep, turn.now
    )
    return _ask(turn, saved.data)


async def finish(turn: Turn, data: dict[str, Any], note: str | None) -> list[Reply]:
    r = turn.services.renderer
    principal = await _principal(turn)
    missing = [data["items"][i] for i in data.get("ticked", []) if i < len(data["items"])]
    services = turn.services
    try:
        async with services.db.session() as session, session.begin():
            changed = await service.change_status(
                session,
                principal,
                data["code"],
                data["to"],
                turn.now,
                services.settings.tz,
                r,
                kb=services.kb,
                note=note,
                expected_version=int(data["version"]),
                missing=missing,
            )
    except ReasonRequired:
        return [r.reply("errors/reason_required.j2", to_status=data["to"])]
    except ConcurrentChange as lost:
        await sessions.end_flow(services.db, turn.chat_id, turn.user_id, FLOW)
        return [
            r.reply("status/conflict.j2", code=data["code"], status=lost.status),
            *await card(turn, data["code"], principal, charge=False),
        ]
    except (TransitionNotAllowed, DossierNotFound) as error:
        await sessions.end_flow(services.db, turn.chat_id, turn.user_id, FLOW)
        return [r.reply(f"errors/{error.key}.j2", **error.params)]
    except AccessDenied:  # out of scope (the form outlived a scope change): as if absent
        await sessions.end_flow(services.db, turn.chat_id, turn.user_id, FLOW)
        return [r.reply("status/not_found.j2", code=data["code"])]
    await sessions.end_flow(services.db, turn.chat_id, turn.user_id, FLOW)
    return [
        r.reply("status/changed.j2", changed=changed, note=note, missing=missing),
        *await card(turn, changed.code, principal, charge=False),
    ]


async def on_button(turn: Turn) -> list[Reply]:
    action, _, rest = turn.data.partition(":")
    if action == "c":
        return await card(turn, parts(rest, 1)[0], edit=False)
    if action in ("l", "q", "qd"):
        offset = _int(parts(rest, 1)[0])
        if action == "l":
            return await unit_list(turn, offset)
        return await queue(turn, offset, done=action == "qd")
    if action == "m":
        code, to, version = parts(rest, 3)
        return await start_change(turn, code, to, _int(version))
    if action == "k":
        return await tick(turn, _int(parts(rest, 1)[0]))
    if action == "ok":
        state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
        if state is None:
            raise StaleButton(turn.data)
        return await finish(turn, state.data, state.data.get("note"))
    if action == "x":
        await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
        return [turn.services.renderer.reply("common/cancelled.j2", closed=True)]
    if action == "i":
        return await status_import.open_import(turn, await _principal(turn))
    if action == "ik":
        return await status_import.choose(turn, await _principal(turn), parts(rest, 1)[0])
    if action == "ix":
        return await status_import.cancel(turn)
    raise StaleButton(turn.data)


def _int(text: str) -> int:
    return number(text)


def _card_buttons(r: Renderer, items: list[DossierSummary]) -> list[list[Button]]:
    """One button per dossier, named by its first nominee and unit (not a bare code)."""
    return [[Button(_button_label(r, s), encode(PREFIX, "c", s.code))] for s in items]


def _button_label(r: Renderer, s: DossierSummary) -> str:
    who = s.nominees[0] if s.nominees else s.code
    if len(s.nominees) > 1:
        who = r.label("status.and_more", name=who, count=len(s.nominees) - 1)
    label = r.label("status.card_button", who=who, unit=s.unit_name) if s.unit_name else who
    return label if len(label) <= BUTTON_CHARS else label[: BUTTON_CHARS - 1] + "…"


def _rows(turn: Turn, items: list[DossierSummary]) -> list[dict[str, Any]]:
    today = turn.now.astimezone(turn.services.settings.tz).date()
    workflow = turn.services.kb.workflow.on(today)
    return [
        {
            "s": s,
            "campaign": s.campaign or "",  # grouped and sorted by: never None
            "award_name": _award_name(turn, s.award),
            "next_step": workflow.state(s.status).next_step,
            # The one expected date (shown only while the appraisal clock runs).
            "expected": expected_date(s.status, s.sla_due_on, today, workflow=workflow),
        }
        for s in items
    ]


def can_review(principal: Principal, unit_id: int) -> bool:
    return can(principal, Action.REVIEW, unit_id)


JOURNEY = Journey(
    name="status",
    commands={"hoso": hoso},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
    take_file=status_import.take_file,
)

__all__ = ["JOURNEY", "StatusError", "card", "hoso", "open_from_menu"]


@dataclass(frozen=True)
class InlineItem:
    """One inline-mode answer: a dossier the user may see, rendered as a message to share."""

    id: str
    title: str
    description: str
    html: str


async def inline_results(turn: Turn) -> list[InlineItem]:
    """`@bot <code or name>`: only for registered users, rate-limited, scope-filtered."""
    query = turn.text.strip()
    principal = await _principal(turn)
    if principal.role is Role.GUEST or len(query) < 2 or await _lookup_wait(turn):
        return []
    r = turn.services.renderer
    db = turn.services.db
    code = parse_dossier_code(query)
    if code is not None:
        try:
            card = await db.read(lookup.get_card, principal, code, turn.now,
                                 turn.services.settings.tz, turn.services.kb)
        except DossierNotFound:
            return []
        items = [card.summary]
    else:
        items = await db.read(lookup.search_dossiers, principal, query)
    today = turn.now.astimezone(turn.services.settings.tz).date()
    workflow = turn.services.kb.workflow.on(today)
    return [
        InlineItem(
            id=s.code,
            title=r.label("status.inline_title", code=s.code,
                          state=r.label(f"status.state.{s.status}")),
            description=", ".join(s.nominees),
            html=r.render("status/inline.j2", s=s, award_name=_award_name(turn, s.award),
                          due=expected_date(s.status, s.sla_due_on, today, workflow=workflow)),
        )
        for s in items
    ]
