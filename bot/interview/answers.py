"""Taking the officer's input at a node: folded into the interview, or the same node with an
error key (bad input is a state with a template, never a crash).

Pure functions of (interview, input): the chat journey parses text and buttons into plain values
and calls these; the flow tests call them directly.
"""

from __future__ import annotations

from typing import Any

from bot.eligibility import AnswerError, FactsError, QuestionSpec, parse_facts
from bot.interview.state import Interview
from knowledge.loader import KnowledgeBase

# How far back an evaluation year may go (achievements older than this are not nominated).
YEARS_BACK_ALLOWED = 10


def take_year(interview: Interview, year: int | None) -> Interview:
    """The evaluation year, or `year_out_of_range` (also for text that is not a number)."""
    latest = interview.as_of.year
    low = latest - YEARS_BACK_ALLOWED
    if year is None or not low <= year <= latest:
        return interview.with_error("year_out_of_range", low=low, high=latest)
    return interview.with_year(year)


def take_answer(
    kb: KnowledgeBase, interview: Interview, spec: QuestionSpec, answer: Any
) -> Interview:
    """`answer` (an option key, yes/no/unknown, a number or its text) to question `spec`.

    Errors keep the question: `answer_<key>` from the question's own checks (`out_of_range`,
    `not_a_number`, `future_year`, …), `impossible_fact` when the answer contradicts the facts
    already known (e.g. more members with a title than members).
    """
    try:
        value = spec.validate(answer, interview.as_of)
    except AnswerError as error:
        return interview.with_error(f"answer_{error.key}", **error.params)
    stored = value if not isinstance(value, bool) else ("yes" if value else "no")
    changed = interview.with_answer(spec.id, stored)
    try:
        parse_facts(kb, changed.facts(kb), interview.as_of)
    except FactsError as error:
        return _contradiction(interview, spec, error)
    return changed


def _contradiction(interview: Interview, spec: QuestionSpec, error: FactsError) -> Interview:
    """A number above a bound set by another answer (members with a title > all members) reads
    best as the range it must be in; anything else names the contradiction."""
    for issue in error.issues:
        if issue.key == "out_of_range" and issue.params.get("max") is not None:
            low = spec.min if spec.min is not None else 0
            return interview.with_error("answer_out_of_range", min=low, max=issue.params["max"])
    return interview.with_error("impossible_fact", detail=str(error))
