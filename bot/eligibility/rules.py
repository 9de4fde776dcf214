"""Select the criteria that apply: by consideration date, subject kind and province pack.

The national version of an award in force on `as_of` is taken from `knowledge/criteria/`, the
criteria dated inside it are filtered to those in force, the common conditions (`_common.yaml`)
are prepended, and the province pack's overrides in force are applied (remove, patch params,
add conditions, replace bases). The result is cached: it depends only on (award, day, province).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.text.normalize import fold
from knowledge.common import Citation, Confidence
from knowledge.loader import KnowledgeBase
from knowledge.schema import Basis, CriteriaVersion, Criterion, Override, ProvincePack, RuleSet


class EligibilityError(Exception):
    """A request the engine cannot answer; `key` selects the template (`unknown_award`, …)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


@dataclass(frozen=True)
class AppliedRules:
    """The criteria of one award on one day for one province, ready to evaluate."""

    award_id: str
    rule_set: RuleSet
    version: CriteriaVersion
    conditions: tuple[Criterion, ...]
    bases: tuple[Basis, ...]
    province: ProvincePack | None
    overrides: tuple[Override, ...]


_CACHE: dict[tuple[int, str, dt.date, str | None], AppliedRules] = {}
_CACHE_LIMIT = 4096


def find_province(kb: KnowledgeBase, name: str | None) -> ProvincePack | None:
    """A province pack by id, name or alias (diacritics and case ignored)."""
    if not name:
        return None
    if name in kb.provinces:
        return kb.provinces[name]
    wanted = fold(name)
    for pack in kb.provinces.values():
        if wanted in {
            fold(pack.province.replace("_", " ")),
            fold(pack.name),
            *map(fold, pack.aliases),
        }:
            return pack
    return None


def applied_rules(
    kb: KnowledgeBase, award_id: str, day: dt.date, province: str | None = None
) -> AppliedRules:
    key = (id(kb), award_id, day, province)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    rules = _build(kb, award_id, day, province)
    if len(_CACHE) >= _CACHE_LIMIT:
        _CACHE.clear()
    _CACHE[key] = rules
    return rules


def _in_force(criteria: list[Criterion], version: CriteriaVersion, day: dt.date) -> list[Criterion]:
    result = []
    for criterion in criteria:
        start = criterion.effective_from or version.effective_from
        end = criterion.effective_to or version.effective_to
        if start <= day and (end is None or day <= end):
            result.append(criterion)
    return result


def _build(kb: KnowledgeBase, award_id: str, day: dt.date, province: str | None) -> AppliedRules:
    if award_id not in kb.awards:
        raise EligibilityError("unknown_award", award=award_id)
    rule_set = kb.rule_set_on(day)
    version = kb.criteria_on(award_id, day)
    if rule_set is None or version is None:
        raise EligibilityError("no_rules_on_date", award=award_id, day=day.isoformat())
    common = kb.common_on(day)
    conditions = _in_force(list(common.conditions), common, day) if common else []
    conditions += _in_force(list(version.conditions), version, day)
    bases = [
        b.model_copy(update={"criteria": _in_force(list(b.criteria), version, day)})
        for b in version.bases
    ]
    pack = find_province(kb, province)
    applied: list[Override] = []
    if pack is not None:
        for override in pack.overrides:
            if override.award == award_id and override.applies_on(day):
                conditions, bases = _apply(override, conditions, bases)
                applied.append(override)
    return AppliedRules(
        award_id, rule_set, version, tuple(conditions), tuple(bases), pack, tuple(applied)
    )


def _apply(
    override: Override, conditions: list[Criterion], bases: list[Basis]
) -> tuple[list[Criterion], list[Basis]]:
    removed = set(override.remove)

    def patch(criterion: Criterion) -> Criterion:
        if criterion.id != override.criterion:
            return criterion
        update: dict[str, object] = {
            "params": {**criterion.params, **override.params},
            "citation": override.citation,
            "confidence": override.confidence,
        }
        if override.text:
            update["text"] = override.text
        return criterion.model_copy(update=update)

    conditions = [patch(c) for c in conditions if c.id not in removed]
    conditions += list(override.add_conditions)
    if override.replace_bases is not None:
        bases = list(override.replace_bases)
    else:
        bases = [
            b.model_copy(update={"criteria": [patch(c) for c in b.criteria if c.id not in removed]})
            for b in bases
        ]
    return conditions, bases


def engine_citation(kb: KnowledgeBase, award_id: str) -> tuple[Citation, Confidence]:
    """Citation of the catalogue entry, used for the generic subject-kind criteria."""
    award = kb.awards[award_id]
    return award.citation, award.confidence
