"""Eligibility: judge a nominee against the law as data, explain why, and plan the next award.

Public API (everything takes the knowledge base and an explicit date; nothing reads the clock):

- `evaluate(kb, award_id, facts, as_of=None, *, province=None, with_next=True) -> Verdict`
  contracts §2; `Verdict.to_json()` is the stable JSON. `facts` is a dict (the `--facts` JSON)
  or parsed `Facts`. Raises `FactsError` (bad facts, each `FactIssue` names the field) or
  `EligibilityError` (`unknown_award`, `no_rules_on_date`).
- `evaluate_all(kb, facts, as_of=None, *, province=None) -> list[Verdict]` — "có thể được khen gì?"
- `next_awards(kb, facts, as_of=None, *, province=None) -> list[PathStep]` — the lộ trình.
- `questions_for(kb, award_id, facts, as_of=None, *, province=None, answered=())`
  `-> list[QuestionSpec]`
  and `question_by_id(kb, question_id)`; `questions_and_verdict` adds the verdict that decided
  them, which `with_next_step(kb, verdict, facts, …)` completes as `evaluate` would;
  `QuestionSpec.apply(facts_dict, answer) -> facts_dict` raises `AnswerError(key)`.
- `resolve_award(kb, text) -> ResolvedAward | Ambiguous` — fuzzy award names.
- `describe_award(kb, award_id, as_of, province=None) -> AwardDescription` — `knowledge show`.
- `parse_facts(kb, data, as_of=None) -> Facts`; `check_knowledge(kb) -> list[KnowledgeIssue]`
  (predicate names and params used by the YAML exist).
"""

from bot.eligibility.awards import Ambiguous, ResolvedAward, resolve_award
from bot.eligibility.describe import AwardDescription, describe_award
from bot.eligibility.engine import CriterionResult, Need, PathStep, Verdict, evaluate_all
from bot.eligibility.facts import FactIssue, Facts, FactsError, parse_facts
from bot.eligibility.path import evaluate, next_awards, with_next_step
from bot.eligibility.questions import (
    AnswerError,
    QuestionSpec,
    question_by_id,
    questions_and_verdict,
    questions_for,
)
from bot.eligibility.rules import EligibilityError
from bot.eligibility.validate import check_knowledge

__all__ = [
    "Ambiguous",
    "AnswerError",
    "AwardDescription",
    "CriterionResult",
    "EligibilityError",
    "FactIssue",
    "Facts",
    "FactsError",
    "Need",
    "PathStep",
    "QuestionSpec",
    "ResolvedAward",
    "Verdict",
    "check_knowledge",
    "describe_award",
    "evaluate",
    "evaluate_all",
    "next_awards",
    "parse_facts",
    "question_by_id",
    "questions_and_verdict",
    "questions_for",
    "resolve_award",
    "with_next_step",
]
