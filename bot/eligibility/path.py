"""The path to the next award (lộ trình): the earliest year each higher award becomes possible
and what is still needed, e.g. "còn thiếu danh hiệu CSTĐ cơ sở năm 2026 và 01 sáng kiến cấp
bộ, ngành, tỉnh năm 2026".

How: for a candidate year, the engine is run on the real history plus *assumptions* about the
years not yet known (a rating, a title, an initiative, an award of the rung below…). The first
year for which the award is eligible with all assumptions is the earliest year; assumptions are
then dropped one by one while it stays eligible, and what remains is the list of needs. The
engine itself decides, so the path can never disagree with the criteria.

`evaluate` (public as `bot.eligibility.evaluate`) is the engine's verdict with its `next` step from
here; it lives above the engine so that the engine never imports the path.
"""

from __future__ import annotations

import datetime as dt
import marshal
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from bot.eligibility.engine import (
    ELIGIBLE,
    NOT_ELIGIBLE,
    Need,
    PathStep,
    Verdict,
    judged,
    parsed_facts,
    verdict_of,
)
from bot.eligibility.facts import Facts, FactsError, YearFacts, parse_facts
from bot.eligibility.questions import question_for_fact
from bot.eligibility.rules import EligibilityError
from knowledge.loader import KnowledgeBase
from knowledge.schema import Ladder

HORIZON_YEARS = 8
# How many missing facts (or failing criteria) a path that cannot be found names.
MAX_BLOCKING = 3
# The consideration date used for a future evaluation year: early in the following year.
CONSIDERATION_MONTH_DAY = (1, 15)


@dataclass
class _Assumption:
    key: str
    params: dict[str, Any]
    apply: Callable[[dict[str, Any]], None]
    order: int = 0


@dataclass
class _Plan:
    kb: KnowledgeBase
    facts: Facts
    province: str | None
    extra: list[_Assumption] = field(default_factory=list)
    first_year: int | None = None
    # Per path search (one `next_path_step` / `next_awards` call): the hypothetical facts of a
    # year before any assumption (`_base`), and whether (award, year, what the assumptions
    # change) was eligible — the same hypothetical history is judged once.
    bases: dict[int, dict[str, Any]] = field(default_factory=dict)
    judged: dict[tuple[Any, ...], bool] = field(default_factory=dict)
    # The base of a year parsed once (None: judge the hypothetical facts as a dict, see
    # `_parsed_hypothetical`).
    parsed: dict[int, Facts | None] = field(default_factory=dict)
    # A year entry parsed once: (base year, entry key, the entry marshalled) → its parsed facts.
    entries: dict[tuple[int, str, bytes], YearFacts] = field(default_factory=dict)


def next_awards(
    kb: KnowledgeBase,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
    until_year: int | None = None,
) -> list[PathStep]:
    """For each ladder that fits the subject, every rung above the highest one held, with its
    earliest year and needs. Rungs are planned bottom-up, so a higher rung may rely on the
    rung below being reached first (it then appears among its needs).

    `until_year` asks only what is within reach by then (exemplary candidates): years after it
    are not searched, and a rung out of reach is returned with no year and no needs (no search
    for what blocks it), which keeps the search to a few engine runs per rung."""
    parsed = parse_facts(kb, facts, as_of)
    steps: list[PathStep] = []
    for ladder in (x for x in _ladders_for(kb, parsed) if x.in_roadmap):
        plan = _Plan(kb, parsed, parsed.subject.province or province)
        start = _highest_held(parsed, ladder) + 1
        steps.extend(_climb(plan, ladder, start, len(ladder.awards) - 1, until_year))
    return steps


def next_path_step(
    kb: KnowledgeBase, verdict: Verdict, facts: Facts, province: str | None
) -> PathStep | None:
    """The `next` of a verdict. Eligible: the rung above. Not eligible: this award in a later
    year, with what it needs (or, when no year within the horizon works, which fact is missing
    to find one). Needs more info: None — the missing answers come first, and a path to the
    award just evaluated, for the same year, would only repeat them. Never a year before the
    evaluation year or before last year."""
    if verdict.verdict not in (ELIGIBLE, NOT_ELIGIBLE):
        return None
    floor = max(facts.evaluation_year, facts.as_of.year - 1)
    for ladder in _ladders_for(kb, facts):
        if verdict.award not in ladder.awards:
            continue
        index = ladder.awards.index(verdict.award)
        plan = _Plan(kb, facts, province, first_year=floor)
        if verdict.verdict == ELIGIBLE:
            if index + 1 >= len(ladder.awards):
                return None
            plan.extra.append(_award_assumption(kb, verdict.award, facts.evaluation_year, -1))
            return _climb(plan, ladder, index + 1, index + 1)[-1]
        plan.first_year = max(floor, facts.evaluation_year + 1)
        start = min(_highest_held(facts, ladder) + 1, index)
        own = _climb(plan, ladder, start, index)[-1]
        # Beyond the horizon, only a missing fact is worth showing (which one to find a path).
        found = own.earliest_year is not None or any(n.key == "no_path_missing" for n in own.needs)
        return own if found else None
    return None


