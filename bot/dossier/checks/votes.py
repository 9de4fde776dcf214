"""Council ballot: the result must be in the dossier and reach the threshold per award."""

from __future__ import annotations

from collections.abc import Iterator

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, finding
from knowledge.common import Confidence
from knowledge.dossier_schema import Severity


def check_votes(ctx: CheckContext) -> Iterator[Finding]:
    council = ctx.manifest.council
    votes = council.votes if council else {}
    votes_unreadable = ctx.is_unknown("council.votes") or ctx.is_unknown("council")
    for award in ctx.awards():
        rule = ctx.kb.vote_for(award, ctx.procedure(), ctx.as_of, ctx.scopes)
        if rule is None:
            continue
        nominees = ctx.nominees_by_award.get(award, [])
        if award == ctx.manifest.award.code:
            nominees = nominees + ctx.nominees_by_award.get(None, [])
        for nominee in nominees:
            vote = votes.get(nominee.id)
            if vote is None or vote.agree is None:
                unknown = votes_unreadable or ctx.is_unknown(f"council.votes.{nominee.id}")
                yield finding(
                    "vote_results_missing", Severity.INFO if unknown else rule.severity,
                    nominee=nominee.id, component="ket_qua_bo_phieu", citation=rule.citation,
                    confidence=rule.confidence, rule=rule.key,
                    variant="unknown" if unknown else "", who=nominee.name,
                    award_label=ctx.award_label(award),
                )
                continue
            threshold = rule.threshold
            if threshold is None or council is None:
                continue
            base = council.total_members if threshold.base == "total_members" else council.present
            if base is None or base == 0:
                yield finding(
                    "vote_results_missing", Severity.INFO, nominee=nominee.id,
                    component="ket_qua_bo_phieu", citation=threshold.citation,
                    confidence=threshold.confidence, rule=rule.key, variant="no_base",
                    who=nominee.name, award_label=ctx.award_label(award), base=threshold.base,
                )
                continue
            ratio = vote.agree / base
            if ratio + 1e-9 >= threshold.min_ratio:
                continue
            severity = (
                Severity.WARNING if threshold.confidence is Confidence.LOW else Severity.ERROR
            )
            yield finding(
                "vote_below_threshold", severity, nominee=nominee.id,
                component="ket_qua_bo_phieu", citation=threshold.citation,
                confidence=threshold.confidence, rule=rule.key,
                extra={"agree": vote.agree, "base": base, "min_ratio": threshold.min_ratio},
                variant="unverified" if threshold.confidence is Confidence.LOW else "",
                who=nominee.name, agree=vote.agree, base_count=base, ratio=ratio,
                min_ratio=threshold.min_ratio, base=threshold.base,
                award_label=ctx.award_label(award),
            )
