"""What the engine remembers between verdicts never changes a verdict (issue 16 target 5).

The engine keeps parsed histories, their derived views (`Facts.memo`, kept for the histories
served last only), per-history outcomes (`no_pending_proceedings`, `discipline_served`,
`initiatives`) and finished results of criteria that read one small fact. A verdict must be
the same whether the award is judged alone on a fresh engine, after every other award on the
same facts, or in the reverse order; and after the memo of its history was let go."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import random
from collections.abc import Iterator
from typing import Any

import pytest

from bot.eligibility import FactsError, engine, evaluate, parse_facts, predicates
from bot.eligibility.rules import EligibilityError
from knowledge.loader import KnowledgeBase

RATINGS = ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh", None]
TITLES = ["lao_dong_tien_tien", "chien_si_thi_dua_co_so"]
AWARDS = ["bang_khen_tinh", "bang_khen_thu_tuong", "chien_si_thi_dua_bo_nganh_tinh"]


def history(rng: random.Random) -> dict[str, Any]:
    """One individual's varied history: years with and without each fact, discipline stated,
    unknown or recorded, pending proceedings, earlier awards of known and unknown basis,
    initiatives, other achievements and a category stated or not."""
    years: dict[str, Any] = {}
    for year in range(2019, 2026):
        facts: dict[str, Any] = {}
        if rng.random() < 0.85:
            facts["rating"] = rng.choice(RATINGS)
        if rng.random() < 0.6:
            facts["months_worked"] = rng.choice([12, 5, 10])
        if rng.random() < 0.6:
            facts["active_in_emulation"] = rng.choice([True, False])
        if rng.random() < 0.7:
            facts["discipline"] = "none" if rng.random() < 0.85 else {"form": "khien_trach"}
        if rng.random() < 0.7:
            facts["titles"] = rng.sample(TITLES, rng.randint(0, 2))
        years[str(year)] = facts
    result: dict[str, Any] = {
        "as_of": rng.choice(["2026-01-15", "2025-01-15", "2026-07-15"]),
        "subject": {"kind": "individual"},
        "years": years,
    }
    if rng.random() < 0.5:
        result["subject"]["category"] = rng.choice(["cong_nhan", "nong_dan", "tri_thuc"])
    if rng.random() < 0.7:
        result["pending"] = [] if rng.random() < 0.7 else [{"type": "thanh_tra"}]
    if rng.random() < 0.6:
        result["awards"] = [
            {"award": rng.choice(AWARDS), "year": rng.randint(2016, 2024)}
            | ({"basis": rng.choice(["cong_trang", "chuyen_de"])} if rng.random() < 0.5 else {})
            for _ in range(rng.randint(0, 2))
        ]
    if rng.random() < 0.6:
        result["initiatives"] = [
            {"year": rng.randint(2019, 2025), "scope": rng.choice(["co_so", "bo_nganh_tinh"]),
             "recognized": rng.choice([True, None])}
            for _ in range(rng.randint(0, 3))
        ]
    if rng.random() < 0.6:
        result["other_achievements"] = {
            key: rng.choice([True, False, None])
            for key in rng.sample(["phong_trao", "dot_xuat", "dong_gop"], rng.randint(1, 3))
        }
    return result


def seen(verdict: Any) -> dict[str, Any]:
    """Everything a verdict says, as the result screens read it."""
    return {
        **verdict.to_json(),
        "asks": list(verdict.asks),
        "missing_facts": [[[m.fact, m.ask] for m in c.missing] for c in verdict.criteria],
        "notices": list(verdict.notices),
    }


def forget() -> None:
    """A fresh engine: no parse, memo, plan or finished result remembered."""
    engine._PARSED.clear()
    engine._MEMO_KEPT.clear()
    engine._PLANS.clear()
    engine._STEPS.clear()


def individual_awards(kb: KnowledgeBase) -> list[str]:
    return [a.id for a in kb.awards.values() if "individual" in [k.value for k in a.kinds]]


def judged(kb: KnowledgeBase, award: str, facts: dict[str, Any]) -> dict[str, Any] | str:
    try:
        return seen(evaluate(kb, award, facts))
    except (FactsError, EligibilityError) as error:
        return type(error).__name__


def histories(count: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(16)
    for _ in range(count):
        yield history(rng)


def test_a_verdict_does_not_depend_on_the_awards_judged_before_it(kb: KnowledgeBase) -> None:
    awards = individual_awards(kb)
    for facts in histories(25):
        alone = {}
        for award in awards:
            forget()
            alone[award] = judged(kb, award, copy.deepcopy(facts))
        forget()
        forward = {award: judged(kb, award, facts) for award in awards}
        backward = {award: judged(kb, award, facts) for award in reversed(awards)}
        assert forward == alone
        assert backward == alone


def test_a_history_judged_again_after_its_memo_was_let_go_gets_the_same_verdicts(
    kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "_MEMO_LIMIT", 2)
    forget()
    awards = individual_awards(kb)
    batch = list(histories(6))
    first = [{award: judged(kb, award, facts) for award in awards} for facts in batch]
    kept = engine.parsed_facts(kb, batch[0], None)
    memo = kept.memo
    judged(kb, awards[0], batch[0])
    assert memo, "judging fills the memo of the history"
    for facts in batch[1:]:
        judged(kb, awards[0], facts)
    assert kept.memo is not memo, "histories judged since let its memo go"
    again = [{award: judged(kb, award, facts) for award in awards} for facts in batch]
    assert again == first


def test_a_shared_result_is_served_only_for_the_very_same_fact(kb: KnowledgeBase) -> None:
    """A criterion that reads one fact (here an other achievement) shares its finished result
    among verdicts where that fact is the same; 1 is not True there (it stays what the
    predicate makes of it)."""
    forget()
    facts = parse_facts(kb, {"as_of": "2026-01-15", "subject": {"kind": "individual"},
                             "other_achievements": {"phong_trao": True}})
    stated = evaluate(kb, "bang_khen_thu_tuong", facts)
    odd = dataclasses.replace(facts, other_achievements={"phong_trao": 1})
    other = evaluate(kb, "bang_khen_thu_tuong", odd)
    met = {c.id: c.met for c in stated.criteria if c.met is True}
    assert met, "the claimed achievement meets its criterion"
    for criterion in other.criteria:
        if criterion.id in met and criterion.met is not True:
            assert criterion.met == 1
            break
    else:
        pytest.fail("the criterion reading the achievement kept True's result")



def test_an_initiative_count_restarted_by_an_award_of_unknown_basis_keeps_each_reading(
    kb: KnowledgeBase,
) -> None:
    """An initiatives criterion with a `reset_by` window (none ships today, staff may add one)
    counts differently when the Bằng khen Thủ tướng of 2022 of unknown basis reads as công trạng
    (the count restarts after it: the 2021 sáng kiến is out) or not (it counts). The reading
    judged second must not get the first one's remembered count."""
    data = {
        "as_of": "2026-12-07",
        "years": {str(y): {"rating": "hoan_thanh_tot"} for y in range(2017, 2026)},
        "awards": [{"award": "bang_khen_thu_tuong", "year": 2022}],
        "initiatives": [{"year": 2021, "kind": "sang_kien", "scope": "co_so", "recognized": True}],
    }
    params = {"min_scope": "co_so", "count": 1, "years": 6, "kinds": ["sang_kien"],
              "reset_by": ["bang_khen_thu_tuong"]}
    award = kb.awards["chien_si_thi_dua_co_so"]
    as_of = dt.date(2026, 12, 7)

    def count(facts: Any, merit_reading: bool) -> bool | None:
        ctx = predicates.Ctx(kb, facts, award, 2025, as_of, merit_reading)
        return predicates.initiatives(ctx, params).met

    alone = {reading: count(parse_facts(kb, data), reading) for reading in (True, False)}
    assert alone[True] is not True and alone[False] is True
    for first in (True, False):
        shared = parse_facts(kb, data)
        assert count(shared, first) == alone[first]
        assert count(shared, not first) == alone[not first]
