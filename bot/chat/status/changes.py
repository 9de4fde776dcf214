"""A status change in chat: a tapped move asks for the reason (or the supplement's checklist, or a
confirmation for a final state); the typed reason or "ok" sends it. The pending change waits in
a per-chat flow row (ADR 001), so a restart or a second instance loses nothing; the version
carried by the button makes a stale screen lose cleanly (optimistic locking)."""

from __future__ import annotations

from typing import Any

from bot.chat.status import views
from bot.chat.status.codec import Payload
from bot.chat.status.lists import card
from bot.chat.status.shared import FLOW, end, gate, principal, read_card, today
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.errors import AccessDenied
from bot.render import Reply
from bot.status import service
from bot.status.access import Principal
from bot.status.errors import (
    ConcurrentChange,
    DossierNotFound,
    ReasonRequired,
    TransitionNotAllowed,
)
from bot.status.lookup import DossierCard
from bot.status.service import StatusChanged

Pending = dict[str, Any]  # the flow row's data: code, from, to, version, items, ticked[, note]


async def start_change(turn: Turn, code: str, to: str, version: int) -> list[Reply]:
    """A reviewer (or the unit) tapped a move: ask for the reason / checklist before acting.

    The tap reads a dossier by code, so it is charged to the lookup budget like `/hoso <code>`:
    forged `st:m:` payloads cannot probe codes past the budget."""
    who = await principal(turn)
    refused = await gate(turn, who)
    if refused:
        return refused
    r = turn.services.renderer
    found = await read_card(turn, who, code)
    if found is None:
        return [r.reply("status/not_found.j2", code=code)]
    blocked = _blocked(turn, found, code, to, version)
    if blocked:
        return blocked
    pending = _pending(turn, found, code, to, version)
    await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW,
                               lambda _: sessions.FlowState(data=pending), turn.now)
    return [_ask(turn, pending)]


def _blocked(turn: Turn, found: DossierCard, code: str, to: str,
             version: int) -> list[Reply] | None:
    """Why the move cannot start: the card changed since it was shown, or the move is gone."""
    r, s = turn.services.renderer, found.summary
    if s.version != version:
        return [r.reply("status/conflict.j2", code=code, status=s.status),
                views.card(r, turn.services.kb, today(turn), found, edit=False)]
    if not any(t.to == to for t in found.actions):
        return [r.reply("errors/transition_not_allowed.j2", from_status=s.status, to_status=to)]
    return None


def _pending(turn: Turn, found: DossierCard, code: str, to: str, version: int) -> Pending:
    r = turn.services.renderer
    items = found.findings or [r.label(f"status.checklist.{k}") for k in views.CHECKLIST_KEYS]
    return {"code": code, "from": found.summary.status, "to": to, "version": version,
            "items": items, "ticked": []}


def _ask(turn: Turn, pending: Pending, edit: bool = False) -> Reply:
    s = turn.services
    return views.ask(s.renderer, s.kb, today(turn), pending, edit)


async def _load(turn: Turn, stale: str) -> sessions.FlowState:
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if state is None:
        raise StaleButton(stale)
    return state


async def _update(turn: Turn, state: sessions.FlowState, change: Any) -> Pending:
    """Save `change(data)` of the latest (else the loaded) pending change; the saved data."""

    def apply(current: sessions.FlowState | None) -> sessions.FlowState:
        base = current or state
        return sessions.FlowState(data=change(dict(base.data)), version=base.version)

    saved = await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW, apply,
                                       turn.now)
    return saved.data


async def tick(turn: Turn, p: Payload) -> list[Reply]:
    """Tick (or untick) one item of the supplement's checklist."""
    index = p.number(0)
    state = await _load(turn, str(index))

    def toggle(data: Pending) -> Pending:
        ticked = list(data.get("ticked", []))
        if index in ticked:
            ticked.remove(index)
        elif 0 <= index < len(data.get("items", [])):
            ticked.append(index)
        return {**data, "ticked": sorted(ticked)}

    return [_ask(turn, await _update(turn, state, toggle), edit=True)]


async def take_reason(turn: Turn, state: sessions.FlowState) -> list[Reply]:
    """The typed reason: sent, except for a final state, where it waits for the confirm."""
    note = turn.text.strip()
    if not _is_final(turn, state.data):
        return await finish(turn, state.data, note)
    return [_ask(turn, await _update(turn, state, lambda data: {**data, "note": note}))]


def _is_final(turn: Turn, pending: Pending) -> bool:
    workflow = turn.services.kb.workflow.on(today(turn))
    return workflow.state(str(pending["to"])).terminal


async def confirm(turn: Turn, p: Payload) -> list[Reply]:
    """"ok": send the change with the note typed so far (if any)."""
    state = await _load(turn, turn.data)
    return await finish(turn, state.data, state.data.get("note"))


async def cancel(turn: Turn, p: Payload) -> list[Reply]:
    await end(turn)
    return [turn.services.renderer.reply("common/cancelled.j2", closed=True)]


async def finish(turn: Turn, pending: Pending, note: str | None) -> list[Reply]:
    """Make the change; the card after it, or why it was not made (the flow then ends)."""
    r = turn.services.renderer
    who = await principal(turn)
    missing = [pending["items"][i] for i in pending.get("ticked", [])
               if i < len(pending["items"])]
    try:
        changed = await _change(turn, who, pending, note, missing)
    except ReasonRequired:
        return [r.reply("errors/reason_required.j2", to_status=pending["to"])]
    except (ConcurrentChange, TransitionNotAllowed, DossierNotFound, AccessDenied) as lost:
        await end(turn)
        return await _not_made(turn, who, pending, lost)
    await end(turn)
    return [r.reply("status/changed.j2", changed=changed, note=note, missing=missing),
            *await card(turn, changed.code, who, charge=False)]


async def _change(turn: Turn, who: Principal, pending: Pending, note: str | None,
                  missing: list[str]) -> StatusChanged:
    services = turn.services
    async with services.db.session() as session, session.begin():
        return await service.change_status(
            session, who, pending["code"], pending["to"], turn.now, services.settings.tz,
            services.renderer, kb=services.kb, note=note,
            expected_version=int(pending["version"]), missing=missing,
        )


async def _not_made(turn: Turn, who: Principal, pending: Pending, lost: Exception) -> list[Reply]:
    r = turn.services.renderer
    if isinstance(lost, ConcurrentChange):
        return [r.reply("status/conflict.j2", code=pending["code"], status=lost.status),
                *await card(turn, pending["code"], who, charge=False)]
    if isinstance(lost, TransitionNotAllowed | DossierNotFound):
        return [r.reply(f"errors/{lost.key}.j2", **lost.params)]
    # Out of scope (the form outlived a scope change): as if absent.
    return [r.reply("status/not_found.j2", code=pending["code"])]
