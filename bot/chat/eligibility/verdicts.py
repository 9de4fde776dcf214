"""The engine runs behind the result screens: the verdict the question check handed over (its
`next` step added), every award's verdicts, and the why screen (label `eligibility.why`). Up
to ~90 ms of CPU each: `steps` runs them in a thread, unless the handed verdict's `next` step
is remembered (`remembered`); then the screen costs no engine run and is drawn on the event
loop."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import replace
from typing import Any

from bot.chat.eligibility.views import Judgement
from bot.conversation.callbacks import StaleButton
from bot.eligibility import (
    EligibilityError,
    FactsError,
    PathStep,
    Verdict,
    evaluate,
    evaluate_all,
    with_next_step,
)
from bot.eligibility.engine import facts_bytes
from bot.interview.flow import Screen
from bot.interview.state import ALL_AWARDS, Interview
from bot.interview.why import Explanation, explain
from knowledge.loader import KnowledgeBase

# The `next` step (lộ trình) of a handed verdict, by everything `next_path_step` reads: the
# award, the verdict's word (eligible / not eligible / needs more info), the facts exactly as
# the interview built them (marshalled, else pickled: equal bytes only for equal facts), the
# consideration date and the deployment's province. The entry keeps its knowledge base, so a
# remembered step never serves another one. It is the costly part of a result screen (≈ 4–6 ms
# of CPU at best, up to ~90 ms for a Huân chương) and the same facts come back: the screen
# drawn again for a stale button, an answer changed back, officers asking the same award with
# the same answers. Oldest entries go first; a lock keeps the eviction safe, as `judge` runs in
# worker threads.
_NEXT: dict[tuple[Any, ...], tuple[KnowledgeBase, PathStep | None]] = {}
_NEXT_LIMIT = 256
_NEXT_LOCK = threading.Lock()


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


def remembered(
    kb: KnowledgeBase, province: str | None, interview: Interview, step: Screen
) -> Judgement | None:
    """The result screen's judgement when it needs no engine run: one award, its verdict handed
    over by the question check and that verdict's `next` step remembered. None otherwise
    (`judge` then runs the engine)."""
    handed = step.verdict
    if handed is None or interview.award in (None, ALL_AWARDS) or handed.award != interview.award:
        return None
    try:
        facts = interview.facts(kb)
    except (FactsError, EligibilityError):
        return None
    found = _known(kb, _next_key(handed, facts, interview.as_of, province))
    return None if found is None else Judgement(verdict=replace(handed, next=found[1]))


def _one(kb: KnowledgeBase, award: str, facts: dict[str, Any], as_of: dt.date,
         province: str | None, handed: Verdict | None) -> Verdict:
    """The verdict the question check judged, with its `next` step; judged here only when none
    was handed over (the question limit reached)."""
    if handed is not None and handed.award == award:
        key = _next_key(handed, facts, as_of, province)
        found = _known(kb, key)
        if found is not None:
            return replace(handed, next=found[1])
        verdict = with_next_step(kb, handed, facts, as_of, province=province)
        if key is not None:
            _remember(key, kb, verdict.next)
        return verdict
    return evaluate(kb, award, facts, as_of, province=province)


def _next_key(
    handed: Verdict, facts: dict[str, Any], as_of: dt.date, province: str | None
) -> tuple[Any, ...] | None:
    """The memo key of a handed verdict's `next` step (None: facts that cannot be serialised,
    never remembered). Equal facts built in another order give other bytes: a miss, never a
    wrong hit."""
    raw = facts_bytes(facts)
    return None if raw is None else (handed.award, handed.verdict, raw, as_of, province)


def _known(
    kb: KnowledgeBase, key: tuple[Any, ...] | None
) -> tuple[KnowledgeBase, PathStep | None] | None:
    """The remembered entry for `key`, if it was judged with this very knowledge base."""
    found = _NEXT.get(key) if key is not None else None
    return found if found is not None and found[0] is kb else None


def _remember(key: tuple[Any, ...], kb: KnowledgeBase, step: PathStep | None) -> None:
    with _NEXT_LOCK:
        while len(_NEXT) >= _NEXT_LIMIT:
            del _NEXT[next(iter(_NEXT))]
        _NEXT[key] = (kb, step)


def explanation(kb: KnowledgeBase, province: str | None, interview: Interview) -> Explanation | str:
    """The why screen for one award's verdict (up to 40 evaluations), or the detail of why the facts
    cannot be judged."""
    if interview.award in (None, ALL_AWARDS):
        raise StaleButton("why")
    try:
        return explain(kb, interview, province)
    except (FactsError, EligibilityError) as error:
        return str(error)
