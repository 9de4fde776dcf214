"""The status journey's screens: pure functions from what was read (cards, summaries, the pending
change) to replies. Nothing here reads the database."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.chat.status.codec import Verb, button, data
from bot.conversation.callbacks import encode
from bot.render import Button, Renderer, Reply
from bot.status import lookup
from bot.status.expected import expected_date
from bot.status.lookup import DossierCard, DossierSummary
from knowledge.loader import KnowledgeBase
from knowledge.workflow_schema import Reason, Side

# Longer button labels are cut by Telegram clients on a phone; cut them ourselves, visibly.
BUTTON_CHARS = 48
CHECKLIST_KEYS = ("to_trinh", "bao_cao", "bien_ban", "phieu_bau", "sang_kien", "danh_sach")
SUPPLEMENT = ("needs_supplement", "submitted")  # the move a resubmission makes


def award_name(kb: KnowledgeBase | None, award: str) -> str:
    found = kb.awards.get(award) if kb else None
    return found.name if found is not None else award


# ── lists ────────────────────────────────────────────────────────────────────────────────────


def card_buttons(r: Renderer, items: list[DossierSummary]) -> list[list[Button]]:
    """One button per dossier, named by its first nominee and unit (not a bare code)."""
    return [[Button(button_label(r, s), data(Verb.CARD, s.code))] for s in items]


def button_label(r: Renderer, s: DossierSummary) -> str:
    who = s.nominees[0] if s.nominees else s.code
    if len(s.nominees) > 1:
        who = r.label("status.and_more", name=who, count=len(s.nominees) - 1)
    label = r.label("status.card_button", who=who, unit=s.unit_name) if s.unit_name else who
    return label if len(label) <= BUTTON_CHARS else label[: BUTTON_CHARS - 1] + "…"


def list_rows(
    kb: KnowledgeBase, today: dt.date, items: list[DossierSummary]
) -> list[dict[str, Any]]:
    workflow = kb.workflow.on(today)
    return [
        {
            "s": s,
            "campaign": s.campaign or "",  # grouped and sorted by: never None
            "award_name": award_name(kb, s.award),
            "next_step": workflow.state(s.status).next_step,
            # The one expected date (shown only while the appraisal clock runs).
            "expected": expected_date(s.status, s.sla_due_on, today, workflow=workflow),
        }
        for s in items
    ]


def unit_list(r: Renderer, kb: KnowledgeBase, today: dt.date, items: list[DossierSummary],
              offset: int) -> Reply:
    """The officer's unit's dossiers, a page at a time."""
    buttons = card_buttons(r, items)
    if len(items) == lookup.PAGE:
        buttons.append([button(r, "status.more", Verb.UNIT_LIST, offset + lookup.PAGE)])
    return r.reply("status/list.j2", buttons=buttons, items=list_rows(kb, today, items),
                   offset=offset, edit=offset > 0)


def queue(r: Renderer, kb: KnowledgeBase, today: dt.date, items: list[DossierSummary],
          offset: int, done: bool, importable: bool) -> Reply:
    """The reviewer's queue (or with `done` the dossiers that left it), a page at a time."""
    buttons = card_buttons(r, items)
    page = Verb.DECIDED if done else Verb.QUEUE
    if len(items) == lookup.PAGE:
        buttons.append([button(r, "status.more", page, offset + lookup.PAGE)])
    other = ("status.queue_open", Verb.QUEUE) if done else ("status.queue_done", Verb.DECIDED)
    buttons.append([button(r, *other, 0)])
    if importable:
        buttons.append([button(r, "status_import.open", Verb.IMPORT)])
    return r.reply("status/queue.j2", buttons=buttons, items=list_rows(kb, today, items),
                   offset=offset, done=done, edit=offset > 0)


def search(r: Renderer, kb: KnowledgeBase, today: dt.date, items: list[DossierSummary],
           query: str) -> Reply:
    return r.reply("status/search.j2", buttons=card_buttons(r, items),
                   items=list_rows(kb, today, items), query=query)


# ── one dossier ──────────────────────────────────────────────────────────────────────────────


def card(r: Renderer, kb: KnowledgeBase, today: dt.date, found: DossierCard, edit: bool) -> Reply:
    """The card and one button per move the viewer may make."""
    s = found.summary
    buttons = [
        # A resubmission carries the supplement's files: it goes through the dossier draft.
        [r.button("dossier.supplement", encode("dh", "sp", s.code))]
        if (s.status, t.to) == SUPPLEMENT
        else [button(r, f"status.to.{t.to}", Verb.MOVE, s.code, t.to, s.version)]
        for t in found.actions
    ]
    return r.reply("status/card.j2", buttons=buttons, edit=edit, card=found, s=s,
                   award_name=award_name(kb, s.award), today=today)


# ── a pending change ─────────────────────────────────────────────────────────────────────────


def ask(r: Renderer, kb: KnowledgeBase, today: dt.date, pending: dict[str, Any],
        edit: bool = False) -> Reply:
    """Ask for the reason (or the checklist, or a confirmation) of a pending change."""
    workflow = kb.workflow.on(today)
    transition = workflow.transition(str(pending["from"]), str(pending["to"]))
    required = transition is not None and transition.reason is Reason.REQUIRED
    # A final state (withdrawn, not approved…) cannot be left: say so and ask to confirm.
    final = workflow.state(str(pending["to"])).terminal
    checklist = pending["to"] == "needs_supplement"
    return r.reply(
        "status/ask_reason.j2", buttons=_ask_rows(r, pending, required, final, checklist),
        edit=edit, code=pending["code"], to_status=pending["to"],
        checklist=checklist and not final, required=required, final=final,
        note=pending.get("note"),
        # Who will read the note: the unit's move is told to the reviewers, and back.
        by_unit=transition is not None and transition.by is Side.UNIT,
        supplement_due=kb.sla.supplement_deadline(today, kb.calendar) if checklist else None,
    )


def _ask_rows(r: Renderer, pending: dict[str, Any], required: bool, final: bool,
              checklist: bool) -> list[list[Button]]:
    rows: list[list[Button]] = []
    if final and (pending.get("note") or not required):
        state = r.label(f"status.state.{pending['to']}")
        rows.append([button(r, "status.confirm_final", Verb.OK, state=state)])
    elif checklist:
        rows += _checklist_rows(r, pending)
    elif not required:
        rows.append([button(r, "status.skip_reason", Verb.OK)])
    rows.append([button(r, "status.cancel_keep" if final else "status.cancel", Verb.CANCEL)])
    return rows


def _checklist_rows(r: Renderer, pending: dict[str, Any]) -> list[list[Button]]:
    """The supplement's missing items, each ticked on or off; "done" once one is ticked."""
    rows = []
    for index, item in enumerate(pending["items"][:8]):
        key = "status.item_on" if index in pending["ticked"] else "status.item_off"
        rows.append([Button(r.label(key, item=item[:40]), data(Verb.TICK, index))])
    if pending["ticked"]:
        rows.append([button(r, "status.done_checklist", Verb.OK)])
    return rows