def evaluate(
    kb: KnowledgeBase,
    award_id: str,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
    with_next: bool = True,
) -> Verdict:
    """Judge one nominee for one award (`engine.judged`) and, unless `with_next` is False, add the
    verdict's `next` step. Raises `FactsError` for impossible facts and `EligibilityError` for an
    unknown award."""
    verdict, parsed, province_key = judged(kb, award_id, facts, as_of, province=province)
    if not with_next:
        return verdict
    return replace(verdict, next=next_path_step(kb, verdict, parsed, province_key))


def with_next_step(
    kb: KnowledgeBase,
    verdict: Verdict,
    facts: Facts | Mapping[str, Any],
    as_of: dt.date | None = None,
    *,
    province: str | None = None,
) -> Verdict:
    """`verdict` (judged on these facts, e.g. by the interview's question check) with its `next`
    step: what `evaluate` gives for the same arguments, without judging the award again."""
    parsed = parsed_facts(kb, facts, as_of)
    province_key = parsed.subject.province or province
    return replace(verdict, next=next_path_step(kb, verdict, parsed, province_key))


def _climb(plan: _Plan, ladder: Ladder, start: int, target: int,
           until_year: int | None = None) -> list[PathStep]:
    """Plan rungs `start..target` bottom-up; each reachable rung becomes an assumption above."""
    steps = []
    for index in range(start, target + 1):
        award_id = ladder.awards[index]
        step = _plan_award(plan, award_id, ladder, until_year)
        steps.append(step)
        if step.earliest_year is not None:
            plan.extra.append(
                _award_assumption(plan.kb, award_id, step.earliest_year, -100 + index)
            )
    return steps


def _ladders_for(kb: KnowledgeBase, facts: Facts) -> list[Ladder]:
    return [
        ladder
        for ladder in kb.ladders
        if ladder.kind.value == facts.subject.kind
        and (ladder.armed_forces is None or ladder.armed_forces == bool(facts.subject.armed_forces))
    ]


def _highest_held(facts: Facts, ladder: Ladder) -> int:
    held = -1
    for index, award_id in enumerate(ladder.awards):
        in_titles = any(
            t.award == award_id for yf in facts.years.values() for t in (yf.titles or ())
        )
        in_awards = any(a.award == award_id and a.revoked is not True for a in facts.awards or ())
        if in_titles or in_awards or facts.award_history.get(award_id):
            held = index
    return held


def _plan_award(plan: _Plan, award_id: str, ladder: Ladder,
                until_year: int | None = None) -> PathStep:
    kb, facts = plan.kb, plan.facts
    base = max(facts.evaluation_year, plan.first_year or facts.evaluation_year)
    last_year = base + HORIZON_YEARS if until_year is None else min(base + HORIZON_YEARS,
                                                                    until_year)
    for year in range(base, last_year + 1):
        assumptions = [*plan.extra, *_assumptions(plan, award_id, year, ladder)]
        if not _eligible(plan, award_id, year, assumptions):
            continue
        kept = _minimise(plan, award_id, year, assumptions)
        needs = tuple(_need(kb, a) for a in sorted(kept, key=lambda a: a.order))
        return PathStep(award_id, year, needs, ladder.id)
    if until_year is not None:
        return PathStep(award_id, None, (), ladder.id)  # out of reach by then: no more asked
    horizon = Need(
        "no_path", {"horizon": HORIZON_YEARS}, kb.needs["no_path"].format(horizon=HORIZON_YEARS)
    )
    last = base + HORIZON_YEARS
    blocking = _blocking(
        plan, award_id, last, [*plan.extra, *_assumptions(plan, award_id, last, ladder)]
    )
    return PathStep(award_id, None, (horizon, *blocking), ladder.id)


