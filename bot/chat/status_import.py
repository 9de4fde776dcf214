"""Importing a file in chat: a reviewer or an admin sends an .xlsx/.csv and gets the all-or-nothing
import of `tdkt import`, with row-numbered errors.

A file is an import when its caption names one ("nhập hồ sơ", "nhap don vi", "import units") or
when the user opened an import with the "Nhập dữ liệu" button (flow row `status_import`, holding
the chosen kind) and has not turned to another journey since. Any other file returns None, so
the dossier-check journey takes it. Officers and guests are refused; a reviewer imports only
dossiers of their scope (`bot.transfer.imports`). Buttons (status prefix): `i` open, `ik:<kind>`
choose the kind, `ix` cancel.
"""

from __future__ import annotations

from bot import jobs
from bot.chat.heavy import offload
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton, encode
from bot.conversation.turn import Turn
from bot.conversation.viewer import Role
from bot.errors import AccessDenied, InputError
from bot.identify import identify
from bot.render import Button, Renderer, Reply
from bot.status.access import Principal, resolve
from bot.text.normalize import fold
from bot.transfer.imports import import_as, importable_kinds, may_import
from bot.transfer.registry import ImportRejected, kind_names

FLOW = "status_import"
PREFIX = "st"
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


async def open_import(turn: Turn, principal: Principal) -> list[Reply]:
    """The "Nhập dữ liệu" button: ask for the kind, or straight for the file when only one."""
    r = turn.services.renderer
    kinds = importable_kinds(principal)
    if not kinds:
        return [r.reply("status/import_denied.j2", kind=None)]
    if len(kinds) == 1:
        return await choose(turn, principal, kinds[0])
    buttons = [[Button(kind_label(r, k), encode(PREFIX, "ik", k))] for k in kinds]
    return [r.reply("status/import_choose.j2", buttons=buttons + _cancel(r))]


async def choose(turn: Turn, principal: Principal, kind: str) -> list[Reply]:
    """Remember the kind in the import flow and ask for the file."""
    r = turn.services.renderer
    if kind not in kind_names():
        raise StaleButton(kind)
    if not may_import(principal, kind):
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
    return [[r.button("status_import.cancel", encode(PREFIX, "ix"))]]


async def cancel(turn: Turn) -> list[Reply]:
    await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
    return [turn.services.renderer.reply("common/cancelled.j2", closed=True)]


async def take_file(turn: Turn) -> list[Reply] | None:
    """Import the file when the caption names an import or an import is open; else None."""
    incoming = turn.file
    if incoming is None:
        return None
    services = turn.services
    r = services.renderer
    named, kind = caption_kind(r, turn.text)
    state = await sessions.load_flow(services.db, turn.chat_id, turn.user_id, FLOW)
    if not named:
        if state is None:
            return None
        if await sessions.latest_flow(services.db, turn.chat_id, turn.user_id) != FLOW:
            return None  # the user turned to another journey (e.g. a dossier check) since
    kind = kind or (state.data.get("kind") if state else None)
    principal = await _principal(turn)
    if principal.role not in (Role.REVIEWER, Role.ADMIN) or not importable_kinds(principal):
        return [r.reply("status/import_denied.j2", kind=kind_label(r, kind) if kind else None)]
    if kind is None:
        return await open_import(turn, principal)
    if not may_import(principal, kind):
        return [r.reply("status/import_denied.j2", kind=kind_label(r, kind))]
    if incoming.size is not None and incoming.size > services.settings.max_upload_bytes:
        return [r.reply("errors/transfer_too_big.j2", file=incoming.filename)]
    try:
        content = await incoming.fetch()
        table = await offload(turn, jobs.read_table_job, incoming.filename, content)
        if isinstance(table, str):
            raise InputError(table, file=incoming.filename)
        count = await import_as(
            services.db, principal, kind, incoming.filename, content, turn.now, table=table,
            kb=services.kb,
        )
    except ImportRejected as rejected:
        await _remember(turn, kind)  # the corrected file needs no caption
        errors = rejected.errors
        return [
            r.reply(
                "status/import_rejected.j2",
                buttons=_cancel(r),
                errors=errors[:MAX_ERRORS_SHOWN],
                total=len(errors),
                file=incoming.filename,
            )
        ]
    except InputError as error:
        return [r.reply(f"errors/{error.key}.j2", **error.params)]
    except AccessDenied:
        return [r.reply("status/import_denied.j2", kind=kind_label(r, kind))]
    await sessions.end_flow(services.db, turn.chat_id, turn.user_id, FLOW)
    return [r.reply("transfer/imported.j2", kind=kind_label(r, kind), count=count)]


async def _principal(turn: Turn) -> Principal:
    viewer = await identify(turn)
    async with turn.services.db.session() as session:
        return await resolve(session, viewer)
