"""The eligibility engine: `verdict_of(kb, award_id, facts, as_of)` → a `Verdict` (contracts §2);
`bot.eligibility.evaluate` (in `path`) adds the verdict's `next` step, the path to the next award.

Every condition must hold; then at least one basis (alternative ground) must hold in full.
`not_eligible` as soon as a condition fails on known facts or every basis fails; `eligible` when
all conditions and one basis hold; otherwise `needs_more_info`, with `missing` naming the facts
whose answers would change the verdict, most decisive first. The date is always an argument.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.eligibility.caveats import caveats_for, is_provisional
from bot.eligibility.facts import Facts, parse_facts
from bot.eligibility.history import Missing
from bot.eligibility.issuer import check_issuer
from bot.eligibility.predicates import Ctx, run_predicate
from bot.eligibility.province import province_caveat
from bot.eligibility.regions import check_region
from bot.eligibility.rules import AppliedRules, EligibilityError, applied_rules
from knowledge.loader import KnowledgeBase
from knowledge.schema import Confidence, Criterion

ELIGIBLE, NOT_ELIGIBLE, NEEDS_MORE_INFO = "eligible", "not_eligible", "needs_more_info"
# The reason of a criterion whose failure rests on a disputed reading of the text.
DISPUTED = "disputed_reading"


@dataclass(frozen=True)
class CriterionResult:
    """One criterion as judged: met True/False/None, its words, citation and confidence."""

    id: str
    met: bool | None
    text: str
    citation: str
    confidence: str
    basis: str | None = None
    may_have_changed: bool = False
    reason: str | None = None
    detail: Mapping[str, Any] = field(default_factory=dict)
    missing: tuple[Missing, ...] = ()

    @property
    def unverified(self) -> bool:
        """Shown as "chưa xác minh": low confidence, or possibly changed by a newer text."""
        return self.confidence == Confidence.LOW.value or self.may_have_changed

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "met": self.met,
            "text": self.text,
            "citation": self.citation,
            "confidence": self.confidence,
            "basis": self.basis,
            "unverified": self.unverified,
            "may_have_changed": self.may_have_changed,
            "reason": self.reason,
            "detail": dict(self.detail),
        }


@dataclass(frozen=True)
class BasisResult:
    id: str
    met: bool | None
    text: str


@dataclass(frozen=True)
class Need:
    """One thing still needed: a key (`rating`, `title`, `initiative`, `award`, `fact`,
    `pending_cleared`), its params, and the Vietnamese words from `knowledge/needs/`."""

    key: str
    params: Mapping[str, Any]
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"key": self.key, "params": dict(self.params), "text": self.text}


@dataclass(frozen=True)
class PathStep:
    """An award on the path: earliest evaluation year it becomes possible (None beyond the
    horizon) and what is needed for it."""

    award: str
    earliest_year: int | None
    needs: tuple[Need, ...] = ()
    ladder: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "award": self.award,
            "earliest_year": self.earliest_year,
            "needs": [n.text for n in self.needs],
            "need_keys": [n.to_json() for n in self.needs],
        }


@dataclass(frozen=True)
class Verdict:
    award: str
    as_of: dt.date
    evaluation_year: int
    verdict: str
    criteria: tuple[CriterionResult, ...]
    bases: tuple[BasisResult, ...]
    missing: tuple[str, ...]
    asks: tuple[str, ...]
    rule_set: str
    province: str | None = None
    notices: tuple[str, ...] = ()
    next: PathStep | None = None
    warnings: tuple[str, ...] = ()
    provisional: bool = False
    caveats: tuple[str, ...] = ()
    # What the headline names when provisional ("Luật 2022 và NĐ 152" / "Luật sửa đổi 2026").
    based_on: str | None = None
    unchecked: str | None = None
    rule_set_notice: str | None = None

    @property
    def other_notices(self) -> tuple[str, ...]:
        """Notices not already said by the provisional headline and the caveats."""
        said = {*self.caveats, self.rule_set_notice if self.provisional else None}
        return tuple(n for n in self.notices if n not in said)

    def to_json(self) -> dict[str, Any]:
        """The contracts §2 output (plus optional `bases`, `province`, `notices`, `warnings`)."""
        return {
            "award": self.award,
            "as_of": self.as_of.isoformat(),
            "evaluation_year": self.evaluation_year,
            "verdict": self.verdict,
            "criteria": [c.to_json() for c in self.criteria],
            "bases": [{"id": b.id, "met": b.met, "text": b.text} for b in self.bases],
            "missing": list(self.missing),
            "next": self.next.to_json() if self.next else None,
            "rule_set": self.rule_set,
            "province": self.province,
            "notices": list(self.notices),
            "warnings": list(self.warnings),
            "provisional": self.provisional,
            "caveats": list(self.caveats),
        }


def judged(
    kb: KnowledgeBase,
    award_id: str,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
) -> tuple[Verdict, Facts, str | None]:
    """Judge one nominee for one award: the verdict without its `next` step, the parsed facts and
    the province whose rules applied (`bot.eligibility.evaluate` adds the next step from them).
    `as_of` (else `facts.as_of`) selects the rule set; `province` is the deployment default,
    `subject.province` in the facts wins over it. Raises `FactsError` for impossible facts and
    `EligibilityError` for an unknown award."""
    parsed = parsed_facts(kb, facts, as_of)
    province_key = parsed.subject.province or province
    check_region(kb, province_key, parsed.subject.sector)
    rule_day = transition_day(facts, parsed.as_of)
    rules = applied_rules(kb, award_id, rule_day, province_key)
    verdict = _judge(kb, rules, parsed)
    caveat = province_caveat(kb, rules, province_key, (c.reason for c in verdict.criteria))
    if caveat is not None:
        verdict = _replace_caveats(verdict, (*verdict.caveats, caveat))
    if rule_day != parsed.as_of:
        verdict = with_transition(kb, verdict, rule_day)
    return verdict, parsed, province_key


def verdict_of(
    kb: KnowledgeBase,
    award_id: str,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
) -> Verdict:
    """The verdict of one award without its `next` step (see `judged`)."""
    return judged(kb, award_id, facts, as_of, province=province)[0]


def evaluate_all(
    kb: KnowledgeBase,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
) -> list[Verdict]:
    """ "Người này có thể được khen gì?": every award for this kind of subject that has rules on
    the day, eligible first, then needs_more_info, then not_eligible; senior awards first."""
    parsed = parsed_facts(kb, facts, as_of)
    check_region(kb, parsed.subject.province or province, parsed.subject.sector)
    order = {ELIGIBLE: 0, NEEDS_MORE_INFO: 1, NOT_ELIGIBLE: 2}
    results = []
    for award in kb.awards.values():
        if parsed.subject.kind not in award.kinds:
            continue
        if award.armed_forces is not None and award.armed_forces != bool(
            parsed.subject.armed_forces
        ):
            continue
        try:
            results.append(verdict_of(kb, award.id, parsed, province=province))
        except EligibilityError:
            continue  # no criteria in force on that day (e.g. a Huân chương before 2024)
    results.sort(key=lambda v: (order[v.verdict], -kb.awards[v.award].rank, v.award))
    return results


# Parsed facts by (facts pickle, as_of): one history evaluated for every award (`bench/`, the
# dossier check, the interview re-judging unchanged answers) is validated once. `Facts` is frozen;
# the entry keeps its knowledge base so that a cached parse never serves another one.
_PARSED: dict[tuple[bytes, dt.date | None], tuple[KnowledgeBase, Facts]] = {}
_PARSED_LIMIT = 1024


def parsed_facts(
    kb: KnowledgeBase, facts: Facts | Mapping[str, Any], as_of: dt.date | None
) -> Facts:
    """`parse_facts`, remembered for identical fact dicts (errors are never remembered)."""
    if isinstance(facts, Facts):
        return parse_facts(kb, facts, as_of)
    try:
        key = (pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL), as_of)
    except (pickle.PicklingError, TypeError, AttributeError):
        return parse_facts(kb, facts, as_of)
    found = _PARSED.get(key)
    if found is not None and found[0] is kb:
        return found[1]
    parsed = parse_facts(kb, facts, as_of)
    if len(_PARSED) >= _PARSED_LIMIT:
        _PARSED.clear()
    _PARSED[key] = (kb, parsed)
    return parsed


def transition_day(facts: Facts | Mapping[str, Any], as_of: dt.date) -> dt.date:
    """The day whose rules apply: the date a complete dossier was received (`received_on` in the
    facts) when it is earlier than the consideration date, else `as_of` (issue 11 item 5)."""
    raw = facts.get("received_on") if isinstance(facts, Mapping) else None
    try:
        received = dt.date.fromisoformat(str(raw)) if raw else None
    except ValueError:
        received = None
    return received if received is not None and received < as_of else as_of


def with_transition(kb: KnowledgeBase, verdict: Verdict, received: dt.date) -> Verdict:
    """Name the transition when the receipt date kept an older rule set than `as_of`'s."""
    from dataclasses import replace

    newer = kb.rule_set_on(verdict.as_of)
    if newer is None or newer.id == verdict.rule_set or not newer.transition_notice:
        return verdict
    note = " ".join(newer.transition_notice.format(received=received.strftime("%d/%m/%Y")).split())
    return replace(verdict, caveats=(note, *verdict.caveats))


