"""Inline mode, `@bot <code or name>`: the dossiers the user may see, as messages to share."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.chat.status.shared import lookup_wait, principal, read_card, today
from bot.chat.status.views import award_name
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.db.codes import parse_dossier_code
from bot.render import Renderer
from bot.status import lookup
from bot.status.access import Principal
from bot.status.expected import expected_date
from bot.status.lookup import DossierSummary
from knowledge.loader import KnowledgeBase


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
    who = await principal(turn)
    if who.role is Role.GUEST or len(query) < 2 or await lookup_wait(turn):
        return []
    found = await _found(turn, who, query)
    s = turn.services
    return [item(s.renderer, s.kb, today(turn), summary) for summary in found]


async def _found(turn: Turn, who: Principal, query: str) -> list[DossierSummary]:
    code = parse_dossier_code(query)
    if code is None:
        return await turn.services.db.read(lookup.search_dossiers, who, query)
    card = await read_card(turn, who, code)
    return [card.summary] if card is not None else []


def item(r: Renderer, kb: KnowledgeBase, today: dt.date, s: DossierSummary) -> InlineItem:
    workflow = kb.workflow.on(today)
    return InlineItem(
        id=s.code,
        title=r.label("status.inline_title", code=s.code,
                      state=r.label(f"status.state.{s.status}")),
        description=", ".join(s.nominees),
        html=r.render("status/inline.j2", s=s, award_name=award_name(kb, s.award),
                      due=expected_date(s.status, s.sla_due_on, today, workflow=workflow)),
    )
