"""Pure views of the dossier-check journey: state in, `Reply` out (no database, no session)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from bot.chat import dossier_campaign as dc
from bot.chat import dossier_submit as ds
from bot.chat.dossier.codec import button, data, step_code
from bot.conversation.callbacks import StaleButton
from bot.dossier import checklist as cl
from bot.dossier.findings import finding
from bot.dossier.present import group_by_severity, paginate, views
from bot.dossier.readers import Question
from bot.render import Button, Renderer, Reply
from knowledge.dossier_schema import DossierKB, Severity

Rows = list[list[Button]]


def draft_buttons(r: Renderer, has_draft: bool) -> Rows:
    rows = [[button(r, "check", "go"), button(r, "received", "rd")]] if has_draft else []
    rows.append([button(r, "checklist", "cl"), button(r, "blanks", "mau")])
    if has_draft:
        rows.append([button(r, "new", "nw")])
    return rows


def intro(r: Renderer, has_draft: bool, files: int, nominees: int, received_on: dt.date
          ) -> Reply:
    return r.reply("dossier_chat/intro.j2", buttons=draft_buttons(r, has_draft),
                   files=files, nominees=nominees, received_on=received_on)


def confirm_new(r: Renderer, files: int, answers: int) -> Reply:
    rows = [[button(r, "new_confirm", "nwy")], [button(r, "new_keep", "nwn")]]
    return r.reply("dossier_chat/confirm_new.j2", buttons=rows, files=files, answers=answers)


def ready(r: Renderer, files: int, nominees: int) -> Reply:
    return r.reply("dossier_chat/ready.j2", buttons=draft_buttons(r, True), files=files,
                   nominees=nominees)


def draft_full(r: Renderer, name: str, reason: str, cap: int) -> Reply:
    return r.reply("dossier_chat/draft_full.j2", buttons=draft_buttons(r, True), file=name,
                   reason=reason, cap=cap)


def date_set(r: Renderer, day: dt.date) -> Reply:
    return r.reply("dossier_chat/date_set.j2", buttons=draft_buttons(r, True), received_on=day)


# --- what the readers made of the uploads ----------------------------------------------------


def _read_note(kb: DossierKB, note: Any, part: Any) -> dict[str, Any]:
    label = kb.vocabulary.components.get(note.component or "", note.component or "")
    count = len(part.nominees) if part and note.component == "danh_sach" else 0
    return {"file": note.file, "status": "read", "label": label, "nominees": count,
            "problem": ""}


def _unread_note(note: Any, reason: str, detail: str) -> dict[str, Any]:
    problem = finding("unreadable_file", Severity.ERROR, file=note.file, reason=reason,
                      detail=detail)
    return {"file": note.file, "status": note.status, "label": "", "nominees": 0,
            "problem": f"{problem.message} {problem.fix}"}


def note_views(kb: DossierKB, upload: Any) -> list[dict[str, Any]]:
    parts = {p.file: p for p in upload.parts}
    refusals = {f: (reason, detail) for f, reason, detail in upload.refusals}
    return [_read_note(kb, note, parts.get(note.file)) if note.status == "read"
            else _unread_note(note, *refusals.get(note.file, (note.reason or "corrupt", "")))
            for note in upload.notes]


def ack(r: Renderer, kb: DossierKB, files: int, upload: Any, alone: bool) -> Reply:
    """The acknowledgement of an upload (`dossier_chat/ack.j2`); with the draft's buttons when no
    question follows."""
    sent = r.reply("dossier_chat/ack.j2", files=files, notes=note_views(kb, upload))
    if not alone:
        return sent
    return Reply(sent.text, tuple(tuple(row) for row in draft_buttons(r, True)))


def award_rows(kb: DossierKB, menu: Iterable[str], *prefix: object) -> Rows:
    """The catalogue's `menus.dossier` awards, two buttons a row."""
    buttons = [Button(kb.vocabulary.awards[code][0], data(*prefix, code))
               for code in menu if code in kb.vocabulary.awards]
    return [buttons[i:i + 2] for i in range(0, len(buttons), 2)]


