"""Submitting after a check (`dossier.submit`), and a supplement (`dossier.supplement`) for a
dossier returned for supplement.

Each accepted upload leaves its content hash, size and Telegram `file_id` in the draft
(`data["filed"][file name]`), never its bytes. Submitting files the last check's draft for the
officer's unit (`bot.dossier.submit`), closes the draft and points at `/hoso`. With errors the
officer must type a reason first (`data["step"] == STEP`). A supplement starts a draft seeded
with the dossier's filed draft (`data["supplement"]` = its code), so the re-check sees the old
files and the new ones; resubmitting (`dossier.resubmit`) adds the new files and moves the
dossier back to `submitted`. Button payloads: `dh:sb` submit, `dh:sp:<code>` start a
supplement, `dh:fl:<code>` send the filed files back (by Telegram `file_id`, or the stored
bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from bot import jobs
from bot.chat.heavy import offload
from bot.conversation import sessions
from bot.conversation.callbacks import encode
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role, Viewer
from bot.db.codes import parse_dossier_code
from bot.db.models import Dossier
from bot.dossier import submit as sub
from bot.errors import AccessDenied
from bot.identify import identify
from bot.render import Button, Document, Renderer, Reply
from bot.status.access import resolve
from bot.status.errors import DossierNotFound, TransitionNotAllowed
from bot.status.service import NewNominee

FLOW = "dossier"
PREFIX = "dh"
STEP = "sb"
FILED = "filed"
SUPPLEMENT = "supplement"
FILING = "filing"
DRAFT_KEYS = ("uploads", "confirm", FILED, "campaign")
MAX_SENT_FILES = 30


def remember(data: dict[str, Any], name: str, content: bytes, file_id: str | None,
             component: str | None) -> dict[str, Any]:
    """New draft data recording what will be filed for upload `name` (replacing a same name)."""
    filed = dict(data.get(FILED) or {})
    filed[name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content),
                   "file_id": file_id, "component": component}
    return {**data, FILED: filed}


def submit_button(r: Renderer, stored: dict[str, Any]) -> Button:
    key = "dossier.resubmit" if stored.get(SUPPLEMENT) else "dossier.submit"
    return r.button(key, encode(PREFIX, STEP))


def supplement_of(data: dict[str, Any]) -> str | None:
    value = data.get(SUPPLEMENT)
    return value if isinstance(value, str) else None


def _files(data: dict[str, Any]) -> list[sub.FiledFile]:
    kept = {u.get("file") for u in data.get("uploads", [])}
    return [sub.FiledFile(name=name, sha256=meta["sha256"], size=meta.get("size"),
                          component=meta.get("component"), file_id=meta.get("file_id"))
            for name, meta in (data.get(FILED) or {}).items() if name in kept]


def _reply(r: Renderer, name: str, **params: Any) -> Reply:
    return r.reply(f"dossier_submit/{name}.j2", **params)


async def _save(turn: Turn, data: dict[str, Any]) -> None:
    def apply(current: sessions.FlowState | None) -> sessions.FlowState:
        s = current or sessions.FlowState()
        return sessions.FlowState(s.answers, s.as_of, data, s.version)

    await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW, apply,
                               turn.now)


async def _claim(turn: Turn) -> bool:
    """Mark the checked draft as being filed; False if it is gone or already being filed
    (updates of one user run concurrently: two taps must not file two dossiers)."""
    won: list[bool] = []

    def take(current: sessions.FlowState | None) -> sessions.FlowState:
        s = current or sessions.FlowState()
        won.clear()
        won.append(bool(s.data.get("result")) and not s.data.get(FILING))
        data = {**s.data, FILING: True} if won[0] else s.data
        return sessions.FlowState(s.answers, s.as_of, data, s.version)

    await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW, take,
                               turn.now)
    return won[0]


async def _release(turn: Turn) -> None:
    def free(current: sessions.FlowState | None) -> sessions.FlowState:
        s = current or sessions.FlowState()
        data = {k: v for k, v in s.data.items() if k != FILING}
        return sessions.FlowState(s.answers, s.as_of, data, s.version)

    await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW, free,
                               turn.now)


async def submit(turn: Turn, reason: str | None = None) -> list[Reply]:
    """The submit or resubmit button (`dossier.submit` / `dossier.resubmit`), or the typed
    reason that unblocks it."""
    r = turn.services.renderer
    viewer = await identify(turn)
    if not viewer.registered:
        return [r.reply("common/needs_registration.j2")]
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    stored = (state.data.get("result") if state else None) or None
    refused = await _not_ready(turn, state, stored, reason)
    if refused is not None:
        return refused
    assert state is not None and stored  # `_not_ready` said so
    filing = await _filing(turn, state, stored, reason)
    if not await _claim(turn):  # a second tap while the first one files
        return [_reply(r, "check_first")]
    return await _file(turn, viewer, filing, supplement_of(state.data))


async def _not_ready(turn: Turn, state: sessions.FlowState | None, stored: dict[str, Any] | None,
                     reason: str | None) -> list[Reply] | None:
    """Why the draft cannot be filed yet: not checked, no award, errors without a reason."""
    r = turn.services.renderer
    if state is None or not stored:
        return [_reply(r, "check_first")]
    if not stored.get("award"):
        return [_reply(r, "no_award")]
    errors = int((stored.get("counts") or {}).get("error", 0))
    if errors and not reason:
        await _save(turn, {**state.data, "step": STEP})
        return [_reply(r, "ask_reason", errors=errors)]
    return None


async def _filing(turn: Turn, state: sessions.FlowState, stored: dict[str, Any],
                  reason: str | None) -> sub.Filing:
    """What is filed: the draft rebuilt on the date the check used, its report and files."""
    received = dt.date.fromisoformat(stored["received"])
    built = await offload(turn, jobs.build_job, state.data, state.answers, received,
                          turn.services.kb.dossier)
    manifest = built.manifest
    return sub.Filing(
        award=str(stored["award"]),
        nominees=[NewNominee(n.name, n.kind) for n in manifest.nominees],
        manifest=manifest.model_dump(mode="json"),
        report=_report(state.data, stored, len(manifest.nominees)), files=_files(state.data),
        basis=manifest.award.basis, procedure=manifest.award.procedure or "regular",
        campaign_code=(stored.get("campaign") or {}).get("code"), reason=reason)


def _report(data: dict[str, Any], stored: dict[str, Any], nominees: int) -> dict[str, Any]:
    """The check's findings as the dossier keeps them, with the draft they were found in."""
    counts = stored.get("counts") or {}
    summary = {"errors": int(counts.get("error", 0)), "warnings": int(counts.get("warning", 0)),
               "info": int(counts.get("info", 0)), "nominees": nominees}
    return {"findings": stored.get("findings", []), "total": stored.get("total", 0),
            "summary": summary, "received": stored.get("received"),
            "draft": {k: data[k] for k in DRAFT_KEYS if k in data}}


