"""The draft-dossier check journey: uploads or a guided checklist → one draft → cited findings.

Main-menu key "check" opens `entry`; `/mau` sends the blank templates. Files sent in the chat
join the draft in the `dossier` flow row (what each file contributed, never its bytes); questions
the readers could not settle are asked with buttons. "Kiểm tra" runs the checker on the date the
competent body receives the dossier (the flow's `as_of`, today by default) and answers with a
summary, findings page by page ("Trang sau") and the findings as `.xlsx`.

Button payloads `dh:<verb>[:<arg>…]`: `go` check, `cl` checklist, `a:<step>:<value>` checklist
answer, `bk` undo, `q:<question>:<value>` reader question, `pg:<n>` page, `rd` received date,
`nw` new draft, `mau` blanks, `cp:<campaign id>|-` the campaign the dossier is for
(`dossier_campaign`: asked at "Kiểm tra" when the unit has several open campaigns).
"""

from __future__ import annotations

import datetime as dt
import zlib
from pathlib import PurePosixPath
from typing import Any

from bot import jobs
from bot.access import identify
from bot.chat import dossier_campaign as dc
from bot.chat import dossier_submit as ds
from bot.chat.heavy import offload
from bot.chat.router import Journey
from bot.conversation import sessions
from bot.conversation.callbacks import StaleButton, encode
from bot.conversation.turn import Turn
from bot.dossier import checklist as cl
from bot.dossier import draft as dr
from bot.dossier.blanks import (
    BlankContext,
    BlankNominee,
    ballot_docx,
    choose_form,
    minutes_docx,
    nominee_list_xlsx,
    report_docx,
    to_trinh_docx,
)
from bot.dossier.db_history import load_history
from bot.dossier.findings import finding
from bot.dossier.present import counts, group, paginate, views
from bot.dossier.readers import Limits, Question, refused_upload
from bot.dossier.report import ReportTitle
from bot.reminders.dates import BadDate, parse_vn_date
from bot.render import Button, Document, Renderer, Reply
from knowledge.dossier_schema import DossierKB, Severity

FLOW = "dossier"
PREFIX = "dh"
ACCEPTED_SUFFIXES = (".docx", ".xlsx", ".zip", ".pdf", ".jpg", ".jpeg", ".png", ".heic",
                     ".webp")
MACRO_SUFFIXES = (".docm", ".xlsm", ".xltm", ".dotm", ".xlam")
OLD_SUFFIXES = (".doc", ".xls")
MAX_STORED_FINDINGS = 300


# --- small helpers -------------------------------------------------------------------------


def _kb(turn: Turn) -> DossierKB:
    return turn.services.kb.dossier


def _today(turn: Turn) -> dt.date:
    return turn.now.astimezone(turn.services.settings.tz).date()


def _b(r: Renderer, key: str, *parts: object) -> Button:
    return r.button(f"dossier.{key}", encode(PREFIX, *parts))


def _step_code(step_id: str) -> str:
    return f"{zlib.crc32(step_id.encode()):08x}"


async def _load(turn: Turn) -> sessions.FlowState | None:
    return await sessions.load_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)


async def _save(turn: Turn, change: Any) -> sessions.FlowState:
    def apply(current: sessions.FlowState | None) -> sessions.FlowState:
        return change(current or sessions.FlowState())

    return await sessions.update_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW, apply,
                                      turn.now)


def _with(state: sessions.FlowState, *, answers: dict[str, Any] | None = None,
          data: dict[str, Any] | None = None, as_of: dt.date | None = None) -> sessions.FlowState:
    return sessions.FlowState(answers if answers is not None else state.answers,
                              as_of or state.as_of, data if data is not None else state.data,
                              state.version)


def _received(turn: Turn, state: sessions.FlowState | None) -> dt.date:
    if state is not None:
        if state.as_of is not None:
            return state.as_of
        chosen = cl.received_on(state.answers)
        if chosen is not None:
            return chosen
    return _today(turn)


def _draft_buttons(r: Renderer, has_draft: bool) -> list[list[Button]]:
    rows = [[_b(r, "check", "go"), _b(r, "received", "rd")]] if has_draft else []
    rows.append([_b(r, "checklist", "cl"), _b(r, "blanks", "mau")])
    if has_draft:
        rows.append([_b(r, "new", "nw")])
    return rows


