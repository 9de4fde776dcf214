"""Each nominee judged once by the eligibility engine, and the route their proposal rests on.

`judge` evaluates every nominee of a dossier with its merged facts (the database's history and
the manifest's facts, `bot.dossier.nominee_facts`); `check_criteria` and the route checks read
the same verdict, so the checker and `/xet` never disagree. `needs_evidence` tells whether the
nominee's route rests on an initiative, a study or a feat whose certificate the dossier must hold:
True (it does), False (it does not, or the nominee is out anyway), None (cannot tell yet).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.dossier.checks import CheckContext
from bot.dossier.history import nominee_facts
from bot.dossier.manifest import ManifestNominee
from bot.dossier.nominee_facts import merged_facts
from bot.errors import TdktError
from knowledge.dossier_schema import ComponentNeed, ComponentRule

ENGINE_ERRORS = (TdktError, ValueError, KeyError, LookupError, TypeError)


@dataclass(frozen=True)
class Judgement:
    """One nominee's verdict (None without facts or engine) or the engine's error type."""

    award: str | None
    facts: dict[str, Any] | None
    verdict: Any = None
    error: str | None = None

    @property
    def outcome(self) -> str | None:
        return text(get(self.verdict, "verdict")) if self.verdict is not None else None


def get(item: Any, name: str, default: Any = None) -> Any:
    if isinstance(item, Mapping):
        return item.get(name, default)
    return getattr(item, name, default)


def text(value: Any) -> str:
    return str(getattr(value, "value", value)) if value is not None else ""


def judgements(ctx: CheckContext) -> dict[str, Judgement]:
    """Each nominee judged once per check (`judge` on first use, kept on the context)."""
    if ctx.judged is None:
        ctx.judged = judge(ctx)
    return ctx.judged


def judge(ctx: CheckContext) -> dict[str, Judgement]:
    """Every nominee's judgement, by nominee id (the engine caches identical fact sets)."""
    out: dict[str, Judgement] = {}
    for nominee in ctx.manifest.nominees:
        out[nominee.id] = _judge_one(ctx, nominee)
    return out


def _judge_one(ctx: CheckContext, nominee: ManifestNominee) -> Judgement:
    award = ctx.manifest.nominee_award(nominee)
    stored = (nominee_facts(ctx.history, nominee.name, nominee.unit)
              if ctx.history is not None else None)
    facts = merged_facts(nominee, stored)
    if facts is not None:
        facts = with_province(ctx, facts)
    if award is None or facts is None or ctx.eligibility is None:
        return Judgement(award, facts)
    try:
        return Judgement(award, facts, ctx.eligibility(award, facts, ctx.as_of))
    except ENGINE_ERRORS as exc:
        return Judgement(award, facts, error=type(exc).__name__)


def needs_evidence(ctx: CheckContext, nominee: ManifestNominee, award: str) -> bool | None:
    """Does the nominee's route rest on a certificate? (see the module docstring)."""
    routes_of = getattr(ctx.eligibility, "routes", None)
    routes = routes_of(award, ctx.as_of, nominee.kind) if callable(routes_of) else None
    if routes is None:
        return None
    if not any(r.needs_evidence for r in routes):
        return False
    if all(r.needs_evidence for r in routes):
        return True
    by_id = {r.id: r.needs_evidence for r in routes}
    stated = _stated_route(nominee, award)
    if stated in by_id:
        return by_id[stated]
    judgement = judgements(ctx).get(nominee.id)
    if judgement is None or judgement.verdict is None:
        return None
    if judgement.outcome == "not_eligible":
        return False  # the nominee is out: `criteria_not_met` says so, not a missing paper
    bases = {text(get(b, "id")): get(b, "met") for b in get(judgement.verdict, "bases", ()) or ()}
    held = [by_id.get(b, True) for b, met in bases.items() if met is True]
    if held:  # a route that already holds decides, whatever else is still unknown
        return all(held)
    possible = [by_id.get(b, True) for b, met in bases.items() if met is not False]
    if possible and all(possible):
        return True
    if not any(possible):
        return False
    return None


def _stated_route(nominee: ManifestNominee, award: str) -> str | None:
    """The route the manifest names for the proposal (`route` of the nominee), if any."""
    route = (nominee.model_extra or {}).get("route")
    return route if isinstance(route, str) else None


def evidence_needs(ctx: CheckContext, award: str) -> tuple[ComponentRule | None,
                                                           list[ComponentNeed]]:
    """The award's component rule and its components that only some routes need (`by_route`),
    looked up once per award and check."""
    found = ctx.evidence_rules.get(award)
    if found is None:
        rule = ctx.kb.components_for(award, ctx.basis(), ctx.procedure(), ctx.as_of, ctx.scopes)
        needs = [need for need in rule.components if need.by_route] if rule is not None else []
        found = ctx.evidence_rules[award] = (rule, needs)
    return found


def lacks(ctx: CheckContext, need: ComponentNeed, nominee: ManifestNominee) -> bool:
    """The manifest shows no component of `need` for `nominee` (a shared copy covers one)."""
    accepted = need.accepted_types()
    if any(ctx.nominee_components.get((t, nominee.id)) for t in accepted):
        return False
    shared = any(ctx.nominee_components.get((t, None)) for t in accepted)
    return not (shared and len(ctx.manifest.nominees) == 1)


def with_province(ctx: CheckContext, facts: Any) -> dict[str, Any]:
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