def _blocking(
    plan: _Plan, award_id: str, year: int, assumptions: list[_Assumption]
) -> tuple[Need, ...]:
    """Why no path was found: the facts still missing even when everything that could happen
    is assumed, each as the question that would fill it."""
    kb = plan.kb
    raw = _hypothetical(plan, year, assumptions)
    try:
        verdict = verdict_of(kb, award_id, raw, province=plan.province)
    except (FactsError, EligibilityError):
        return ()
    needs: list[Need] = []
    for ask in verdict.asks[:MAX_BLOCKING]:
        spec = question_for_fact(kb, ask, plan.facts.subject.kind)
        if spec is not None:
            words = {"question": spec.text}
            needs.append(
                Need("no_path_missing", words, kb.needs["no_path_missing"].format(**words))
            )
    return tuple(needs)


def _eligible(plan: _Plan, award_id: str, year: int, assumptions: list[_Assumption]) -> bool:
    key = (award_id, year, _effect(assumptions))
    known = plan.judged.get(key)
    if known is not None:
        return known
    try:
        hypothetical = _parsed_hypothetical(plan, year, _hypothetical(plan, year, assumptions))
        verdict = verdict_of(plan.kb, award_id, hypothetical, province=plan.province)
    except (FactsError, EligibilityError):
        eligible = False
    else:
        eligible = verdict.verdict == ELIGIBLE
    plan.judged[key] = eligible
    return eligible


def _parsed_hypothetical(plan: _Plan, year: int, raw: dict[str, Any]) -> Facts | dict[str, Any]:
    """`raw` (built by `_hypothetical`) parsed by parsing only the year entries the assumptions
    replaced: the other years' parsed facts are the year's base's, parsed once. The facts are
    `parse_facts(raw)`'s but for their `warnings` (only those of the years parsed here), which
    no verdict word reads. Raises `FactsError` as `parse_facts(raw)` would.

    `raw` itself is returned (the engine parses it whole) when the base cannot be parsed (then
    `raw` cannot either, or fails the same way), when it names a receipt date (the engine reads
    `received_on` from a dict only), or when a year key is not a plain year number (two keys
    could then name one year)."""
    if year not in plan.parsed:
        plan.parsed[year] = _parsed_base(plan, year)
    base = plan.parsed[year]
    if base is None:
        return raw
    shared = plan.bases[year]
    # Only what the assumptions change is parsed: the years, the award history and the
    # pending proceedings they replaced (as of and evaluation year: the parser's context).
    small: dict[str, Any] = {"as_of": raw["as_of"], "evaluation_year": raw["evaluation_year"]}
    for key in ("award_history", "pending"):
        if raw.get(key) is not shared.get(key):
            small[key] = raw[key]
    known: dict[str, YearFacts] = {}
    marshalled: dict[str, bytes] = {}
    fresh: dict[str, Any] = {}
    for key, entry in raw["years"].items():
        if shared["years"].get(key) is entry:
            continue
        try:
            marshalled[key] = code = marshal.dumps(entry)
        except ValueError:  # a value marshal cannot write (a date): parsed every time
            fresh[key] = entry
            continue
        found = plan.entries.get((year, key, code))
        if found is None:
            fresh[key] = entry
        else:
            known[key] = found
    small["years"] = fresh
    # Nothing new to parse (every replaced entry parsed before): the base's facts serve.
    facts = parse_facts(plan.kb, small) if fresh or len(small) > 3 else base
    years = dict(base.years)
    for key in raw["years"]:
        if key in known:
            years[int(key)] = known[key]
        elif key in fresh:
            years[int(key)] = parsed = facts.years[int(key)]
            if key in marshalled:
                plan.entries[(year, key, marshalled[key])] = parsed
    history = facts if "award_history" in small else base
    return replace(
        base,
        years=years,
        raw=raw,
        award_history=history.award_history,
        history_records=history.history_records,
        history_open=history.history_open,
        pending=facts.pending if "pending" in small else base.pending,
    )


def _parsed_base(plan: _Plan, year: int) -> Facts | None:
    base = plan.bases[year]
    if base.get("received_on"):
        return None
    for key in base["years"]:
        if not (key.isdigit() and str(int(key)) == key):
            return None
    try:
        return parse_facts(plan.kb, base)
    except FactsError:
        return None


def _effect(assumptions: list[_Assumption]) -> tuple[Any, ...]:
    """What applying `assumptions` in order does to the hypothetical facts: equal effects give
    equal facts. A setter is fully determined by its key and params (see the setters below).
    Ratings overwrite one another (the last one of a year stays, wherever it comes in the list:
    nothing else writes a rating); every other setter appends or sets, so their order stays."""
    ratings: dict[Any, Any] = {}
    others: list[tuple[Any, ...]] = []
    for assumption in assumptions:
        params = assumption.params
        if assumption.key == "rating":
            ratings[params["year"]] = params["rating"]
        else:
            others.append((assumption.key, *sorted(params.items())))
    return tuple(sorted(ratings.items())), tuple(others)


