"""`missing_legal_basis`: a tờ trình whose "Căn cứ" omits a text in force on the day the dossier is
received (from 2026-10-01: the amending law of the Law on Emulation and Commendation).

Rules live in `knowledge/dossier/required_bases.yaml` (dated, cited; `DossierKB.required_bases`).
Only a tờ trình that lists its legal bases is judged: an unknown list (`legal_basis` absent) says
nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.dossier.checks import CheckContext
from bot.dossier.findings import Finding, finding
from bot.text.normalize import fold


def check_required_bases(ctx: CheckContext) -> Iterator[Finding]:
    rules = [r for r in ctx.kb.required_bases if r.applies_on(ctx.as_of)]
    if not rules:
        return
    for component in ctx.components_by_type.get("to_trinh", []):
        if component.legal_basis is None:
            continue
        folded = [fold(text) for text in component.legal_basis]
        for rule in rules:
            patterns = [re.compile(p) for p in rule.patterns]
            if not any(p.search(text) for p in patterns for text in folded):
                yield finding(
                    "missing_legal_basis", rule.severity, component="to_trinh",
                    citation=rule.citation, confidence=rule.confidence, rule=rule.key,
                    extra={"file": component.file} if component.file else None,
                    label=rule.label, since=rule.effective_from,
                )
