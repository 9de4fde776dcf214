"""The named predicates that criteria in `knowledge/criteria/*.yaml` refer to.

Each predicate takes the evaluation context and the criterion's params (numbers come from data)
and returns an `Outcome`: met True / False / None (unknown), the facts still missing, and a small
JSON-able `detail` for the "Vì sao?" trace. Docstrings quote the rule and name the citation the
YAML attaches to it. Unknown is never "no": a predicate answers False only on known facts.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from bot.eligibility.facts import NONE, AwardFact, Discipline, Facts, Initiative
from bot.eligibility.history import (
    Missing,
    award_facts,
    discipline_restart_year,
    form_at_least,
    history_ask,
    history_known,
    holds_title,
    initiatives_of,
    latest_award_end,
    merit_awards,
    rating_ok,
    route_stated,
    scope_at_least,
    title_route,
    title_to_ask,
    uncertain_awards,
)
from knowledge.loader import KnowledgeBase
from knowledge.schema import Award, Category


@dataclass(frozen=True, init=False)
class Outcome:
    met: bool | None
    missing: tuple[Missing, ...] = ()
    detail: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None

    def __init__(
        self,
        met: bool | None,
        missing: tuple[Missing, ...] = (),
        detail: Mapping[str, Any] | None = None,
        reason: str | None = None,
    ) -> None:
        # Filled at once rather than by one frozen `__setattr__` per field: every criterion of
        # every evaluation makes one. Still frozen.
        attributes = self.__dict__
        attributes["met"] = met
        attributes["missing"] = missing
        attributes["detail"] = {} if detail is None else detail
        attributes["reason"] = reason


@dataclass(frozen=True, init=False)
class Ctx:
    """What every predicate may look at: the law, the facts, the award, the evaluation year."""

    kb: KnowledgeBase
    facts: Facts
    award: Award
    year: int
    as_of: dt.date
    # How an earlier award of unknown basis reads: as công trạng (True) or as chuyên đề / đột
    # xuất (False). `run_predicate` runs a criterion that reads awards both ways.
    merit_reading: bool = True

    def __init__(
        self, kb: KnowledgeBase, facts: Facts, award: Award, year: int, as_of: dt.date,
        merit_reading: bool = True,
    ) -> None:
        attributes = self.__dict__
        attributes["kb"] = kb
        attributes["facts"] = facts
        attributes["award"] = award
        attributes["year"] = year
        attributes["as_of"] = as_of
        attributes["merit_reading"] = merit_reading


Predicate = Callable[[Ctx, Mapping[str, Any]], Outcome]
# The reason of a criterion met only because the province's own criteria are not loaded.
LOCAL_CRITERIA = "local_criteria"
PREDICATES: dict[str, Predicate] = {}


def predicate(func: Predicate) -> Predicate:
    PREDICATES[func.__name__] = func
    return func


def _miss(fact: str, ask: str | None = None) -> Missing:
    return Missing(fact, ask or fact)


def _year_miss(year: int, field: str, ask: str | None = None) -> Missing:
    """`_miss(f"years.{year}.{field}", f"years.{year}.{field}.{ask}")` (the fact itself when
    `ask` is None), one shared instance per distinct fact (`Missing` is frozen): the counting
    predicates ask the same years of every history."""
    key = (year, field, ask)
    found = _YEAR_MISSES.get(key)
    if found is None:
        fact = f"years.{year}.{field}"
        found = Missing(fact, f"{fact}.{ask}" if ask else fact)
        if len(_YEAR_MISSES) >= 4096:
            _YEAR_MISSES.clear()
        _YEAR_MISSES[key] = found
    return found


_YEAR_MISSES: dict[tuple[int, str, str | None], Missing] = {}


def _start_year(
    ctx: Ctx, reset_by: Sequence[str], after: Sequence[str] = ()
) -> tuple[int, list[Missing]]:
    """First year that counts: after the latest discipline term, after the latest award that
    restarts the count (Decree 98 Art. 30.9: count from the previous award), after `after`.
    Remembered with the facts: every criterion and award that reads the history bounds it the
    same way (the entry keeps its knowledge base)."""
    key = ("start_year", ctx.year, tuple(reset_by), tuple(after), ctx.merit_reading)
    found = ctx.facts.memo.get(key)
    if found is not None and found[0] is ctx.kb:
        return found[1], list(found[2])
    start, unknown = _count_start(ctx, reset_by, after)
    ctx.facts.memo[key] = (ctx.kb, start, tuple(unknown))
    return start, unknown


def _count_start(
    ctx: Ctx, reset_by: Sequence[str], after: Sequence[str]
) -> tuple[int, list[Missing]]:
    start = discipline_restart_year(ctx.kb, ctx.facts) or 0
    unknown: list[Missing] = []
    for ids in (reset_by, after):
        if not ids:
            continue
        end, known = latest_award_end(
            ctx.kb, ctx.facts, ids, before=ctx.year + 1, uncertain_merit=ctx.merit_reading
        )
        if end is not None:
            start = max(start, end + 1)
        if not known:
            unknown.append(history_ask(ctx.facts, ids))
    return start, unknown


def _downgrade(outcome: Outcome, unknown: list[Missing]) -> Outcome:
    """A True that rests on an unknown award history becomes unknown."""
    if outcome.met is True and unknown:
        return Outcome(None, tuple(unknown) + outcome.missing, outcome.detail, outcome.reason)
    return outcome


# Predicates that read earlier awards, and the params naming them (the award judged is read by
# `not_already_rewarded`).
READS_AWARDS = {
    "prior_award", "not_already_rewarded", "consecutive_titles", "rating_run",
    "titles_in_window", "ratings_in_window", "initiatives",
}
_AWARD_PARAMS = ("awards", "reset_by", "after", "award", "also")


def _uncertain(ctx: Ctx) -> dict[str, AwardFact]:
    """Awards of unknown basis, remembered with the facts (the entry keeps its knowledge base)."""
    found = ctx.facts.memo.get("uncertain_awards")
    if found is not None and found[0] is ctx.kb:
        return found[1]
    result = uncertain_awards(ctx.kb, ctx.facts)
    ctx.facts.memo["uncertain_awards"] = (ctx.kb, result)
    return result


def run_predicate(ctx: Ctx, name: str, params: Mapping[str, Any]) -> Outcome:
    """Run predicate `name`. An earlier award it reads whose basis is unknown is read both as
    công trạng and as chuyên đề / đột xuất (Decree 152 Art. 4.3: only công trạng awards ground
    the next merit award or restart its count); when the readings differ the criterion is
    unknown and asks that basis first, never "no" (contracts §2)."""
    func = PREDICATES[name]
    outcome = func(ctx, params)
    uncertain = _uncertain(ctx) if name in READS_AWARDS else {}
    if not uncertain:
        return outcome
    named = {ctx.award.id}
    for key in _AWARD_PARAMS:
        value = params.get(key)
        named.update([value] if isinstance(value, str) else value or ())
    relevant = [record for award_id, record in uncertain.items() if award_id in named]
    if not relevant:
        return outcome
    return _both_readings(ctx, func, params, outcome, relevant)


def params_awards(params: Mapping[str, Any]) -> frozenset[str]:
    """The award ids a criterion's params name (`_AWARD_PARAMS`; `run_compiled` adds the award
    judged). Raises TypeError for a param that is neither a name nor a list of names."""
    named: set[str] = set()
    for key in _AWARD_PARAMS:
        value = params.get(key)
        named.update([value] if isinstance(value, str) else value or ())
    return frozenset(named)


def run_compiled(
    ctx: Ctx, func: Predicate, params: Mapping[str, Any], named: frozenset[str] | None
) -> Outcome:
    """`run_predicate` with the predicate looked up and the awards its params name found
    beforehand (`params_awards`; None for a predicate not in `READS_AWARDS`)."""
    outcome = func(ctx, params)
    if named is None:
        return outcome
    uncertain = _uncertain(ctx)
    if not uncertain:
        return outcome
    award_id = ctx.award.id
    relevant = [record for a, record in uncertain.items() if a == award_id or a in named]
    if not relevant:
        return outcome
    return _both_readings(ctx, func, params, outcome, relevant)


def _both_readings(
    ctx: Ctx,
    func: Predicate,
    params: Mapping[str, Any],
    outcome: Outcome,
    relevant: list[AwardFact],
) -> Outcome:
    other = func(replace(ctx, merit_reading=False), params)
    if other.met == outcome.met and (other.met is not None or other.missing == outcome.missing):
        return outcome
    asks = tuple(
        _miss("awards", f"award_history.{r.award}.{r.end_year}.basis")
        for r in sorted(relevant, key=lambda r: -(r.end_year or 0))
    )
    missing = tuple(dict.fromkeys((*asks, *outcome.missing, *other.missing)))
    detail = {**outcome.detail, "basis_unknown": [[r.award, r.end_year] for r in relevant]}
    return Outcome(None, missing, detail)


# Yearly titles that certify the Lao động tiên tiến standard of their year: rating "hoàn thành
# tốt" or better, active in emulation, enough months, no discipline from khiển trách (Law 06/2022
# Art. 24; a CSTĐ cơ sở is chosen among the LĐTT, Art. 23; Chiến sĩ tiên tiến is the armed
# forces' LĐTT). A title held is one history with the facts it rests on (contracts §2).
LDTT_STANDARD = ("lao_dong_tien_tien", "chien_si_tien_tien", "chien_si_thi_dua_co_so")


def certified_by(ctx: Ctx, what: str) -> str | None:
    """The title held for the evaluation year that certifies `what` (a part of the LĐTT
    standard), or None. The award being judged never certifies itself."""
    for award in LDTT_STANDARD:
        if award != ctx.award.id and holds_title(ctx.facts, ctx.year, [award]) is True:
            return award
    return None


def _or_title(ctx: Ctx, fact: str) -> tuple[Missing, ...]:
    """What to ask for an unknown part of the LĐTT standard: whether the year's Lao động tiên
    tiến (Chiến sĩ tiên tiến in the armed forces) was awarded first — one answer settles every
    part — then the fact itself."""
    ask = _miss(fact)
    if ctx.facts.subject.kind != "individual":
        return (ask,)
    title = "chien_si_tien_tien" if ctx.facts.subject.armed_forces else "lao_dong_tien_tien"
    if title == ctx.award.id or title not in ctx.kb.awards:
        return (ask,)
    if ctx.award.category is Category.TITLE and ctx.kb.awards[title].rank >= ctx.award.rank:
        return (ask,)
    if holds_title(ctx.facts, ctx.year, [title]) is not None:
        return (ask,)
    return (_miss(fact, f"years.{ctx.year}.titles.{title}"), ask)


def months_in_service(start: dt.date, year: int) -> float:
    """Months in service in `year` for someone who started on `start` (a part month counts
    by its days), e.g. 2024-09-16 → 3.5 for 2024."""
    if start.year < year:
        return 12.0
    if start.year > year:
        return 0.0
    next_month = dt.date(year + start.month // 12, start.month % 12 + 1, 1)
    month_days = (next_month - dt.date(year, start.month, 1)).days
    part = (next_month - start).days / month_days
    return round(12 - start.month + part, 1)


def _params_key(params: Mapping[str, Any]) -> int:
    """A token of a criterion's params (YAML scalars and lists), by the params' identity (the
    entry keeps them alive): equal content, equal token; a token never stands for two contents
    (tokens are not reused). Raises TypeError for a value that cannot be hashed."""
    found = _PARAMS_KEYS.get(id(params))
    if found is not None and found[0] is params:
        return found[1]
    content = tuple(sorted((str(k), _frozen(v)) for k, v in params.items()))
    token = _PARAMS_TOKENS.get(content)  # raises TypeError for a value that cannot be hashed
    if token is None:
        if len(_PARAMS_TOKENS) >= 4096:
            _PARAMS_TOKENS.clear()  # the same content then gets a new token: a miss, not a clash
        token = _PARAMS_TOKENS[content] = next(_NEXT_TOKEN)
    if len(_PARAMS_KEYS) >= 4096:
        _PARAMS_KEYS.clear()
    _PARAMS_KEYS[id(params)] = (params, token)
    return token


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, Mapping):
        return tuple(sorted((str(k), _frozen(v)) for k, v in value.items()))
    return (type(value).__name__, value)  # 1, 1.0 and True stay apart


_PARAMS_KEYS: dict[int, tuple[Mapping[str, Any], int]] = {}
# Tokens by params content (`_params_key`): memo keys hash a small int, not the nested content.
_PARAMS_TOKENS: dict[tuple[Any, ...], int] = {}
_NEXT_TOKEN = itertools.count()


def _names_used_for(facts: Facts) -> bool:
    """Does any initiative name the award it already grounded (`used_for`)? Only then does
    counting initiatives depend on the award being judged (one initiative, one use)."""
    found = facts.memo.get("names_used_for")
    if found is None:
        found = facts.memo["names_used_for"] = any(
            i.used_for is not None
            for i in (
                *(facts.initiatives or ()),
                *(i for y in facts.years.values() for i in y.initiatives or ()),
            )
        )
    return bool(found)


def _per_history(func: Predicate) -> Predicate:
    """Remember the outcome with the facts, by the params' content, the evaluation year and the
    reading of awards of unknown basis (a `reset_by` window depends on it), and by the award where
    an initiative names the award it grounded: the same count asked by several
    awards of one history (Bằng khen tỉnh and Bằng khen bộ, ngành; the common conditions of
    every award) is made once. For a predicate that reads nothing of the context but the
    knowledge, the facts, the year and the day (and the award only through `used_for`)."""

    name = func.__name__

    def wrapped(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
        cached = _PARAMS_KEYS.get(id(params))
        if cached is not None and cached[0] is params:
            params_key = cached[1]
        else:
            try:
                params_key = _params_key(params)
            except TypeError:
                return func(ctx, params)
        memo = ctx.facts.memo
        used_for = memo.get("names_used_for")
        if used_for is None:
            used_for = _names_used_for(ctx.facts)
        award = ctx.award.id if used_for else None
        key = (name, ctx.year, ctx.as_of, award, params_key, ctx.merit_reading)
        found = memo.get(key)
        if found is not None and found[0] is ctx.kb:
            return found[1]
        outcome = func(ctx, params)
        memo[key] = (ctx.kb, outcome)
        return outcome

    wrapped.__name__ = func.__name__
    wrapped.__doc__ = func.__doc__
    return wrapped


# ── one year ───────────────────────────────────────────────────────────────────────────────


@predicate
def rating_at_least(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """The year's task-completion rating is `min` or better ("hoàn thành tốt nhiệm vụ trở lên",
    Law 06/2022 Art. 24.1.a; HTXS for CSTĐ cơ sở Art. 23.1.a and TTLĐXS Art. 27.1.a)."""
    rating = ctx.facts.year(ctx.year).rating
    met = rating_ok(ctx.kb, rating, params["min"])
    if met is None and (title := certified_by(ctx, "rating")):
        standard = rating_ok(ctx.kb, "hoan_thanh_tot", params["min"])
        htxs_route = title == "chien_si_thi_dua_co_so" and (
            title_route(ctx.kb, ctx.facts, ctx.year) == "htxs"
        )
        if standard or htxs_route:
            return Outcome(True, (), {"rating": None, "certified_by": title})
    return Outcome(
        met, () if met is not None else (_year_miss(ctx.year, "rating"),), {"rating": rating}
    )


@predicate
def active_in_emulation(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """Takes an active part in emulation movements, with solidarity and mutual help
    (Law 06/2022 Art. 24.1.b for individuals, Art. 27.1.b / 28.1.b for collectives)."""
    value = ctx.facts.year(ctx.year).active_in_emulation
    if value is not None:
        return Outcome(value, ())
    if title := certified_by(ctx, "active"):
        return Outcome(True, (), {"certified_by": title})
    return Outcome(value, _or_title(ctx, f"years.{ctx.year}.active_in_emulation"))


@predicate
def min_months_worked(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """At least `min` months in service in the year; "no Lao động tiên tiến for people recruited
    less than 06 months" (TT 01/2024/TT-BNV, corrections C7; 10 months under Decree 91/2017
    Art. 10). Maternity leave counts as worked (Decree 152 Art. 4.5), so does training and
    treatment for injuries on duty; `months_worked` already includes them (contracts §2). When
    `months_worked` is absent it is derived from `subject.service_start`."""
    year_facts = ctx.facts.year(ctx.year)
    months = year_facts.months_worked
    derived = False
    start = ctx.facts.subject.service_start
    if months is None and start is not None:
        derived = True
        months = months_in_service(start, ctx.year)
    detail = {
        "months": months,
        "derived": derived,
        "maternity": year_facts.maternity_leave is not None,
    }
    if months is None:
        certified = certified_by(ctx, "months")
        if certified:
            return Outcome(True, (), {**detail, "certified_by": certified})
        return Outcome(None, _or_title(ctx, f"years.{ctx.year}.months_worked"), detail)
    return Outcome(months >= float(params["min"]) - 1e-9, (), detail)


@predicate
def no_discipline_in_year(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """Not disciplined in the year with `from_form` or heavier ("bị kỷ luật từ hình thức khiển
    trách trở lên" excludes Lao động tiên tiến; Decree 91/2017 Art. 10, MoHA guidance since)."""
    record = ctx.facts.year(ctx.year).discipline
    if record is None:
        title = certified_by(ctx, "discipline")
        if title and form_at_least(ctx.kb, str(params["from_form"]), "khien_trach"):
            return Outcome(True, (), {"form": None, "certified_by": title})
        return Outcome(None, _or_title(ctx, f"years.{ctx.year}.discipline"))
    if record == NONE or not isinstance(record, Discipline):
        return Outcome(True, (), {"form": None})
    return Outcome(
        not form_at_least(ctx.kb, record.form, params["from_form"]), (), {"form": record.form}
    )


@predicate
def discipline_served(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """After discipline, achievements count only from the end of the disciplinary term
    (Decree 152/2025 Art. 4.4; Decree 98/2023 Art. 4): the evaluation year must come after the
    year in which the latest recorded term ends.

    Remembered with the facts by the evaluation year, and by the award judged only where the
    year's discipline is unknown (`certified_by` then reads it): every award's common conditions
    ask it of one history."""
    award = ctx.award.id if ctx.facts.year(ctx.year).discipline is None else None
    key = ("discipline_served", ctx.year, award)
    memo = ctx.facts.memo
    found = memo.get(key)
    if found is not None and found[0] is ctx.kb:
        return found[1]
    outcome = _discipline_served(ctx)
    memo[key] = (ctx.kb, outcome)
    return outcome


def _discipline_served(ctx: Ctx) -> Outcome:
    restart = discipline_restart_year(ctx.kb, ctx.facts)
    if restart is not None and restart > ctx.year:
        return Outcome(False, (), {"counts_from": restart})
    if ctx.facts.year(ctx.year).discipline is None:
        if title := certified_by(ctx, "discipline"):
            return Outcome(True, (), {"counts_from": restart, "certified_by": title})
        return Outcome(None, (_miss(f"years.{ctx.year}.discipline"),), {"counts_from": restart})
    return Outcome(True, (), {"counts_from": restart})


@predicate
@_per_history
def no_pending_proceedings(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """No award and no proposal while discipline is being considered, an investigation,
    inspection or audit on signs of violation, or a complaint is being verified
    (Decree 152/2025 Art. 4.4; Decree 98/2023 Art. 4)."""
    pending = ctx.facts.pending
    if pending is None:
        return Outcome(None, (_miss("pending", "pending"),))
    open_items = [
        p
        for p in pending
        if p.concluded is not True and (p.opened is None or p.opened <= ctx.as_of)
    ]
    if any(p.concluded is False for p in open_items):
        return Outcome(False, (), {"open": [p.type for p in open_items]})
    if open_items:  # opened, outcome not stated
        return Outcome(None, (_miss("pending", "pending"),), {"open": [p.type for p in open_items]})
    return Outcome(True)


@predicate
def not_already_rewarded(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """One achievement, one reward: a form is not given twice for the same achievement
    ("thành tích đến đâu khen thưởng đến đó", Law 06/2022 Art. 5.2.c). Titles are yearly by
    nature and are checked by their own windows, so this applies to forms of commendation."""
    if ctx.award.category is not Category.FORM:
        return Outcome(True, (), {"applies": False})
    same = merit_awards(ctx.kb, ctx.facts, [ctx.award.id], ctx.merit_reading)
    for record in same:
        start = record.period_from if record.period_from is not None else record.end_year
        end = record.end_year
        if start is not None and end is not None and start <= ctx.year <= end:
            return Outcome(False, (), {"rewarded_in": end})
    facts, award_id = ctx.facts, ctx.award.id
    stated = facts.awards is not None or award_id in facts.award_history
    # Công trạng awards unknown before a chuyên đề / đột xuất one cannot cover a later year.
    if not stated or ctx.year < facts.history_open.get(award_id, ctx.year):
        return Outcome(None, (history_ask(facts, [award_id]),))
    return Outcome(True)


# ── facts stated by the officer ───────────────────────────────────────────────────────────


@predicate
def fact_true(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """A qualitative criterion the council judges and the officer states yes/no (solidarity,
    exceeded targets, leading a cluster…); the citation is the criterion's own."""
    path = str(params["path"]).format(year=ctx.year)
    value = _lookup(ctx.facts, path)
    return Outcome(value, () if value is not None else (_miss(path),))


def _lookup(facts: Facts, path: str) -> bool | None:
    parts = path.split(".")
    if parts[0] == "years" and len(parts) == 4 and parts[2] == "collective":
        return facts.year(int(parts[1])).collective.get(parts[3])
    if parts[0] == "household" and len(parts) == 2:
        return facts.household.get(parts[1])
    if parts[0] == "other_achievements" and len(parts) == 2:
        return facts.other_achievements.get(parts[1])
    node: Any = facts.raw
    for part in parts:
        node = node.get(part) if isinstance(node, Mapping) else None
    return node if isinstance(node, bool) else None


@predicate
def other_achievement(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """An alternative basis the officer claims: a movement result, a sudden feat, a major
    contribution, long service (contracts §2 `other_achievements`; `false` = not claimed)."""
    key = str(params["key"])
    value = ctx.facts.other_achievements.get(key)
    if value is not None:
        return Outcome(value, ())
    missing = _ACHIEVEMENT_MISSES.get(key)
    if missing is None:
        if len(_ACHIEVEMENT_MISSES) >= 1024:
            _ACHIEVEMENT_MISSES.clear()
        missing = _ACHIEVEMENT_MISSES[key] = (_miss(f"other_achievements.{key}"),)
    return Outcome(value, missing)


# What `other_achievement` asks, one shared (frozen) tuple per key.
_ACHIEVEMENT_MISSES: dict[str, tuple[Missing, ...]] = {}


@predicate
def subject_category(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """The person is one of `categories` (a route of an award reserved for some people: workers,
    farmers and labourers, or business people, intellectuals and scientists — Law 06/2022
    Art. 74). An unstated category, or one the vocabulary does not know, is unknown, never "no":
    the interview asks it before the route's own questions."""
    category = ctx.facts.subject.category
    if category is None or category not in ctx.kb.vocabulary.subject_categories:
        return Outcome(None, (_miss("subject.category"),), {"category": category})
    return Outcome(category in params["categories"], (), {"category": category})


# ── counting over years ───────────────────────────────────────────────────────────────────


@predicate
def consecutive_titles(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """`count` consecutive awardings of title `award` up to the evaluation year, counted after
    the latest award in `reset_by` and after any discipline term ("03 lần liên tục" CSTĐ cơ sở,
    Law 06/2022 Art. 22.1; "02 lần liên tục" CSTĐ bộ/tỉnh, Art. 21.1). Consecutive awardings of
    a multi-year title are one cycle apart (`cycle_years` in the catalogue)."""
    award_id = str(params["award"])
    ids = [award_id, *params.get("also", [])]
    count = int(params["count"])
    step = ctx.kb.awards[award_id].cycle_years
    start, unknown = _start_year(ctx, params.get("reset_by", []))
    held: list[int] = []
    missing: list[Missing] = []
    for k in range(count):
        year = ctx.year - k * step
        if year < start:
            return Outcome(False, (), {"held": held, "counts_from": start})
        has = holds_title(ctx.facts, year, ids)
        if has is False:
            return Outcome(False, (), {"held": held, "gap": year, "counts_from": start})
        if has is None:
            ask = title_to_ask(ctx.facts, year, ids)
            missing.append(_year_miss(year, "titles", ask))
        else:
            held.append(year)
    if missing:
        return Outcome(None, tuple(missing), {"held": held})
    return _downgrade(Outcome(True, (), {"held": held, "counts_from": start}), unknown)


@predicate
def rating_run(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """At least `count` consecutive years rated `min` or better up to the evaluation year
    ("liên tục từ 05 năm trở lên đến thời điểm đề nghị", Law 06/2022 Art. 73.1.b, 44.1.e;
    "02 năm liên tục HTXS", Art. 74.1.d). The run starts after the prerequisite awards in `after`
    and after the latest award in `reset_by` (Decree 98 Art. 30.9). A year also counts when it
    holds one of `or_titles` (a collective's TTLĐXS). A run long enough only by overlapping the
    prerequisite's own period is left to the reviewer (legal-criteria §12.3)."""
    minimum = str(params["min"])
    count = int(params["count"])
    or_titles = list(params.get("or_titles", []))
    start, unknown = _start_year(ctx, params.get("reset_by", []), params.get("after", []))
    run, missing = _count_run(ctx, minimum, or_titles, start, count)
    detail = {"run": run, "counts_from": start}
    if run >= count:
        return _downgrade(Outcome(True, (), detail), unknown)
    # A window too short to hold `count` years decides on its own (3 years after a Bằng khen
    # Thủ tướng never hold 5), whatever the ratings of those years.
    if missing and ctx.year - start + 1 >= count:
        return Outcome(None, tuple(missing), detail)
    if params.get("after"):
        base_start, _ = _start_year(ctx, params.get("reset_by", []))
        if base_start < start and ctx.year - base_start + 1 >= count:
            longer, more = _count_run(ctx, minimum, or_titles, base_start, count)
            if longer >= count and not more:
                return Outcome(None, (), {**detail, "overlap": True}, reason="window_overlap")
            if more:  # the years before the prerequisite decide whether it is an overlap
                return Outcome(None, tuple(more), detail)
    return Outcome(False, (), detail)


def _count_run(
    ctx: Ctx, minimum: str, or_titles: list[str], start: int, count: int
) -> tuple[int, list[Missing]]:
    run = 0
    year = ctx.year
    while year >= start and run < count:
        ok = rating_ok(ctx.kb, ctx.facts.year(year).rating, minimum)
        if ok is not True and or_titles:
            ok = True if holds_title(ctx.facts, year, or_titles) else ok
        if ok is None:
            asks = [
                _year_miss(y, "rating")
                for y in range(year, max(start, ctx.year - count + 1) - 1, -1)
                if ctx.facts.year(y).rating is None
            ]
            return run, asks
        if not ok:
            break
        run += 1
        year -= 1
    return run, []


# How far back the interview asks about a history whose start nothing bounds.
HORIZON_YEARS = 10


@dataclass(frozen=True)
class Window:
    """The counting years, latest first. `open_past`: nothing bounds the start (no award that
    restarts the count, no service start), so years before `years[-1]` may still count."""

    years: range
    unknown: tuple[Missing, ...]
    open_past: bool


def _window(ctx: Ctx, params: Mapping[str, Any]) -> Window:
    """The counting period. Its start is the year after the latest award that restarts the count
    (or after the prerequisite award), after a discipline term, within `years` of the evaluation
    year, and never before the year service started. Unknown years inside it are unknown, never
    "no" (contracts §2): a start nothing bounds leaves the past open."""
    return _window_of(
        ctx, params.get("reset_by", []), params.get("after", []), params.get("years", _NO_YEARS)
    )


def _window_of(ctx: Ctx, reset_by: Sequence[str], after: Sequence[str], years: Any) -> Window:
    """`_window` of params with these `reset_by`, `after` and `years` (`_NO_YEARS`: none)."""
    key = ("window", ctx.year, tuple(reset_by), tuple(after), years, ctx.merit_reading)
    found = ctx.facts.memo.get(key)
    if found is not None and found[0] is ctx.kb:
        return found[1]
    start, unknown = _start_year(ctx, reset_by, after)
    if years is not _NO_YEARS:
        start = max(start, ctx.year - int(years) + 1)
    service = ctx.facts.subject.service_start
    if service is not None:
        start = max(start, service.year)
    open_past = start == 0
    if open_past:
        start = ctx.year - HORIZON_YEARS + 1
    window = Window(range(ctx.year, start - 1, -1), tuple(unknown), open_past)
    ctx.facts.memo[key] = (ctx.kb, window)
    return window


_NO_YEARS = object()


def _undecided(window: Window, missing: list[Missing]) -> tuple[Missing, ...]:
    """What to ask when a count falls short but unknown years may still fill it: the award that
    bounds the window first (one answer settles many years), then the years, latest first."""
    return (*(window.unknown if window.open_past else ()), *missing)


def _overlap_aware(counter: Predicate) -> Predicate:
    """A window counted after the prerequisite award (`after`) that falls short, but would be
    enough counting from before it, is left to the reviewer (legal-criteria §12.3). For a
    counter that reads `after` only through `_window`."""

    def wrapped(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
        outcome = counter(ctx, params)
        if outcome.met is False and params.get("after"):
            wider_params = {k: v for k, v in params.items() if k != "after"}
            # `after` reaches the count only through its window: the same window, the same "no".
            if _window(ctx, wider_params) == _window(ctx, params):
                return outcome
            wider = counter(ctx, wider_params)
            if wider.met is True:
                return Outcome(
                    None, (), {**outcome.detail, "overlap": True}, reason="window_overlap"
                )
        return outcome

    wrapped.__name__ = counter.__name__
    wrapped.__doc__ = counter.__doc__
    return wrapped


@predicate
@_overlap_aware
def titles_in_window(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """At least `count` awardings of title `award` in the counting period (not necessarily
    consecutive): "trong thời gian đó có 03 lần được tặng danh hiệu Chiến sĩ thi đua cơ sở"
    (Law 06/2022 Art. 73.1.b; Art. 44.1.e)."""
    award_id = str(params["award"])
    count = int(params["count"])
    window = _window(ctx, params)
    held, missing = [], []
    for year in window.years:
        has = holds_title(ctx.facts, year, [award_id])
        if has:
            held.append(year)
        elif has is None:
            missing.append(_year_miss(year, "titles", award_id))
    years = window.years
    detail = {"held": held, "window": [years[-1], years[0]] if years else []}
    if len(held) >= count:
        return _downgrade(Outcome(True, (), detail), list(window.unknown))
    if len(held) + len(missing) >= count or window.open_past:
        return Outcome(None, _undecided(window, missing), detail)
    return Outcome(False, (), detail)


@predicate
@_overlap_aware
def ratings_in_window(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """At least `count` years rated `min` or better in the counting period ("trong thời gian đó
    có 01 năm hoàn thành xuất sắc nhiệm vụ", Law 06/2022 Art. 44.1.e as MoHA explains it)."""
    count = int(params["count"])
    window = _window(ctx, params)
    good, missing = [], []
    for year in window.years:
        ok = rating_ok(ctx.kb, ctx.facts.year(year).rating, str(params["min"]))
        if ok:
            good.append(year)
        elif ok is None:
            missing.append(_year_miss(year, "rating"))
    if len(good) >= count:
        return _downgrade(Outcome(True, (), {"years": good}), list(window.unknown))
    if len(good) + len(missing) >= count or window.open_past:
        return Outcome(None, _undecided(window, missing), {"years": good})
    return Outcome(False, (), {"years": good})


@predicate
def prior_award(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """Has already received one of `awards` (not revoked, not for a sudden or thematic
    achievement — Decree 152 Art. 4.3): e.g. "đã được tặng Bằng khen cấp bộ, ban, ngành, tỉnh"
    before a Bằng khen của Thủ tướng (Law 06/2022 Art. 73.1.b)."""
    ids = list(params["awards"])
    found = [
        a
        for a in merit_awards(ctx.kb, ctx.facts, ids, ctx.merit_reading)
        if (a.end_year or 0) <= ctx.year
    ]
    if found:
        return Outcome(
            True, (), {"award": found[-1].award, "year": max(a.end_year or 0 for a in found)}
        )
    # Shown in "Vì sao?": the awards not counted for their basis.
    skipped = [
        [a.award, a.end_year, a.basis]
        for a in award_facts(ctx.facts)
        if a.award in ids
        and a.revoked is not True
        and a.basis in ctx.kb.vocabulary.non_merit_bases
        and (a.end_year or 0) <= ctx.year
    ]
    detail = {"not_merit": skipped} if skipped else {}
    if not history_known(ctx.facts, ids):
        return Outcome(None, (history_ask(ctx.facts, ids),), detail)
    return Outcome(False, (), detail)


@predicate
@_per_history
def initiatives(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """At least `count` recognised initiatives (of `kinds`, at `min_scope` or wider) in the last
    `years` counting years. One initiative, one use (CV 5007/BNV-TĐKT §III.5.c, corrections C6):
    an initiative already used for a title is not reused for a form and vice versa; with
    `exclude_used_by_titles`, each year whose CSTĐ cơ sở rested on an initiative uses one up.

    With `recognized_and_applied`, an initiative counts only when it was recognised **and**
    applied ("được công nhận và áp dụng có hiệu quả", Law 06/2022 Art. 74): either fact false
    excludes it, either unknown leaves it unknown. With `no_mix` ("02 sáng kiến … hoặc 02 đề tài",
    Art. 74), the count must be met by initiatives alone or by research works alone; a count met
    only by mixing them is left undecided with the reason named (legal-criteria §12.2), and a
    count of unstated kinds (the interview's) asks which kinds they were."""
    kinds = set(params.get("kinds", ["sang_kien"]))
    count = int(params["count"])
    if not params.get("no_mix"):
        return _tally(ctx, params, kinds, None).outcome(count)
    answer = _stated_kinds(ctx)
    groups = [g for g in (kinds & INITIATIVE_KINDS, kinds - INITIATIVE_KINDS) if g]
    tallies = [_tally(ctx, params, group, answer) for group in groups]
    if any(t.low >= count for t in tallies):
        return next(t for t in tallies if t.low >= count).outcome(count)
    undecided = [t for t in tallies if t.high >= count]
    if undecided:
        return undecided[0].outcome(count)
    mixed = _tally(ctx, params, kinds | {UNSTATED}, answer)
    if mixed.low >= count:
        if mixed.unstated and answer is None:
            ask = _miss(KINDS_FACT)
            return Outcome(None, (ask,), {"years": list(mixed.usable)})
        return Outcome(None, (), {"years": list(mixed.usable), "mixed": True},
                       reason="initiative_mix")
    return mixed.outcome(count)


# "Sáng kiến" as opposed to research works (đề tài, đề án, công trình khoa học): Art. 74 asks
# for "02 sáng kiến … hoặc 02 đề tài". A title's route uses up one of its own group.
INITIATIVE_KINDS = frozenset({"sang_kien"})
RESEARCH_KINDS = frozenset({"de_tai", "de_an", "cong_trinh"})
_ROUTE_KINDS = {"initiative": INITIATIVE_KINDS, "research": RESEARCH_KINDS}
# Initiatives counted without their kind (the interview's counts), and the interview's answer
# saying which kinds they were: all sáng kiến, all research works, or both.
UNSTATED = "unstated"
KINDS_FACT = "interview.initiative_kinds"
_KIND_OF_ANSWER = {"sang_kien": "sang_kien", "nghien_cuu": "de_tai"}


def _stated_kinds(ctx: Ctx) -> str | None:
    extra = ctx.facts.raw.get("interview")
    value = extra.get("initiative_kinds") if isinstance(extra, Mapping) else None
    return value if value in (*_KIND_OF_ANSWER, "ca_hai") else None


def _kind_of(initiative: Initiative, answer: str | None) -> str:
    """The kind an initiative counts as: its own, or for the interview's unstated counts, the
    kind the officer named for all of them (else `UNSTATED`)."""
    if initiative.kind_stated:
        return initiative.kind
    return _KIND_OF_ANSWER.get(answer or "", UNSTATED)


@dataclass(frozen=True, init=False)
class _Tally:
    low: int
    high: int
    missing: tuple[Missing, ...]
    usable: tuple[int, ...]
    unstated: bool = False

    def __init__(
        self,
        low: int,
        high: int,
        missing: tuple[Missing, ...],
        usable: tuple[int, ...],
        unstated: bool = False,
    ) -> None:
        attributes = self.__dict__
        attributes["low"] = low
        attributes["high"] = high
        attributes["missing"] = missing
        attributes["usable"] = usable
        attributes["unstated"] = unstated

    def outcome(self, count: int) -> Outcome:
        detail = {"years": list(self.usable)}
        if self.low >= count:
            return Outcome(True, (), detail)
        if self.high >= count:
            return Outcome(None, self.missing, detail)
        return Outcome(False, (), detail)


def _tally(ctx: Ctx, params: Mapping[str, Any], kinds: set[str], answer: str | None) -> _Tally:
    """How many initiatives of `kinds` surely count (low) and may count (high). Without `no_mix`
    (`answer` None and no `UNSTATED` in `kinds`) an unstated kind reads as a sáng kiến."""
    count = int(params["count"])
    strict = bool(params.get("recognized_and_applied"))
    mixing = bool(params.get("no_mix"))
    window = _window_of(ctx, params.get("reset_by", []), (), params.get("years", 1))
    usable: list[int] = []
    low, high = 0, 0
    unstated = False
    missing: list[Missing] = []
    exclude_used = params.get("exclude_used_by_titles")
    for year in window.years:
        found = initiatives_of(ctx.facts, year)
        if found is None:
            missing.append(_miss("initiatives", f"years.{year}.initiatives"))
            high += count
            continue
        if not found:
            # No initiative that year: nothing to count, but a CSTĐ cơ sở route inferred from
            # the rating still decides only if it is asked (as below).
            if exclude_used and _route_inferred(ctx, year):
                cstdcs = "chien_si_thi_dua_co_so"
                missing.append(_miss(f"years.{year}.titles", f"years.{year}.titles.{cstdcs}.route"))
            continue
        # One pass in the facts' order: `sure` counts, `maybe` may count. An initiative of
        # unknown scope is unknown, not "cơ sở"; so is one not known to be recognised and applied
        # where both are required. (Which list an initiative joins depends on its fields alone.)
        sure: list[Initiative] = []
        maybe: list[Initiative] = []
        for i in found:
            kind = _kind_of(i, answer) if mixing else i.kind
            if (
                kind not in kinds
                or i.recognized is False
                or (strict and i.applied is False)
                or _used_elsewhere(ctx, i.used_for)
            ):
                continue
            if mixing and kind == UNSTATED:
                unstated = True
            scope = i.scope
            in_scope = scope is not None and scope_at_least(ctx.kb, scope, params["min_scope"])
            if not strict or (i.recognized and i.applied):  # known
                if scope and in_scope:
                    sure.append(i)
                elif scope is None:
                    maybe.append(i)
            elif scope is None or in_scope:
                maybe.append(i)
        if maybe:
            missing.append(_miss("initiatives", f"years.{year}.initiatives"))
        use_low, use_high = 0, 0
        if exclude_used and not any(i.used_for for i in sure):
            route = title_route(ctx.kb, ctx.facts, year)
            uses = route in _ROUTE_KINDS and bool(_ROUTE_KINDS[route] & (kinds | {UNSTATED}))
            use_low = use_high = 1 if uses else 0
            if route is not None and not route_stated(ctx.facts, year):
                # Inferred from the rating, not stated: it decides only if it is asked.
                use_low, use_high = 0, 1
                cstdcs = "chien_si_thi_dua_co_so"
                missing.append(_miss(f"years.{year}.titles", f"years.{year}.titles.{cstdcs}.route"))
        low += max(len(sure) - use_high, 0)
        high += max(len(sure) + len(maybe) - use_low, 0)
        usable.extend(year for _ in sure[use_high:])
    return _Tally(low, high, tuple(dict.fromkeys(missing)), tuple(usable), unstated)


def _route_inferred(ctx: Ctx, year: int) -> bool:
    """The year's CSTĐ cơ sở route is inferred from the rating, not stated."""
    return title_route(ctx.kb, ctx.facts, year) is not None and not route_stated(ctx.facts, year)


def _used_elsewhere(ctx: Ctx, used_for: str | None) -> bool:
    if used_for is None or used_for == ctx.award.id:
        return False
    other = ctx.kb.awards.get(used_for)
    return other is not None and other.category is not ctx.award.category


# ── collectives ───────────────────────────────────────────────────────────────────────────


@predicate
def members_ratio(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """At least `min_ratio` of the members hold the title counted in `fields` (more than, with
    `strict`): "từ 70% cá nhân đạt Lao động tiên tiến" (Law 06/2022 Art. 27.1.c, 28.1; corrections
    C4); "trên 50%" under the 2013 Law Art. 28."""
    members = ctx.facts.year(ctx.year).members
    fields = list(params["fields"])
    base = f"years.{ctx.year}.members"
    total = members.total if members else None
    counted = next((members.counts[f] for f in fields if members and f in members.counts), None)
    missing = []
    if total is None:
        missing.append(_miss(f"{base}.total"))
    if counted is None:
        missing.append(_miss(f"{base}.{_fitting_title(ctx, fields)}"))
    if missing or total is None or counted is None:
        return Outcome(None, tuple(missing))
    ratio = counted / total if total else 0.0
    minimum = float(params["min_ratio"])
    met = ratio > minimum if params.get("strict") else ratio >= minimum - 1e-9
    return Outcome(met, (), {"ratio": round(ratio, 4), "counted": counted, "total": total})


def _fitting_title(ctx: Ctx, fields: Sequence[str]) -> str:
    """The member title to ask about: Chiến sĩ tiên tiến in an armed-forces unit, Lao động tiên
    tiến elsewhere (Law 06/2022 Art. 24: one title per group)."""
    armed = bool(ctx.facts.subject.armed_forces)
    for name in fields:
        award = ctx.kb.awards.get(name)
        if award is None or award.armed_forces in (None, armed):
            return name
    return fields[0]


@predicate
def members_all_completed(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """100% of members completed their tasks (no member rated "không hoàn thành nhiệm vụ"),
    Law 06/2022 Art. 27.1.c."""
    members = ctx.facts.year(ctx.year).members
    failed = members.ratings.get("khong_hoan_thanh") if members and members.ratings else None
    if failed is None:
        return Outcome(None, (_miss(f"years.{ctx.year}.members.ratings.khong_hoan_thanh"),))
    return Outcome(failed == 0, (), {"not_completed": failed})


@predicate
def members_count_at_least(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """At least `min` members hold the title `field` ("có cá nhân đạt danh hiệu Chiến sĩ thi đua
    cơ sở", Law 06/2022 Art. 27.1.d)."""
    members = ctx.facts.year(ctx.year).members
    field_name = str(params["field"])
    value = members.counts.get(field_name) if members else None
    if value is None:
        return Outcome(None, (_miss(f"years.{ctx.year}.members.{field_name}"),))
    return Outcome(value >= int(params["min"]), (), {"count": value})


@predicate
def no_member_disciplined(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """No member disciplined with `from_form` or heavier in the year ("không có cá nhân bị kỷ luật
    từ hình thức cảnh cáo trở lên", Law 06/2022 Art. 28.1 per corrections C4)."""
    members = ctx.facts.year(ctx.year).members
    disciplined = members.disciplined if members else None
    if disciplined is None:
        return Outcome(None, (_miss(f"years.{ctx.year}.members.disciplined"),))
    heavy = [d.form for d in disciplined if form_at_least(ctx.kb, d.form, params["from_form"])]
    return Outcome(not heavy, (), {"forms": heavy})


# ── data not (yet) available ──────────────────────────────────────────────────────────────


@predicate
def province_rules(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """The criteria are detailed by each ministry and province (Law 06/2022 Art. 75.2 for Giấy
    khen). A province pack removes this criterion; where it is still here, the national minimum
    (the award's bases) decides and the verdict carries a caveat saying the province's own
    criteria are not loaded (`bot.eligibility.province`). Never a question, never a dead end."""
    return Outcome(True, (), {"province": ctx.facts.subject.province}, reason=LOCAL_CRITERIA)


@predicate
def manual_review(ctx: Ctx, params: Mapping[str, Any]) -> Outcome:
    """A clause whose text we have not read: never decided automatically (legal-criteria §12.13)."""
    return Outcome(None, (), {}, reason="manual_review")
