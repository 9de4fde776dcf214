"""Dossier-wide checks: late submission, abolished proposing level, outdated legal bases in the
tờ trình, a high share of leaders among nominees, and quotas."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, finding
from bot.text.normalize import fold
from knowledge.dossier_schema import Severity, StandingDeadline


def check_late(ctx: CheckContext) -> Iterator[Finding]:
    campaign = ctx.manifest.campaign
    rule = ctx.kb.first(ctx.kb.late_submission, ctx.as_of, ctx.scopes)
    if rule is None:
        return
    if ctx.procedure() in rule.exempt_procedures or ctx.basis() in rule.exempt_bases:
        return
    if campaign is None or campaign.deadline is None:
        yield from _check_standing(ctx)
        return
    if campaign.applies_to and ctx.basis() not in campaign.applies_to:
        return
    if ctx.as_of <= campaign.deadline:
        return
    yield finding(
        "late_submission", rule.severity, citation=rule.citation, confidence=rule.confidence,
        rule=rule.key, campaign=campaign.code or "", deadline=campaign.deadline,
        received_on=ctx.as_of, days=(ctx.as_of - campaign.deadline).days,
    )


def _check_standing(ctx: CheckContext) -> Iterator[Finding]:
    """No campaign deadline: the province's standing yearly deadline, if its pack has one
    (e.g. Bắc Ninh: 10/12, education 10/07 — QĐ 86/2025 Art. 6)."""
    standing = standing_deadline(ctx)
    if standing is None:
        return
    rule, deadline = standing
    if ctx.as_of <= deadline:
        return
    yield finding(
        "late_submission", rule.severity, citation=rule.citation, confidence=rule.confidence,
        rule=rule.key, campaign="", standing=True, deadline=deadline, received_on=ctx.as_of,
        days=(ctx.as_of - deadline).days,
    )


def standing_deadline(ctx: CheckContext) -> tuple[StandingDeadline, dt.date] | None:
    """The standing deadline that applies to this dossier and its date, or None."""
    body = ctx.manifest.proposing_body
    sector = body.sector if body is not None else None
    rules = [
        r for r in ctx.kb.in_force(ctx.kb.standing_deadline, ctx.as_of, ctx.scopes)
        if ctx.basis() in r.bases and r.month is not None
    ]
    chosen = [r for r in rules if sector and sector in r.sectors] or [
        r for r in rules if not r.sectors
    ]
    if not chosen:
        return None
    ends = [
        n.achievement_period.to
        for n in ctx.manifest.nominees
        if n.achievement_period is not None and n.achievement_period.to is not None
    ]
    year = max(ends).year if ends else ctx.as_of.year
    deadline = chosen[0].deadline_in(year)
    return (chosen[0], deadline) if deadline is not None else None


def check_quorum(ctx: CheckContext) -> Iterator[Finding]:
    """The proposing council's attendance, where the province sets one (scoped rules)."""
    body, council = ctx.manifest.proposing_body, ctx.manifest.council
    if body is None or body.level is None or council is None:
        return
    total, present = council.total_members, council.present
    if not total or present is None:
        return
    for rule in ctx.kb.in_force(ctx.kb.council_quorum, ctx.as_of, ctx.scopes):
        if body.level not in rule.levels or present / total + 1e-9 >= rule.min_present_ratio:
            continue
        yield finding(
            "council_quorum", rule.severity, component="bien_ban_xet_khen_thuong",
            citation=rule.citation, confidence=rule.confidence, rule=rule.key,
            extra={"present": present, "total": total, "min_ratio": rule.min_present_ratio},
            present=present, total=total, ratio=present / total,
            min_ratio=rule.min_present_ratio,
        )


def check_level(ctx: CheckContext) -> Iterator[Finding]:
    body = ctx.manifest.proposing_body
    if body is None or body.level is None:
        return
    for rule in ctx.kb.in_force(ctx.kb.abolished_levels, ctx.as_of, ctx.scopes):
        if rule.level == body.level:
            yield finding(
                "abolished_level", rule.severity, component="to_trinh", citation=rule.citation,
                confidence=rule.confidence, rule=rule.key, body=body.name or "",
                level_label=ctx.kb.vocabulary.levels.get(body.level, body.level),
                since=rule.effective_from,
            )


def check_legal_bases(ctx: CheckContext) -> Iterator[Finding]:
    rules = ctx.kb.in_force(ctx.kb.outdated_bases, ctx.as_of, ctx.scopes)
    if not rules:
        return
    compiled = [(rule, [re.compile(p) for p in rule.patterns]) for rule in rules]
    for component in ctx.components_by_type.get("to_trinh", []):
        for cited in component.legal_basis or []:
            folded = fold(cited)
            for rule, patterns in compiled:
                if any(p.search(folded) for p in patterns):
                    yield finding(
                        "outdated_legal_basis", rule.severity, component="to_trinh",
                        citation=rule.citation, confidence=rule.confidence, rule=rule.key,
                        extra={"file": component.file} if component.file else None,
                        cited=cited, label=rule.label, replaced_by=rule.replaced_by,
                        since=rule.effective_from,
                    )


def check_leader_share(ctx: CheckContext) -> Iterator[Finding]:
    rule = ctx.kb.first(ctx.kb.leader_share, ctx.as_of, ctx.scopes)
    people = [n for n in ctx.manifest.nominees if n.kind == "individual"]
    if rule is None or len(people) < rule.min_nominees:
        return
    leaders = sum(1 for n in people if n.is_leader is True)
    unknown = sum(1 for n in people if n.is_leader is None)
    total = len(people)
    if leaders / total > rule.max_share:
        severity, variant = rule.severity, ""
    elif unknown and (leaders + unknown) / total > rule.max_share:
        severity, variant = Severity.INFO, "unknown"
    else:
        return
    yield finding(
        "leader_share_high", severity, citation=rule.citation, confidence=rule.confidence,
        rule=rule.key, variant=variant, leaders=leaders, unknown=unknown, total=total,
        share=leaders / total, max_share=rule.max_share,
    )


def check_quotas(ctx: CheckContext) -> Iterator[Finding]:
    stats = ctx.manifest.unit_stats or {}
    for rule in ctx.kb.in_force(ctx.kb.quotas, ctx.as_of, ctx.scopes):
        count = len(ctx.nominees_by_award.get(rule.award, []))
        if rule.award == ctx.manifest.award.code:
            count += len(ctx.nominees_by_award.get(None, []))
        if count == 0:
            continue
        base = stats.get(rule.relative_to)
        if base is None:
            in_dossier = len(ctx.nominees_by_award.get(rule.relative_to, []))
            base = in_dossier or None
        if base is None:
            yield finding(
                "quota_exceeded", Severity.INFO, citation=rule.citation,
                confidence=rule.confidence, rule=rule.key, variant="unknown",
                award_label=ctx.award_label(rule.award), count=count,
                relative_label=ctx.award_label(rule.relative_to), relative_count=0,
                limit=0, max_ratio=rule.max_ratio,
            )
            continue
        limit = math.floor(rule.max_ratio * base + 1e-9)
        if count > limit:
            yield finding(
                "quota_exceeded", rule.severity, citation=rule.citation,
                confidence=rule.confidence, rule=rule.key, variant="",
                award_label=ctx.award_label(rule.award), count=count,
                relative_label=ctx.award_label(rule.relative_to), relative_count=base,
                limit=limit, max_ratio=rule.max_ratio,
            )
