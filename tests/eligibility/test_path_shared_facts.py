"""The lộ trình search shares the nominee's facts instead of copying them (copy on write), parses
only what its assumptions change and judges a hypothetical history once per search. Nothing a
user sees may change: the officer's facts are never altered, and every path equals the one the
plain search gives (each hypothetical history deep-copied, parsed whole, judged every time)."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import pytest

from bot.eligibility import EligibilityError, FactsError, evaluate, next_awards
from bot.eligibility import path as path_module
from bot.eligibility.engine import ELIGIBLE, NOT_ELIGIBLE, judged
from bot.eligibility.path import next_path_step
from eligibility.case_files import case_entries
from knowledge.loader import KnowledgeBase


def _extra_histories() -> list[tuple[str, dict[str, Any], str | None]]:
    """Histories that take the search's fallbacks: a receipt date (the engine reads it from
    the dict), a date object in a year (not marshallable), an impossible year entry, pending
    proceedings, a collective with unknown cluster flags."""
    years = {
        str(y): {"rating": "hoan_thanh_xuat_sac", "titles": ["lao_dong_tien_tien"]}
        for y in range(2019, 2025)
    }
    return [
        ("received_on", {"as_of": "2025-01-15", "received_on": "2024-12-20",
                         "subject": {"kind": "individual"}, "years": copy.deepcopy(years)}, None),
        ("date_in_a_year", {"as_of": "2025-01-15", "subject": {"kind": "individual"},
                            "years": {**copy.deepcopy(years), "2023": {
                                "rating": "hoan_thanh_tot",
                                "discipline": {"form": "khien_trach",
                                               "decided_on": dt.date(2023, 3, 1)}}}}, None),
        ("pending", {"as_of": "2026-03-10", "subject": {"kind": "individual"},
                     "pending": [{"type": "dieu_tra"}],
                     "awards": [{"award": "bang_khen_tinh", "year": 2021,
                                 "basis": "cong_trang"}],
                     "years": copy.deepcopy(years)}, "bac_ninh"),
        ("sparse", {"as_of": "2026-12-07", "subject": {"kind": "individual"},
                    "years": {"2024": {"rating": "hoan_thanh_tot"}, "2025": {}}}, None),
    ]


def _histories() -> list[tuple[str, dict[str, Any], str | None]]:
    cases = [
        (case_id, facts, case.get("province"))
        for n, (case_id, _, case, facts) in enumerate(case_entries())
        if n % 9 == 0 and "error" not in case
    ]
    return cases + _extra_histories()


HISTORIES = _histories()


def _calls(kb: KnowledgeBase, facts: dict[str, Any], province: str | None) -> list[Any]:
    found = []
    for award in kb.awards.values():
        try:
            verdict, parsed, key = judged(kb, award.id, facts, province=province)
        except (EligibilityError, FactsError):  # impossible facts have no path to compare
            continue
        if parsed.subject.kind in award.kinds and verdict.verdict in (ELIGIBLE, NOT_ELIGIBLE):
            found.append((verdict, parsed, key))
    return found


@pytest.fixture
def plain_search(monkeypatch: pytest.MonkeyPatch) -> None:
    """The search as it was: every hypothetical history deep-copied, parsed whole by the
    engine, judged every time (no memo)."""
    hypothetical = path_module._hypothetical

    def deep(plan: Any, year: int, assumptions: Any) -> dict[str, Any]:
        return copy.deepcopy(hypothetical(plan, year, assumptions))

    monkeypatch.setattr(path_module, "_hypothetical", deep)
    monkeypatch.setattr(path_module, "_parsed_hypothetical", lambda plan, year, raw: raw)
    monkeypatch.setattr(path_module, "_effect", lambda assumptions: object())


@pytest.mark.parametrize(("facts", "province"), [pytest.param(f, p, id=i) for i, f, p in HISTORIES])
def test_a_path_search_never_changes_the_nominees_facts(
    kb: KnowledgeBase, facts: dict[str, Any], province: str | None
) -> None:
    before = copy.deepcopy(facts)
    for verdict, parsed, key in _calls(kb, facts, province):
        raw_before = copy.deepcopy(dict(parsed.raw))
        next_path_step(kb, verdict, parsed, key)
        assert dict(parsed.raw) == raw_before
    try:
        next_awards(kb, facts, province=province)
        evaluate(kb, "bang_khen_thu_tuong", facts, province=province)
    except (EligibilityError, FactsError):
        pass  # only whether the facts changed matters here
    assert facts == before


def test_every_path_equals_the_plain_search(
    kb: KnowledgeBase, request: pytest.FixtureRequest
) -> None:
    calls = [c for _, facts, province in HISTORIES for c in _calls(kb, facts, province)]
    assert len(calls) > 30
    fast = [next_path_step(kb, v, p, k) for v, p, k in calls]
    fast_awards = [_safe_next_awards(kb, f, p) for _, f, p in HISTORIES]
    request.getfixturevalue("plain_search")
    plain = [next_path_step(kb, v, p, k) for v, p, k in calls]
    plain_awards = [_safe_next_awards(kb, f, p) for _, f, p in HISTORIES]
    assert [repr(s) for s in fast] == [repr(s) for s in plain]
    assert fast_awards == plain_awards
    assert any(s is not None and s.needs for s in fast)  # paths with needs were compared


def _safe_next_awards(kb: KnowledgeBase, facts: dict[str, Any], province: str | None) -> str:
    try:
        return repr(next_awards(kb, facts, province=province))
    except (EligibilityError, FactsError) as error:  # the same error either way
        return f"{type(error).__name__}: {error}"
