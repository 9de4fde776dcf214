"""Verdict honesty (contracts §2): is the answer provisional, and what must the officer read
with it.

`provisional` is true when the rule set in force on `as_of` names texts in force but not checked
(`unchecked`, e.g. the 2026 amending law). `caveats` are short plain-language notes, most
important first: what the unchecked text may have changed for this award, then a cited text
whose uncertain end date (`sunset` in `knowledge/sources.yaml`) is near or past. Wording comes
from the knowledge files (`needs.yaml` notices, rule sets, the source register).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from knowledge.loader import KnowledgeBase
from knowledge.schema import RuleSet


def is_provisional(rule_set: RuleSet) -> bool:
    return rule_set.unchecked is not None


# Caveats by (knowledge, rule set, award, citations, day): every evaluation of an award on a day
# cites the same texts. Entries keep their knowledge base and rule set (ids are never reused).
_MEMO: dict[tuple[int, int, str, tuple[str, ...], dt.date],
            tuple[KnowledgeBase, RuleSet, tuple[str, ...]]] = {}
_MEMO_LIMIT = 4096


def caveats_for(
    kb: KnowledgeBase,
    rule_set: RuleSet,
    award_id: str,
    citations: Iterable[str],
    as_of: dt.date,
) -> tuple[str, ...]:
    cited = citations if isinstance(citations, tuple) else tuple(citations)
    key = (id(kb), id(rule_set), award_id, cited, as_of)
    found = _MEMO.get(key)
    if found is not None and found[0] is kb and found[1] is rule_set:
        return found[2]
    notes = _caveats(kb, rule_set, award_id, cited, as_of)
    if len(_MEMO) >= _MEMO_LIMIT:
        _MEMO.clear()
    _MEMO[key] = (kb, rule_set, notes)
    return notes


def _caveats(
    kb: KnowledgeBase,
    rule_set: RuleSet,
    award_id: str,
    citations: tuple[str, ...],
    as_of: dt.date,
) -> tuple[str, ...]:
    notes = [" ".join(c.text.split()) for c in rule_set.may_have_changed if c.award == award_id]
    if kb.sources is not None:
        seen: set[str] = set()
        for text in dict.fromkeys(citations):
            for source in kb.sources.mentioned_in(text):
                sunset = source.sunset
                if sunset is None or source.id in seen:
                    continue
                seen.add(source.id)
                if as_of >= sunset.date:
                    notes.append(kb.notices["caveat_sunset_past"].format(text=sunset.text))
                elif sunset.caveat_from is not None and as_of >= sunset.caveat_from:
                    notes.append(kb.notices["caveat_sunset_near"].format(text=sunset.text))
    return tuple(dict.fromkeys(notes))

