"""Duplicate nominees (within the dossier and across the campaign) and copied reports.

Names are compared folded (no diacritics). To stay fast on 10,000-row lists, names are blocked by
(family name, given name) — the first and last folded words — and fuzzy-compared only inside a
block: a different middle name or a spacing slip is caught, a typo in the family or given name is
not (those are usually different people anyway).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rapidfuzz import fuzz, process

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, finding
from bot.dossier.history import CampaignEntry
from bot.dossier.manifest import Nominee
from bot.text.normalize import fold
from knowledge.dossier_schema import Severity, SimilarityRule


def _block(folded: str) -> tuple[str, str]:
    words = folded.split()
    return (words[0], words[-1]) if words else ("", "")


def _same_person(a_dob: object, b_dob: object) -> bool | None:
    if a_dob is None or b_dob is None:
        return None
    return a_dob == b_dob


def _severity(rule: SimilarityRule, exact: bool, same_dob: bool | None,
              units_differ: bool) -> Severity | None:
    if same_dob is False:
        return None
    if exact and same_dob:
        return Severity.ERROR
    if units_differ:
        return Severity.INFO if exact else None
    return rule.severity


def check_duplicates(ctx: CheckContext) -> Iterator[Finding]:
    rule = ctx.kb.first(ctx.kb.duplicate_nominee, ctx.as_of, ctx.scopes)
    if rule is None:
        return
    folded = [(n, fold(n.name)) for n in ctx.manifest.nominees]
    blocks: dict[tuple[str, str], list[tuple[Nominee, str]]] = defaultdict(list)
    for nominee, name in folded:
        if name:
            blocks[_block(name)].append((nominee, name))
    for members in blocks.values():
        for i in range(1, len(members)):
            nominee, name = members[i]
            earlier = [m[1] for m in members[:i]]
            hits = process.extract(name, earlier, scorer=fuzz.ratio,
                                   score_cutoff=rule.min_score, limit=None)
            for _, score, index in hits:
                other = members[index][0]
                if ctx.manifest.nominee_award(other) != ctx.manifest.nominee_award(nominee):
                    continue
                severity = _severity(rule, name == members[index][1],
                                     _same_person(nominee.birth_date, other.birth_date),
                                     _units_differ(nominee.unit, other.unit))
                if severity is None:
                    continue
                yield finding(
                    "duplicate_nominee", severity, nominee=nominee.id, citation=rule.citation,
                    confidence=rule.confidence, rule=rule.key,
                    extra={"other": other.id, "score": round(score, 1)},
                    variant="dossier", who=nominee.name, other=other.name, other_ref=other.id,
                )
                break
    yield from _across_campaign(ctx, rule, blocks)


def _units_differ(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a) != fold(b)


def _across_campaign(
    ctx: CheckContext, rule: SimilarityRule,
    blocks: dict[tuple[str, str], list[tuple[Nominee, str]]],
) -> Iterator[Finding]:
    campaign = ctx.manifest.campaign
    if ctx.history is None or campaign is None or campaign.code is None:
        return
    own_code = (ctx.manifest.model_extra or {}).get("code")
    known: dict[tuple[str, str], list[tuple[str, CampaignEntry]]] = defaultdict(list)
    for entry in ctx.history.campaign_nominees(campaign.code):
        if own_code is not None and entry.dossier == own_code:
            continue
        name = fold(entry.name)
        known[_block(name)].append((name, entry))
    for key, members in blocks.items():
        candidates = known.get(key)
        if not candidates:
            continue
        names = [c[0] for c in candidates]
        for nominee, name in members:
            for _, score, index in process.extract(name, names, scorer=fuzz.ratio,
                                                   score_cutoff=rule.min_score, limit=None):
                entry = candidates[index][1]
                award = getattr(entry, "award", None)
                if award is not None and award != ctx.manifest.nominee_award(nominee):
                    continue
                severity = _severity(rule, name == names[index],
                                     _same_person(nominee.birth_date,
                                                  getattr(entry, "birth_date", None)),
                                     _units_differ(nominee.unit, getattr(entry, "unit", None)))
                if severity is None:
                    continue
                yield finding(
                    "duplicate_nominee", severity, nominee=nominee.id, citation=rule.citation,
                    confidence=rule.confidence, rule=rule.key,
                    extra={"other_dossier": getattr(entry, "dossier", None),
                           "score": round(score, 1)},
                    variant="campaign", who=nominee.name, other=getattr(entry, "name", ""),
                    other_ref=getattr(entry, "dossier", ""),
                )
                break


def check_copied_reports(ctx: CheckContext) -> Iterator[Finding]:
    rule = ctx.kb.first(ctx.kb.copied_report, ctx.as_of, ctx.scopes)
    if rule is None:
        return
    texts = [(n, fold(n.report_text)) for n in ctx.manifest.nominees if n.report_text]
    texts = [(n, t) for n, t in texts if len(t) >= rule.min_chars]
    for i in range(1, len(texts)):
        nominee, text = texts[i]
        for j in range(i):
            other, other_text = texts[j]
            score = fuzz.ratio(text, other_text, score_cutoff=rule.min_score)
            if score:
                yield finding(
                    "copied_report", rule.severity, nominee=nominee.id,
                    component="bao_cao_thanh_tich", citation=rule.citation,
                    confidence=rule.confidence, rule=rule.key,
                    extra={"other": other.id, "score": round(score, 1)},
                    who=nominee.name, other=other.name, score=round(score),
                )
                break