async def _confirm_new(turn: Turn) -> list[Reply]:
    """A new draft over one with files or answers deletes them: say what, and ask first."""
    state = await _load(turn)
    files = dr.file_count(state.data) if state else 0
    answers = len(state.answers) if state else 0
    if not files and not answers:
        await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
        return await entry(turn)
    r = turn.services.renderer
    rows = [[_b(r, "new_confirm", "nwy")], [_b(r, "new_keep", "nwn")]]
    return [r.reply("dossier_chat/confirm_new.j2", buttons=rows, files=files, answers=answers)]


# --- entry, /mau ---------------------------------------------------------------------------


async def entry(turn: Turn) -> list[Reply]:
    """Main-menu "check": opens (or shows) the draft and says what to send."""
    r = turn.services.renderer
    state = await _save(turn, lambda s: _with(s, data={**s.data, "step": None}))
    files = dr.file_count(state.data)
    has_draft = bool(files or state.answers)
    nominees = len(cl.nominee_names(state.answers))
    return [r.reply("dossier_chat/intro.j2", buttons=_draft_buttons(r, has_draft), files=files,
                    nominees=nominees, received_on=_received(turn, state))]


async def blanks(turn: Turn) -> list[Reply]:
    """/mau: the blank templates, prefilled with the officer's unit and the draft's nominees."""
    r = turn.services.renderer
    viewer = await identify(turn)
    unit = viewer.unit_name if viewer.unit_id is not None else None
    nominees: tuple[BlankNominee, ...] = ()
    award = None
    basis = "cong_trang"
    kinds: set[str] = set()
    if unit is not None:
        state = await _load(turn)
        if state is not None and (state.data.get("uploads") or state.answers):
            built = await _build(turn, state)
            award = built.manifest.award.code
            basis = built.manifest.award.basis or basis
            kinds = {n.kind or "individual" for n in built.manifest.nominees}
            nominees = tuple(BlankNominee(name=n.name, position=n.position, unit=n.unit,
                                          birth_date=n.birth_date, is_leader=n.is_leader)
                             for n in built.manifest.nominees)
    # The tờ trình and reports in the form for the award, the kind and the basis (forms.yaml);
    # without a draft both reports are sent, individual and collective.
    ctx = BlankContext(unit=unit, award=award, basis=basis, nominees=nominees)
    first = nominees[0] if len(nominees) == 1 else None
    kb = _kb(turn)
    files = [("to_trinh", "to_trinh.docx", to_trinh_docx(ctx, kb=kb),
              choose_form("to_trinh", ctx, kb=kb)),
             ("danh_sach", "danh_sach_de_nghi.xlsx", nominee_list_xlsx(ctx, kb=kb), None)]
    if not kinds or "individual" in kinds:
        form = choose_form("bao_cao_thanh_tich", ctx, kb=kb)
        files.append(("ca_nhan", "bao_cao_thanh_tich_ca_nhan.docx",
                      report_docx(ctx, first, kb=kb, form=form), form))
    if not kinds or "collective" in kinds:
        form = choose_form("bao_cao_thanh_tich", ctx, collective=True, kb=kb)
        files.append(("tap_the", "bao_cao_thanh_tich_tap_the.docx",
                      report_docx(ctx, collective=True, kb=kb, form=form), form))
    files += [("bien_ban", "bien_ban_hop_hoi_dong.docx", minutes_docx(ctx, kb=kb), None),
              ("kiem_phieu", "bien_ban_kiem_phieu.docx", ballot_docx(ctx, kb=kb), None)]
    replies = [r.reply("dossier_chat/blanks.j2", unit=unit, nominees=len(nominees))]
    for kind, name, content, chosen in files:
        caption = r.render("dossier_chat/blank_caption.j2", kind=kind,
                           variant=chosen.variant if chosen else None,
                           form=chosen.form if chosen else None)
        replies.append(Reply("", document=Document(name, content, caption)))
    return replies


# --- uploads -------------------------------------------------------------------------------


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


def size_detail(size: int, limit: int) -> str:
    """"21,3 MB|20 MB": the file's size and the limit, for the refusal sentence (review L6)."""
    mb = f"{size / 1024 / 1024:.1f}".replace(".", ",")
    return f"{mb} MB|{limit // (1024 * 1024)} MB"


