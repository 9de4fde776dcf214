"""The eligibility engine: `verdict_of(kb, award_id, facts, as_of)` → a `Verdict` (contracts §2);
`bot.eligibility.evaluate` (in `path`) adds the verdict's `next` step, the path to the next award.

Every condition must hold; then at least one basis (alternative ground) must hold in full.
`not_eligible` as soon as a condition fails on known facts or every basis fails; `eligible` when
all conditions and one basis hold; otherwise `needs_more_info`, with `missing` naming the facts
whose answers would change the verdict, most decisive first. The date is always an argument.
"""

from __future__ import annotations

import datetime as dt
import marshal
import pickle
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.eligibility.caveats import caveats_for, is_provisional
from bot.eligibility.facts import Facts, parse_facts
from bot.eligibility.history import Missing
from bot.eligibility.issuer import check_issuer
from bot.eligibility.predicates import (
    LOCAL_CRITERIA,
    PREDICATES,
    READS_AWARDS,
    Ctx,
    Predicate,
    _uncertain,
    params_awards,
    run_compiled,
    run_predicate,
)
from bot.eligibility.province import province_caveat
from bot.eligibility.regions import check_region
from bot.eligibility.rules import AppliedRules, EligibilityError, applied_rules
from knowledge.loader import KnowledgeBase
from knowledge.schema import Award, Confidence, Criterion

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
    subject = parsed.subject
    province_key = subject.province or province
    if province_key or subject.sector:  # else nothing to check
        check_region(kb, province_key, subject.sector)
    if type(facts) is dict and not facts.get("received_on"):  # as `transition_day`
        rule_day = parsed.as_of
    else:
        rule_day = transition_day(facts, parsed.as_of)
    rules = applied_rules(kb, award_id, rule_day, province_key)
    verdict = _judge(kb, rules, parsed, province_key)
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


# Parsed facts by (facts marshalled or pickled, as_of): one history evaluated for every award
# (`bench/`, the dossier check, the interview re-judging unchanged answers) is validated once.
# `Facts` is frozen; the entry keeps its knowledge base so that a cached parse never serves
# another one. A parsed history's memo (`Facts.memo`, ≈ 140 objects the garbage collector
# tracks in bulk evaluation) is kept only for the parses served last (`_MEMO_KEPT` below).
# Measured when every entry kept its memo: 1,024 of them made the full collections ≈ 7 % of
# `bench/eligibility.py`, 64 ≈ 2 % — but 64 is fewer than one interview answer's hypothetical
# histories (the question check judges "what if" answers), so every answer parsed again: CPU per
# answer 11.1 ms at 64 against 4.6 ms at 256 (`bench/update_path.py`, 1M, quiet), while bulk
# evaluation at 256 stays within the noise of 64.
_PARSED: dict[tuple[bytes, dt.date | None], tuple[KnowledgeBase, Facts]] = {}
_PARSED_LIMIT = 256
# The parses whose memo is kept, least recently served first (by the parse's identity; the entry
# keeps the parse alive): a parse not served among the last `_MEMO_LIMIT` keeps its validated
# facts (still in `_PARSED`), but its memo is replaced by an empty one, rebuilt if the facts are
# judged again. The memos are what the garbage collector walks (above): with each of the 256
# parses keeping its memo, collections took ≈ 13–19 % of `bench/eligibility.py` (two full ones
# a run); with the last 64, ≈ 5–7 % (none). The memo is replaced, not cleared: a judgement under
# way elsewhere (another thread) keeps the dict it holds.
_MEMO_KEPT: OrderedDict[int, Facts] = OrderedDict()
_MEMO_LIMIT = 64


def facts_bytes(facts: Mapping[str, Any]) -> bytes | None:
    """Bytes equal only for equal fact dicts, to key a memo by (None: cannot be serialised).

    marshal (plain dicts, lists, strings, numbers: the JSON the chat and the dossier build) is
    cheaper than pickle; dates and other objects (YAML facts) go to pickle. The two never give
    the same bytes (a marshalled dict starts with 0x7b or 0xfb, a pickle with 0x80). Equal facts
    may give other bytes (shared objects, another key order): a miss, never a wrong hit."""
    try:
        return marshal.dumps(facts)  # type: ignore[arg-type]
    except ValueError:
        try:
            return pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return None


