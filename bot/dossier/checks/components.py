"""Required components per award × basis × procedure, and their signature/certification blocks."""

from __future__ import annotations

from collections.abc import Iterator

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, FindingStamp, finding
from bot.dossier.manifest import Component
from knowledge.dossier_schema import ComponentNeed, ComponentRule, Severity, SignatureRule


def check_components(ctx: CheckContext) -> Iterator[Finding]:
    """One finding per missing component (per dossier, or per nominee for per-nominee parts)."""
    seen_dossier_level: set[frozenset[str]] = set()
    for award in ctx.awards():
        rule = ctx.kb.components_for(award, ctx.basis(), ctx.procedure(), ctx.as_of, ctx.scopes)
        if rule is None:
            yield finding(
                "no_rules", Severity.INFO, variant="components",
                award_label=ctx.award_label(award), date=ctx.as_of,
                procedure=ctx.kb.vocabulary.procedures.get(ctx.procedure(), ctx.procedure()),
                basis=ctx.kb.vocabulary.bases.get(ctx.basis(), ctx.basis()),
            )
            continue
        nominees = ctx.nominees_by_award.get(award, [])
        if award == ctx.manifest.award.code:
            nominees = nominees + ctx.nominees_by_award.get(None, [])
        for need in rule.components:
            if need.by_route:
                continue  # needed on some routes only: `checks.routes`
            accepted = need.accepted_types()
            if not need.per_nominee:
                key = frozenset(accepted)
                if key in seen_dossier_level:
                    continue
                seen_dossier_level.add(key)
                if not any(ctx.components_by_type.get(t) for t in accepted):
                    yield missing_finding(ctx, rule, need, award, None)
                continue
            # A dossier-level copy (no nominee) covers a single-nominee dossier.
            shared = any(ctx.nominee_components.get((t, None)) for t in accepted)
            if shared and len(ctx.manifest.nominees) == 1:
                continue
            covered = {nominee for (kind, nominee), found in ctx.nominee_components.items()
                       if found and kind in accepted}
            stamp: FindingStamp | None = None
            for nominee in nominees:
                if nominee.id in covered:
                    continue
                if stamp is None:  # the texts of the rule's findings, built once
                    stamp = missing_stamp(ctx, rule, need, award)
                yield stamp(nominee.id, ctx.who(nominee.id))


def missing_finding(
    ctx: CheckContext, rule: ComponentRule, need: ComponentNeed, award: str, nominee: str | None
) -> Finding:
    # A manifest whose `components` is null (unknown) cannot show that one is missing.
    severity = Severity.INFO if ctx.is_unknown("components") else need.severity
    return finding(
        "missing_component", severity, nominee=nominee, component=need.type,
        citation=rule.citation, confidence=rule.confidence, rule=rule.key,
        component_label=ctx.component_label(need.type), who=ctx.who(nominee),
        award_label=ctx.award_label(award),
        alternatives=[ctx.component_label(t) for t in need.any_of],
    )


def missing_stamp(ctx: CheckContext, rule: ComponentRule, need: ComponentNeed,
                  award: str) -> FindingStamp:
    """`missing_finding` for any nominee (`who`), its text built once: the findings of a
    need that many nominees lack."""
    # A manifest whose `components` is null (unknown) cannot show that one is missing.
    severity = Severity.INFO if ctx.is_unknown("components") else need.severity
    return FindingStamp(
        "missing_component", severity, component=need.type,
        citation=rule.citation, confidence=rule.confidence, rule=rule.key,
        component_label=ctx.component_label(need.type),
        award_label=ctx.award_label(award),
        alternatives=[ctx.component_label(t) for t in need.any_of],
    )


def check_signatures(ctx: CheckContext) -> Iterator[Finding]:
    """False → error/warning (the manifest shows it unsigned); None → info (could not tell)."""
    rules = ctx.kb.in_force(ctx.kb.signatures, ctx.as_of, ctx.scopes)
    by_type: dict[str, list[SignatureRule]] = {}
    for rule in rules:
        for component_type in rule.component_types:
            by_type.setdefault(component_type, []).append(rule)
    for index, component in enumerate(ctx.manifest.components):
        for rule, need in ((r, n) for r in by_type.get(component.type, []) for n in r.needs):
            value = getattr(component, need.field, None)
            if value is True:
                continue
            unknown = value is None
            severity = Severity.INFO if unknown else need.severity
            yield finding(
                need.kind, severity, nominee=component.nominee, component=component.type,
                citation=rule.citation, confidence=rule.confidence, rule=rule.key,
                extra=_file_extra(component), variant="unknown" if unknown else "",
                role=need.field, component_label=ctx.component_label(component.type),
                who=ctx.who(component.nominee), file=component.file or "",
                position=index + 1,
            )


def _file_extra(component: Component) -> dict[str, str]:
    return {"file": component.file} if component.file else {}
