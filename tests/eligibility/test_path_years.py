"""Lộ trình (issue 12 item 8): never a past year, never the award just evaluated for the same
year; a verdict still missing answers shows the questions, not a path to itself."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.eligibility import evaluate
from knowledge.loader import KnowledgeBase

CASES_DIR = Path(__file__).parent.parent / "cases"


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return over


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            if "error" in case or "xfail" in case:
                continue
            base = {} if case.get("without_base") else data.get("base") or {}
            facts = _merge(base, case.get("facts") or {})
            params.append(
                pytest.param(
                    data["award"], facts, case.get("province"), id=f"{path.stem}: {case['name']}"
                )
            )
    return params


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