def parsed_facts(
    kb: KnowledgeBase, facts: Facts | Mapping[str, Any], as_of: dt.date | None
) -> Facts:
    """`parse_facts`, remembered for identical fact dicts (errors are never remembered)."""
    if isinstance(facts, Facts):
        return parse_facts(kb, facts, as_of)
    raw = facts_bytes(facts)
    if raw is None:
        return parse_facts(kb, facts, as_of)
    key = (raw, as_of)
    found = _PARSED.get(key)
    if found is not None and found[0] is kb:
        parsed = found[1]
        try:
            _MEMO_KEPT.move_to_end(id(parsed))
            return parsed
        except KeyError:  # its memo was let go: kept again below
            pass
    else:
        parsed = parse_facts(kb, facts, as_of)
        if len(_PARSED) >= _PARSED_LIMIT:
            _PARSED.clear()
        _PARSED[key] = (kb, parsed)
    _MEMO_KEPT[id(parsed)] = parsed
    if len(_MEMO_KEPT) > _MEMO_LIMIT:
        try:
            _, oldest = _MEMO_KEPT.popitem(last=False)
        except KeyError:  # emptied meanwhile by another thread
            return parsed
        _set(oldest, "memo", {})
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


# The engine's frozen results (`CriterionResult`, `BasisResult`, `Verdict`) are built by
# `_new(cls)` and one update of the instance's `__dict__` with every field (from templates
# compiled with the rules), instead of one frozen `__setattr__` per field: ≈ 20 % of an
# evaluation was dataclass `__init__`. The instances are the same: equal, still frozen. None of
# these classes has a `__post_init__`.
_new = object.__new__
_set = object.__setattr__


@dataclass(frozen=True, slots=True)
class _Step:
    """One criterion compiled once: its predicate, the disputed readings, and the attributes of
    its result that do not depend on the facts — words, citation, confidence (low when a newer
    text may have changed it), basis (`met`, `reason`, `detail`, `missing` are filled per
    evaluation)."""

    criterion: Criterion
    run: Predicate | None
    params: Mapping[str, Any]
    readings: str | None
    template: dict[str, Any]
    # The awards the params name, for a predicate that reads earlier awards (`run_compiled`);
    # None for one that reads none. `lookup`: params that name no award list, run by name.
    named: frozenset[str] | None
    lookup: bool
    plain: bool  # a known predicate not in `READS_AWARDS`
    # A predicate whose outcome depends on one small fact alone (`_SHARED`): which one (0 for
    # none), the params it reads, and its finished results by that fact (`_run_steps`).
    shared: int
    shared_key: Any
    results: dict[Any, tuple[KnowledgeBase, CriterionResult]]
    # The last outcome judged and its result, as one pair (replaced at once): an outcome
    # remembered with the facts (`no_pending_proceedings`, `discipline_served`) comes back as
    # the same object for every award of one history, whose common conditions share this step;
    # the pair keeps the outcome alive, so `is` never meets a recycled object.
    last: list[tuple[Any, CriterionResult | None]]


@dataclass(frozen=True, slots=True)
class _BasisPlan:
    id: str
    text: str
    kinds: frozenset[str] | None
    steps: tuple[_Step, ...]


@dataclass(frozen=True, slots=True)
class _Plan:
    """An `AppliedRules` ready to run: compiled once (rules are cached per award, day and
    province), so an evaluation formats no criterion text and looks up no predicate."""

    rules: AppliedRules
    award: Award
    conditions: tuple[_Step, ...]
    bases: tuple[_BasisPlan, ...]
    head_notices: tuple[str, ...]
    # The subject-kind condition: its attributes but `met` and `detail`, and the kinds the
    # award is for.
    kind_template: dict[str, Any]
    kinds: frozenset[str]
    # The verdict's attributes that depend on the rules alone.
    verdict_template: dict[str, Any]
    # Caveats by what they depend on besides the plan (`_caveats`).
    caveats: dict[tuple[Any, ...], tuple[str, ...]]
    # The armed-forces condition's attributes but `met`, `detail`, `missing` (None when the award
    # is for both).
    armed_template: dict[str, Any] | None
    # Notices by the criteria's reasons in order (and the disputed readings named): `_notices`.
    notices: dict[tuple[Any, ...], tuple[str, ...]]


