"""The eligibility engine as the checker's `eligibility(award_id, facts, as_of)` hook.

The checker treats a lookup failure as "criteria not checked" (an info finding); the engine's own
error type is translated so that an award the engine does not know never crashes a check.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from bot.dossier.checks import EligibilityFn
from knowledge.loader import KnowledgeBase


def eligibility_hook(kb: KnowledgeBase, province: str | None = None) -> EligibilityFn:
    """`lambda award, facts, as_of: evaluate(kb, award, facts, as_of)`, with errors mapped."""
    from bot.eligibility import EligibilityError, evaluate

    def judge(award: str, facts: dict[str, Any], as_of: dt.date) -> Any:
        try:
            return evaluate(kb, award, facts, as_of, province=province, with_next=False)
        except EligibilityError as exc:
            raise LookupError(exc.key) from None

    return judge
