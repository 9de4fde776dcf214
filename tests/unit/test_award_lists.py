"""Adding an award is data only: no Python list, tuple, set or dict names two or more catalogue
awards. The award buttons (`kb.menu`), the province options and the dossier groups come from
`knowledge/`; a new hard-coded list would be one more place an added award silently misses.

Two triples stay in code on purpose: they are not lists of awards to offer but what a criterion
means — the yearly titles that certify the Lao động tiên tiến standard (Law 06/2022 Art. 23–24)
and the member counts a collective's facts carry (contracts §2).
"""

from __future__ import annotations

import ast
from pathlib import Path

from e2e.support import knowledge_base
from knowledge.loader import KnowledgeBase

ROOT = Path(__file__).resolve().parents[2]
MEANINGS = {
    ("bot/eligibility/predicates.py", "LDTT_STANDARD"),
    ("bot/eligibility/facts.py", "MEMBER_COUNTS"),
}


def _award_literals(kb: KnowledgeBase) -> list[tuple[str, str, list[str]]]:
    """(file, assigned name or line, award ids) of every literal naming two or more awards."""
    found = []
    for folder in ("bot", "handlers", "tdkt"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            tree = ast.parse(path.read_text("utf-8"))
            names = {id(node.value): target.id for node in ast.walk(tree)
                     if isinstance(node, ast.Assign) for target in node.targets
                     if isinstance(target, ast.Name)}
            for node in ast.walk(tree):
                items = (node.keys if isinstance(node, ast.Dict) else node.elts
                         if isinstance(node, (ast.List, ast.Tuple, ast.Set)) else [])
                awards = [item.value for item in items
                          if isinstance(item, ast.Constant) and item.value in kb.awards]
                if len(awards) >= 2:
                    where = names.get(id(node), f"line {node.lineno}")
                    found.append((str(path.relative_to(ROOT)), where, awards))
    return found


def test_no_award_list_is_written_in_python() -> None:
    lists = [(file, name, awards) for file, name, awards in _award_literals(knowledge_base())
             if (file, name) not in MEANINGS]
    assert lists == [], "derive these from knowledge/ (awards/catalogue.yaml, menus, groups)"