# Plans by rules identity (the entry keeps its rules alive, so an id is never reused for another).
_PLANS: dict[int, _Plan] = {}
_PLANS_LIMIT = 4096


def _plan(kb: KnowledgeBase, rules: AppliedRules) -> _Plan:
    found = _PLANS.get(id(rules))
    if found is not None and found.rules is rules:
        return found
    changed = _possibly_changed(rules)
    rule_set = rules.rule_set
    head = []
    if rule_set.notice:
        head.append(rule_set.notice.strip())
    head += [c.text.strip() for c in rule_set.may_have_changed if c.award == rules.award_id]
    award = kb.awards[rules.award_id]
    names = ", ".join(kb.notices.get(f"kind_{k.value}", k.value) for k in award.kinds)
    plan = _Plan(
        rules=rules,
        award=award,
        kind_template={
            "id": "subject_kind",
            "met": None,
            "text": kb.notices["subject_kind"].format(award_name=award.name, kinds=names),
            "citation": award.citation.text,
            "confidence": award.confidence.value,
            "basis": None,
            "may_have_changed": False,
            "reason": None,
            "detail": None,
            "missing": (),
        },
        kinds=frozenset(k.value for k in award.kinds),
        conditions=tuple(_step(c, None, changed) for c in rules.conditions),
        bases=tuple(
            _BasisPlan(
                basis.id,
                basis.text,
                None if basis.kinds is None else frozenset(k.value for k in basis.kinds),
                tuple(_step(c, basis.id, changed) for c in basis.criteria),
            )
            for basis in rules.bases
        ),
        head_notices=tuple(head),
        verdict_template={
            "award": award.id,
            "rule_set": rule_set.id,
            "province": rules.province.province if rules.province else None,
            "next": None,
            "provisional": is_provisional(rule_set),
            "based_on": rule_set.based_on,
            "unchecked": rule_set.unchecked,
            "rule_set_notice": rule_set.notice.strip() if rule_set.notice else None,
        },
        caveats={},
        armed_template=_armed_template(kb, award),
        notices={},
    )
    if len(_PLANS) >= _PLANS_LIMIT:
        _PLANS.clear()
    _PLANS[id(rules)] = plan
    return plan


def _step(criterion: Criterion, basis: str | None, changed: set[str]) -> _Step:
    """The compiled criterion, shared by every plan that holds it (rules of other days)."""
    may_have_changed = "*" in changed or criterion.id in changed
    key = (id(criterion), basis, may_have_changed)
    found = _STEPS.get(key)
    if found is not None and found.criterion is criterion:
        return found
    if len(_STEPS) >= 8192:
        _STEPS.clear()
    step = _STEPS[key] = _compile(criterion, basis, may_have_changed)
    return step


# Steps by (criterion identity, basis, may have changed); the step keeps its criterion alive.
_STEPS: dict[tuple[int, str | None, bool], _Step] = {}


def _compile(criterion: Criterion, basis: str | None, may_have_changed: bool) -> _Step:
    text = _words(criterion.text, criterion.params)
    confidence = _LOW if may_have_changed else criterion.confidence.value
    named, lookup = None, False
    if criterion.predicate in READS_AWARDS:
        try:
            named = params_awards(criterion.params)
        except TypeError:  # raised only when an award's basis is unknown, as before
            lookup = True
    run = PREDICATES.get(criterion.predicate)
    shared = _SHARED.get(criterion.predicate, (0, None))
    shared_key: Any = None
    if shared[1] is not run:
        shared = (0, None)  # another function under that name: judged as any other
    elif shared[0] == _OTHER_ACHIEVEMENT:
        try:
            shared_key = str(criterion.params["key"])
        except KeyError:
            shared = (0, None)
    return _Step(
        criterion=criterion,
        run=run,
        params=criterion.params,
        named=named,
        lookup=lookup,
        plain=run is not None and criterion.predicate not in READS_AWARDS,
        shared=shared[0],
        shared_key=shared_key,
        results={},
        last=[(None, None)],
        readings=" ".join(criterion.disputed.split()) if criterion.disputed else None,
        template={
            "id": criterion.id,
            "met": None,
            "text": text,
            "citation": criterion.citation.text,
            "confidence": confidence,
            "basis": basis,
            "may_have_changed": may_have_changed,
            "reason": None,
            "detail": None,
            "missing": (),
        },
    )


