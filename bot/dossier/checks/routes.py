"""Certificates a nominee's route rests on (Law 06/2022 Art. 84.1.d; B15).

A component marked `by_route` (the certificate of an initiative, a study or a feat) is needed
only when the route the eligibility engine finds for the nominee rests on it. When the route is
not known yet, the nominee's `criteria_unknown` finding says so (one problem, one finding).
"""

from __future__ import annotations

from collections.abc import Iterator

from bot.dossier.checks import CheckContext
from bot.dossier.checks.components import missing_finding
from bot.dossier.checks.judge import evidence_needs, lacks, needs_evidence
from bot.dossier.findings import Finding


def check_route_evidence(ctx: CheckContext) -> Iterator[Finding]:
    for award in ctx.awards():
        rule, needs = evidence_needs(ctx, award)
        if rule is None or not needs:
            continue
        nominees = ctx.nominees_by_award.get(award, [])
        if award == ctx.manifest.award.code:
            nominees = nominees + ctx.nominees_by_award.get(None, [])
        for nominee in nominees:
            for need in needs:
                if lacks(ctx, need, nominee) and needs_evidence(ctx, nominee, award) is True:
                    yield missing_finding(ctx, rule, need, award, nominee.id)
