"""`wrong_authority`: the proposal is addressed to an authority that does not exist on the day the
dossier is received, or that cannot decide the award proposed (knowledge/authorities/; e.g. no
district chairman from 2025-07-01, the commune chairman decides Chiến sĩ thi đua cơ sở only from
that date — ND 129/2025 Art. 59).

The addressee is read from the manifest's `addressed_to` (an authority id or its name as written)
or the tờ trình component's `addressed_to`. An addressee the data does not know is an `info`
finding (check it by hand), never a guessed error; a power or an end date of low confidence
yields a warning, not an error.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, finding
from bot.text.normalize import fold
from knowledge.common import Confidence
from knowledge.dossier_schema import Severity
from knowledge.schema import Authority


def check_authority(ctx: CheckContext) -> Iterator[Finding]:
    written = _addressed_to(ctx)
    if written is None:
        return
    authorities = ctx.kb.authorities
    authority = _match(written, authorities)
    if authority is None:
        yield finding("wrong_authority", Severity.INFO, component="to_trinh", variant="unknown",
                      written=written)
        return
    for award in ctx.awards():
        if authority.may_decide(award, ctx.as_of):
            continue
        right = [a for a in authorities.values() if a.may_decide(award, ctx.as_of)]
        gone = not authority.applies_on(ctx.as_of)
        cited = authority.end_citation if gone and authority.end_citation else None
        confidence = _confidence(authority, award, ctx.as_of, gone, right)
        severity = Severity.WARNING if confidence is Confidence.LOW else Severity.ERROR
        yield finding(
            "wrong_authority", severity, component="to_trinh",
            citation=cited or (_power_citation(right[0], award, ctx.as_of) if right
                               else authority.citation),
            confidence=confidence, variant="gone" if gone else "no_power",
            extra={"authority": authority.id, "right_authorities": [a.id for a in right]},
            name=authority.name, award_label=ctx.award_label(award), day=ctx.as_of,
            since=authority.effective_to + dt.timedelta(days=1) if authority.effective_to else None,
            right=[a.name for a in right],
        )


def _addressed_to(ctx: CheckContext) -> str | None:
    extra: dict[str, Any] = ctx.manifest.model_extra or {}
    value = extra.get("addressed_to")
    if not value:
        for component in ctx.components_by_type.get("to_trinh", []):
            value = (component.model_extra or {}).get("addressed_to")
            if value:
                break
    return str(value).strip() if value else None


def _match(written: str, authorities: dict[str, Authority]) -> Authority | None:
    if written in authorities:
        return authorities[written]
    folded = fold(written)
    best: tuple[int, Authority] | None = None
    for authority in authorities.values():
        for alias in [authority.name, *authority.aliases]:
            key = fold(alias)
            if key and key in folded and (best is None or len(key) > best[0]):
                best = (len(key), authority)
    return best[1] if best else None


def _confidence(
    authority: Authority, award: str, day: dt.date, gone: bool, right: list[Authority]
) -> Confidence:
    if gone:
        return authority.confidence
    powers = [p for a in right for p in a.powers if p.applies_on(day) and award in p.awards]
    if any(p.confidence is Confidence.LOW for p in powers):
        return Confidence.LOW
    return Confidence.HIGH if powers and all(
        p.confidence is Confidence.HIGH for p in powers) else Confidence.MEDIUM


def _power_citation(authority: Authority, award: str, day: dt.date) -> Any:
    for power in authority.powers:
        if power.applies_on(day) and award in power.awards:
            return power.citation
    return authority.citation