async def _file(turn: Turn, viewer: Viewer, filing: sub.Filing, code: str | None) -> list[Reply]:
    """File the claimed draft (a new dossier, or the supplement of `code`); the claim is
    released when it fails, the draft closed when it succeeds."""
    r = turn.services.renderer
    try:
        filed = await _store(turn, viewer, filing, code)
    except sub.NotAwaitingSupplement as late:
        await _release(turn)
        return [_reply(r, "not_awaiting", code=late.code, status=late.status)]
    except (AccessDenied, TransitionNotAllowed, DossierNotFound):
        await _release(turn)
        return [_reply(r, "not_allowed", role=viewer.role.value)]
    except BaseException:
        await _release(turn)
        raise
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    button = r.button("status.open_card", encode("st", "c", filed.code))
    return [_reply(r, "filed", filed=filed, supplement=bool(code), reason=filing.reason,
                   buttons=[[button]])]


async def _store(turn: Turn, viewer: Viewer, filing: sub.Filing, code: str | None) -> sub.Filed:
    s = turn.services
    async with s.db.session() as session, session.begin():
        principal = await resolve(session, viewer)
        if code:
            return await sub.file_supplement(session, principal, code, filing, turn.now,
                                             s.settings.tz, s.renderer, s.kb)
        return await sub.file_new(session, principal, filing, turn.now, s.settings.tz,
                                  s.renderer, s.kb)


async def take_reason(turn: Turn) -> list[Reply]:
    """The typed reason for filing despite errors."""
    reason = turn.text.strip()
    if len(reason) < 5:
        return [_reply(turn.services.renderer, "reason_short")]
    return await submit(turn, reason[: sub.MAX_REASON])


async def start_supplement(turn: Turn, code_text: str) -> list[Reply]:
    """The supplement button (`dossier.supplement`): a new draft seeded with the dossier's filed
    files."""
    r = turn.services.renderer
    viewer = await identify(turn)
    if viewer.role is Role.GUEST:
        return [r.reply("common/needs_registration.j2")]
    code = parse_dossier_code(code_text) or code_text.strip().upper()
    try:
        async with turn.services.db.session() as session:
            principal = await resolve(session, viewer)
            dossier: Dossier = await sub.awaiting(session, principal, code)
            report = dossier.findings or {}
    except sub.NotAwaitingSupplement as late:
        return [_reply(r, "not_awaiting", code=late.code, status=late.status)]
    except (AccessDenied, DossierNotFound):
        return [r.reply("status/not_found.j2", code=code)]
    draft = dict(report.get("draft") or {})
    data = {**draft, SUPPLEMENT: dossier.code, "step": None}
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    await _save(turn, data)
    files = len(draft.get("uploads", []))
    return [_reply(r, "supplement_started", code=dossier.code, files=files)]


async def send_files(turn: Turn, code_text: str) -> list[Reply]:
    """The files button (label `dossier.files`): the filed files of a dossier the viewer may
    see, sent back in the chat."""
    r = turn.services.renderer
    viewer = await identify(turn)
    if viewer.role is Role.GUEST:
        return [r.reply("common/needs_registration.j2")]
    code = parse_dossier_code(code_text) or code_text.strip().upper()
    try:
        async with turn.services.db.session() as session:
            principal = await resolve(session, viewer)
            files = [f for f in await sub.filed_files(session, principal, code, MAX_SENT_FILES)
                     if f.file_id or f.content]  # a terminal upload has neither
    except (AccessDenied, DossierNotFound):
        return [r.reply("status/not_found.j2", code=code)]
    replies = [_reply(r, "files", code=code, count=len(files))]
    for f in files:
        caption = r.render("dossier_submit/file_caption.j2", code=code, file=f)
        replies.append(Reply("", document=Document(f.name, f.content or b"", caption,
                                                   file_id=f.file_id)))
    return replies
