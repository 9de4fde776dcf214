"""Files sent in the chat join the draft (what each contributed, never its bytes); questions
the readers could not settle are asked with buttons (`q:<question>:<value>`) or typed."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from bot import jobs
from bot.chat import dossier_submit as ds
from bot.chat.dossier import views
from bot.chat.dossier.codec import Payload
from bot.chat.dossier.shared import State, build, kb, load, ready, save, set_step, with_
from bot.chat.heavy import offload
from bot.conversation.callbacks import StaleButton
from bot.conversation.turn import Turn
from bot.dossier import checklist as cl
from bot.dossier import draft as dr
from bot.dossier.readers import Limits, Question, refused_upload
from bot.render import Reply
from bot.text.dates import BadDate, parse_vn_date
from knowledge.dossier_schema import DossierKB

ACCEPTED_SUFFIXES = (".docx", ".xlsx", ".zip", ".pdf", ".jpg", ".jpeg", ".png", ".heic",
                     ".webp")
MACRO_SUFFIXES = (".docm", ".xlsm", ".xltm", ".dotm", ".xlam")
OLD_SUFFIXES = (".doc", ".xls")


def size_detail(size: int, limit: int) -> str:
    """"21,3 MB|20 MB": the file's size and the limit, for the refusal sentence (review L6)."""
    mb = f"{size / 1024 / 1024:.1f}".replace(".", ",")
    return f"{mb} MB|{limit // (1024 * 1024)} MB"


def _refusal_before_download(turn: Turn, name: str, size: int | None) -> tuple[str, str] | None:
    lower = name.lower()
    limit = turn.services.settings.max_upload_bytes
    if size is not None and size > limit:
        return "too_large", size_detail(size, limit)
    if lower.endswith(MACRO_SUFFIXES):
        return "macro", ""
    if lower.endswith(OLD_SUFFIXES):
        return "old_format", ""
    if not lower.endswith(ACCEPTED_SUFFIXES):
        return "bad_type", ""
    return None


async def _read(turn: Turn, name: str) -> tuple[Any, bytes | None]:
    """The upload as the readers saw it, and its bytes when it was downloaded."""
    incoming, limit = turn.file, turn.services.settings.max_upload_bytes
    assert incoming is not None
    refused = _refusal_before_download(turn, name, incoming.size)
    if refused is not None:
        return refused_upload(name, *refused), None
    content = await incoming.fetch()
    if len(content) > limit:
        return refused_upload(name, "too_large", size_detail(len(content), limit)), content
    # The reader stops one row past the cap, while streaming the sheet.
    limits = Limits(max_file_bytes=limit, max_rows=turn.services.settings.max_draft_nominees)
    return await offload(turn, jobs.read_upload_job, name, content, limits, kb(turn)), content


def _added(turn: Turn, data: dict[str, Any], name: str, upload: Any,
           content: bytes | None) -> dict[str, Any]:
    settings, incoming = turn.services.settings, turn.file
    new = dr.named_by_caption(dr.add_upload(data, upload, settings.max_draft_nominees), upload,
                              turn.text, kb(turn))
    if incoming is not None and content is not None and len(content) <= settings.max_upload_bytes:
        component = next((n.component for n in upload.notes if n.status == "read"), None)
        new = ds.remember(new, name, content, incoming.file_id, component)
    return {**new, "step": None}


async def take_file(turn: Turn) -> list[Reply] | None:
    """A document joins the draft (a session is opened if there was none)."""
    if turn.file is None:
        return None
    r, cap = turn.services.renderer, turn.services.settings.max_draft_nominees
    name = PurePosixPath(turn.file.filename.replace("\\", "/")).name or "tep"
    upload, content = await _read(turn, name)
    read = content is not None and len(content) <= turn.services.settings.max_upload_bytes
    if read and dr.over_row_cap(upload):
        return [views.draft_full(r, name, "too_many_nominees", cap)]
    try:
        state = await save(turn, lambda s: with_(s, data=_added(turn, s.data, name, upload,
                                                               content)))
    except dr.DraftFull as full:
        return [views.draft_full(r, name, full.reason, cap)]
    follow = await next_reader_question(turn, state)
    ack = views.ack(r, kb(turn), dr.file_count(state.data), upload, alone=follow is None)
    return [ack] if follow is None else [ack, follow]


