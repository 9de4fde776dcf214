"""One problem is one finding (contracts §3): drop the echoes of a problem already reported.

A discipline that makes a nominee ineligible is a `discipline` finding; the eligibility engine
also fails its "no discipline" criterion, and that `criteria_not_met` is the same problem.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.dossier.findings import Finding
from knowledge.dossier_schema import Severity

DISCIPLINE_CRITERIA = ("discipline",)


def _only_discipline(item: Finding) -> bool:
    criteria = (item.extra or {}).get("criteria") or []
    return bool(criteria) and all(
        any(word in str(c) for word in DISCIPLINE_CRITERIA) for c in criteria)


def one_per_problem(findings: Sequence[Finding]) -> list[Finding]:
    disciplined = {f.nominee for f in findings
                   if f.kind == "discipline" and f.severity is not Severity.INFO}
    return [f for f in findings
            if not (f.kind == "criteria_not_met" and f.nominee in disciplined
                    and _only_discipline(f))]
