"""Per-nominee checks: criteria (eligibility engine), discipline, achievement already rewarded,
and đột xuất / chuyên đề results used as the basis of a merit award."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from bot.dossier.checks import CheckContext
from bot.dossier.checks.judge import evidence_needs, judgements, lacks, needs_evidence
from bot.dossier.findings import Finding, FindingStamp, finding
from bot.dossier.manifest import ManifestNominee, Period, PriorAward
from bot.text.normalize import fold
from knowledge.discipline_terms import default_end
from knowledge.dossier_schema import DossierKB, Severity


def _get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def _text(value: Any) -> str:
    return str(getattr(value, "value", value)) if value is not None else ""


def check_criteria(ctx: CheckContext) -> Iterator[Finding]:
    """The engine's verdict on each nominee (`judgements(ctx)`, one run per fact set):
    not_eligible → error, needs_more_info / no facts → info naming what to check."""
    judged = judgements(ctx)
    labels: dict[str, str] = {}
    stamps: dict[tuple[Any, ...], FindingStamp] = {}
    # Nominees with identical facts share one verdict object (the engine runs once per fact
    # set): what is read from a verdict is read once per verdict, by its id while it lives.
    unmet: dict[tuple[int, str], tuple[FindingStamp, list[str]]] = {}
    needs: dict[tuple[int, str], tuple[list[str], Any]] = {}
    for nominee in ctx.manifest.nominees:
        judgement = judged[nominee.id]
        award = judgement.award
        if award is None:
            continue
        label = labels.get(award)
        if label is None:
            label = labels[award] = ctx.award_label(award)
        outcome = judgement.outcome
        if outcome == "not_eligible":
            said = ctx.reported.get(nominee.id, set())
            if said:
                item = _not_met(nominee, label, judgement.verdict, said)
                if item is not None:
                    yield item
                continue
            made = unmet.get((id(judgement.verdict), label))
            if made is None:
                failed = _failed(judgement.verdict, said)
                made = unmet[(id(judgement.verdict), label)] = (FindingStamp(
                    "criteria_not_met", Severity.ERROR, citation=_citations(failed),
                    award_label=label, failed=_failed_texts(failed)), _criteria_ids(failed))
            yield made[0](nominee.id, nominee.name, {"criteria": list(made[1])})
            continue
        if outcome == "eligible":
            continue
        missing: list[str] = []
        asked: list[str] = []
        extra: dict[str, Any] | None = None
        if ctx.eligibility is None or judgement.facts is None:
            variant = "no_engine" if ctx.eligibility is None else "no_facts"
        elif judgement.error is not None:
            variant, extra = "engine_error", {"error": judgement.error}
        else:
            variant = "needs_more_info"
            known = needs.get((id(judgement.verdict), nominee.kind))
            if known is None:
                verdict = judgement.verdict
                ask = getattr(ctx.eligibility, "questions", None)
                known = needs[(id(verdict), nominee.kind)] = (
                    [_text(m) for m in (_get(verdict, "missing", None) or [])],
                    ask(verdict, nominee.kind)[:3] if callable(ask) else [])
            missing, asked = known[0][:], known[1][:]  # each finding its own lists
            extra = {"missing": missing}  # the fact ids, for programs; the officer reads questions
        shown = asked or missing
        evidence = _evidence_hint(ctx, nominee, award)
        if not all(type(item) is str for item in shown):
            yield finding("criteria_unknown", Severity.INFO, nominee=nominee.id,
                          variant=variant, who=nominee.name, award_label=label, missing=shown,
                          extra=extra, questions=bool(asked), evidence=evidence)
            continue
        # Nominees sharing a wording share its text, built once (`FindingStamp`).
        key = (variant, label, tuple(shown), bool(asked), evidence)
        stamp = stamps.get(key)
        if stamp is None:
            stamp = stamps[key] = FindingStamp(
                "criteria_unknown", Severity.INFO, variant=variant, award_label=label,
                missing=shown, questions=bool(asked), evidence=evidence)
        yield stamp(nominee.id, nominee.name, extra)


def _evidence_hint(ctx: CheckContext, nominee: ManifestNominee, award: str) -> str:
    """The certificate the nominee lacks if their route turns out to rest on it, else ""."""
    _, needs = evidence_needs(ctx, award)
    for need in needs:
        if lacks(ctx, need, nominee) and needs_evidence(ctx, nominee, award) is None:
            return ctx.component_label(need.type)
    return ""


def _not_met(nominee: ManifestNominee, label: str, verdict: Any, said: set[str]) -> Finding | None:
    """The failed criteria not already reported by another finding (None when none is left)."""
    failed = _failed(verdict, said)
    if said and not failed:
        return None
    return finding(
        "criteria_not_met", Severity.ERROR, nominee=nominee.id, citation=_citations(failed),
        extra={"criteria": _criteria_ids(failed)}, who=nominee.name, award_label=label,
        failed=_failed_texts(failed),
    )


def _failed(verdict: Any, said: set[str]) -> list[Any]:
    """The verdict's failed criteria, less those another finding reported (`said`)."""
    criteria = list(_get(verdict, "criteria", None) or [])
    # A basis that holds makes the other bases' failures irrelevant: only the conditions failed.
    held = any(_get(b, "met") is True for b in _get(verdict, "bases", None) or [])
    failed = [c for c in criteria if _get(c, "met") is False
              and not (held and _get(c, "basis") is not None)]
    if said:
        failed = [c for c in failed if not any(w in _text(_get(c, "id")) for w in said)]
    return failed


