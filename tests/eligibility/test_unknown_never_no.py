"""Unknown is never "no" (contracts §2), as properties over every award's cases.

Removing a known fact (a field, a whole list, a whole year) only makes the facts less known: a
verdict that was `eligible` may become `needs_more_info`, never `not_eligible`. And a nominee of
whom only the evaluation year is known is never `not_eligible` for an award that needs earlier
years, when the full history made them eligible. Removing an element from a list that is present
is not "less known" (a present list is complete), so only whole lists are removed.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.eligibility import evaluate
from eligibility.case_files import case_entries
from knowledge.loader import KnowledgeBase, load_knowledge

# Fields whose removal changes what is asked rather than what is known.
STRUCTURAL = {("as_of",), ("evaluation_year",), ("subject", "kind"), ("subject", "province")}
_KB = load_knowledge()


def _eligible_cases() -> list[Any]:
    return [
        pytest.param(award, facts, case.get("province"), id=case_id)
        for case_id, award, case, facts in case_entries()
        if case.get("verdict") == "eligible" and "xfail" not in case
    ]


def _removable(node: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every path whose removal makes a fact unknown: mapping keys, recursively (not list items:
    a present list is complete), and the fields of each `awards` record."""
    paths: list[tuple[str, ...]] = []
    if isinstance(node, dict):
        for key, value in node.items():
            path = (*prefix, str(key))
            if path in STRUCTURAL:
                continue
            if path != ("subject",) and path != ("years",):
                paths.append(path)
            if isinstance(value, dict) and path[:1] != ("award_history",):
                paths.extend(_removable(value, path))
            if path == ("awards",) and isinstance(value, list):
                # The fields of an award record (its basis, its period): an award of unknown
                # basis is read both ways, never as "no" (Decree 152 Art. 4.3).
                for index, record in enumerate(value):
                    if isinstance(record, dict):
                        paths.extend(
                            (*path, str(index), field) for field in record if field != "award"
                        )
    return paths


def _without(facts: dict[str, Any], paths: list[tuple[str, ...]]) -> dict[str, Any]:
    result = copy.deepcopy(facts)
    for path in paths:
        node: Any = result
        for part in path[:-1]:
            if isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if isinstance(node, dict):
            node.pop(path[-1], None)
    return result


def _evaluate(award: str, facts: dict[str, Any], province: str | None) -> str:
    return evaluate(_KB, award, facts, province=province, with_next=False).verdict


@pytest.mark.parametrize(("award", "facts", "province"), _eligible_cases())
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_removing_known_facts_never_makes_eligible_not_eligible(
    award: str, facts: dict[str, Any], province: str | None, data: st.DataObject
) -> None:
    assert _evaluate(award, facts, province) == "eligible"
    candidates = _removable(facts)
    removed = data.draw(st.lists(st.sampled_from(candidates), unique=True, max_size=6))
    reduced = _without(facts, removed)
    assert _evaluate(award, reduced, province) != "not_eligible", removed


@pytest.mark.parametrize(("award", "facts", "province"), _eligible_cases())
def test_each_single_removal_keeps_an_eligible_case_open(
    award: str, facts: dict[str, Any], province: str | None
) -> None:
    """Exhaustive for one removal at a time (cheap, and names the culprit precisely)."""
    for path in _removable(facts):
        reduced = _without(facts, [path])
        assert _evaluate(award, reduced, province) != "not_eligible", path


@pytest.mark.parametrize(("award", "facts", "province"), _eligible_cases())
def test_only_this_year_known_is_never_not_eligible(
    award: str, facts: dict[str, Any], province: str | None, kb: KnowledgeBase
) -> None:
    """The interview's first state: the evaluation year's answers and nothing of the past."""
    year = str(facts.get("evaluation_year") or int(str(facts["as_of"])[:4]) - 1)
    this_year = {
        key: value
        for key, value in facts.items()
        if key not in ("years", "awards", "award_history", "initiatives")
    }
    years = facts.get("years") or {}
    if year in years:
        this_year["years"] = {year: years[year]}
    assert _evaluate(award, this_year, province) != "not_eligible"