async def next_reader_question(turn: Turn, state: State) -> Reply | None:
    """The first reader question still open, with its buttons; None when nothing is open."""
    built = await build(turn, state)
    pending = dr.askable(built.questions)
    if not pending:
        await set_step(turn, None)
        return None
    question = pending[0]
    qid = dr.question_id(question.key, question.file)
    await set_step(turn, f"q:{qid}")
    return views.reader_question(turn.services.renderer, kb(turn), turn.services.kb.menu("dossier"),
                                 question, qid, dr.ANSWER_KINDS[question.key],
                                 [n.name for n in built.manifest.nominees])


async def find_question(turn: Turn, state: State, qid: str) -> tuple[Question, Any]:
    built = await build(turn, state)
    for question in dr.askable(built.questions):
        if dr.question_id(question.key, question.file) == qid:
            return question, built
    raise StaleButton(qid)


def _numbers(raw: str, names: list[str]) -> list[int]:
    items = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
    if len(items) != len(names) or not all(p.isdigit() for p in items):
        raise cl.ChecklistAnswerError("numbers", raw)
    return [int(p) for p in items]


def typed_answer(kind: str, text: str, names: list[str], base: DossierKB) -> Any:
    """A typed answer to a reader question of `kind`; cl.ChecklistAnswerError when it does not
    parse."""
    raw = text.strip()
    if kind == "date":
        try:
            return parse_vn_date(raw).isoformat()
        except BadDate as bad:
            raise cl.ChecklistAnswerError(f"date_{bad.reason}", raw) from None
    if kind in ("number", "text", "award"):
        step = cl.ChecklistStep({"number": "n", "text": "t"}.get(kind, kind), kind)
        return cl.parse_typed(step, raw, base)
    if kind == "numbers":
        return _numbers(raw, names)
    raise cl.ChecklistAnswerError("use_buttons", raw)


async def answer(turn: Turn, qid: str, value: Any) -> list[Reply]:
    state = await load(turn)
    if state is None:
        raise StaleButton(qid)
    question, _ = await find_question(turn, state, qid)
    state = await save(turn, lambda s: with_(s, data=dr.confirm(s.data, question, value)))
    follow = await next_reader_question(turn, state)
    if follow is not None:
        return [follow]
    return [await ready(turn, state)]


def _button_value(turn: Turn, kind: str, value: str) -> Any:
    vocabulary = kb(turn).vocabulary
    if kind == "yes_no" and value in ("y", "n"):
        return value == "y"
    if (kind == "award" and value in vocabulary.awards) or (
            kind == "component" and value in vocabulary.components):
        return value
    raise StaleButton(value)


async def on_question(turn: Turn, state: State, p: Payload) -> list[Reply]:
    """`q:<question>:<value>`: a button answer (`-` skips the question)."""
    question, _ = await find_question(turn, state, p.code)
    if p.value == "-":
        return await answer(turn, p.code, None)
    return await answer(turn, p.code, _button_value(turn, dr.ANSWER_KINDS[question.key],
                                                    p.value))


async def on_typed(turn: Turn, state: State, qid: str) -> list[Reply] | None:
    """Typed text while reader question `qid` is open (None when it is no longer open)."""
    try:
        question, built = await find_question(turn, state, qid)
    except StaleButton:
        return None
    names = [n.name for n in built.manifest.nominees]
    value = typed_answer(dr.ANSWER_KINDS[question.key], turn.text, names, kb(turn))
    return await answer(turn, qid, value)
