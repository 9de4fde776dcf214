"""Name an award the way officers type it: id, official name, alias, abbreviation, no diacritics.

`resolve_award(kb, "bk tinh")` returns a `ResolvedAward` when one award is clearly meant, or an
`Ambiguous` with the closest candidates so the interview can ask "Ý anh/chị là …?" with buttons.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.text.match import Match, best_matches
from bot.text.normalize import fold
from knowledge.loader import KnowledgeBase

# A match at or above ACCEPT that beats the runner-up by MARGIN is taken without asking.
ACCEPT = 90.0
MARGIN = 5.0
SUGGEST = 70.0


@dataclass(frozen=True)
class ResolvedAward:
    award_id: str
    name: str
    score: float


@dataclass(frozen=True)
class Ambiguous:
    """No clear winner: `candidates` (best first, possibly empty) to offer as buttons."""

    query: str
    candidates: tuple[ResolvedAward, ...]


def resolve_award(kb: KnowledgeBase, text: str, limit: int = 4) -> ResolvedAward | Ambiguous:
    query = text.strip()
    if query in kb.awards:
        return ResolvedAward(query, kb.awards[query].name, 100.0)
    folded = fold(query)
    labels = kb.award_labels()
    folded_labels = _folded_labels(kb)
    exact = [a for a, names in folded_labels.items() if folded in names]
    if len(exact) == 1:
        return ResolvedAward(exact[0], kb.awards[exact[0]].name, 100.0)
    # Below SUGGEST the text is not an award name at all ("12", "hello"): offer nothing.
    matches: list[Match[str]] = best_matches(query, labels, limit=limit, cutoff=SUGGEST)
    candidates = tuple(ResolvedAward(m.key, kb.awards[m.key].name, m.score) for m in matches)
    # "bang khen" is part of several names: ask rather than pick one.
    containing = {
        a for a, names in folded_labels.items() if any(f" {folded} " in f" {n} " for n in names)
    }
    if candidates and not exact and len(containing) <= 1:
        top = candidates[0]
        runner = candidates[1].score if len(candidates) > 1 else 0.0
        if top.score >= ACCEPT and top.score - runner >= MARGIN:
            return top
    if exact:
        candidates = tuple(ResolvedAward(a, kb.awards[a].name, 100.0) for a in exact)
    return Ambiguous(query, candidates)


# Award id → its labels folded, for the last knowledge base asked about (one per process in
# production): folded once, not on every typed award name.
_FOLDED: list[tuple[KnowledgeBase, dict[str, tuple[str, ...]]]] = []


def _folded_labels(kb: KnowledgeBase) -> dict[str, tuple[str, ...]]:
    if not _FOLDED or _FOLDED[0][0] is not kb:
        folded = {a: tuple(fold(n) for n in names) for a, names in kb.award_labels().items()}
        _FOLDED[:] = [(kb, folded)]
    return _FOLDED[0][1]
