"""Fuzzy matching of short Vietnamese texts (award names, person names) against known choices.

Choices are compared on their folded form (see `normalize.fold`), so diacritics, case and
punctuation never matter. Callers decide what to do with the score: accept above a threshold,
or ask "Ý anh/chị là …?" with the best few as buttons.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from rapidfuzz import fuzz, process

from bot.text.normalize import fold

K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Match(Generic[K]):
    """A candidate `key` whose `label` matched the query with `score` in 0..100."""

    key: K
    label: str
    score: float


def best_matches(
    query: str, choices: Mapping[K, list[str]], limit: int = 5, cutoff: float = 50.0
) -> list[Match[K]]:
    """Best keys for `query`, each scored by its best-matching label (aliases included).

    `choices` maps a key (e.g. an award id) to its labels (official name first, then aliases).
    """
    folded_query = fold(query)
    if not folded_query:
        return []
    flat: list[tuple[K, str, str]] = [
        (key, label, fold(label)) for key, labels in choices.items() for label in labels
    ]
    results = process.extract(
        folded_query,
        [f for _, _, f in flat],
        scorer=fuzz.WRatio,
        limit=None,
        score_cutoff=cutoff,
    )
    best: dict[K, Match[K]] = {}
    for _, score, index in results:
        key, _label, folded = flat[index]
        # An exact folded hit beats a partial one of equal WRatio score.
        bonus = 1.0 if folded == folded_query else 0.0
        candidate = Match(key=key, label=choices[key][0], score=min(100.0, score + bonus))
        if key not in best or candidate.score > best[key].score:
            best[key] = candidate
    ranked = sorted(best.values(), key=lambda m: m.score, reverse=True)
    return ranked[:limit]
