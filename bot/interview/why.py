""""Vì sao?" — what the verdict does not already say (issue 12 item 7).

- the article: the award's provision as cited in `knowledge/criteria` (each basis is quoted with
  it; each criterion keeps its own citation);
- how each count was made: the ratings of the years in a run and the year that ended it, which
  award opened the counting period and where that fact came from, the initiatives counted per year;
- which answer would change the verdict: each answer given (or fact taken from the records) is
  tried with its other values, one at a time, and those that give another verdict are named;
  for an open verdict, the questions whose answers are still missing, most decisive first.

Pure functions of (knowledge, interview); the chat renders `eligibility/why.j2`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.eligibility import (
    EligibilityError,
    FactsError,
    QuestionSpec,
    Verdict,
    evaluate,
    parse_facts,
    question_by_id,
)
from bot.eligibility.questions import NONE_COUNTS, UNKNOWN, question_for_fact
from bot.interview.records import AnswerSource
from bot.interview.state import Interview
from knowledge.loader import KnowledgeBase
from knowledge.schema import CriteriaVersion

# At most this many alternative verdicts are computed for "which answer would change it" (each
# is one evaluation), and at most MAX_SHOWN changes and missing questions are shown.
MAX_TRIES = 40
MAX_SHOWN = 5
# Questions about the set-up, not the nominee's facts: never tried.
NOT_TRIED = frozenset({"province", "sector", "armed_forces"})
# The other verdicts worth naming: an open verdict is changed by what would settle it eligible
# (any failed condition would close it, which says nothing), a settled one by any other.
WORTH_NAMING = {
    "eligible": ("not_eligible", "needs_more_info"),
    "not_eligible": ("eligible", "needs_more_info"),
    "needs_more_info": ("eligible",),
}


@dataclass(frozen=True)
class Change:
    """Answering `question` with `instead` (not `given`) would give `verdict`."""

    question: QuestionSpec
    given: Any
    instead: Any
    verdict: str
    recorded: bool


@dataclass(frozen=True)
class Explanation:
    verdict: Verdict
    article: str | None
    # Each year's rating as known (None: unknown), for the years a count read.
    ratings: dict[int, str | None] = field(default_factory=dict)
    # Where the fact behind a criterion came from (prior awards), by criterion id.
    sources: dict[str, AnswerSource] = field(default_factory=dict)
    changes: tuple[Change, ...] = ()
    missing: tuple[QuestionSpec, ...] = ()
    # Initiatives counted per year (latest first), and the years rated well enough, by criterion.
    initiatives: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    good_years: dict[str, tuple[int, ...]] = field(default_factory=dict)
    # A rating's words (the rating question's options).
    rating_labels: dict[str, str] = field(default_factory=dict)


def explain(kb: KnowledgeBase, interview: Interview, province: str | None) -> Explanation:
    """The verdict of `interview` with everything "Vì sao?" adds to it."""
    assert interview.award is not None
    facts = interview.facts(kb)
    verdict = evaluate(
        kb, interview.award, facts, interview.as_of, province=province, with_next=False
    )
    version = kb.criteria_on(interview.award, verdict.as_of)
    parsed = parse_facts(kb, facts, interview.as_of)
    predicates = _predicates(version) if version is not None else {}
    ratings: dict[int, str | None] = {}
    sources: dict[str, AnswerSource] = {}
    initiatives: dict[str, tuple[tuple[int, int], ...]] = {}
    good_years: dict[str, tuple[int, ...]] = {}
    for criterion in verdict.criteria:
        detail = criterion.detail
        counted = [int(y) for y in detail.get("years") or ()]
        if predicates.get(criterion.id) == "initiatives" and "years" in detail:
            per_year = Counter(counted)
            initiatives[criterion.id] = tuple(sorted(per_year.items(), reverse=True))
        elif predicates.get(criterion.id) == "ratings_in_window" and "years" in detail:
            good_years[criterion.id] = tuple(sorted(set(counted)))
        if "run" in detail:
            first = verdict.evaluation_year - int(detail["run"])
            low = max(int(detail.get("counts_from") or first), first)
            for year in range(low, verdict.evaluation_year + 1):
                ratings[year] = parsed.year(year).rating
        if detail.get("award") and detail.get("year"):
            found = interview.source_of(f"prior_award_{detail['award']}") or interview.source_of(
                f"title_{detail['award']}_{detail['year']}"
            )
            if found is not None:
                sources[criterion.id] = found
    kind = interview.kind or "individual"
    rating = question_by_id(kb, f"rating_{verdict.evaluation_year}", kind)
    missing: list[QuestionSpec] = []
    if verdict.verdict == "needs_more_info":
        for ask in verdict.asks:
            spec = question_for_fact(kb, ask, kind)
            if spec is not None and spec.id not in {m.id for m in missing}:
                missing.append(spec)
    return Explanation(
        verdict=verdict,
        article=version.citation.text if version is not None else None,
        ratings=ratings,
        sources=sources,
        changes=tuple(changes(kb, interview, verdict, province)),
        missing=tuple(missing[:MAX_SHOWN]),
        initiatives=initiatives,
        good_years=good_years,
        rating_labels=dict(rating.options) if rating is not None else {},
    )


def _predicates(version: CriteriaVersion) -> dict[str, str]:
    """Criterion id → predicate name (a province pack keeps the predicate of what it patches)."""
    found = {c.id: c.predicate for c in version.conditions}
    for basis in version.bases:
        found.update((c.id, c.predicate) for c in basis.criteria)
    return found


def changes(
    kb: KnowledgeBase, interview: Interview, verdict: Verdict, province: str | None
) -> list[Change]:
    """Single answers whose other value gives another verdict (never "Không rõ": unknown is
    not a fact), the interview's answers first, then the records; at most MAX_SHOWN."""
    assert interview.award is not None
    kind = interview.kind or "individual"
    recorded = {qid for qid, _ in interview.prefilled()}
    given = [*interview.answers, *interview.prefilled()]
    found: list[Change] = []
    tries = 0
    for question_id, value in given:
        spec = question_by_id(kb, question_id, kind)
        if spec is None or question_id in NOT_TRIED or value == UNKNOWN:
            continue
        for other in alternatives(spec, value):
            if tries >= MAX_TRIES or len(found) >= MAX_SHOWN:
                return found
            tries += 1
            changed = interview.with_answer(question_id, other)
            try:
                result = evaluate(
                    kb, interview.award, changed.facts(kb), interview.as_of,
                    province=province, with_next=False,
                )
            except (FactsError, EligibilityError):
                continue
            if result.verdict in WORTH_NAMING[verdict.verdict]:
                found.append(Change(spec, value, other, result.verdict, question_id in recorded))
                break
    return found


def alternatives(spec: QuestionSpec, value: Any) -> Iterator[Any]:
    """The other answers worth trying for `spec` (a few, most telling first)."""
    if spec.answer == "yes_no":
        yield "no" if value in ("yes", True) else "yes"
    elif spec.answer == "choice":
        # The nearest options first: the smallest change that changes the verdict.
        keys = list(spec.options)
        here = keys.index(value) if value in keys else 0
        yield from sorted((k for k in keys if k != value), key=lambda k: abs(keys.index(k) - here))
    elif spec.answer == "year":
        if value != "never":
            yield "never"
    elif spec.answer == "counts":
        counts = _counts(str(value))
        for key in spec.options:
            more = {**counts, key: counts.get(key, 0) + 1}
            yield ",".join(f"{k}:{n}" for k, n in more.items() if n)
    elif (
        spec.answer in ("integer", "number")
        and spec.max is not None
        and isinstance(value, int | float)
        and value < spec.max
    ):
        yield spec.max


def _counts(value: str) -> dict[str, int]:
    if value in (NONE_COUNTS, UNKNOWN) or ":" not in value:
        return {}
    return {k: int(n) for k, n in (item.split(":") for item in value.split(","))}