def _citations(failed: list[Any]) -> str | None:
    citations = [_text(_get(c, "citation")) for c in failed if _get(c, "citation")]
    return "; ".join(dict.fromkeys(citations)) or None


def _criteria_ids(failed: list[Any]) -> list[str]:
    return [_text(_get(c, "id")) for c in failed]


def _failed_texts(failed: list[Any]) -> list[str]:
    return [_text(_get(c, "text")) or _text(_get(c, "id")) for c in failed]


def _years(period: Period | None) -> tuple[dt.date, dt.date] | None:
    if period is None or period.from_ is None or period.to is None:
        return None
    return period.from_, period.to


def _prior_span(prior: PriorAward) -> tuple[dt.date, dt.date] | None:
    span = _years(prior.achievement_period)
    if span is None and prior.year is not None:
        return dt.date(prior.year, 1, 1), dt.date(prior.year, 12, 31)
    return span


def _priors(ctx: CheckContext, nominee: ManifestNominee) -> list[PriorAward]:
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
    """One achievement, one reward (Law 06/2022 Art. 5.2): the same award, another merit form
    or the same initiative already rewarded for the period (or in the same campaign) is an error;
    a prior form whose basis is not known is a warning (it may reward another achievement)."""
    rule = ctx.kb.first(ctx.kb.already_rewarded, ctx.as_of, ctx.scopes)
    if rule is None:
        return
    forms = ctx.kb.expand(["@forms"])
    campaign = ctx.manifest.campaign.code if ctx.manifest.campaign else None
    for nominee in ctx.manifest.nominees:
        award = ctx.manifest.nominee_award(nominee)
        span = _years(nominee.achievement_period)
        if award is None or (span is None and not nominee.initiatives and campaign is None):
            continue
        priors = [p for p in _priors(ctx, nominee) if not p.revoked]
        if not priors:
            continue
        initiatives = {fold(t) for t in nominee.initiatives or [] if fold(t)}
        for prior in priors:
            found = _overlap_variant(award, prior, span, forms, ctx.basis(), campaign)
            reused: set[str] = set()
            if found is None and initiatives:
                reused = initiatives & {fold(t) for t in _prior_initiatives(prior)}
                found = _reuse_variant(award, prior, forms) if reused else None
            if found is None:
                continue
            variant, severity = found
            if severity is not Severity.INFO:
                ctx.report(nominee.id, "achievement_already_rewarded")
            yield finding(
                "achievement_already_rewarded", severity,
                nominee=nominee.id, citation=rule.citation, confidence=rule.confidence,
                rule=rule.key, variant=variant, who=nominee.name,
                award_label=ctx.award_label(award),
                prior_label=ctx.award_label(prior.award) or (prior.label or ""),
                prior_year=prior.year or "", decision=prior.decision or "",
                initiative=sorted(reused)[0] if reused else "",
            )


