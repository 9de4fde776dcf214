"""Duplicate nominees (within the dossier and across the campaign) and copied reports.

Names are compared folded (no diacritics). Names are blocked by (family name, given name) — the
first and last folded words — and fuzzy-compared only inside a block: a different middle name or
a spacing slip is caught, a typo in the family or given name is not (those are usually different
people anyway).

The check stays near-linear on hostile lists (20,000 look-alike names in one block): identical
folded names are matched through a dictionary first (`exact` below, O(1) per nominee), and the
fuzzy comparison runs over the block's *distinct* names, at most `FUZZY_WINDOW` of them per
nominee. A normal dossier's blocks are far smaller than the window, so there every earlier name
is still compared, as before.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, build_finding, finding
from bot.dossier.history import CampaignEntry
from bot.dossier.manifest import ManifestNominee
from bot.text.normalize import fold
from knowledge.dossier_schema import Severity, SimilarityRule

# Distinct earlier names of one block a name is fuzzy-compared with (the most recent ones), and
# earlier people with one same name examined for a fuzzy hit. Blocks of a real dossier hold a
# handful of names; only look-alike lists reach these caps.
FUZZY_WINDOW = 100
MEMBERS_PER_NAME = 50


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


@dataclass(slots=True)
class _Person:
    """One earlier person a name can be matched with (a nominee, or a campaign entry)."""

    index: int
    award: str | None
    birth_date: Any
    unit: str | None
    payload: Any


@dataclass
class _Block:
    """The earlier people of one (family, given) block, by distinct folded name."""

    names: list[str] = field(default_factory=list)  # distinct, in order of first appearance
    people: dict[str, list[_Person]] = field(default_factory=dict)
    # Exact-name index: (name, award) → first person with no birth date, first by birth date.
    no_dob: dict[tuple[str, str | None], _Person] = field(default_factory=dict)
    by_dob: dict[tuple[str, str | None, Any], _Person] = field(default_factory=dict)
    any_dob: dict[tuple[str, str | None], _Person] = field(default_factory=dict)

    def add(self, name: str, person: _Person) -> None:
        members = self.people.get(name)
        if members is None:
            members = self.people[name] = []
            self.names.append(name)
        members.append(person)
        key = (name, person.award)
        self.any_dob.setdefault(key, person)
        if person.birth_date is None:
            self.no_dob.setdefault(key, person)
        else:
            self.by_dob.setdefault((name, person.award, person.birth_date), person)


def _exact(block: _Block, name: str, award: str | None, dob: Any,
           awards_match: bool) -> list[_Person]:
    """Earlier people with the same folded name whose birth date does not rule them out.

    With `awards_match` only people proposed for the same award count (the dictionary lookup
    keeps this O(1)); otherwise every person with that name is a candidate, in order.
    """
    if not awards_match:
        return block.people.get(name, [])[:MEMBERS_PER_NAME]
    if dob is None:
        first = block.any_dob.get((name, award))
        return [first] if first else []
    first = block.no_dob.get((name, award))
    dated = block.by_dob.get((name, award, dob))
    if first is None:
        return [dated] if dated is not None else []
    if dated is None:
        return [first]
    return [first, dated] if first.index <= dated.index else [dated, first]


def _fuzzy_hits(block: _Block, name: str, min_score: float) -> list[tuple[str, float]]:
    """Distinct earlier names scoring at least `min_score`, best first (ties: earliest first)."""
    if not block.names:
        return []
    names = block.names
    window = names if len(names) <= FUZZY_WINDOW else names[-FUZZY_WINDOW:]
    hits = process.extract(name, window, scorer=fuzz.ratio, score_cutoff=min_score, limit=None)
    if not hits:
        return []
    ranked = sorted(((choice, score, block.people[choice][0].index)
                     for choice, score, _ in hits if choice != name),
                    key=lambda h: (-h[1], h[2]))
    return [(choice, score) for choice, score, _ in ranked]


def _match(rule: SimilarityRule, block: _Block, name: str, award: str | None, dob: Any,
           unit: str | None, awards_match: bool) -> tuple[_Person, float, Severity] | None:
    """The best earlier person this name duplicates, with its score and severity."""
    for person in _exact(block, name, award, dob, awards_match):
        if awards_match and person.award != award:
            continue
        if not awards_match and person.award is not None and person.award != award:
            continue
        severity = _severity(rule, True, _same_person(dob, person.birth_date),
                             _units_differ(unit, person.unit))
        if severity is not None:
            return person, 100.0, severity
    best: tuple[_Person, float, Severity] | None = None
    for choice, score in _fuzzy_hits(block, name, rule.min_score):
        if best is not None and score < best[1]:
            break
        for person in block.people[choice][:MEMBERS_PER_NAME]:
            if awards_match and person.award != award:
                continue
            if not awards_match and person.award is not None and person.award != award:
                continue
            severity = _severity(rule, False, _same_person(dob, person.birth_date),
                                 _units_differ(unit, person.unit))
            if severity is None:
                continue
            if best is None or person.index < best[0].index:
                best = (person, score, severity)
            break
    return best


def check_duplicates(ctx: CheckContext) -> Iterator[Finding]:
    rule = ctx.kb.first(ctx.kb.duplicate_nominee, ctx.as_of, ctx.scopes)
    if rule is None:
        return
    manifest = ctx.manifest
    texts = _Texts(rule)
    blocks: dict[tuple[str, str], _Block] = defaultdict(_Block)
    mine: dict[tuple[str, str], list[tuple[ManifestNominee, str]]] = defaultdict(list)
    own_award = manifest.award.code
    for index, nominee in enumerate(manifest.nominees):
        name = fold(nominee.name)
        if not name:
            continue
        key = _block(name)
        award = nominee.award or own_award  # `manifest.nominee_award`
        block = blocks[key]
        hit = _match(rule, block, name, award, nominee.birth_date, nominee.unit, True)
        if hit is not None:
            other, score, severity = hit
            yield texts.finding(severity, nominee.id, nominee.name, other.payload.name,
                                other.payload.id,
                                {"other": other.payload.id, "score": round(score, 1)})
        block.add(name, _Person(index, award, nominee.birth_date, nominee.unit, nominee))
        mine[key].append((nominee, name))
    yield from _across_campaign(ctx, rule, mine)


class _Texts:
    """Dossier duplicate findings; the message is rendered once per (who, other) wording.

    A look-alike list repeats the same pair thousands of times; rendering the template is the
    costliest step left once matching is near-linear."""

    def __init__(self, rule: SimilarityRule) -> None:
        self.rule = rule
        self.cache: dict[tuple[Severity, str, str, str], Finding] = {}

    def finding(self, severity: Severity, nominee: str, who: str, other: str, other_ref: str,
                extra: dict[str, Any]) -> Finding:
        key = (severity, who, other, other_ref)
        template = self.cache.get(key)
        if template is None:
            rule = self.rule
            template = self.cache[key] = finding(
                "duplicate_nominee", severity, citation=rule.citation,
                confidence=rule.confidence, rule=rule.key, variant="dossier", who=who,
                other=other, other_ref=other_ref)
        return build_finding(template.kind, template.severity, template.message, template.fix,
                             template.citation, nominee, template.component,
                             {**extra, **template.extra})


def _units_differ(a: str | None, b: str | None) -> bool:
    return a is not None and b is not None and fold(a) != fold(b)


def _across_campaign(
    ctx: CheckContext, rule: SimilarityRule,
    blocks: dict[tuple[str, str], list[tuple[ManifestNominee, str]]],
) -> Iterator[Finding]:
    campaign = ctx.manifest.campaign
    if ctx.history is None or campaign is None or campaign.code is None:
        return
    own_code = (ctx.manifest.model_extra or {}).get("code")
    known: dict[tuple[str, str], _Block] = defaultdict(_Block)
    for index, entry in enumerate(ctx.history.campaign_nominees(campaign.code)):
        if own_code is not None and entry.dossier == own_code:
            continue
        name = fold(entry.name)
        known[_block(name)].add(name, _campaign_person(index, entry))
    for key, members in blocks.items():
        candidates = known.get(key)
        if candidates is None:
            continue
        for nominee, name in members:
            hit = _match(rule, candidates, name, ctx.manifest.nominee_award(nominee),
                         nominee.birth_date, nominee.unit, False)
            if hit is None:
                continue
            person, score, severity = hit
            entry = person.payload
            yield finding(
                "duplicate_nominee", severity, nominee=nominee.id, citation=rule.citation,
                confidence=rule.confidence, rule=rule.key,
                extra={"other_dossier": getattr(entry, "dossier", None),
                       "score": round(score, 1)},
                variant="campaign", who=nominee.name, other=getattr(entry, "name", ""),
                other_ref=getattr(entry, "dossier", ""),
            )


def _campaign_person(index: int, entry: CampaignEntry) -> _Person:
    return _Person(index, getattr(entry, "award", None), getattr(entry, "birth_date", None),
                   getattr(entry, "unit", None), entry)


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
