"""The interview's state: what the officer has answered, as plain frozen data.

It is stored as a `FlowState` (answers + data, see `bot.conversation.sessions`) and rebuilt on every
update, so nothing lives in process memory. Every change returns a new `Interview`; changing an
earlier answer is removing it, after which the flow asks that question again.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.conversation.sessions import FlowState
from bot.eligibility import question_by_id
from bot.interview.records import AnswerSource, forget_title, prefilled_items
from knowledge.loader import KnowledgeBase

ALL_AWARDS = "all"
# Facts folded after the others: the basis of a recorded award, then the công trạng award
# before a chuyên đề or đột xuất one (bot.eligibility.questions).
_FOLD_LATE = {"basis": 1, "merit_before": 2}


@dataclass(frozen=True)
class Candidate:
    """A button offered while the officer disambiguates (an award or a person)."""

    key: str
    label: str


@dataclass(frozen=True)
class Interview:
    """Everything the flow needs to decide the next node."""

    as_of: dt.date
    award: str | None = None
    kind: str | None = None
    year: int | None = None
    # The subject step: skipped, or a person/collective found in the database.
    subject_done: bool = False
    subject_id: int | None = None
    subject_name: str | None = None
    prefill: Mapping[str, Any] = field(default_factory=dict)
    answers: tuple[tuple[str, Any], ...] = ()
    # The question whose answer the officer chose to change: asked next, whatever else holds.
    editing: str | None = None
    # Offered candidates: awards ("award") or people ("subject"), until one is picked.
    offered: tuple[Candidate, ...] = ()
    offered_for: str | None = None
    can_prefill: bool = False
    # The last input's problem (an error template key) and its parameters.
    error: str | None = None
    error_params: Mapping[str, Any] = field(default_factory=dict)
    # The node (and question) on screen: typed input answers it without re-running the engine.
    shown_node: str | None = None
    shown_question: str | None = None
    # The kind of subject the answers so far are about (kept while "all awards" asks the kind).
    answered_kind: str | None = None
    # The province of the officer's unit (from the database): its rules apply without asking.
    unit_province: str | None = None
    # Where each prefilled fact came from, by question id (bot.interview.records).
    sources: Mapping[str, AnswerSource] = field(default_factory=dict)
    # The year of the unit's open campaign (đợt xét): the evaluation year proposed first.
    campaign_year: int | None = None

    # ── derived ──────────────────────────────────────────────────────────────────────────

    @property
    def answered_ids(self) -> tuple[str, ...]:
        return tuple(qid for qid, _ in self.answers)

    def facts(self, kb: KnowledgeBase) -> dict[str, Any]:
        """The contracts §2 facts JSON: prefill from the database, then every answer folded in."""
        facts: dict[str, Any] = copy.deepcopy(dict(self.prefill))
        subject = facts.setdefault("subject", {})
        subject["kind"] = self.kind or subject.get("kind") or "individual"
        if self.unit_province and not subject.get("province"):
            subject["province"] = self.unit_province
        if self.subject_name:
            subject.setdefault("name", self.subject_name)
        facts["as_of"] = self.as_of.isoformat()
        if self.year is not None:
            facts["evaluation_year"] = self.year
        specs = [(question_by_id(kb, q, subject["kind"]), a) for q, a in self.answers]
        # What an answer says about an award (its basis, the công trạng one before it) folds
        # after the answer that records the award, whatever the order they were given in (a
        # year answered again comes last).
        specs.sort(key=lambda item: _FOLD_LATE.get(item[0].fact.rsplit(".", 1)[-1], 0)
                   if item[0] is not None else 0)
        for spec, answer in specs:
            if spec is None:
                continue
            parts = spec.fact.split(".")
            if answer == "unknown" and len(parts) == 4 and parts[2] == "titles":
                # A recorded title marked "Không rõ": unknown for this interview only.
                forget_title(kb, facts, parts[1], parts[3])
            spec.fold_into(facts, answer, self.as_of)
        return facts

    def prefilled(self) -> list[tuple[str, Any]]:
        """The facts taken from the unit's records, as (question id, answer) pairs the officer
        can see and correct: ratings, titles and initiatives per year, the latest year of each
        award, the person's category. An answer given in the interview (even "Không rõ")
        overrides the record for this interview only; the database is not changed."""
        answered = set(self.answered_ids)
        return [(qid, value) for qid, value in prefilled_items(self.prefill) if qid not in answered]

    def source_of(self, question_id: str) -> AnswerSource | None:
        """Where the recorded answer to `question_id` came from (None: not from the records)."""
        return self.sources.get(question_id)

    def correcting(self, question_id: str) -> Interview:
        """Ask `question_id` (a fact from the records) next; its answer overrides the record."""
        return replace(self.clean(), editing=question_id)

    # ── changes ──────────────────────────────────────────────────────────────────────────

    def showing(self, node: str, question: str | None) -> Interview:
        return replace(self, shown_node=node, shown_question=question)

    def clean(self) -> Interview:
        return replace(self, error=None, error_params={})

    def with_error(self, key: str, **params: Any) -> Interview:
        return replace(self, error=key, error_params=params)

    def with_award(self, award: str, kind: str | None) -> Interview:
        """Choose the award. Another kind of subject (a person after a school) starts from a
        clean subject: the previous one's record and answers never carry over (B20)."""
        base = self.clean()
        before = self.kind or self.answered_kind
        if kind is not None and before is not None and kind != before:
            base = replace(
                base,
                subject_done=False,
                subject_id=None,
                subject_name=None,
                prefill={},
                sources={},
                answers=(),
                editing=None,
            )
        return replace(
            base,
            award=award,
            kind=kind,
            answered_kind=kind or before,
            offered=(),
            offered_for=None,
        )

    def offering(self, what: str, candidates: tuple[Candidate, ...]) -> Interview:
        return replace(self.clean(), offered=candidates, offered_for=what)

    def with_subject(
        self,
        subject_id: int | None,
        name: str | None,
        prefill: Mapping[str, Any],
        sources: Mapping[str, AnswerSource] | None = None,
    ) -> Interview:
        return replace(
            self.clean(),
            subject_done=True,
            subject_id=subject_id,
            subject_name=name,
            prefill=prefill,
            sources=dict(sources or {}),
            offered=(),
            offered_for=None,
        )

    def with_year(self, year: int) -> Interview:
        return replace(self.clean(), year=year)

    def with_answer(self, question_id: str, answer: Any) -> Interview:
        kept = tuple((q, a) for q, a in self.answers if q != question_id)
        return replace(self.clean(), answers=(*kept, (question_id, answer)), editing=None)

    def without_answer(self, index: int) -> Interview:
        """Forget answer number `index` and ask that question again next (even when the verdict
        is already settled by other answers, the officer asked to change this one)."""
        if not 0 <= index < len(self.answers):
            return self.clean()
        answers = tuple(item for i, item in enumerate(self.answers) if i != index)
        return replace(self.clean(), answers=answers, editing=self.answers[index][0])

    def for_another_award(self) -> Interview:
        """Keep who and when (and the facts already given); choose a new award."""
        return replace(self.clean(), award=None, offered=(), offered_for=None, editing=None)


