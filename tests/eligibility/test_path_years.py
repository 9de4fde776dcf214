"""Lộ trình (issue 12 item 8): never a past year, never the award just evaluated for the same
year; a verdict still missing answers shows the questions, not a path to itself."""

from __future__ import annotations

from typing import Any

import pytest

from bot.eligibility import evaluate
from eligibility.case_files import case_entries
from knowledge.loader import KnowledgeBase


def _cases() -> list[Any]:
    return [
        pytest.param(award, facts, case.get("province"), id=case_id)
        for case_id, award, case, facts in case_entries()
        if "error" not in case and "xfail" not in case
    ]


@pytest.mark.parametrize(("award", "facts", "province"), _cases())
def test_the_path_points_forward_and_never_back_to_itself(
    kb: KnowledgeBase, award: str, facts: dict[str, Any], province: str | None
) -> None:
    verdict = evaluate(kb, award, facts, province=province)
    step = verdict.next
    if verdict.verdict == "needs_more_info":
        assert step is None, step
        return
    if step is None:
        return
    floor = max(verdict.evaluation_year, verdict.as_of.year - 1)
    if step.earliest_year is not None:
        assert step.earliest_year >= floor, step
    if step.award == award:
        assert verdict.verdict == "not_eligible"
        assert step.earliest_year is None or step.earliest_year > verdict.evaluation_year, step
    if step.earliest_year is None:  # no path: it says which fact is missing to find one
        assert any(n.key == "no_path_missing" for n in step.needs), step