def _minimise(
    plan: _Plan, award_id: str, year: int, assumptions: list[_Assumption]
) -> list[_Assumption]:
    kept = list(assumptions)
    # Try to drop the least likely first: wider-scope initiatives, awards, titles, then ratings.
    scopes = plan.kb.vocabulary.initiative_scopes
    for candidate in sorted(
        assumptions,
        key=lambda a: (-_cost(a), -scopes.index(a.params.get("scope", scopes[0])), a.order),
    ):
        trial = [a for a in kept if a is not candidate]
        if _eligible(plan, award_id, year, trial):
            kept = trial
    return kept


def _cost(assumption: _Assumption) -> int:
    if assumption.key == "rating":
        return 2 if assumption.params["rating"] == "hoan_thanh_xuat_sac" else 1
    return {"initiative": 5, "award": 4, "title": 3, "fact": 3}.get(assumption.key, 0)


def _hypothetical(plan: _Plan, year: int, assumptions: list[_Assumption]) -> dict[str, Any]:
    """The facts judged for `year` under `assumptions`: the year's base (`_base`, shared) with a
    new top-level dict and a new `years` dict; the setters copy a year's entry before they
    change it (copy on write), so neither the base nor `plan.facts.raw` is ever changed."""
    base = plan.bases.get(year)
    if base is None:
        base = plan.bases[year] = _base(plan, year)
    raw = dict(base)
    raw["years"] = dict(base["years"])
    for assumption in assumptions:
        assumption.apply(raw)
    return raw


def _base(plan: _Plan, year: int) -> dict[str, Any]:
    """The hypothetical facts of `year` before any assumption: the real facts with the silent
    defaults. Only the top level, the `years` dict, each year's entry and the containers the
    defaults fill are new; every other value is the caller's, shared and never changed."""
    facts = plan.facts
    raw: dict[str, Any] = dict(facts.raw)
    month, day = CONSIDERATION_MONTH_DAY
    raw["as_of"] = max(facts.as_of, dt.date(year + 1, month, day)).isoformat()
    raw["evaluation_year"] = year
    years = raw.setdefault("years", {})
    raw["years"] = years = {
        str(k): dict(v) if isinstance(v, dict) else {} for k, v in years.items()
    }
    for y in range(min(year - HORIZON_YEARS, facts.evaluation_year - HORIZON_YEARS), year + 1):
        entry = years.setdefault(str(y), {})
        # Silent defaults: routine facts of unknown or future years are assumed in order.
        entry.setdefault("months_worked", 12)
        entry.setdefault("active_in_emulation", True)
        if entry.get("discipline") is None:
            entry["discipline"] = "none"
        if facts.subject.kind == "collective":
            _collective_defaults(entry)
    if raw.get("pending") is None:
        raw["pending"] = []
    others = dict(raw.get("other_achievements") or {})
    for key in plan.kb.vocabulary.other_achievements:
        if others.get(key) is None:
            others[key] = False
    raw["other_achievements"] = others
    return raw


def _collective_defaults(entry: dict[str, Any]) -> None:
    members = dict(entry.get("members") or {})
    members.setdefault("total", 10)
    members.setdefault("lao_dong_tien_tien", members["total"])
    members.setdefault("chien_si_thi_dua_co_so", 1)
    members.setdefault("ratings", {"khong_hoan_thanh": 0})
    members.setdefault("disciplined", [])
    entry["members"] = members
    flags = dict(entry.get("collective") or {})
    for key in ("internal_solidarity", "exceeded_targets", "party_and_mass_orgs_clean_strong"):
        flags.setdefault(key, True)
    entry["collective"] = flags


