"""Runs every scenario of tests/cases/<award>.yaml through the engine (one parametrised test).

A case file has `award`, optional `base` facts, and `cases`, each with a sentence `name`,
`facts` (deep-merged onto `base`, unless `without_base: true`), the expected `verdict`, and
optionally `missing` (exact list),
`criteria` ({id: true/false/null}), `rule_set`, `province`, `unverified` (criterion ids flagged).
"""

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


def _load() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            base = {} if case.get("without_base") else data.get("base") or {}
            facts = _merge(base, case.get("facts") or {})
            params.append(
                pytest.param(data["award"], facts, case, id=f"{path.stem}: {case['name']}")
            )
    return params


@pytest.mark.parametrize(("award", "facts", "case"), _load())
def test_case(kb: KnowledgeBase, award: str, facts: dict[str, Any], case: dict[str, Any]) -> None:
    verdict = evaluate(kb, award, facts, province=case.get("province"), with_next=False)
    met = {c.id: c.met for c in verdict.criteria}
    assert verdict.verdict == case["verdict"], (met, verdict.missing)
    if "missing" in case:
        assert list(verdict.missing) == case["missing"]
    for criterion_id, expected in (case.get("criteria") or {}).items():
        assert met[criterion_id] is expected, criterion_id
    if "rule_set" in case:
        assert verdict.rule_set == case["rule_set"]
    for criterion_id in case.get("unverified") or []:
        assert any(c.unverified for c in verdict.criteria if c.id == criterion_id), criterion_id
