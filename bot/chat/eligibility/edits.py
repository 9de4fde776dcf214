"""The edit-answers screen (label `eligibility.edit`): the answers given and the facts taken
from the unit's records, numbered to answer again (pure, like `views`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.chat.eligibility.codec import Keys, Verb, rows
from bot.eligibility import QuestionSpec, question_by_id
from bot.interview.records import prefilled_items
from bot.interview.state import Interview
from bot.render import Renderer, Reply
from knowledge.loader import KnowledgeBase


def edit_list(r: Renderer, kb: KnowledgeBase, interview: Interview, keys: Keys) -> Reply:
    """The answers given, then the facts taken from the unit's records, each
    with a number to answer again (a record is corrected for this interview only)."""
    items = _answered(kb, interview)
    records = _recorded(kb, interview)
    numbers = [keys.plain(str(n), Verb.ANSWER_AGAIN, item[0])
               for n, item in enumerate(items, start=1)]
    numbers += [keys.plain(str(n), Verb.RECORD, record[0])
                for n, record in enumerate(records, start=len(items) + 1)]
    return r.reply("eligibility/edit_list.j2", buttons=rows(numbers, 5), items=items,
                   records=records, subject_name=interview.subject_name)


def _answered(kb: KnowledgeBase, interview: Interview) -> list[tuple[int, QuestionSpec, Any, bool]]:
    """(index, question, answer, whether it corrects a record) of each answer still asked."""
    kind = interview.kind or "individual"
    recorded = {qid for qid, _ in prefilled_items(interview.prefill)}
    found = [(index, question_by_id(kb, qid, kind), answer, qid in recorded)
             for index, (qid, answer) in enumerate(interview.answers)]
    return [(index, spec, answer, fixed)
            for index, spec, answer, fixed in found if spec is not None]


def _recorded(kb: KnowledgeBase, interview: Interview) -> list[tuple[int, QuestionSpec, Any, Any]]:
    """(index, question, value, source) of each fact of the records the officer can read."""
    kind = interview.kind or "individual"
    found = [(index, question_by_id(kb, qid, kind), value, qid)
             for index, (qid, value) in enumerate(interview.prefilled())]
    return [(index, spec, value, source(interview, qid))
            for index, spec, value, qid in found if spec is not None and readable(spec, value)]


def readable(spec: QuestionSpec, value: Any) -> bool:
    """A recorded value the officer can read: a choice outside the options (a raw id such as
    "ky_su") is not listed; the question is asked when it matters."""
    return spec.answer != "choice" or value in spec.options


def source(interview: Interview, question_id: str) -> dict[str, Any] | None:
    """The record's source as the templates show it (dates as dates)."""
    found = interview.source_of(question_id)
    if found is None:
        return None
    shown = dict(found)
    if isinstance(shown.get("decided_on"), str):
        try:
            shown["decided_on"] = dt.date.fromisoformat(shown["decided_on"])
        except ValueError:
            shown.pop("decided_on")
    return shown