def _assumptions(plan: _Plan, award_id: str, year: int, ladder: Ladder) -> list[_Assumption]:
    """Everything that could still happen (or is unknown) up to `year`, each as one assumption."""
    kb, facts = plan.kb, plan.facts
    result: list[_Assumption] = []
    order = 1000
    best = kb.vocabulary.ratings[0]
    first = facts.evaluation_year - 6
    below = ladder.awards[: ladder.awards.index(award_id)]
    titles = [a for a in below if kb.awards[a].category.value == "title"]
    titles += [t for t in _titles_in_criteria(kb, award_id) if t not in titles]
    for y in range(first, year + 1):
        future = y > facts.evaluation_year
        year_facts = facts.year(y)
        if future or year_facts.rating is None:
            # "Good" first, "excellent" second: the minimiser keeps the weaker one when it suffices.
            for rating in (kb.vocabulary.ratings[1], best):
                result.append(
                    _Assumption(
                        "rating", {"year": y, "rating": rating}, _setter(y, "rating", rating), order
                    )
                )
                order += 1
        if future or year_facts.titles is None:
            for title in titles:
                result.append(
                    _Assumption(
                        "title", {"year": y, "award": title}, _title_setter(y, title), order
                    )
                )
                order += 1
        if facts.subject.kind == "individual" and (
            future or (facts.initiatives is None and year_facts.initiatives is None)
        ):
            for scope in kb.vocabulary.initiative_scopes:
                result.append(
                    _Assumption(
                        "initiative",
                        {"year": y, "scope": scope},
                        _initiative_setter(y, scope),
                        order,
                    )
                )
                order += 1
        if facts.subject.kind == "collective":
            for flag in ("leads_cluster", "leads_central_cluster"):
                if future or year_facts.collective.get(flag) is None:
                    result.append(
                        _Assumption("fact", {"year": y, "key": flag}, _flag_setter(y, flag), order)
                    )
                    order += 1
    if facts.pending and any(p.concluded is not True for p in facts.pending):
        result.append(_Assumption("pending_cleared", {}, _clear_pending, 0))
    return result


def _titles_in_criteria(kb: KnowledgeBase, award_id: str) -> list[str]:
    """Titles that the award's criteria count (e.g. CSTĐ cơ sở for a Bằng khen)."""
    found: list[str] = []
    for version in kb.criteria.get(award_id, ()):
        for criterion in version.all_criteria():
            title = criterion.params.get("award")
            if (
                isinstance(title, str)
                and title in kb.awards
                and title not in found
                and kb.awards[title].category.value == "title"
            ):
                found.append(title)
    return found


def _entry(raw: dict[str, Any], year: int) -> dict[str, Any]:
    """`raw`'s entry for `year`, copied first (copy on write: the entry may be shared with the
    base and the real facts); a missing year is added last, as `setdefault` would."""
    years = raw["years"]
    key = str(year)
    entry = dict(years[key]) if key in years else {}
    years[key] = entry
    return entry


def _setter(year: int, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(raw: dict[str, Any]) -> None:
        _entry(raw, year)[key] = value

    return apply


def _title_setter(year: int, award_id: str) -> Callable[[dict[str, Any]], None]:
    def apply(raw: dict[str, Any]) -> None:
        entry = _entry(raw, year)
        titles = list(entry.get("titles") or [])
        titles.append({"award": award_id})
        entry["titles"] = titles

    return apply


def _initiative_setter(year: int, scope: str) -> Callable[[dict[str, Any]], None]:
    def apply(raw: dict[str, Any]) -> None:
        entry = _entry(raw, year)
        items = list(entry.get("initiatives") or [])
        items.append({"kind": "sang_kien", "scope": scope, "recognized": True, "applied": True})
        entry["initiatives"] = items

    return apply


def _flag_setter(year: int, flag: str) -> Callable[[dict[str, Any]], None]:
    def apply(raw: dict[str, Any]) -> None:
        entry = _entry(raw, year)
        flags = dict(entry.get("collective") or {})
        flags[flag] = True
        entry["collective"] = flags

    return apply


def _clear_pending(raw: dict[str, Any]) -> None:
    raw["pending"] = []


def _award_assumption(kb: KnowledgeBase, award_id: str, year: int, order: int) -> _Assumption:
    if kb.awards[award_id].category.value == "title":
        return _Assumption(
            "title", {"year": year, "award": award_id}, _title_setter(year, award_id), order
        )

    def apply(raw: dict[str, Any]) -> None:
        history = dict(raw.get("award_history") or {})
        # A planned award is a công trạng one: only those ground the next step (Decree 152
        # Art. 4.3).
        history[award_id] = [*history.get(award_id, []), {"year": year, "basis": "cong_trang"}]
        raw["award_history"] = history

    return _Assumption("award", {"year": year, "award": award_id}, apply, order)


def _need(kb: KnowledgeBase, assumption: _Assumption) -> Need:
    params = dict(assumption.params)
    words = dict(params)
    if "award" in params:
        words["award_name"] = kb.awards[params["award"]].name
    if "rating" in params:
        words["rating_label"] = kb.labels.get(params["rating"], params["rating"])
    if "scope" in params:
        words["scope_label"] = kb.labels.get(params["scope"], params["scope"])
    if "key" in params:
        words["label"] = kb.labels.get(params["key"], params["key"])
    return Need(assumption.key, params, kb.needs[assumption.key].format(**words))
