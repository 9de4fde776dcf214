"""The interview as a declarative flow: nodes, where each may lead, and one pure routing function.

The flow only routes. Which facts matter, and in which order, is the eligibility engine's
business (`questions_for`: the still-missing facts, most decisive first); the flow asks them one
at a time and stops as soon as none is left (or the verdict cannot change any more).

    award ─► kind ─► subject ─► year ─► question ⟲ ─► result

`kind` is asked only for "what can this person get?" (all awards); `subject` only when the
officer is registered (a person of their unit can prefill the history). `GOES_TO` declares the
edges: the flow tests walk whole interviews and fail on any step outside them, and `mermaid()`
draws the diagram committed in `docs/flows/eligibility.mmd` (a test keeps it in sync).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.eligibility import (
    EligibilityError,
    QuestionSpec,
    Verdict,
    question_by_id,
    questions_and_verdict,
    questions_for,
)
from bot.eligibility.province import province_matters
from bot.interview.state import ALL_AWARDS, Interview
from knowledge.loader import KnowledgeBase

# "What can this person get?" asks the facts of many awards; stop after this many questions.
MAX_QUESTIONS_ALL = 12
MAX_QUESTIONS_ONE = 30
# The interview question "which province's rules apply?" (knowledge/interview/questions.yaml).
PROVINCE_QUESTION = "province"


class NodeId(StrEnum):
    AWARD = "award"
    KIND = "kind"
    SUBJECT = "subject"
    YEAR = "year"
    QUESTION = "question"
    RESULT = "result"


GOES_TO: dict[NodeId, tuple[NodeId, ...]] = {
    NodeId.AWARD: (NodeId.AWARD, NodeId.KIND, NodeId.SUBJECT, NodeId.YEAR),
    NodeId.KIND: (NodeId.SUBJECT, NodeId.YEAR),
    NodeId.SUBJECT: (NodeId.SUBJECT, NodeId.YEAR),
    NodeId.YEAR: (NodeId.QUESTION, NodeId.RESULT),
    NodeId.QUESTION: (NodeId.QUESTION, NodeId.RESULT),
    NodeId.RESULT: (NodeId.AWARD, NodeId.QUESTION),
}
# Edge labels for the diagram (Vietnamese words stay in templates; these are developer notes).
EDGE_NOTES = {
    (NodeId.AWARD, NodeId.AWARD): "ambiguous text",
    (NodeId.AWARD, NodeId.KIND): "all awards",
    (NodeId.SUBJECT, NodeId.SUBJECT): "several matches",
    (NodeId.YEAR, NodeId.RESULT): "nothing missing",
    (NodeId.QUESTION, NodeId.QUESTION): "next missing fact",
    (NodeId.RESULT, NodeId.AWARD): "another award",
    (NodeId.RESULT, NodeId.QUESTION): "change an answer",
}


@dataclass(frozen=True)
class Screen:
    """Where the interview stands: a node, and for QUESTION the question to ask. For RESULT of
    one award, `verdict` is the verdict (without its `next` step) the question check judged: the
    result screen shows it instead of judging the same facts again (None: not judged here)."""

    node: NodeId
    question: QuestionSpec | None = None
    verdict: Verdict | None = None


def next_screen(kb: KnowledgeBase, interview: Interview, province: str | None = None) -> Screen:
    """The node to show for this state (pure: same state, same answer)."""
    if interview.award is None:
        return Screen(NodeId.AWARD)
    if interview.award == ALL_AWARDS and interview.kind is None:
        return Screen(NodeId.KIND)
    if interview.can_prefill and not interview.subject_done:
        return Screen(NodeId.SUBJECT)
    if interview.year is None:
        return Screen(NodeId.YEAR)
    question, verdict = question_or_verdict(kb, interview, province)
    return Screen(NodeId.QUESTION, question) if question else Screen(NodeId.RESULT, verdict=verdict)


def next_question(
    kb: KnowledgeBase, interview: Interview, province: str | None = None
) -> QuestionSpec | None:
    """The question being changed; else the most decisive fact still unknown, or None when
    asking more cannot change the answer."""
    return question_or_verdict(kb, interview, province)[0]


def question_or_verdict(
    kb: KnowledgeBase, interview: Interview, province: str | None = None
) -> tuple[QuestionSpec | None, Verdict | None]:
    """`next_question`; when it is None for one award, the verdict that check judged."""
    if interview.editing is not None:
        editing = question_by_id(kb, interview.editing, interview.kind or "individual")
        if editing is not None:
            return editing, None
    facts = interview.facts(kb)
    which_province = province_question(kb, interview, facts, province)
    if which_province is not None:
        return which_province, None
    if interview.award != ALL_AWARDS:
        return _one_award(kb, interview, facts, province)
    return _any_award(kb, interview, facts, province), None


def _one_award(
    kb: KnowledgeBase, interview: Interview, facts: dict[str, Any], province: str | None
) -> tuple[QuestionSpec | None, Verdict | None]:
    if len(interview.answered_ids) >= MAX_QUESTIONS_ONE or interview.award is None:
        return None, None
    found, verdict = questions_and_verdict(
        kb, interview.award, facts, interview.as_of, province=province,
        answered=interview.answered_ids,
    )
    return (found[0], None) if found else (None, verdict)


def _any_award(
    kb: KnowledgeBase, interview: Interview, facts: dict[str, Any], province: str | None
) -> QuestionSpec | None:
    """"What can this person get?": the first missing fact of the lowest award that has one."""
    answered = interview.answered_ids
    if len(answered) >= MAX_QUESTIONS_ALL:
        return None
    # Lower awards first: their facts (ratings, time worked, discipline) are everyone's facts.
    for award in sorted(kb.awards.values(), key=lambda a: a.rank):
        if interview.kind not in award.kinds:
            continue
        try:
            found = questions_for(
                kb, award.id, facts, interview.as_of, province=province, answered=answered
            )
        except EligibilityError:
            continue  # an award without rules on that day (e.g. a Huân chương before 2024)
        if found:
            return found[0]
    return None


def province_question(
    kb: KnowledgeBase, interview: Interview, facts: dict[str, Any], province: str | None
) -> QuestionSpec | None:
    """"Which province's rules apply?" — asked first, and only when nothing else says: not for an
    officer whose unit has a province (it is in the facts), not when the deployment names one
    (TDKT_PROVINCE), not when no province pack touches the award. "Không rõ" is an answer: the
    national rules apply and the verdict says so."""
    if province is not None or (facts.get("subject") or {}).get("province"):
        return None
    if PROVINCE_QUESTION in interview.answered_ids:
        return None
    award = None if interview.award == ALL_AWARDS else interview.award
    if not province_matters(kb, award):
        return None
    return question_by_id(kb, PROVINCE_QUESTION, interview.kind or "individual")


def mermaid() -> str:
    """The flow diagram (Mermaid), generated from GOES_TO."""
    lines = ["flowchart TD"]
    for source, targets in GOES_TO.items():
        for target in targets:
            note = EDGE_NOTES.get((source, target))
            arrow = f" -->|{note}| " if note else " --> "
            lines.append(f"    {source.value}{arrow}{target.value}")
    return "\n".join(lines) + "\n"
