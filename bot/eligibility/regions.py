"""Province and sector ids in a request, checked against `knowledge/regions/` (issue 11).

An id that names nothing registered is bad input: `EligibilityError("unknown_province")` or
`("unknown_sector")`, which the CLI turns into exit 2 with one Vietnamese line and the interview
into the province question again — never a guess, never silently ignored. A province pack id or
name is always accepted; so are the interview's answers meaning "another province" (`khac`).
"""

from __future__ import annotations

from bot.eligibility.rules import EligibilityError, find_province
from knowledge.loader import KnowledgeBase

# The province question's answer for a province whose pack is not loaded (interview/questions.yaml).
OTHER_PROVINCE = "khac"


def check_region(kb: KnowledgeBase, province: str | None, sector: str | None) -> None:
    """Raise `EligibilityError` for an unregistered province or sector."""
    regions = kb.regions
    if (
        province
        and province != OTHER_PROVINCE
        and find_province(kb, province) is None
        and regions.province_id(province) is None
    ):
        raise EligibilityError("unknown_province", province=province)
    if sector and not regions.sector_known(sector):
        raise EligibilityError(
            "unknown_sector", sector=sector, known=", ".join(sorted(regions.sectors))
        )