def _replace_caveats(verdict: Verdict, caveats: tuple[str, ...]) -> Verdict:
    from dataclasses import replace

    return replace(verdict, caveats=tuple(dict.fromkeys(caveats)))


def _judge(kb: KnowledgeBase, rules: AppliedRules, facts: Facts) -> Verdict:
    award = kb.awards[rules.award_id]
    ctx = Ctx(kb, facts, award, facts.evaluation_year, facts.as_of)
    changed = _possibly_changed(rules)
    conditions = [_subject_kind(kb, ctx), *_armed_forces(kb, ctx), *_issuer(kb, ctx)]
    conditions += [_run(ctx, c, None, changed) for c in rules.conditions]
    bases: list[BasisResult] = []
    basis_criteria: list[list[CriterionResult]] = []
    for basis in rules.bases:
        if basis.kinds is not None and facts.subject.kind not in basis.kinds:
            continue
        results = [_run(ctx, c, basis.id, changed) for c in basis.criteria]
        basis_criteria.append(results)
        bases.append(BasisResult(basis.id, _all(r.met for r in results), basis.text))

    condition_met = _all(c.met for c in conditions)
    if not bases:
        basis_met: bool | None = True
    elif any(b.met is True for b in bases):
        basis_met = True
    elif all(b.met is False for b in bases):
        basis_met = False
    else:
        basis_met = None

    if condition_met is False or basis_met is False:
        verdict = NOT_ELIGIBLE
    elif condition_met and basis_met:
        verdict = ELIGIBLE
    else:
        verdict = NEEDS_MORE_INFO

    missing: list[Missing] = []
    if verdict == NEEDS_MORE_INFO:
        missing = _decisive_missing(conditions, bases, basis_criteria, basis_met is True)
    criteria = tuple(conditions + [r for group in basis_criteria for r in group])
    notices = _notices(kb, rules, criteria)
    rule_set = rules.rule_set
    caveats = caveats_for(kb, rule_set, award.id, (c.citation for c in criteria), facts.as_of)
    return Verdict(
        award=award.id,
        as_of=facts.as_of,
        evaluation_year=facts.evaluation_year,
        verdict=verdict,
        criteria=criteria,
        bases=tuple(bases),
        missing=tuple(dict.fromkeys(m.fact for m in missing)),
        asks=tuple(dict.fromkeys(m.ask for m in missing)),
        rule_set=rules.rule_set.id,
        province=rules.province.province if rules.province else None,
        notices=notices,
        warnings=facts.warnings,
        provisional=is_provisional(rule_set),
        caveats=caveats,
        based_on=rule_set.based_on,
        unchecked=rule_set.unchecked,
        rule_set_notice=rule_set.notice.strip() if rule_set.notice else None,
    )


