"""The engine runs behind the result screens: the verdict the question check handed over (its
`next` step added), every award's verdicts, and "Vì sao?". Up to ~90 ms of CPU each: `steps`
runs them in a thread."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.chat.eligibility.views import Judgement
from bot.conversation.callbacks import StaleButton
from bot.eligibility import (
    EligibilityError,
    FactsError,
    Verdict,
    evaluate,
    evaluate_all,
    with_next_step,
)
from bot.interview.flow import Screen
from bot.interview.state import ALL_AWARDS, Interview
from bot.interview.why import Explanation, explain
from knowledge.loader import KnowledgeBase


def judge(kb: KnowledgeBase, province: str | None, interview: Interview, step: Screen) -> Judgement:
    """What the result screen of `step` shows (an error detail when the facts cannot be judged)."""
    try:
        facts = interview.facts(kb)
        if interview.award == ALL_AWARDS:
            return Judgement(verdicts=evaluate_all(kb, facts, interview.as_of, province=province))
        assert interview.award is not None
        return Judgement(verdict=_one(kb, interview.award, facts, interview.as_of, province,
                                      step.verdict))
    except (FactsError, EligibilityError) as error:
        return Judgement(error=str(error))


def _one(kb: KnowledgeBase, award: str, facts: dict[str, Any], as_of: dt.date,
         province: str | None, handed: Verdict | None) -> Verdict:
    """The verdict the question check judged, with its `next` step; judged here only when none
    was handed over (the question limit reached)."""
    if handed is not None and handed.award == award:
        return with_next_step(kb, handed, facts, as_of, province=province)
    return evaluate(kb, award, facts, as_of, province=province)


def explanation(kb: KnowledgeBase, province: str | None, interview: Interview) -> Explanation | str:
    """"Vì sao?" for one award's verdict (up to 40 evaluations), or the detail of why the facts
    cannot be judged."""
    if interview.award in (None, ALL_AWARDS):
        raise StaleButton("why")
    try:
        return explain(kb, interview, province)
    except (FactsError, EligibilityError) as error:
        return str(error)