def _overlap_variant(
    award: str, prior: PriorAward, span: tuple[dt.date, dt.date] | None, forms: set[str],
    basis: str, campaign: str | None,
) -> tuple[str, Severity] | None:
    if prior.award is None:
        return None
    if award in forms and prior.basis is not None and prior.basis != basis:
        return None  # a thematic or sudden award rewards another achievement
    prior_campaign = (prior.model_extra or {}).get("campaign")
    if campaign is not None and prior.award == award and prior_campaign == campaign:
        return "same_award", Severity.ERROR
    prior_span = _prior_span(prior)
    if span is None or prior_span is None:
        return None
    if not (span[0] <= prior_span[1] and prior_span[0] <= span[1]):
        return None
    if prior.award == award:
        return "same_award", Severity.ERROR
    if award in forms and prior.award in forms:
        return "other_form", Severity.ERROR if prior.basis is not None else Severity.WARNING
    return None


def _reuse_variant(award: str, prior: PriorAward, forms: set[str]) -> tuple[str, Severity] | None:
    """An initiative grounds one title and one form at most: reused across the two kinds (or
    for the same award) it is an error; a title's initiatives count again for a higher title,
    as the eligibility engine counts them (CV 5007/BNV-TĐKT §III.5.c)."""
    if prior.award is None:
        return "initiative", Severity.WARNING
    if prior.award == award or ((award in forms) != (prior.award in forms)):
        return "initiative", Severity.ERROR
    return None


def _prior_initiatives(prior: PriorAward) -> Iterable[str]:
    extra = prior.model_extra or {}
    items = extra.get("initiatives") or []
    return [str(i) for i in items] if isinstance(items, list) else []


def check_ineligible_basis(ctx: CheckContext) -> Iterator[Finding]:
    """A đột xuất or chuyên đề award cited as the basis of a công trạng proposal (ND 152/2025
    Art. 4.3). A cited award whose basis the manifest omits takes it from the nominee's history
    (same award and year)."""
    rule = ctx.kb.first(ctx.kb.ineligible_basis, ctx.as_of, ctx.scopes)
    if rule is None or ctx.basis() not in rule.for_bases:
        return
    for nominee in ctx.manifest.nominees:
        cited = nominee.based_on or []
        if not cited:
            continue
        known: list[PriorAward] | None = None
        for prior in cited:
            basis = prior.basis
            if basis is None and prior.award is not None:
                known = _priors(ctx, nominee) if known is None else known
                basis = next((p.basis for p in known if p.award == prior.award
                              and p.year == prior.year and p.basis), None)
            if basis in rule.excluded_bases:
                yield finding(
                    "ineligible_basis", rule.severity, nominee=nominee.id,
                    citation=rule.citation, confidence=rule.confidence, rule=rule.key,
                    variant="", who=nominee.name,
                    prior_label=ctx.award_label(prior.award) or (prior.label or ""),
                    prior_basis=ctx.kb.vocabulary.bases.get(basis or "", basis or ""),
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
            if concluded is not None:
                ctx.report(nominee.id, "discipline")
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
                ends_on = _default_end(record, facts, ctx.kb)
            if span is None or ends_on is None or ends_on < span[0]:
                continue
            ctx.report(nominee.id, "discipline")
            yield finding(
                "discipline", rule.severity, nominee=nominee.id, citation=rule.citation,
                confidence=rule.confidence, rule=rule.key, variant="period",
                who=nominee.name, pending="", ends_on=ends_on, estimated=estimated,
            )


def _default_end(record: Any, facts: Mapping[str, Any], kb: DossierKB) -> dt.date | None:
    """ND 172/2025 Art. 2.9 and the older terms (the shared `discipline_terms`)."""
    decided = _date(_get(record, "decided_on"))
    form = _get(record, "form")
    if decided is None or not isinstance(form, str):
        return None
    subject = facts.get("subject")
    category = _get(subject, "category") if isinstance(subject, Mapping) else None
    return default_end(kb.discipline_terms, form, decided,
                       category if isinstance(category, str) else None)


def _discipline_records(nominee: ManifestNominee) -> Iterator[Any]:
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