def _judge(
    kb: KnowledgeBase, rules: AppliedRules, facts: Facts, province: str | None
) -> Verdict:
    plan = _plan(kb, rules)
    award = plan.award
    ctx = _new(Ctx)  # as `Ctx(kb, facts, award, facts.evaluation_year, facts.as_of)`
    _set(ctx, "__dict__", {"kb": kb, "facts": facts, "award": award,
                           "year": facts.evaluation_year, "as_of": facts.as_of,
                           "merit_reading": True})
    kind = facts.subject.kind
    subject_kind = plan.kind_template.copy()
    subject_kind["met"] = kind in plan.kinds
    subject_kind["detail"] = {}
    conditions = [_new(CriterionResult)]
    _set(conditions[0], "__dict__", subject_kind)
    if award.armed_forces is not None:
        conditions.append(_armed_forces(plan, facts))
    if facts.issuer is not None:
        conditions += _issuer(kb, ctx)
    extra = len(conditions) - 1  # criteria besides the subject kind made outside the plan
    condition_met = _met(conditions) if extra else conditions[0].met
    reasons: list[str] = []  # the criteria's reasons, in order
    steps_met = _run_steps(ctx, plan.conditions, conditions, reasons)
    if condition_met is not False and steps_met is not True:
        condition_met = steps_met if steps_met is False else None
    bases: list[BasisResult] = []
    basis_criteria: list[list[CriterionResult]] = []
    for basis in plan.bases:
        if basis.kinds is not None and kind not in basis.kinds:
            continue
        results: list[CriterionResult] = []
        met = _run_steps(ctx, basis.steps, results, reasons)
        basis_result = _new(BasisResult)
        _set(basis_result, "__dict__", {"id": basis.id, "met": met, "text": basis.text})
        basis_criteria.append(results)
        bases.append(basis_result)

    basis_met: bool | None = not bases
    for basis_result in bases:  # each True, False or None (`_met`)
        met = basis_result.met
        if met is True:
            basis_met = True
            break
        if met is None:
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
    for group in basis_criteria:
        conditions += group
    criteria = tuple(conditions)
    notices = _notices(kb, plan, criteria, reasons) if reasons else plan.head_notices
    caveats = _caveats(kb, plan, rules, facts, province, criteria, extra, reasons)
    # Built at once from the plan's template (see `_new`).
    attributes = plan.verdict_template.copy()
    attributes["as_of"] = facts.as_of
    attributes["evaluation_year"] = facts.evaluation_year
    attributes["verdict"] = verdict
    attributes["criteria"] = criteria
    attributes["bases"] = tuple(bases)
    if missing:
        attributes["missing"] = tuple(dict.fromkeys([m.fact for m in missing]))
        attributes["asks"] = tuple(dict.fromkeys([m.ask for m in missing]))
    else:
        attributes["missing"] = attributes["asks"] = ()
    attributes["notices"] = notices
    attributes["warnings"] = facts.warnings
    attributes["caveats"] = caveats
    result = _new(Verdict)
    _set(result, "__dict__", attributes)
    return result


def _caveats(
    kb: KnowledgeBase,
    plan: _Plan,
    rules: AppliedRules,
    facts: Facts,
    province: str | None,
    criteria: tuple[CriterionResult, ...],
    extra: int,
    reasons: list[str],
) -> tuple[str, ...]:
    """The verdict's caveats, remembered with the plan: they depend on the criteria's citations
    (the plan's, but for those made outside it and the bases the subject's kind skips), the
    day, the province and whether a criterion stands for the province's own criteria."""
    key = (
        facts.subject.kind,
        tuple([c.citation for c in criteria[1 : 1 + extra]]) if extra else (),
        facts.as_of,
        province,
        LOCAL_CRITERIA in reasons,
    )
    found = plan.caveats.get(key)
    if found is not None:
        return found
    caveats = caveats_for(kb, rules.rule_set, plan.award.id,
                          tuple([c.citation for c in criteria]), facts.as_of)
    if not rules.overrides:  # else a pack's rules applied: no province caveat
        caveat = province_caveat(kb, rules, province, reasons)
        if caveat is not None:
            caveats = tuple(dict.fromkeys((*caveats, caveat)))
    if len(plan.caveats) >= 256:
        plan.caveats.clear()
    plan.caveats[key] = caveats
    return caveats


