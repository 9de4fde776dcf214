"""The draft dossier kept in the chat session (pure logic over the session's JSON `data`).

A draft is the uploads read so far (`UploadRead` as JSON: what each file contributed, never its
bytes), the officer's confirmations of what the readers could not read, and the checklist
answers. `build` turns it into one manifest (contracts §3) for the checker. Size is bounded:
at most `MAX_UPLOADS` files and `MAX_DRAFT_CHARS` of JSON per draft.

Session `data` keys: `uploads` [UploadRead JSON], `confirm` {question id: {key, file, value}},
`step` (what a typed message answers), `result` (the last check, for paging).
"""

from __future__ import annotations

import datetime as dt
import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from bot.dossier.checklist import PROCEDURES, to_manifest
from bot.dossier.manifest import Council, Manifest, Vote, parse_manifest
from bot.dossier.readers import DraftReadResult, Question, UploadRead, assemble_uploads
from bot.dossier.readers.documents import Contribution, recognise
from bot.dossier.readers.fields import Vocab
from bot.dossier.text import render_question
from knowledge.dossier_schema import DossierKB

MAX_UPLOADS = 30
NAMEABLE = ("unrecognised", "scan")  # refusals the officer resolves by naming the component
MAX_DRAFT_CHARS = 4_000_000
# How a reader question is answered in chat; keys not listed are only shown, never asked.
ANSWER_KINDS = {
    "signed": "yes_no",
    "award": "award",
    "document": "component",
    "dated": "date",
    "council.total_members": "number",
    "council.votes": "numbers",
    "nominee": "text",
}


class DraftFull(Exception):
    """The draft would exceed its size bounds; `reason` keys the message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Built:
    """The manifest to check, what the readers saw (None without files), open questions."""

    manifest: Manifest
    draft: DraftReadResult | None
    questions: list[Question]


def question_id(key: str, file: str) -> str:
    """A short stable id for a reader question (fits in a button payload)."""
    return f"{zlib.crc32(f'{key}|{file}'.encode()):08x}"


def _nominees_in(upload: dict[str, Any]) -> int:
    return sum(len(part.get("nominees") or []) for part in upload.get("parts", []))


def file_count(data: dict[str, Any]) -> int:
    """Files the draft holds: a `.zip` counted by the files inside it, refused files not at all
    (review L6)."""
    return sum(_kept_files(upload) for upload in data.get("uploads", []))


def _kept_files(upload: dict[str, Any]) -> int:
    notes = upload.get("notes") or []
    if not notes:
        return 1
    return sum(1 for note in notes if note.get("status") != "refused")


def over_row_cap(upload: UploadRead) -> bool:
    """The upload's list went past the nominee cap (the reader stopped there)."""
    return any("too_many_rows" in part.questions for part in upload.parts)


def uploads(data: dict[str, Any]) -> list[UploadRead]:
    return [UploadRead.from_json(u) for u in data.get("uploads", [])]


def named_by_caption(data: dict[str, Any], upload: UploadRead, caption: str,
                     kb: DossierKB) -> dict[str, Any]:
    """A scan sent with a caption that names a component ("tờ trình", "biên bản họp Hội đồng")
    is recorded as that component at once, as if the officer had tapped its button."""
    if not caption.strip():
        return data
    key = recognise([caption], Vocab(kb))
    if key is None:
        return data
    kind = kb.recognition.documents[key].component
    for file, reason, _ in upload.refusals:
        if reason == "scan":
            data = confirm(data, Question("document", file, ""), kind)
    return data


def add_upload(data: dict[str, Any], upload: UploadRead,
               max_nominees: int | None = None) -> dict[str, Any]:
    """New data with `upload` added; a file sent again under the same name replaces the old one.

    Confirmations about the replaced file are dropped (the new file may say otherwise)."""
    kept = [u for u in data.get("uploads", []) if u.get("file") != upload.file]
    if len(kept) >= MAX_UPLOADS:
        raise DraftFull("too_many_files")
    if max_nominees is not None and (
            sum(_nominees_in(u) for u in kept) + _nominees_in(upload.to_json()) > max_nominees):
        raise DraftFull("too_many_nominees")
    new = {**data, "uploads": [*kept, upload.to_json()]}
    new["confirm"] = {k: v for k, v in data.get("confirm", {}).items()
                      if v.get("file") != upload.file}
    new.pop("result", None)
    if len(json.dumps(new, ensure_ascii=False)) > MAX_DRAFT_CHARS:
        raise DraftFull("too_big")
    return new


def confirm(data: dict[str, Any], question: Question, value: Any) -> dict[str, Any]:
    """New data recording the officer's answer (`None` = skipped) to a reader question."""
    answers = dict(data.get("confirm", {}))
    answers[question_id(question.key, question.file)] = {
        "key": question.key, "file": question.file, "value": value}
    new = {**data, "confirm": answers}
    new.pop("result", None)
    return new