def _all(values: Any) -> bool | None:
    values = list(values)
    if any(v is False for v in values):
        return False
    if all(v is True for v in values):
        return True
    return None


def _decisive_missing(
    conditions: Sequence[CriterionResult],
    bases: Sequence[BasisResult],
    basis_criteria: Sequence[Sequence[CriterionResult]],
    basis_settled: bool,
) -> list[Missing]:
    """Missing facts ordered most decisive first: those of unmet conditions (each can end the
    evaluation), then those shared by most open bases, in declaration order."""
    ordered: list[Missing] = [m for c in conditions if c.met is None for m in c.missing]
    if basis_settled:
        return ordered
    open_groups = [
        [m for r in group if r.met is None for m in r.missing]
        for b, group in zip(bases, basis_criteria, strict=True)
        if b.met is None
    ]
    counts: dict[str, int] = {}
    first_seen: dict[str, tuple[int, Missing]] = {}
    for group in open_groups:
        for m in dict.fromkeys(group):
            counts[m.ask] = counts.get(m.ask, 0) + 1
            first_seen.setdefault(m.ask, (len(first_seen), m))
    ranked = sorted(first_seen.values(), key=lambda item: (-counts[item[1].ask], item[0]))
    return ordered + [m for _, m in ranked]


def _run(ctx: Ctx, criterion: Criterion, basis: str | None, changed: set[str]) -> CriterionResult:
    try:
        outcome = run_predicate(ctx, criterion.predicate, criterion.params)
    except KeyError as error:
        raise EligibilityError(
            "unknown_predicate",
            predicate=criterion.predicate,
            criterion=criterion.id,
            detail=str(error),
        ) from None
    may_have_changed = "*" in changed or criterion.id in changed
    _, text, citation, confidence = _static(criterion)
    met, reason, detail = outcome.met, outcome.reason, outcome.detail
    if met is False and criterion.disputed:
        # A disputed reading never decides "no" (contracts §2): the readings are named instead.
        met, reason = None, DISPUTED
        detail = {**detail, "readings": " ".join(criterion.disputed.split())}
    return CriterionResult(
        id=criterion.id,
        met=met,
        text=text,
        citation=citation,
        confidence=_LOW if may_have_changed else confidence,
        basis=basis,
        may_have_changed=may_have_changed,
        reason=reason,
        detail=detail,
        missing=outcome.missing,
    )


