"""Province packs and the verdict: when does the province matter, and what the answer says when
no pack applies (issue 11 item 9).

- `province_matters`: some province pack changes this award (or the award's criteria are left to
  the provinces, Giấy khen): the interview asks a guest which province applies.
- `province_caveat`: the verdict was reached on national rules only although the province may
  have its own: the caveat names the award and, when known, the province — in Vietnamese, from
  `knowledge/needs/needs.yaml` notices.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.eligibility.predicates import LOCAL_CRITERIA
from bot.eligibility.rules import AppliedRules, find_province
from knowledge.loader import KnowledgeBase

# `province_matters` by (knowledge, award): the answer depends on the knowledge files alone.
_MATTERS: dict[tuple[int, str | None], tuple[KnowledgeBase, bool]] = {}


def province_matters(kb: KnowledgeBase, award_id: str | None) -> bool:
    """True when a province pack overrides `award_id` (any award, for None) on any date, or the
    award's national criteria defer to the province (`province_rules`)."""
    found = _MATTERS.get((id(kb), award_id))
    if found is not None and found[0] is kb:
        return found[1]
    matters = _province_matters(kb, award_id)
    if len(_MATTERS) >= 4096:
        _MATTERS.clear()
    _MATTERS[(id(kb), award_id)] = (kb, matters)
    return matters


def _province_matters(kb: KnowledgeBase, award_id: str | None) -> bool:
    for pack in kb.provinces.values():
        if any(award_id is None or o.award == award_id for o in pack.overrides):
            return True
    if award_id is None:
        return False
    return any(
        c.predicate == "province_rules"
        for version in kb.criteria.get(award_id, [])
        for c in version.all_criteria()
    )


def province_caveat(
    kb: KnowledgeBase,
    rules: AppliedRules,
    province: str | None,
    reasons: Iterable[str | None],
) -> str | None:
    """The caveat of a verdict reached without the province's own rules, or None when a pack's
    rules applied or no province has rules for this award."""
    if rules.overrides:
        return None
    if not province_matters(kb, rules.award_id) and LOCAL_CRITERIA not in set(reasons):
        return None
    award_name = kb.awards[rules.award_id].name
    if province is None:
        return kb.notices["caveat_province_unknown"].format(award_name=award_name)
    pack = find_province(kb, province)
    where = (
        kb.notices["province_named"].format(name=pack.name)
        if pack is not None
        else kb.notices["province_unnamed"]
    )
    return kb.notices["caveat_no_province_pack"].format(award_name=award_name, where=where)