def _note_views(kb: DossierKB, upload: Any) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    parts = {p.file: p for p in upload.parts}
    refusals = {f: (reason, detail) for f, reason, detail in upload.refusals}
    for note in upload.notes:
        if note.status == "read":
            part = parts.get(note.file)
            label = kb.vocabulary.components.get(note.component or "", note.component or "")
            out.append({"file": note.file, "status": "read", "label": label,
                        "nominees": len(part.nominees) if part and note.component == "danh_sach"
                        else 0, "problem": ""})
        else:
            reason, detail = refusals.get(note.file, (note.reason or "corrupt", ""))
            problem = finding("unreadable_file", Severity.ERROR, file=note.file, reason=reason,
                              detail=detail)
            out.append({"file": note.file, "status": note.status, "label": "", "nominees": 0,
                        "problem": f"{problem.message} {problem.fix}"})
    return out


async def take_file(turn: Turn) -> list[Reply] | None:
    """A document joins the draft (a session is opened if there was none)."""
    incoming = turn.file
    if incoming is None:
        return None
    r = turn.services.renderer
    kb = _kb(turn)
    name = PurePosixPath(incoming.filename.replace("\\", "/")).name or "tep"
    refused = _refusal_before_download(turn, name, incoming.size)
    settings = turn.services.settings
    limit = settings.max_upload_bytes
    cap = settings.max_draft_nominees
    content: bytes | None = None
    if refused is not None:
        upload = refused_upload(name, *refused)
    else:
        content = await incoming.fetch()
        if len(content) > limit:
            upload = refused_upload(name, "too_large", size_detail(len(content), limit))
        else:
            # The reader stops one row past the cap, while streaming the sheet.
            limits = Limits(max_file_bytes=limit, max_rows=cap)
            upload = await offload(turn, jobs.read_upload_job, name, content, limits, _kb(turn))
            if dr.over_row_cap(upload):
                return [r.reply("dossier_chat/draft_full.j2", buttons=_draft_buttons(r, True),
                                file=name, reason="too_many_nominees", cap=cap)]

    def added(data: dict[str, Any]) -> dict[str, Any]:
        new = dr.named_by_caption(dr.add_upload(data, upload, cap), upload, turn.text, kb)
        if content is not None and len(content) <= limit:
            component = next((n.component for n in upload.notes if n.status == "read"), None)
            new = ds.remember(new, name, content, incoming.file_id, component)
        return {**new, "step": None}

    try:
        state = await _save(turn, lambda s: _with(s, data=added(s.data)))
    except dr.DraftFull as full:
        return [r.reply("dossier_chat/draft_full.j2", buttons=_draft_buttons(r, True),
                        file=name, reason=full.reason, cap=cap)]
    ack = r.reply("dossier_chat/ack.j2", files=dr.file_count(state.data),
                  notes=_note_views(kb, upload))
    follow = await _next_question(turn, state)
    if follow is None:
        return [Reply(ack.text, tuple(tuple(row) for row in _draft_buttons(r, True)))]
    return [ack, follow]


async def _next_question(turn: Turn, state: sessions.FlowState) -> Reply | None:
    """The first reader question still open, with its buttons; None when nothing is open."""
    r = turn.services.renderer
    kb = _kb(turn)
    built = await _build(turn, state)
    pending = dr.askable(built.questions)
    if not pending:
        await _save(turn, lambda s: _with(s, data={**s.data, "step": None}))
        return None
    question = pending[0]
    qid = dr.question_id(question.key, question.file)
    kind = dr.ANSWER_KINDS[question.key]
    await _save(turn, lambda s: _with(s, data={**s.data, "step": f"q:{qid}"}))
    rows: list[list[Button]] = []
    if kind == "yes_no":
        rows.append([_b(r, "signed_yes", "q", qid, "y"), _b(r, "signed_no", "q", qid, "n")])
    elif kind == "award":
        rows.extend(_award_rows(turn, kb, "q", qid))
    elif kind == "component":
        rows.extend([[Button(label, encode(PREFIX, "q", qid, code))]
                     for code, label in kb.vocabulary.components.items()])
    rows.append([_b(r, "skip", "q", qid, "-"), _b(r, "check", "go")])
    names = [n.name for n in built.manifest.nominees]
    return r.reply("dossier_chat/ask_reader.j2", buttons=rows, text=question.text, kind=kind,
                   nominees=names)


def _award_rows(turn: Turn, kb: DossierKB, *prefix: object) -> list[list[Button]]:
    """The catalogue's `menus.dossier` awards, two buttons a row."""
    buttons = [Button(kb.vocabulary.awards[code][0], encode(PREFIX, *prefix, code))
               for code in turn.services.kb.menu("dossier") if code in kb.vocabulary.awards]
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