# ── storage ─────────────────────────────────────────────────────────────────────────────


def to_flow(interview: Interview, version: int) -> FlowState:
    answers = {
        "award": interview.award,
        "kind": interview.kind,
        "year": interview.year,
        "subject_done": interview.subject_done,
        "subject_id": interview.subject_id,
        "subject_name": interview.subject_name,
        "questions": [[q, a] for q, a in interview.answers],
        "editing": interview.editing,
    }
    data = {
        "prefill": dict(interview.prefill),
        "offered": [[c.key, c.label] for c in interview.offered],
        "offered_for": interview.offered_for,
        "can_prefill": interview.can_prefill,
        "error": interview.error,
        "error_params": dict(interview.error_params),
        "shown_node": interview.shown_node,
        "shown_question": interview.shown_question,
        "answered_kind": interview.answered_kind,
        "unit_province": interview.unit_province,
        "sources": {k: dict(v) for k, v in interview.sources.items()},
        "campaign_year": interview.campaign_year,
    }
    return FlowState(answers=answers, as_of=interview.as_of, data=data, version=version)


def from_flow(state: FlowState, today: dt.date) -> Interview:
    a, d = state.answers, state.data
    return Interview(
        as_of=state.as_of or today,
        award=a.get("award"),
        kind=a.get("kind"),
        year=a.get("year"),
        subject_done=bool(a.get("subject_done")),
        subject_id=a.get("subject_id"),
        subject_name=a.get("subject_name"),
        prefill=d.get("prefill") or {},
        answers=tuple((str(q), ans) for q, ans in a.get("questions") or []),
        editing=a.get("editing"),
        offered=tuple(Candidate(str(k), str(label)) for k, label in d.get("offered") or []),
        offered_for=d.get("offered_for"),
        can_prefill=bool(d.get("can_prefill")),
        error=d.get("error"),
        error_params=d.get("error_params") or {},
        shown_node=d.get("shown_node"),
        shown_question=d.get("shown_question"),
        answered_kind=d.get("answered_kind"),
        unit_province=d.get("unit_province"),
        sources=d.get("sources") or {},
        campaign_year=d.get("campaign_year"),
    )
