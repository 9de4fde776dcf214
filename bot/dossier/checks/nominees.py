"""Per-nominee checks: criteria (eligibility engine), discipline, achievement already rewarded,
and đột xuất / chuyên đề results used as the basis of a merit award."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, finding
from bot.dossier.manifest import Nominee, Period, PriorAward
from bot.errors import TdktError
from bot.text.normalize import fold
from knowledge.dossier_schema import Severity


def _get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _text(value: Any) -> str:
    return str(getattr(value, "value", value)) if value is not None else ""


def check_criteria(ctx: CheckContext) -> Iterator[Finding]:
    """Ask the eligibility engine; not_eligible → error, needs_more_info / no facts → info."""
    for nominee in ctx.manifest.nominees:
        award = ctx.manifest.nominee_award(nominee)
        if award is None:
            continue
        label = ctx.award_label(award)
        if ctx.eligibility is None or nominee.facts is None:
            variant = "no_engine" if ctx.eligibility is None else "no_facts"
            yield finding("criteria_unknown", Severity.INFO, nominee=nominee.id,
                          variant=variant, who=nominee.name, award_label=label, missing=[])
            continue
        try:
            verdict = ctx.eligibility(award, _with_province(ctx, nominee.facts), ctx.as_of)
        except (TdktError, ValueError, KeyError, LookupError, TypeError) as exc:
            yield finding("criteria_unknown", Severity.INFO, nominee=nominee.id,
                          variant="engine_error", who=nominee.name, award_label=label,
                          missing=[], extra={"error": type(exc).__name__})
            continue
        yield from _map_verdict(nominee, label, verdict)


def _map_verdict(nominee: Nominee, label: str, verdict: Any) -> Iterator[Finding]:
    outcome = _text(_get(verdict, "verdict"))
    criteria = list(_get(verdict, "criteria", None) or [])
    if outcome == "not_eligible":
        failed = [c for c in criteria if _get(c, "met") is False]
        citations = [_text(_get(c, "citation")) for c in failed if _get(c, "citation")]
        yield finding(
            "criteria_not_met", Severity.ERROR, nominee=nominee.id,
            citation="; ".join(dict.fromkeys(citations)) or None,
            extra={"criteria": [_text(_get(c, "id")) for c in failed]},
            who=nominee.name, award_label=label,
            failed=[_text(_get(c, "text")) or _text(_get(c, "id")) for c in failed],
        )
    elif outcome == "needs_more_info":
        missing = [_text(m) for m in (_get(verdict, "missing", None) or [])]
        yield finding("criteria_unknown", Severity.INFO, nominee=nominee.id,
                      variant="needs_more_info", who=nominee.name, award_label=label,
                      missing=missing)


def _years(period: Period | None) -> tuple[dt.date, dt.date] | None:
    if period is None or period.from_ is None or period.to is None:
        return None
    return period.from_, period.to


def _prior_span(prior: PriorAward) -> tuple[dt.date, dt.date] | None:
    span = _years(prior.achievement_period)
    if span is None and prior.year is not None:
        return dt.date(prior.year, 1, 1), dt.date(prior.year, 12, 31)
    return span


def _priors(ctx: CheckContext, nominee: Nominee) -> list[PriorAward]:
    found: list[PriorAward] = list(nominee.prior_awards or [])
    for raw in (nominee.facts or {}).get("awards", []) or []:
        if isinstance(raw, Mapping):
            period = raw.get("achievement_period")
            if isinstance(period, Mapping):
                period = {"from": period.get("from"), "to": period.get("to")}
            found.append(PriorAward.model_validate({**raw, "achievement_period": period}))
    if ctx.history is not None:
        found.extend(ctx.history.prior_awards(nominee.name, nominee.unit))
    return found


def check_already_rewarded(ctx: CheckContext) -> Iterator[Finding]:
    rule = ctx.kb.first(ctx.kb.already_rewarded, ctx.as_of, ctx.scopes)
    if rule is None:
        return
    forms = ctx.kb.expand(["@forms"])
    for nominee in ctx.manifest.nominees:
        award = ctx.manifest.nominee_award(nominee)
        span = _years(nominee.achievement_period)
        initiatives = {fold(t) for t in nominee.initiatives or [] if fold(t)}
        if award is None or (span is None and not initiatives):
            continue
        for prior in _priors(ctx, nominee):
            if prior.revoked:
                continue
            variant = _overlap_variant(award, prior, span, forms)
            reused = initiatives & {fold(t) for t in _prior_initiatives(prior)}
            if variant is None and reused:
                variant = "initiative"
            if variant is None:
                continue
            yield finding(
                "achievement_already_rewarded",
                Severity.ERROR if variant == "same_award" else Severity.WARNING,
                nominee=nominee.id, citation=rule.citation, confidence=rule.confidence,
                rule=rule.key, variant=variant, who=nominee.name,
                award_label=ctx.award_label(award),
                prior_label=ctx.award_label(prior.award) or (prior.label or ""),
                prior_year=prior.year or "", decision=prior.decision or "",
                initiative=sorted(reused)[0] if reused else "",
            )


def _overlap_variant(
    award: str, prior: PriorAward, span: tuple[dt.date, dt.date] | None, forms: set[str]
) -> str | None:
    prior_span = _prior_span(prior)
    if span is None or prior_span is None or prior.award is None:
        return None
    if not (span[0] <= prior_span[1] and prior_span[0] <= span[1]):
        return None
    if prior.award == award:
        return "same_award"
    if award in forms and prior.award in forms and (prior.basis in (None, "cong_trang")):
        return "other_form"
    return None


def _prior_initiatives(prior: PriorAward) -> Iterable[str]:
    extra = prior.model_extra or {}
    items = extra.get("initiatives") or []
    return [str(i) for i in items] if isinstance(items, list) else []


def check_ineligible_basis(ctx: CheckContext) -> Iterator[Finding]:
    rule = ctx.kb.first(ctx.kb.ineligible_basis, ctx.as_of, ctx.scopes)
    if rule is None or ctx.basis() not in rule.for_bases:
        return
    for nominee in ctx.manifest.nominees:
        for prior in nominee.based_on or []:
            if prior.basis in rule.excluded_bases:
                yield finding(
                    "ineligible_basis", rule.severity, nominee=nominee.id,
                    citation=rule.citation, confidence=rule.confidence, rule=rule.key,
                    variant="", who=nominee.name,
                    prior_label=ctx.award_label(prior.award) or (prior.label or ""),
                    prior_basis=ctx.kb.vocabulary.bases.get(prior.basis or "", prior.basis or ""),
                    prior_year=prior.year or "",
                )


def check_discipline(ctx: CheckContext) -> Iterator[Finding]:
    """Pending discipline/inspection → hold; discipline ending inside the period → recount."""
    rule = ctx.kb.first(ctx.kb.discipline, ctx.as_of, ctx.scopes)
    if rule is None:
        return
    for nominee in ctx.manifest.nominees:
        facts = nominee.facts or {}
        for item in facts.get("pending", []) or []:
            concluded = _get(item, "concluded")
            if concluded is True:
                continue
            yield finding(
                "discipline", Severity.INFO if concluded is None else rule.severity,
                nominee=nominee.id, citation=rule.citation, confidence=rule.confidence,
                rule=rule.key, variant="pending_unknown" if concluded is None else "pending",
                who=nominee.name, pending=_text(_get(item, "type")), ends_on="",
            )
        span = _years(nominee.achievement_period)
        for record in _discipline_records(nominee):
            ends_on = _date(_get(record, "ends_on"))
            estimated = ends_on is None
            if ends_on is None:  # the default term of the person's category on the decision day
                ends_on = _default_end(record, facts)
            if span is None or ends_on is None or ends_on < span[0]:
                continue
            yield finding(
                "discipline", rule.severity, nominee=nominee.id, citation=rule.citation,
                confidence=rule.confidence, rule=rule.key, variant="period",
                who=nominee.name, pending="", ends_on=ends_on, estimated=estimated,
            )


def _default_end(record: Any, facts: Mapping[str, Any]) -> dt.date | None:
    """ND 172/2025 Art. 2.9 and the older terms (knowledge/general/vocabulary.yaml)."""
    from knowledge.discipline_terms import default_end

    decided = _date(_get(record, "decided_on"))
    form = _get(record, "form")
    if decided is None or not isinstance(form, str):
        return None
    subject = facts.get("subject")
    category = _get(subject, "category") if isinstance(subject, Mapping) else None
    return default_end(form, decided, category if isinstance(category, str) else None)


def _discipline_records(nominee: Nominee) -> Iterator[Any]:
    facts = nominee.facts or {}
    years = facts.get("years") or {}
    if isinstance(years, Mapping):
        for data in years.values():
            record = _get(data, "discipline")
            if isinstance(record, Mapping):
                yield record
    own = (nominee.model_extra or {}).get("discipline")
    if isinstance(own, Mapping):
        yield own


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _with_province(ctx: CheckContext, facts: Any) -> dict[str, Any]:
    """The nominee's facts, with the proposing body's province when they name none: the rules of
    the province the dossier comes from apply (issue 11 item 9)."""
    result = dict(facts)
    body = ctx.manifest.proposing_body
    subject = result.get("subject")
    if body is not None and body.province and isinstance(subject, dict | type(None)):
        subject = dict(subject or {})
        subject.setdefault("province", body.province)
        result["subject"] = subject
    return result
