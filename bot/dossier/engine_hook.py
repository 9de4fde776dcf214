"""The eligibility engine as the checker's `eligibility(award_id, facts, as_of)` hook.

The checker treats a lookup failure as "criteria not checked" (an info finding); the engine's own
error type is translated so that an award the engine does not know never crashes a check.

The hook is an `EngineBridge`: calling it evaluates one nominee, and `routes(award, as_of, kind)`
tells which of the award's routes (bases) rest on an initiative, a study or a feat whose
certificate the dossier must carry (B15: a Chiến sĩ thi đua cơ sở earned by the HTXS route needs
none). Identical fact sets are evaluated once per bridge: a 10,000-row list of people with the
same history costs a handful of engine runs, not 10,000.
"""

from __future__ import annotations

import datetime as dt
import json
import pickle
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from knowledge.loader import KnowledgeBase

# Predicates whose facts a certificate or a confirmation proves (Law 06/2022 Art. 84.1.d, 84.2.d).
EVIDENCE_PREDICATES = frozenset({"initiatives"})
CACHE_LIMIT = 4096


@dataclass(frozen=True)
class Route:
    """One basis of an award on a day: its id and whether it rests on a certificate."""

    id: str
    needs_evidence: bool


def facts_key(award: str, facts: Mapping[str, Any], as_of: dt.date) -> tuple[str, dt.date, bytes]:
    """A hashable key of what the engine reads (the subject's name does not change a verdict).

    The pickle of plain data is ten times cheaper than canonical JSON; equal facts written in
    another key order only miss the cache (one more engine run), never share a wrong verdict."""
    subject = facts.get("subject")
    if isinstance(subject, Mapping) and "name" in subject:
        facts = {**facts, "subject": {k: v for k, v in subject.items() if k != "name"}}
    try:
        return award, as_of, pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return award, as_of, json.dumps(facts, sort_keys=True, default=repr).encode()


class EngineBridge:
    """`bridge(award, facts, as_of)` → the engine's `Verdict`; `LookupError` for an award or a
    date the engine has no rules for. `FactsError` (a `ValueError`) passes through."""

    def __init__(self, kb: KnowledgeBase, province: str | None = None) -> None:
        self.kb = kb
        self.province = province
        self._verdicts: dict[tuple[str, dt.date, bytes], Any] = {}
        self._routes: dict[tuple[str, dt.date, str], tuple[Route, ...] | None] = {}
        self._questions: dict[tuple[str, str], str] = {}
        self.evaluations = 0  # engine runs (cache misses), for benchmarks and tests

    def __call__(self, award: str, facts: dict[str, Any], as_of: dt.date) -> Any:
        key = facts_key(award, facts, as_of)
        found = self._verdicts.get(key)
        if found is not None:
            if isinstance(found, Exception):
                raise found
            return found
        from bot.eligibility import EligibilityError, evaluate  # on a miss only: ≈ 2 µs a call

        try:
            self.evaluations += 1
            verdict: Any = evaluate(self.kb, award, facts, as_of, province=self.province,
                                    with_next=False)
        except EligibilityError as exc:
            verdict = LookupError(exc.key)
        except ValueError as exc:  # FactsError: the same facts fail the same way
            verdict = exc
        if len(self._verdicts) >= CACHE_LIMIT:
            self._verdicts.clear()
        self._verdicts[key] = verdict
        if isinstance(verdict, Exception):
            raise verdict
        return verdict

    def questions(self, verdict: Any, kind: str = "individual") -> list[str]:
        """What the verdict still needs, as the interview's questions (their first sentence)."""
        from bot.eligibility.questions import question_for_fact

        out: list[str] = []
        for ask in getattr(verdict, "asks", ()) or ():
            key = (ask, kind)
            if key not in self._questions:
                spec = question_for_fact(self.kb, ask, kind)
                text = spec.text if spec is not None else ""
                self._questions[key] = text.split("?", 1)[0] + "?" if "?" in text else text
            if self._questions[key]:
                out.append(self._questions[key])
        return list(dict.fromkeys(out))

    def routes(self, award: str, as_of: dt.date, kind: str = "individual"
               ) -> tuple[Route, ...] | None:
        """The award's bases for a subject of `kind` on `as_of`; None when the engine has none."""
        key = (award, as_of, kind)
        if key not in self._routes:
            self._routes[key] = self._find_routes(award, as_of, kind)
        return self._routes[key]

    def _find_routes(self, award: str, as_of: dt.date, kind: str) -> tuple[Route, ...] | None:
        from bot.eligibility import EligibilityError
        from bot.eligibility.rules import applied_rules

        try:
            rules = applied_rules(self.kb, award, as_of, self.province)
        except EligibilityError:
            return None
        return tuple(
            Route(basis.id, any(c.predicate in EVIDENCE_PREDICATES for c in basis.criteria))
            for basis in rules.bases
            if basis.kinds is None or kind in basis.kinds
        )


def eligibility_hook(kb: KnowledgeBase, province: str | None = None) -> EngineBridge:
    """The engine, cached per check, with its routes (see `EngineBridge`)."""
    return EngineBridge(kb, province)
