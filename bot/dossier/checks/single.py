"""One problem is one finding (contracts §3): drop the echoes of a problem already reported.

A discipline (or an open proceeding) that makes a nominee ineligible is a `discipline` finding;
the eligibility engine also fails its "no discipline" / "no pending proceedings" criterion, and
that `criteria_not_met` is the same problem. Likewise an achievement already rewarded is an
`achievement_already_rewarded` finding, not also the engine's `not_already_rewarded` criterion.
A `criteria_not_met` that names another failed criterion too is kept: it says something more.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.dossier.findings import Finding
from knowledge.dossier_schema import Severity

# Finding kind → words of the engine criterion ids that report the same problem.
SAME_PROBLEM: dict[str, tuple[str, ...]] = {
    "discipline": ("discipline", "pending"),
    "achievement_already_rewarded": ("already_rewarded",),
}
DISCIPLINE_CRITERIA = SAME_PROBLEM["discipline"]


def _covered(item: Finding, words: set[str]) -> bool:
    criteria = (item.extra or {}).get("criteria") or []
    return bool(criteria) and all(any(word in str(c) for word in words) for c in criteria)


def one_per_problem(findings: Sequence[Finding]) -> list[Finding]:
    said: dict[str | None, set[str]] = {}
    for f in findings:
        if f.kind in SAME_PROBLEM and f.severity is not Severity.INFO:
            said.setdefault(f.nominee, set()).update(SAME_PROBLEM[f.kind])
    return [f for f in findings
            if not (f.kind == "criteria_not_met" and f.nominee in said
                    and _covered(f, said[f.nominee]))]
