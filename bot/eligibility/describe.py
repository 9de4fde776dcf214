"""A structured, human-readable description of an award's criteria on a day (`tdkt knowledge show`).

The lead renders `AwardDescription` with a template; nothing here is Vietnamese except the words
that come from `knowledge/`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.eligibility.regions import check_region
from bot.eligibility.rules import applied_rules
from knowledge.loader import KnowledgeBase
from knowledge.schema import Criterion


@dataclass(frozen=True)
class CriterionLine:
    id: str
    text: str
    citation: str
    confidence: str
    unverified: bool
    note: str | None = None


@dataclass(frozen=True)
class BasisBlock:
    id: str
    text: str
    kinds: tuple[str, ...]
    criteria: tuple[CriterionLine, ...]


@dataclass(frozen=True)
class AwardDescription:
    award: str
    name: str
    short_name: str | None
    kinds: tuple[str, ...]
    category: str
    level: str
    issuers: tuple[str, ...]
    aliases: tuple[str, ...]
    as_of: dt.date
    rule_set: str
    rule_set_name: str
    effective_from: dt.date
    effective_to: dt.date | None
    citation: str
    conditions: tuple[CriterionLine, ...]
    bases: tuple[BasisBlock, ...]
    notices: tuple[str, ...]
    province: str | None = None
    province_name: str | None = None


def describe_award(
    kb: KnowledgeBase, award_id: str, as_of: dt.date, province: str | None = None
) -> AwardDescription:
    """The award's criteria in force on `as_of` (province pack applied). Raises EligibilityError
    (`unknown_award`, `no_rules_on_date`, `unknown_province`)."""
    check_region(kb, province, None)
    rules = applied_rules(kb, award_id, as_of, province)
    award = kb.awards[award_id]
    changed = {
        c for ch in rules.rule_set.may_have_changed if ch.award == award_id for c in ch.criteria
    }
    notices = [rules.rule_set.notice.strip()] if rules.rule_set.notice else []
    notices += [ch.text.strip() for ch in rules.rule_set.may_have_changed if ch.award == award_id]

    def line(criterion: Criterion) -> CriterionLine:
        try:
            text = criterion.text.format(**criterion.params)
        except (KeyError, IndexError, ValueError):
            text = criterion.text
        unverified = (
            criterion.confidence.value == "low" or "*" in changed or criterion.id in changed
        )
        return CriterionLine(
            criterion.id,
            text,
            criterion.citation.text,
            criterion.confidence.value,
            unverified,
            criterion.note,
        )

    return AwardDescription(
        award=award.id,
        name=award.name,
        short_name=award.short_name,
        kinds=tuple(k.value for k in award.kinds),
        category=award.category.value,
        level=award.level,
        issuers=tuple(award.issuers),
        aliases=tuple(award.aliases),
        as_of=as_of,
        rule_set=rules.rule_set.id,
        rule_set_name=rules.rule_set.name,
        effective_from=rules.version.effective_from,
        effective_to=rules.version.effective_to,
        citation=rules.version.citation.text,
        conditions=tuple(line(c) for c in rules.conditions),
        bases=tuple(
            BasisBlock(
                b.id,
                b.text,
                tuple(k.value for k in b.kinds or ()),
                tuple(line(c) for c in b.criteria),
            )
            for b in rules.bases
        ),
        notices=tuple(notices),
        province=rules.province.province if rules.province else None,
        province_name=rules.province.name if rules.province else None,
    )
