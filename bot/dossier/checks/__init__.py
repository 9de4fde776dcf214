"""The individual dossier checks. Each module exposes functions `(ctx) -> Iterable[Finding]`.

`CheckContext` carries the manifest, the rules, the date that selects them and the lookups every
check shares (names, labels, the component index), computed once per dossier.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from bot.dossier.checks.single import SAME_PROBLEM
from bot.dossier.history import History
from bot.dossier.manifest import Component, Manifest, ManifestNominee
from knowledge.dossier_schema import ComponentNeed, ComponentRule, DossierKB

EligibilityFn = Callable[[str, dict[str, Any], dt.date], Any]


@dataclass
class CheckContext:
    manifest: Manifest
    kb: DossierKB
    as_of: dt.date
    eligibility: EligibilityFn | None = None
    history: History | None = None
    scopes: list[str] = field(default_factory=list)
    # Nominee id → words of engine criteria already reported by a finding of the checker's own
    # (a discipline, an achievement already rewarded): `criteria_not_met` does not repeat them.
    reported: dict[str, set[str]] = field(default_factory=dict)

    # Award → its component rule and `by_route` needs (`checks.judge.evidence_needs`).
    evidence_rules: dict[str, tuple[ComponentRule | None, list[ComponentNeed]]] = field(
        default_factory=dict)

    # Nominee id → `checks.judge.Judgement`, filled on first use by `checks.judge.judgements`.
    judged: dict[str, Any] | None = field(default=None, repr=False, compare=False)

    def report(self, nominee: str | None, kind: str) -> None:
        if nominee is not None and kind in SAME_PROBLEM:
            self.reported.setdefault(nominee, set()).update(SAME_PROBLEM[kind])

    @cached_property
    def nominees_by_id(self) -> dict[str, ManifestNominee]:
        return {n.id: n for n in self.manifest.nominees}

    @cached_property
    def components_by_type(self) -> dict[str, list[Component]]:
        index: dict[str, list[Component]] = defaultdict(list)
        for component in self.manifest.components:
            index[component.type].append(component)
        return index

    @cached_property
    def nominee_components(self) -> dict[tuple[str, str | None], list[Component]]:
        index: dict[tuple[str, str | None], list[Component]] = defaultdict(list)
        for component in self.manifest.components:
            index[(component.type, component.nominee)].append(component)
        return index

    @cached_property
    def unknown(self) -> frozenset[str]:
        return frozenset(self.manifest.unknown)

    def is_unknown(self, path: str) -> bool:
        return path in self.unknown

    def who(self, nominee_id: str | None) -> str:
        if nominee_id is None:
            return ""
        nominee = self.nominees_by_id.get(nominee_id)
        return nominee.name if nominee else nominee_id

    def award_label(self, code: str | None) -> str:
        if code is None:
            return ""
        names = self.kb.vocabulary.awards.get(code)
        return names[0] if names else code

    def component_label(self, component_type: str) -> str:
        return self.kb.vocabulary.components.get(component_type, component_type)

    def basis(self) -> str:
        return self.manifest.award.basis or "cong_trang"

    def procedure(self) -> str:
        return self.manifest.award.procedure or "regular"

    @cached_property
    def nominees_by_award(self) -> dict[str | None, list[ManifestNominee]]:
        groups: dict[str | None, list[ManifestNominee]] = defaultdict(list)
        for nominee in self.manifest.nominees:
            groups[self.manifest.nominee_award(nominee)].append(nominee)
        return groups

    def awards(self) -> list[str]:
        """Every award proposed in the dossier (the dossier's own first)."""
        found = [a for a in self.nominees_by_award if a is not None]
        if self.manifest.award.code and self.manifest.award.code not in found:
            found.insert(0, self.manifest.award.code)
        return found
