"""Runs every scenario of tests/cases/<award>.yaml through the engine (one parametrised test).

A case file has `award`, optional `base` facts, and `cases`, each with a sentence `name`,
`facts` (deep-merged onto `base`, unless `without_base: true`), the expected `verdict`, and
optionally `missing` (exact list),
`criteria` ({id: true/false/null}), `rule_set`, `province`, `unverified` (criterion ids flagged),
`citations` ({id: text the criterion's citation contains}), `next` (the path step: `null` for
none, or `{award, earliest_year}`; only cases that state it plan the path, which is slow).
Instead of a `verdict`, a case may expect `error` (the `EligibilityError` key, e.g.
`no_rules_on_date`). A case with `xfail: "<reason>"` states the correct answer for an engine bug
not yet fixed; it runs as a strict xfail, so the fix makes it fail until the mark is removed.
"""

from __future__ import annotations

from typing import Any

import pytest

from bot.eligibility import EligibilityError, evaluate
from eligibility.case_files import case_entries
from knowledge.loader import KnowledgeBase


def _load() -> list[Any]:
    params = []
    for case_id, award, case, facts in case_entries():
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if "xfail" in case else []
        params.append(pytest.param(award, facts, case, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize(("award", "facts", "case"), _load())
def test_case(kb: KnowledgeBase, award: str, facts: dict[str, Any], case: dict[str, Any]) -> None:
    if "error" in case:
        with pytest.raises(EligibilityError) as raised:
            evaluate(kb, award, facts, province=case.get("province"), with_next=False)
        assert raised.value.key == case["error"]
        return
    with_next = "next" in case
    verdict = evaluate(kb, award, facts, province=case.get("province"), with_next=with_next)
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
    citations = {c.id: c.citation for c in verdict.criteria}
    for criterion_id, text in (case.get("citations") or {}).items():
        assert text in citations[criterion_id], (criterion_id, citations[criterion_id])
    if with_next:
        step = verdict.next.to_json() if verdict.next else None
        expected = case["next"]
        if expected is None:
            assert step is None, step
        else:
            assert step is not None and {k: step[k] for k in expected} == expected, step
