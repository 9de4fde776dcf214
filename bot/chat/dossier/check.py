"""The check: run the checker on the draft on the day the competent body receives it, store the
findings, answer with a summary, the first page (`pg:<n>` turns pages) and the `.xlsx`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot import jobs
from bot.chat import dossier_campaign as dc
from bot.chat import dossier_submit as ds
from bot.chat.dossier import views
from bot.chat.dossier.codec import PREFIX, Payload
from bot.chat.dossier.shared import State, build, kb, load, received, save, today, with_
from bot.chat.heavy import offload
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.conversation.viewer import Viewer
from bot.dossier.db_history import load_history
from bot.dossier.present import counts
from bot.dossier.report import ReportTitle
from bot.identify import identify
from bot.render import Document, Reply

MAX_STORED_FINDINGS = 300


def _unit(viewer: Viewer) -> int | None:
    return viewer.unit_id if viewer.registered else None


def _stored(found: list[Any], built: Any, checked: Any, day: dt.date, campaign: Any,
            state: State) -> dict[str, Any]:
    return {"findings": found[:MAX_STORED_FINDINGS],
            "names": {n.id: n.name for n in built.manifest.nominees}, "total": len(found),
            "counts": counts(found), "nominees": checked, "received": day.isoformat(),
            "award": built.manifest.award.code, "campaign": dc.as_stored(campaign),
            "supplement": ds.supplement_of(state.data)}


async def _checked(turn: Turn, state: State, viewer: Viewer, offered: Any
                   ) -> tuple[dict[str, Any], bytes]:
    db, day, unit_id = turn.services.db, received(turn, state), _unit(viewer)
    built = await build(turn, state)
    campaign = await dc.deadline(db, state.data, offered, unit_id, built.manifest.award.code,
                                 turn.services.kb.dossier)
    if campaign is not None:
        built.manifest.campaign = dc.as_manifest(campaign)
    history = await load_history(db, built.manifest, unit_id, turn.services.kb)
    extra = built.draft.findings if built.draft is not None else []
    title = ReportTitle(viewer.unit_name, built.manifest.award.code,
                        campaign.name if campaign else None, today(turn))
    found, checked, content = await offload(
        turn, jobs.check_job, built.manifest, extra, day, turn.services.kb,
        turn.services.settings.province, history, title)
    return _stored(found, built, checked, day, campaign, state), content


async def run_check(turn: Turn) -> list[Reply]:
    r = turn.services.renderer
    state = await load(turn)
    if state is None or not (state.data.get("uploads") or state.answers):
        return [r.reply("dossier_chat/nothing.j2", buttons=views.draft_buttons(r, False))]
    viewer = await identify(turn)
    offered = await dc.to_offer(turn.services.db, state.data, _unit(viewer), today(turn))
    ask = dc.question(r, PREFIX, offered)
    if ask is not None:
        return [ask]
    stored, content = await _checked(turn, state, viewer, offered)
    await save(turn, lambda s: with_(s, data={**s.data, "result": stored, "step": None,
                                             ds.FILING: None}))
    caption = r.render("dossier_chat/xlsx_caption.j2", total=stored["total"])
    return [views.page(r, kb(turn), stored, 1, edit=False),
            Reply("", document=Document("ket_qua_kiem_tra_ho_so.xlsx", content, caption))]


async def on_check(turn: Turn, p: Payload) -> list[Reply]:
    return await run_check(turn)


async def on_campaign(turn: Turn, p: Payload) -> list[Reply]:
    """`cp:<id>|-`, a tap on "which campaign?": keep the choice in the draft, then check."""
    if await load(turn) is None:
        raise StaleButton(p.rest)
    viewer = await identify(turn)
    code = await dc.choice_from_button(turn.services.db, _unit(viewer), today(turn), p.rest)
    await save(turn, lambda s: with_(s, data=dc.with_choice(s.data, code)))
    return await run_check(turn)


async def on_page(turn: Turn, p: Payload) -> list[Reply]:
    """`pg:<n>`: another page of the stored findings."""
    if not p.rest.isdigit():
        raise StaleButton(p.rest)
    state = await load(turn)
    stored = state.data.get("result") if state else None
    if not stored:
        raise StaleButton(p.rest)
    return [views.page(turn.services.renderer, kb(turn), stored, int(p.rest), edit=True)]