def _question_rows(r: Renderer, kb: DossierKB, menu: Iterable[str], kind: str, qid: str) -> Rows:
    if kind == "yes_no":
        return [[button(r, "signed_yes", "q", qid, "y"), button(r, "signed_no", "q", qid, "n")]]
    if kind == "award":
        return award_rows(kb, menu, "q", qid)
    if kind == "component":
        return [[Button(label, data("q", qid, code))]
                for code, label in kb.vocabulary.components.items()]
    return []


def reader_question(r: Renderer, kb: DossierKB, menu: Iterable[str], question: Question,
                    qid: str, kind: str, names: list[str]) -> Reply:
    rows = _question_rows(r, kb, menu, kind, qid)
    rows.append([button(r, "skip", "q", qid, "-"), button(r, "check", "go")])
    return r.reply("dossier_chat/ask_reader.j2", buttons=rows, text=question.text, kind=kind,
                   nominees=names)


# --- the guided checklist -----------------------------------------------------------------


def _yes_no_row(r: Renderer, step: cl.ChecklistStep, code: str) -> list[Button]:
    row = [button(r, "answer_yes", "a", code, "y"), button(r, "answer_no", "a", code, "n")]
    if step.kind == "yes_no_unknown":
        row.append(button(r, "answer_unknown", "a", code, "u"))
    return row


def _step_rows(r: Renderer, kb: DossierKB, menu: Iterable[str], step: cl.ChecklistStep) -> Rows:
    code = step_code(step.id)
    if step.kind == "award":
        return award_rows(kb, menu, "a", code)
    if step.kind == "procedure":
        return [[r.button(f"dossier.procedure.{p}", data("a", code, p))] for p in cl.PROCEDURES]
    if step.kind == "date":
        return [[button(r, "today", "a", code, "today")]]
    if step.id.startswith("more:"):
        return [[button(r, "more_yes", "a", code, "y"), button(r, "more_no", "a", code, "n")]]
    if step.kind in ("yes_no", "yes_no_unknown"):
        return [_yes_no_row(r, step, code)]
    return []


def ask(r: Renderer, kb: DossierKB, menu: Iterable[str], step: cl.ChecklistStep) -> Reply:
    rows = _step_rows(r, kb, menu, step)
    rows.append([button(r, "back", "bk"), button(r, "new", "nw")])
    component = step.params.get("component")
    labels = {"component": kb.vocabulary.components.get(component, component) if component
              else ""}
    return r.reply("dossier_chat/ask.j2", buttons=rows, step=step, labels=labels)


# --- the check's result, page by page ----------------------------------------------------------


def _summary(r: Renderer, kb: DossierKB, stored: dict[str, Any]) -> str:
    award = stored.get("award")
    award_label = (kb.vocabulary.awards.get(award) or [award])[0] if award else ""
    return r.render("dossier_chat/summary.j2", counts=stored["counts"],
                    nominees=stored["nominees"],
                    received_on=dt.date.fromisoformat(stored["received"]),
                    award_label=award_label, campaign=dc.from_stored(stored.get("campaign")))


def _page_rows(r: Renderer, stored: dict[str, Any], page: int, total_pages: int) -> Rows:
    nav: list[Button] = []
    if page > 1:
        nav.append(button(r, "prev_page", "pg", page - 1))
    if page < total_pages:
        nav.append(button(r, "next_page", "pg", page + 1))
    rows = [nav] if nav else []
    rows.append([button(r, "recheck", "go"), button(r, "new", "nw")])
    rows.append([ds.submit_button(r, stored)])
    return rows


def page(r: Renderer, kb: DossierKB, stored: dict[str, Any], number: int, edit: bool) -> Reply:
    """The summary and page `number` of the findings; StaleButton for a page that is gone."""
    pages = paginate(views(stored["findings"], stored["names"]))
    total_pages = max(len(pages), 1)
    if not 1 <= number <= total_pages:
        raise StaleButton(str(number))
    text = _summary(r, kb, stored)
    if pages:
        body = r.render("dossier_chat/findings.j2", groups=group_by_severity(pages[number - 1]),
                        page=number, pages=total_pages,
                        more=stored["total"] - len(stored["findings"]))
        text = f"{text}\n{body}"
    rows = _page_rows(r, stored, number, total_pages)
    return Reply(text, tuple(tuple(row) for row in rows), edit=edit)
