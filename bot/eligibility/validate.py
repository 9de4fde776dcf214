"""Cross-checks between the YAML and the engine: every predicate named exists, every question
the predicates may ask has a question family (used by `tdkt knowledge check` and the tests)."""

from __future__ import annotations

from bot.eligibility.predicates import PREDICATES
from knowledge.loader import KnowledgeBase, KnowledgeIssue


def check_knowledge(kb: KnowledgeBase) -> list[KnowledgeIssue]:
    issues: list[KnowledgeIssue] = []
    for award_id, versions in kb.criteria.items():
        for version in versions:
            for criterion in version.all_criteria():
                if criterion.predicate not in PREDICATES:
                    issues.append(
                        KnowledgeIssue(
                            f"criteria/{award_id}.yaml",
                            f"{criterion.id}.predicate",
                            f"unknown predicate {criterion.predicate!r}",
                        )
                    )
    for pack in kb.provinces.values():
        for override in pack.overrides:
            criteria = list(override.add_conditions)
            criteria += [c for b in override.replace_bases or () for c in b.criteria]
            for criterion in criteria:
                if criterion.predicate not in PREDICATES:
                    issues.append(
                        KnowledgeIssue(
                            f"provinces/{pack.province}.yaml",
                            f"{criterion.id}.predicate",
                            f"unknown predicate {criterion.predicate!r}",
                        )
                    )
    return issues