def _confirmed(data: dict[str, Any], key: str) -> list[tuple[str, Any]]:
    return [(c["file"], c["value"]) for c in data.get("confirm", {}).values()
            if c.get("key") == key and c.get("value") is not None]


def _patched(data: dict[str, Any]) -> list[UploadRead]:
    """Uploads with the confirmations that must act before assembly (who a report is about,
    what an unrecognised document is)."""
    names = dict(_confirmed(data, "nominee"))
    kinds = dict(_confirmed(data, "document"))
    out: list[UploadRead] = []
    for upload in uploads(data):
        for part in upload.parts:
            if part.file in names and part.nominee_name is None:
                part.nominee_name = names[part.file]
                if part.nominees:
                    part.nominees[0]["name"] = names[part.file]
                else:
                    part.nominees.append({"name": names[part.file]})
                part.questions = [q for q in part.questions if q != "nominee"]
        for file, kind in kinds.items():
            refusal = next((r for r in upload.refusals if r[0] == file), None)
            if refusal is not None:
                upload.refusals = [r for r in upload.refusals if r[0] != file]
                upload.notes = [n for n in upload.notes if n.file != file]
                component: dict[str, Any] = {"type": kind, "file": file}
                if refusal[1] == "scan":
                    component["scan"] = True  # present; its content was not read
                upload.parts.append(Contribution(file=file, component=component))
        out.append(upload)
    return out


def _apply(manifest: Manifest, data: dict[str, Any]) -> Manifest:
    """Confirmations that act on the assembled manifest."""
    m = manifest.model_copy(deep=True)
    unknown = set(m.unknown)
    for file, value in _confirmed(data, "signed"):
        for component in m.components:
            if component.file == file:
                component.signed = bool(value)
        unknown.discard("to_trinh.signed")
    for file, value in _confirmed(data, "dated"):
        for component in m.components:
            if component.file == file:
                component.dated = dt.date.fromisoformat(value)
    for _, value in _confirmed(data, "award"):
        m.award.code = value
    for _, value in _confirmed(data, "council.total_members"):
        m.council = m.council or Council()
        m.council.total_members = int(value)
        unknown.discard("council.total_members")
    for _, value in _confirmed(data, "council.votes"):
        m.council = m.council or Council()
        for nominee, agree in zip(m.nominees, value, strict=False):
            m.council.votes[nominee.id] = Vote(agree=int(agree))
        unknown.discard("council.votes")
    m.unknown = sorted(unknown)
    return m


def build(kb: DossierKB, data: dict[str, Any], answers: dict[str, Any],
          received: dt.date) -> Built:
    """The manifest to check on `received` (the date the competent body receives it).

    With files, the files make the manifest and the checklist only sets the award and the
    procedure if they were chosen; without files, the checklist answers make it."""
    if not data.get("uploads"):
        manifest = parse_manifest(to_manifest(kb, answers), "checklist")
        manifest.received_on = received
        return Built(manifest, None, [])
    draft = assemble_uploads(_patched(data), kb)
    manifest = _apply(draft.manifest, data)
    if answers.get("award"):
        manifest.award.code = answers["award"]
    if answers.get("procedure") in PROCEDURES:
        manifest.award.basis, manifest.award.procedure = PROCEDURES[answers["procedure"]]
    manifest.received_on = received
    answered = set(data.get("confirm", {}))
    unrecognised = [Question("document", r[0], render_question(
                        "document", file=r[0], scan=r[1] == "scan"))
                    for u in uploads(data) for r in u.refusals if r[1] in NAMEABLE]
    anything_read = any(u.parts for u in uploads(data))
    open_questions = [q for q in [*unrecognised, *draft.questions]
                      if question_id(q.key, q.file) not in answered
                      and not (q.key == "award" and (manifest.award.code or not anything_read))
                      and not (q.key == "council.votes" and not _votes_matter(kb, manifest))]
    return Built(manifest, draft, open_questions)


def _votes_matter(kb: DossierKB, manifest: Manifest) -> bool:
    """Whether a vote count is checked for any award of the dossier (unknown award: yes)."""
    awards = {manifest.nominee_award(n) for n in manifest.nominees} | {manifest.award.code}
    awards.discard(None)
    if not awards or manifest.received_on is None:
        return True
    procedure = manifest.award.procedure or "regular"
    return any(kb.vote_for(a, procedure, manifest.received_on, manifest.scopes()) is not None
               for a in awards if a is not None)


def askable(questions: Sequence[Question]) -> list[Question]:
    """The questions the officer can answer here (buttons or a typed reply)."""
    return [q for q in questions if q.key in ANSWER_KINDS]