def _met(results: list[CriterionResult]) -> bool | None:
    """`_all` of the results' `met`."""
    met: bool | None = True
    for result in results:
        value = result.met
        if value is False:
            return False
        if value is not True:
            met = None
    return met


def _all(values: list[bool | None]) -> bool | None:
    """False when one is False, True when all are True, else None (unknown)."""
    result: bool | None = True
    for value in values:
        if value is False:
            return False
        if value is not True:
            result = None
    return result


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
    open_groups = [g for b, g in zip(bases, basis_criteria, strict=True) if b.met is None]
    first_seen: dict[str, Missing] = {}  # by ask, in the order first seen
    if len(open_groups) == 1:  # each count is 1: the first-seen order (as below)
        for r in open_groups[0]:
            if r.met is None:
                for m in r.missing:
                    if m.ask not in first_seen:
                        first_seen[m.ask] = m
        return ordered + list(first_seen.values())
    counts: dict[str, int] = {}
    for group in open_groups:
        # Each missing fact once (by its fact and ask, as `Missing` compares), the first kept.
        found: dict[tuple[str, str], Missing] = {}
        for r in group:
            if r.met is None:
                for m in r.missing:
                    found.setdefault((m.fact, m.ask), m)
        for m in found.values():
            ask = m.ask
            if ask in counts:
                counts[ask] += 1
            else:
                counts[ask] = 1
                first_seen[ask] = m
    if len(first_seen) < 2:
        return ordered + list(first_seen.values())
    # Shared by most open bases first; a stable sort keeps the first-seen order among equals
    # (`reverse` keeps it too).
    ranked = sorted(first_seen, key=counts.__getitem__, reverse=True)
    return ordered + [first_seen[ask] for ask in ranked]


def _run_steps(
    ctx: Ctx, steps: tuple[_Step, ...], results: list[CriterionResult], reasons: list[str]
) -> bool | None:
    """Judge each step, appending its result to `results` and its reason, if any, to `reasons`;
    returns `_met` of those results.
    One call per group of criteria (the hottest lines of the engine, inlined: the predicate call
    as `run_compiled`, the result as `_met` reads it)."""
    met_all: bool | None = True
    uncertain: dict[str, Any] | None = None  # `_uncertain(ctx)`, read once if needed
    append = results.append
    facts = ctx.facts
    kb = ctx.kb
    fact: Any
    for step in steps:
        shared = step.shared
        if shared:
            # The one fact the outcome depends on; exactly None, True, False or a str, else
            # judged as any other step (1 == True must not find True's result).
            if shared == _OTHER_ACHIEVEMENT:
                fact = facts.other_achievements.get(step.shared_key)
                known = fact is None or fact is True or fact is False
            elif shared == _SUBJECT_CATEGORY:
                fact = facts.subject.category
                known = fact is None or type(fact) is str
            else:  # _MANUAL_REVIEW: depends on nothing
                fact, known = None, True
            if known:
                found = step.results.get(fact)
                if found is not None and found[0] is kb:
                    result = found[1]
                    append(result)
                    met = result.met
                    if result.reason:
                        reasons.append(result.reason)
                    if met is not True and met_all is not False:
                        met_all = False if met is False else None
                    continue
        params = step.params
        try:
            if step.plain:  # reads no earlier award: the predicate alone (as `run_compiled`)
                outcome = step.run(ctx, params)  # type: ignore[misc]
            elif step.run is None or step.lookup:
                outcome = run_predicate(ctx, step.criterion.predicate, params)
            else:
                if uncertain is None:
                    uncertain = _uncertain(ctx)
                if uncertain:  # an earlier award of unknown basis: maybe both readings
                    outcome = run_compiled(ctx, step.run, params, step.named)
                else:
                    outcome = step.run(ctx, params)
        except KeyError as error:
            criterion = step.criterion
            raise EligibilityError(
                "unknown_predicate",
                predicate=criterion.predicate,
                criterion=criterion.id,
                detail=str(error),
            ) from None
        last = step.last[0]
        if last[0] is outcome:  # the same (frozen) outcome: the same result
            result = last[1]  # type: ignore[assignment]
            append(result)
            met = result.met
            if result.reason:
                reasons.append(result.reason)
            if met is not True and met_all is not False:
                met_all = False if met is False else None
            continue
        attributes = outcome.__dict__
        met, reason, detail = attributes["met"], attributes["reason"], attributes["detail"]
        if met is False and step.readings is not None:
            # A disputed reading never decides "no" (contracts §2): the readings are named instead.
            met, reason = None, DISPUTED
            detail = {**detail, "readings": step.readings}
        if reason:
            reasons.append(reason)
        if met is not True and met_all is not False:
            met_all = False if met is False else None
        # Built at once from the step's template (see `_new`).
        fields = step.template.copy()
        fields["met"] = met
        fields["reason"] = reason
        fields["detail"] = detail
        fields["missing"] = attributes["missing"]
        result = _new(CriterionResult)
        _set(result, "__dict__", fields)
        append(result)
        step.last[0] = (outcome, result)
        if shared and known:
            if len(step.results) >= 64:
                step.results.clear()
            step.results[fact] = (kb, result)
    return met_all