async def _build(turn: Turn, state: sessions.FlowState) -> dr.Built:
    """The draft assembled in a worker process (a 2,000-name draft takes ~0.5 s to build)."""
    return await offload(turn, jobs.build_job, state.data, state.answers, _received(turn, state),
                         _kb(turn))


async def _find_question(turn: Turn, state: sessions.FlowState,
                         qid: str) -> tuple[Question, Any]:
    built = await _build(turn, state)
    for question in dr.askable(built.questions):
        if dr.question_id(question.key, question.file) == qid:
            return question, built
    raise StaleButton(qid)


def _typed_reader_answer(kind: str, text: str, names: list[str], kb: DossierKB) -> Any:
    raw = text.strip()
    if kind == "date":
        try:
            return parse_vn_date(raw).isoformat()
        except BadDate as bad:
            raise cl.AnswerError(f"date_{bad.reason}", raw) from None
    if kind == "number":
        return cl.parse_typed(cl.Step("n", "number"), raw, kb)
    if kind == "text":
        return cl.parse_typed(cl.Step("t", "text"), raw, kb)
    if kind == "award":
        return cl.parse_typed(cl.Step("award", "award"), raw, kb)
    if kind == "numbers":
        items = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        if len(items) != len(names) or not all(p.isdigit() for p in items):
            raise cl.AnswerError("numbers", raw)
        return [int(p) for p in items]
    raise cl.AnswerError("use_buttons", raw)


async def _answer_reader(turn: Turn, qid: str, value: Any) -> list[Reply]:
    state = await _load(turn)
    if state is None:
        raise StaleButton(qid)
    question, _ = await _find_question(turn, state, qid)
    state = await _save(turn, lambda s: _with(s, data=dr.confirm(s.data, question, value)))
    follow = await _next_question(turn, state)
    if follow is not None:
        return [follow]
    return [await _ready(turn, state)]


async def _ready(turn: Turn, state: sessions.FlowState) -> Reply:
    r = turn.services.renderer
    built = await _build(turn, state)
    return r.reply("dossier_chat/ready.j2", buttons=_draft_buttons(r, True),
                   files=dr.file_count(state.data),
                   nominees=len(built.manifest.nominees))


# --- the guided checklist -----------------------------------------------------------------


def _ask(turn: Turn, step: cl.Step) -> Reply:
    r = turn.services.renderer
    kb = _kb(turn)
    code = _step_code(step.id)
    rows: list[list[Button]] = []
    if step.kind == "award":
        rows.extend(_award_rows(turn, kb, "a", code))
    elif step.kind == "procedure":
        rows.extend([[r.button(f"dossier.procedure.{p}", encode(PREFIX, "a", code, p))]
                     for p in cl.PROCEDURES])
    elif step.kind == "date":
        rows.append([_b(r, "today", "a", code, "today")])
    elif step.id.startswith("more:"):
        rows.append([_b(r, "more_yes", "a", code, "y"), _b(r, "more_no", "a", code, "n")])
    elif step.kind in ("yes_no", "yes_no_unknown"):
        row = [_b(r, "answer_yes", "a", code, "y"), _b(r, "answer_no", "a", code, "n")]
        if step.kind == "yes_no_unknown":
            row.append(_b(r, "answer_unknown", "a", code, "u"))
        rows.append(row)
    rows.append([_b(r, "back", "bk"), _b(r, "new", "nw")])
    component = step.params.get("component")
    labels = {"component": kb.vocabulary.components.get(component, component) if component
              else ""}
    return r.reply("dossier_chat/ask.j2", buttons=rows, step=step, labels=labels)


async def _checklist_next(turn: Turn, state: sessions.FlowState) -> list[Reply]:
    step = cl.next_step(_kb(turn), state.answers)
    if step is None:
        await _save(turn, lambda s: _with(s, data={**s.data, "step": None}))
        return [await _ready(turn, state)]
    if state.data.get("step") != "cl":
        await _save(turn, lambda s: _with(s, data={**s.data, "step": "cl"}))
    return [_ask(turn, step)]


async def _checklist_answer(turn: Turn, state: sessions.FlowState, step: cl.Step,
                            value: Any) -> list[Reply]:
    def change(s: sessions.FlowState) -> sessions.FlowState:
        answers = cl.answer(s.answers, step.id, value)
        as_of = dt.date.fromisoformat(value) if step.id == "received" else None
        return _with(s, answers=answers, as_of=as_of, data={**s.data, "result": None})

    state = await _save(turn, change)
    return await _checklist_next(turn, state)


