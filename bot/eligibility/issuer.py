"""The awarding authority named in the facts (`issuer`), checked against dated authorities.

`knowledge/authorities/` says when each authority exists and which awards it may decide on a day
(no district chairman from 2025-07-01; the commune chairman decides Chiến sĩ thi đua cơ sở and
Tập thể lao động tiên tiến from that date — ND 129/2025 Art. 59). A named authority that cannot
decide the award on `as_of` fails the check, and the text names the authorities that can.
An issuer id no authority file knows is bad input (`EligibilityError("unknown_issuer")`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from bot.eligibility.rules import EligibilityError
from knowledge.loader import KnowledgeBase
from knowledge.schema import Authority


@dataclass(frozen=True)
class IssuerCheck:
    """The outcome as the engine shows it: met, Vietnamese words, citation, confidence."""

    met: bool
    text: str
    citation: str
    confidence: str
    right: tuple[str, ...]


def check_issuer(
    kb: KnowledgeBase, award_id: str, issuer: str | None, day: dt.date
) -> IssuerCheck | None:
    """None when no issuer is named (or no authority data is loaded); else the check."""
    if issuer is None or not kb.authorities:
        return None
    authority = kb.authorities.get(issuer)
    if authority is None:
        raise EligibilityError("unknown_issuer", issuer=issuer)
    award = kb.awards[award_id]
    right = kb.authorities_for(award_id, day)
    words = {
        "issuer_name": authority.name,
        "award_name": award.name,
        "day": day.strftime("%d/%m/%Y"),
        "right": ", ".join(a.name for a in right) or kb.notices["issuer_none"],
    }
    if authority.may_decide(award_id, day):
        power = _power_on(authority, award_id, day)
        return IssuerCheck(True, kb.notices["issuer_ok"].format(**words), power[0], power[1], ())
    key = "issuer_no_power" if authority.applies_on(day) else "issuer_gone"
    if authority.applies_on(day) and right:
        cited = _power_on(right[0], award_id, day)
    elif not authority.applies_on(day) and authority.end_citation is not None:
        cited = (authority.end_citation.text, authority.confidence.value)
    else:
        cited = (authority.citation.text, authority.confidence.value)
    return IssuerCheck(
        False, kb.notices[key].format(**words), cited[0], cited[1], tuple(a.id for a in right)
    )


def _power_on(authority: Authority, award_id: str, day: dt.date) -> tuple[str, str]:
    for power in authority.powers:
        if power.applies_on(day) and award_id in power.awards:
            return power.citation.text, power.confidence.value
    return authority.citation.text, authority.confidence.value