# Predicates whose outcome depends on one small fact alone (and the step's params and the
# knowledge): their finished result is shared by every verdict where that fact is the same
# (`CriterionResult` is frozen; nothing changes a result's `detail`). Each with the function
# it must be, so that a predicate registered anew under the name is judged as any other.
_OTHER_ACHIEVEMENT, _SUBJECT_CATEGORY, _MANUAL_REVIEW = 1, 2, 3
_SHARED: dict[str, tuple[int, Any]] = {
    "other_achievement": (_OTHER_ACHIEVEMENT, PREDICATES["other_achievement"]),
    "subject_category": (_SUBJECT_CATEGORY, PREDICATES["subject_category"]),
    "manual_review": (_MANUAL_REVIEW, PREDICATES["manual_review"]),
}


_LOW = Confidence.LOW.value


def _words(text: str, params: Mapping[str, Any]) -> str:
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def _armed_forces(plan: _Plan, facts: Facts) -> CriterionResult:
    """Armed forces or civilian, as the award requires (its words compiled with the plan)."""
    wanted = plan.award.armed_forces
    stated = facts.subject.armed_forces
    # Unstated means a civilian for a civil award; for an armed-forces award it stays unknown.
    met = None if stated is None and wanted else bool(stated) == wanted
    attributes = plan.armed_template.copy()  # type: ignore[union-attr]
    attributes["met"] = met
    attributes["detail"] = {}
    if met is None:
        attributes["missing"] = _ARMED_MISSING
    result = _new(CriterionResult)
    _set(result, "__dict__", attributes)
    return result


_ARMED_MISSING = (Missing("subject.armed_forces", "subject.armed_forces"),)


def _armed_template(kb: KnowledgeBase, award: Award) -> dict[str, Any] | None:
    if award.armed_forces is None:
        return None
    group = kb.notices["group_armed" if award.armed_forces else "group_civil"]
    return {
        "id": "armed_forces",
        "met": None,
        "text": kb.notices["armed_forces"].format(award_name=award.name, group=group),
        "citation": award.citation.text,
        "confidence": award.confidence.value,
        "basis": None,
        "may_have_changed": False,
        "reason": None,
        "detail": None,
        "missing": (),
    }


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
    kb: KnowledgeBase, plan: _Plan, criteria: Sequence[CriterionResult], reasons: list[str]
) -> tuple[str, ...]:
    """The rules' notices, then one per reason the criteria give (`reasons`, in order).
    Remembered with the plan by what they depend on besides it: the reasons in order and, when
    a reading is disputed, the readings named (in order)."""
    if DISPUTED in reasons:
        readings = tuple([str(c.detail["readings"]) for c in criteria if c.reason == DISPUTED])
        key: tuple[Any, ...] = (*reasons, readings)
    else:
        readings = ()
        key = tuple(reasons)
    found = plan.notices.get(key)
    if found is not None:
        return found
    notices = list(plan.head_notices)
    for reason in dict.fromkeys(reasons):
        if reason == DISPUTED:
            notices.extend(
                kb.notices[DISPUTED].format(readings=r) for r in dict.fromkeys(readings)
            )
        elif reason in kb.notices:
            notices.append(kb.notices[reason])
    if len(plan.notices) >= 256:
        plan.notices.clear()
    found = plan.notices[key] = tuple(notices)
    return found
