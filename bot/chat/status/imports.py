"""Importing a file in chat: a reviewer or an admin sends an .xlsx/.csv and gets the all-or-nothing
import of `tdkt import`, with row-numbered errors.

A file is an import when its caption names one ("nhập hồ sơ", "nhap don vi", "import units") or
when the user opened an import with the "Nhập dữ liệu" button (flow row `status_import`, holding
the chosen kind) and has not turned to another journey since. Any other file returns None, so
the dossier-check journey takes it. Officers and guests are refused; a reviewer imports only
dossiers of their scope (`bot.transfer.imports`). Buttons (`codec`, status prefix): `i` open,
`ik:<kind>` choose the kind, `ix` cancel.
"""

from __future__ import annotations

from bot import jobs
from bot.chat.heavy import offload
from bot.chat.status.codec import Verb, button, data
from bot.chat.status.shared import principal
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import IncomingFile, Turn
from bot.conversation.viewer import Role
from bot.errors import AccessDenied, InputError
from bot.render import Button, Renderer, Reply
from bot.status.access import Principal
from bot.text.normalize import fold
from bot.transfer.imports import import_as, importable_kinds, may_import
from bot.transfer.registry import ImportRejected, kind_names

FLOW = "status_import"
MAX_ERRORS_SHOWN = 25
WORDS = "status_import.words"


def kind_label(r: Renderer, kind: str) -> str:
    try:
        return r.label(f"status_import.kind.{kind}")
    except KeyError:
        return kind


def caption_kind(r: Renderer, caption: str) -> tuple[bool, str | None]:
    """Does the caption name an import, and of which kind (None when it names none)?"""
    text = f" {' '.join(fold(caption).split())} "
    if not any(f" {word} " in text for word in _words(r, "verb")):
        return False, None
    for kind in kind_names():
        if any(f" {word} " in text for word in _words(r, kind)):
            return True, kind
    return True, None


def _words(r: Renderer, key: str) -> list[str]:
    try:
        listed = r.label(f"{WORDS}.{key}")
    except KeyError:
        listed = key
    return [" ".join(fold(word).split()) for word in listed.split(",") if word.strip()]


async def open_import(turn: Turn, who: Principal) -> list[Reply]:
    """The "Nhập dữ liệu" button: ask for the kind, or straight for the file when only one."""
    r = turn.services.renderer
    kinds = importable_kinds(who)
    if not kinds:
        return [r.reply("status/import_denied.j2", kind=None)]
    if len(kinds) == 1:
        return await choose(turn, who, kinds[0])
    buttons = [[Button(kind_label(r, k), data(Verb.IMPORT_KIND, k))] for k in kinds]
    return [r.reply("status/import_choose.j2", buttons=buttons + _cancel(r))]


async def choose(turn: Turn, who: Principal, kind: str) -> list[Reply]:
    """Remember the kind in the import flow and ask for the file."""
    r = turn.services.renderer
    if kind not in kind_names():
        raise StaleButton(kind)
    if not may_import(who, kind):
        return [r.reply("status/import_denied.j2", kind=kind_label(r, kind))]
    await _remember(turn, kind)
    return [r.reply("status/import_ask.j2", buttons=_cancel(r), kind=kind_label(r, kind))]


async def _remember(turn: Turn, kind: str) -> None:
    """Open (or touch) the import flow with its kind: the next file goes to it."""
    await sessions.update_flow(
        turn.services.db,
        turn.chat_id,
        turn.user_id,
        FLOW,
        lambda _: sessions.FlowState(data={"kind": kind}),
        turn.now,
    )


def _cancel(r: Renderer) -> list[list[Button]]:
    return [[button(r, "status_import.cancel", Verb.IMPORT_CANCEL)]]


async def cancel(turn: Turn) -> list[Reply]:
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    return [turn.services.renderer.reply("common/cancelled.j2", closed=True)]


async def take_file(turn: Turn) -> list[Reply] | None:
    """Import the file when the caption names an import or an import is open; else None."""
    incoming = turn.file
    if incoming is None:
        return None
    named, kind = caption_kind(turn.services.renderer, turn.text)
    state = await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    if not named and not await _still_open(turn, state):
        return None
    kind = kind or (state.data.get("kind") if state else None)
    who = await principal(turn)
    early = await _before_reading(turn, who, kind, incoming)
    if early is not None or kind is None:
        return early
    return await _import(turn, who, kind, incoming)


async def _still_open(turn: Turn, state: sessions.FlowState | None) -> bool:
    """An import opened and not left since (e.g. for a dossier check)."""
    if state is None:
        return False
    return await sessions.latest_flow(turn.services.db, turn.chat_id, turn.user_id) == FLOW


async def _before_reading(
    turn: Turn, who: Principal, kind: str | None, incoming: IncomingFile
) -> list[Reply] | None:
    """The answer before the file is read: a refusal, the kind to choose, a file too big."""
    r = turn.services.renderer
    if who.role not in (Role.REVIEWER, Role.ADMIN) or not importable_kinds(who):
        return _denied(r, kind)
    if kind is None:
        return await open_import(turn, who)
    if not may_import(who, kind):
        return _denied(r, kind)
    if incoming.size is not None and incoming.size > turn.services.settings.max_upload_bytes:
        return [r.reply("errors/transfer_too_big.j2", file=incoming.filename)]
    return None


def _denied(r: Renderer, kind: str | None) -> list[Reply]:
    return [r.reply("status/import_denied.j2", kind=kind_label(r, kind) if kind else None)]


async def _import(turn: Turn, who: Principal, kind: str, incoming: IncomingFile) -> list[Reply]:
    """All or nothing: the count imported, or the rows' errors (the import stays open)."""
    r = turn.services.renderer
    try:
        count = await _read_and_import(turn, who, kind, incoming)
    except ImportRejected as rejected:
        await _remember(turn, kind)  # the corrected file needs no caption
        return [_rejected(r, rejected, incoming.filename)]
    except InputError as error:
        return [r.reply(f"errors/{error.key}.j2", **error.params)]
    except AccessDenied:
        return _denied(r, kind)
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    return [r.reply("transfer/imported.j2", kind=kind_label(r, kind), count=count)]


async def _read_and_import(turn: Turn, who: Principal, kind: str, incoming: IncomingFile) -> int:
    content = await incoming.fetch()
    table = await offload(turn, jobs.read_table_job, incoming.filename, content)
    if isinstance(table, str):
        raise InputError(table, file=incoming.filename)
    return await import_as(turn.services.db, who, kind, incoming.filename, content, turn.now,
                           table=table, kb=turn.services.kb)


def _rejected(r: Renderer, rejected: ImportRejected, filename: str) -> Reply:
    errors = rejected.errors
    return r.reply("status/import_rejected.j2", buttons=_cancel(r),
                   errors=errors[:MAX_ERRORS_SHOWN], total=len(errors), file=filename)
