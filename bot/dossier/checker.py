"""The dossier checker: one manifest in, cited findings out (contracts §3).

`check` selects the rules in force on the date the competent body receives the dossier, runs
every check of `bot.dossier.checks` and returns a `CheckResult`. Errors and warnings come only
from what the manifest shows; what it cannot show is an `info` finding saying what to check.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from bot.dossier.checks import CheckContext, EligibilityFn
from bot.dossier.checks.authority import check_authority
from bot.dossier.checks.components import check_components, check_signatures
from bot.dossier.checks.duplicates import check_copied_reports, check_duplicates
from bot.dossier.checks.nominees import (
    check_already_rewarded,
    check_criteria,
    check_discipline,
    check_ineligible_basis,
)
from bot.dossier.checks.proposal import (
    check_late,
    check_leader_share,
    check_legal_bases,
    check_level,
    check_quorum,
    check_quotas,
)
from bot.dossier.checks.required_bases import check_required_bases
from bot.dossier.checks.routes import check_route_evidence
from bot.dossier.checks.single import one_per_problem
from bot.dossier.checks.votes import check_votes
from bot.dossier.findings import CheckResult, Finding, finding, sort_findings
from bot.dossier.gc_pause import gc_paused
from bot.dossier.history import History
from bot.dossier.manifest import Manifest
from knowledge.dossier_schema import DossierKB, Severity

Check = Callable[[CheckContext], Iterable[Finding]]

CHECKS: tuple[Check, ...] = (
    check_components,
    check_route_evidence,
    check_signatures,
    check_votes,
    check_quotas,
    check_duplicates,
    check_already_rewarded,
    check_ineligible_basis,
    check_discipline,
    check_criteria,  # after the checks whose findings it must not repeat (ctx.reported)
    check_late,
    check_quorum,
    check_level,
    check_legal_bases,
    check_leader_share,
    check_copied_reports,
    check_authority,
    check_required_bases,
)


@gc_paused
def check(
    manifest: Manifest,
    kb_dossier: DossierKB,
    as_of: dt.date | None = None,
    eligibility: EligibilityFn | None = None,
    history: History | None = None,
) -> CheckResult:
    """Check a dossier. `as_of` defaults to `manifest.received_on`; the caller supplies one of them.

    `eligibility(award_id, facts, as_of)` returns a verdict shaped like contracts §2 (object or
    dict); without it every nominee gets an `info` finding to check the criteria by hand.
    """
    day = as_of or manifest.received_on
    if day is None:
        only = finding("no_rules", Severity.INFO, variant="no_date")
        return CheckResult((only,), len(manifest.nominees), "unknown")
    ctx = CheckContext(manifest, kb_dossier, day, eligibility, history, manifest.scopes())
    findings: list[Finding] = []
    if manifest.award.code is None and not any(n.award for n in manifest.nominees):
        findings.append(finding("needs_confirmation", Severity.INFO, field="award", file="",
                                detail=""))
    for run in CHECKS:
        findings.extend(run(ctx))
    return CheckResult(sort_findings(one_per_problem(findings)), len(manifest.nominees),
                       kb_dossier.rule_set(day))
