"""Answer the interview from a facts JSON, as an officer holding the full file would.

`answer_from(kb, spec, facts)` reads the answer to one question from complete facts (contracts
§2), `unknown` when the facts do not say. `replay(kb, award, facts)` runs the whole interview on
those answers and returns the questions asked and the final interview: the measure of "questions
to a verdict" (bench/interview_questions.py) and the check that the interview reaches the same
verdict as `tdkt eligibility` on the same facts (tests/flows).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.eligibility import AnswerError, Facts, QuestionSpec, parse_facts
from bot.eligibility.facts import NONE, Discipline
from bot.eligibility.history import (
    TITLE_BASIS,
    award_facts,
    can_be_non_merit,
    form_at_least,
    history_known,
    holds_title,
    initiatives_of,
    is_merit,
    titles_years,
)
from bot.eligibility.predicates import INITIATIVE_KINDS, RESEARCH_KINDS
from bot.eligibility.questions import UNKNOWN
from bot.interview.answers import take_answer
from bot.interview.flow import NodeId, next_screen
from bot.interview.state import Interview
from knowledge.loader import KnowledgeBase

MAX_STEPS = 80
# What the unit's records hold about a person (bot.interview.prefill; the province is the
# unit's, issue 11 item 9); the rest is asked.
RECORD_FIELDS = (
    "kind", "name", "category", "is_leader", "female", "service_start", "sector", "province"
)


@dataclass(frozen=True)
class Replay:
    interview: Interview
    asked: tuple[str, ...]


def replay(
    kb: KnowledgeBase,
    award: str,
    facts: Mapping[str, Any],
    *,
    province: str | None = None,
    kind: str | None = None,
) -> Replay:
    """The interview for `award` answered from `facts` until it shows a verdict."""
    parsed = parse_facts(kb, facts)
    subject = facts.get("subject") or {}
    record = {"subject": {k: v for k, v in subject.items() if k in RECORD_FIELDS}}
    interview = Interview(
        as_of=parsed.as_of,
        award=award,
        kind=kind or parsed.subject.kind,
        year=parsed.evaluation_year,
        subject_done=True,
        prefill=record,
    )
    asked: list[str] = []
    for _ in range(MAX_STEPS):
        step = next_screen(kb, interview, province)
        if step.node is not NodeId.QUESTION or step.question is None:
            break
        spec = step.question
        asked.append(spec.id)
        interview = take_answer(kb, interview, spec, answer_from(kb, spec, parsed))
        if interview.error:
            raise ValueError(f"{spec.id}: {interview.error} {dict(interview.error_params)}")
    return Replay(interview, tuple(asked))


def answer_from(kb: KnowledgeBase, spec: QuestionSpec, facts: Facts) -> Any:
    """The answer the facts give to `spec`, or `unknown`."""
    params = spec.params
    year = int(params["year"]) if "year" in params else None
    parts = spec.fact.split(".")
    value: Any = None
    if spec.fact == "pending":
        value = _pending(facts, facts.as_of)
    elif parts[0] == "award_history" and len(parts) == 4:
        value = _award_detail(kb, facts, parts[1], int(parts[2]), parts[3], spec)
    elif parts[0] == "award_history":
        value = _latest_award(kb, facts, parts[1])
    elif parts[0] == "other_achievements":
        value = facts.other_achievements.get(parts[1])
    elif parts[0] == "household":
        value = facts.household.get(parts[1])
    elif spec.fact == "interview.initiative_kinds":
        value = _initiative_kinds(facts)
    elif parts[0] == "subject":
        value = getattr(facts.subject, parts[1], None)
        if spec.answer == "choice" and value is not None:
            try:
                spec.validate(value, facts.as_of)
            except AnswerError:
                value = None  # a record value no option reads (e.g. "ky_su") is unknown
    elif year is not None:
        value = _year_answer(kb, facts, year, parts[2:], params)
    if value is None:
        return UNKNOWN
    if isinstance(value, bool) and spec.answer == "yes_no":
        return "yes" if value else "no"
    return value


def _initiative_kinds(facts: Facts) -> str | None:
    """Which kinds the file's initiatives are: all sáng kiến, all research works, or both."""
    found = list(facts.initiatives or ())
    for entry in facts.years.values():
        found.extend(entry.initiatives or ())
    kinds = {i.kind for i in found if i.recognized is not False and i.kind_stated}
    if not kinds:
        return None
    if kinds <= INITIATIVE_KINDS:
        return "sang_kien"
    return "nghien_cuu" if kinds <= RESEARCH_KINDS else "ca_hai"