# --- buttons and typed text ----------------------------------------------------------------


async def on_button(turn: Turn) -> list[Reply]:
    verb, _, rest = turn.data.partition(":")
    if verb == "go":
        return await run_check(turn)
    if verb == "cp":
        return await _choose_campaign(turn, rest)
    if verb == "mau":
        return await blanks(turn)
    if verb == ds.STEP:
        return await ds.submit(turn)
    if verb == "sp":
        return await ds.start_supplement(turn, rest)
    if verb == "fl":
        return await ds.send_files(turn, rest)
    if verb == "nw":
        return await _confirm_new(turn)
    if verb == "nwy":
        await sessions.end_flow(turn.services.db, turn.chat_id, turn.user_id, FLOW)
        return await entry(turn)
    if verb == "nwn":
        return await entry(turn)
    if verb == "rd":
        await _save(turn, lambda s: _with(s, data={**s.data, "step": "rd"}))
        return [turn.services.renderer.reply("dossier_chat/ask_date.j2")]
    if verb == "pg" and rest.isdigit():
        return await _page(turn, int(rest))
    state = await _load(turn)
    if verb == "cl":
        state = state or await _save(turn, lambda s: s)
        return await _checklist_next(turn, state)
    if state is None:
        raise StaleButton(turn.data)
    if verb == "bk":
        state = await _save(turn, lambda s: _with(s, answers=cl.undo(s.answers)))
        return await _checklist_next(turn, state)
    code, _, value = rest.partition(":")
    if verb == "a":
        step = cl.next_step(_kb(turn), state.answers)
        if step is None or _step_code(step.id) != code:
            raise StaleButton(turn.data)
        try:
            parsed = cl.parse_button(step, value, _kb(turn), _today(turn))
        except cl.AnswerError:
            raise StaleButton(turn.data) from None
        return await _checklist_answer(turn, state, step, parsed)
    if verb == "q":
        question, _ = await _find_question(turn, state, code)
        kind = dr.ANSWER_KINDS[question.key]
        if value == "-":
            return await _answer_reader(turn, code, None)
        if kind == "yes_no" and value in ("y", "n"):
            return await _answer_reader(turn, code, value == "y")
        if kind == "award" and value in _kb(turn).vocabulary.awards:
            return await _answer_reader(turn, code, value)
        if kind == "component" and value in _kb(turn).vocabulary.components:
            return await _answer_reader(turn, code, value)
    raise StaleButton(turn.data)


async def take_text(turn: Turn) -> list[Reply] | None:
    """Typed answers: a checklist step, a reader question, or the received date."""
    state = await _load(turn)
    if state is None or not state.data.get("step"):
        return None
    r = turn.services.renderer
    step_key = str(state.data["step"])
    if step_key == ds.STEP:
        return await ds.take_reason(turn)
    try:
        if step_key == "rd":
            day = _typed_reader_answer("date", turn.text, [], _kb(turn))
            await _save(turn, lambda s: _with(s, as_of=dt.date.fromisoformat(day),
                                              data={**s.data, "step": None, "result": None}))
            return [r.reply("dossier_chat/date_set.j2", buttons=_draft_buttons(r, True),
                            received_on=dt.date.fromisoformat(day))]
        if step_key == "cl":
            step = cl.next_step(_kb(turn), state.answers)
            if step is None:
                return None
            value = cl.parse_typed(step, turn.text, _kb(turn))
            return await _checklist_answer(turn, state, step, value)
        if step_key.startswith("q:"):
            qid = step_key[2:]
            try:
                question, built = await _find_question(turn, state, qid)
            except StaleButton:
                return None
            kind = dr.ANSWER_KINDS[question.key]
            names = [n.name for n in built.manifest.nominees]
            return await _answer_reader(turn, qid, _typed_reader_answer(kind, turn.text, names,
                                                                          _kb(turn)))
    except cl.AnswerError as bad:
        count = 0
        if bad.key == "numbers":
            count = len((await _build(turn, state)).manifest.nominees)
        return [r.reply("dossier_chat/bad_answer.j2", key=bad.key, text=bad.text, count=count)]
    return None


# --- the check and its pages ---------------------------------------------------------------