_LOW = Confidence.LOW.value
# Per criterion (by identity, the entry keeps it alive): its words, citation and confidence —
# the same on every evaluation, so formatted once.
_STATIC: dict[int, tuple[Criterion, str, str, str]] = {}


def _static(criterion: Criterion) -> tuple[Criterion, str, str, str]:
    found = _STATIC.get(id(criterion))
    if found is None or found[0] is not criterion:
        if len(_STATIC) >= 8192:
            _STATIC.clear()
        found = (criterion, _words(criterion.text, criterion.params), criterion.citation.text,
                 criterion.confidence.value)
        _STATIC[id(criterion)] = found
    return found


def _words(text: str, params: Mapping[str, Any]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


# Per award (by identity, kept alive by the entry): the subject-kind words and kinds.
_KINDS: dict[int, tuple[Any, str, frozenset[str]]] = {}


def _subject_kind(kb: KnowledgeBase, ctx: Ctx) -> CriterionResult:
    award = ctx.award
    found = _KINDS.get(id(award))
    if found is None or found[0] is not award:
        names = ", ".join(kb.notices.get(f"kind_{k.value}", k.value) for k in award.kinds)
        text = kb.notices["subject_kind"].format(award_name=award.name, kinds=names)
        found = _KINDS[id(award)] = (award, text, frozenset(k.value for k in award.kinds))
    met = ctx.facts.subject.kind in found[2]
    return CriterionResult("subject_kind", met, found[1], award.citation.text,
                           award.confidence.value)


def _armed_forces(kb: KnowledgeBase, ctx: Ctx) -> list[CriterionResult]:
    award = ctx.award
    if award.armed_forces is None:
        return []
    group = kb.notices["group_armed" if award.armed_forces else "group_civil"]
    text = kb.notices["armed_forces"].format(award_name=award.name, group=group)
    stated = ctx.facts.subject.armed_forces
    # Unstated means a civilian for a civil award; for an armed-forces award it stays unknown.
    met = None if stated is None and award.armed_forces else bool(stated) == award.armed_forces
    missing = (Missing("subject.armed_forces", "subject.armed_forces"),) if met is None else ()
    return [
        CriterionResult(
            "armed_forces",
            met,
            text,
            award.citation.text,
            award.confidence.value,
            missing=missing,
        )
    ]


def _issuer(kb: KnowledgeBase, ctx: Ctx) -> list[CriterionResult]:
    """The named awarding authority must be able to decide this award on `as_of` (contracts §2)."""
    found = check_issuer(kb, ctx.award.id, ctx.facts.issuer, ctx.as_of)
    if found is None:
        return []
    detail = {"right_issuers": list(found.right)} if found.right else {}
    return [CriterionResult("issuer", found.met, found.text, found.citation, found.confidence,
                            detail=detail)]


def _possibly_changed(rules: AppliedRules) -> set[str]:
    changed: set[str] = set()
    for change in rules.rule_set.may_have_changed:
        if change.award == rules.award_id:
            changed.update(change.criteria)
    return changed


def _notices(
    kb: KnowledgeBase, rules: AppliedRules, criteria: Sequence[CriterionResult]
) -> tuple[str, ...]:
    notices: list[str] = []
    if rules.rule_set.notice:
        notices.append(rules.rule_set.notice.strip())
    for change in rules.rule_set.may_have_changed:
        if change.award == rules.award_id:
            notices.append(change.text.strip())
    for reason in dict.fromkeys(c.reason for c in criteria if c.reason):
        if reason == DISPUTED:
            readings = dict.fromkeys(
                str(c.detail["readings"]) for c in criteria if c.reason == DISPUTED
            )
            notices.extend(kb.notices[DISPUTED].format(readings=r) for r in readings)
        elif reason in kb.notices:
            notices.append(kb.notices[reason])
    return tuple(notices)