def _pending(facts: Facts, as_of: dt.date) -> bool | None:
    if facts.pending is None:
        return None
    open_items = [p for p in facts.pending if p.concluded is not True]
    if any(p.concluded is False for p in open_items):
        return True
    return None if open_items else False


def _latest_award(kb: KnowledgeBase, facts: Facts, award: str) -> Any:
    """The year of the latest award of `award`, whatever its basis ("gần nhất")."""
    found = [
        a.end_year
        for a in award_facts(facts)
        if a.award == award and a.revoked is not True and a.end_year is not None
    ]
    found.extend(titles_years(facts, [award]))
    if found:
        return max(found)
    if history_known(facts, [award]):
        return "never"
    return None


def _award_detail(
    kb: KnowledgeBase, facts: Facts, award: str, year: int, detail: str, spec: QuestionSpec
) -> Any:
    """The basis of the award of `year` (an option of the question: a basis that grounds a
    merit award reads as công trạng), or the latest công trạng award before it."""
    records = [
        a for a in award_facts(facts)
        if a.award == award and a.revoked is not True and a.end_year is not None
    ]
    if detail == "basis":
        if year in titles_years(facts, [award]):
            return TITLE_BASIS
        bases = [a.basis for a in records if a.end_year == year and a.basis is not None]
        if not bases:
            return None
        if bases[0] in spec.options:
            return bases[0]
        # Another basis that grounds a merit award (e.g. quá trình cống hiến) reads as công trạng.
        return TITLE_BASIS if bases[0] not in kb.vocabulary.non_merit_bases else None
    # The latest công trạng award up to `year`; an award of unknown basis after it leaves the
    # answer unknown (it may be the latest công trạng one).
    earlier = sorted((a for a in records if (a.end_year or 0) <= year),
                     key=lambda a: a.end_year or 0, reverse=True)
    for record in earlier:
        if record.basis is None and can_be_non_merit(kb, record.award):
            return None
        if is_merit(kb, record):
            return record.end_year
    return "never" if history_known(facts, [award]) else None


def _year_answer(
    kb: KnowledgeBase, facts: Facts, year: int, rest: list[str], params: Mapping[str, str]
) -> Any:
    entry = facts.year(year)
    head = rest[0]
    if head == "titles" and rest[2:] == ["route"]:
        return next((t.route for t in entry.titles or () if t.award == params["award"]), None)
    if head == "titles":
        return holds_title(facts, year, [params["award"]])
    if head == "initiatives":
        found = initiatives_of(facts, year)
        if found is None or any(i.scope is None for i in found):
            return None
        counts: dict[str, int] = {}
        for item in found:
            # The question counts those "được công nhận, áp dụng".
            if item.recognized is not False and item.applied is not False and item.scope:
                counts[item.scope] = counts.get(item.scope, 0) + 1
        return ",".join(f"{k}:{v}" for k, v in counts.items()) or "none"
    if head == "discipline":
        record = entry.discipline
        if record == NONE:
            return "none"
        return record.form if isinstance(record, Discipline) else None
    if head == "collective":
        return entry.collective.get(rest[1])
    if head == "members":
        return _members(kb, entry.members, rest[1:])
    return getattr(entry, head, None)


def _members(kb: KnowledgeBase, members: Any, rest: list[str]) -> Any:
    if members is None:
        return None
    if rest == ["disciplined"]:  # "từ hình thức cảnh cáo trở lên" (the question's words)
        if members.disciplined is None:
            return None
        return any(form_at_least(kb, d.form, "canh_cao") for d in members.disciplined)
    if rest[0] == "ratings":
        return (members.ratings or {}).get(rest[1])
    if rest[0] == "total":
        return members.total
    return members.counts.get(rest[0])