async def run_check(turn: Turn) -> list[Reply]:
    r = turn.services.renderer
    state = await _load(turn)
    if state is None or not (state.data.get("uploads") or state.answers):
        return [r.reply("dossier_chat/nothing.j2", buttons=_draft_buttons(r, False))]
    viewer = await identify(turn)
    unit_id = viewer.unit_id if viewer.registered else None
    db, today = turn.services.db, _today(turn)
    offered = await dc.to_offer(db, state.data, unit_id, today)
    ask = dc.question(r, PREFIX, offered)
    if ask is not None:
        return [ask]
    received = _received(turn, state)
    built = await offload(turn, jobs.build_job, state.data, state.answers, received, _kb(turn))
    campaign = await dc.deadline(db, state.data, offered, unit_id, built.manifest.award.code,
                                 turn.services.kb.dossier)
    if campaign is not None:
        built.manifest.campaign = dc.as_manifest(campaign)
    history = await load_history(db, built.manifest, unit_id, turn.services.kb)
    extra = built.draft.findings if built.draft is not None else []
    award = built.manifest.award.code
    title = ReportTitle(viewer.unit_name, award, campaign.name if campaign else None, today)
    found, checked, content = await offload(
        turn, jobs.check_job, built.manifest, extra, received, turn.services.kb,
        turn.services.settings.province, history, title)
    names = {n.id: n.name for n in built.manifest.nominees}
    stored = {"findings": found[:MAX_STORED_FINDINGS], "names": names, "total": len(found),
              "counts": counts(found), "nominees": checked,
              "received": received.isoformat(), "award": award,
              "campaign": dc.as_stored(campaign), "supplement": ds.supplement_of(state.data)}
    await _save(turn, lambda s: _with(s, data={**s.data, "result": stored, "step": None,
                                              ds.FILING: None}))
    replies = [_page_reply(turn, stored, 1, edit=False)]
    caption = r.render("dossier_chat/xlsx_caption.j2", total=len(found))
    replies.append(Reply("", document=Document("ket_qua_kiem_tra_ho_so.xlsx", content, caption)))
    return replies


async def _choose_campaign(turn: Turn, value: str) -> list[Reply]:
    """A tap on "which campaign?": keep the choice in the draft, then check."""
    if await _load(turn) is None:
        raise StaleButton(value)
    viewer = await identify(turn)
    unit_id = viewer.unit_id if viewer.registered else None
    code = await dc.choice_from_button(turn.services.db, unit_id, _today(turn), value)
    await _save(turn, lambda s: _with(s, data=dc.with_choice(s.data, code)))
    return await run_check(turn)


def _page_reply(turn: Turn, stored: dict[str, Any], page: int, edit: bool) -> Reply:
    r = turn.services.renderer
    kb = _kb(turn)
    pages = paginate(views(stored["findings"], stored["names"]))
    total_pages = max(len(pages), 1)
    if not 1 <= page <= total_pages:
        raise StaleButton(str(page))
    award = stored.get("award")
    award_label = (kb.vocabulary.awards.get(award) or [award])[0] if award else ""
    summary = r.render("dossier_chat/summary.j2", counts=stored["counts"],
                       nominees=stored["nominees"],
                       received_on=dt.date.fromisoformat(stored["received"]),
                       award_label=award_label,
                       campaign=dc.from_stored(stored.get("campaign")))
    text = summary
    if pages:
        body = r.render("dossier_chat/findings.j2", groups=group(pages[page - 1]), page=page,
                        pages=total_pages, more=stored["total"] - len(stored["findings"]))
        text = f"{summary}\n{body}"
    nav: list[Button] = []
    if page > 1:
        nav.append(_b(r, "prev_page", "pg", page - 1))
    if page < total_pages:
        nav.append(_b(r, "next_page", "pg", page + 1))
    rows = [nav] if nav else []
    rows.append([_b(r, "recheck", "go"), _b(r, "new", "nw")])
    rows.append([ds.submit_button(r, stored)])
    return Reply(text, tuple(tuple(row) for row in rows), edit=edit)


async def _page(turn: Turn, page: int) -> list[Reply]:
    state = await _load(turn)
    stored = state.data.get("result") if state else None
    if not stored:
        raise StaleButton(str(page))
    return [_page_reply(turn, stored, page, edit=True)]


JOURNEY = Journey(
    name="dossier",
    commands={"mau": blanks},
    prefix=PREFIX,
    on_button=on_button,
    take_text=take_text,
    take_file=take_file,
)
