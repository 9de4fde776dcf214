"""Public names defined at the top level of more than one module (classes, functions, type
aliases), so a grep finds them all (issue 15 item 5). Private names (`_x`) and migrations are
left out; a name shared on purpose (a journey's `on_button`, a CLI command's function) is listed
too and judged by hand.

    python tools/twin_names.py [bot knowledge handlers tdkt]
"""

from __future__ import annotations

import ast
import sys
from collections import defaultdict
from pathlib import Path

ROOTS = ("bot", "knowledge", "handlers", "tdkt")


def top_level_names(tree: ast.Module) -> list[tuple[str, int, str]]:
    """(name, line, kind) of the public classes, functions and CamelCase aliases of a module."""
    found: list[tuple[str, int, str]] = []
    for node in tree.body:
        if isinstance(node, ast.ClassDef):
            found.append((node.name, node.lineno, "class"))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            found.append((node.name, node.lineno, "def"))
        elif isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            found += [(t.id, node.lineno, "alias") for t in targets
                      if isinstance(t, ast.Name) and t.id[:1].isupper() and not t.id.isupper()]
    return [(name, line, kind) for name, line, kind in found if not name.startswith("_")]


def twins(roots: list[str]) -> dict[str, list[str]]:
    """Each name defined in more than one module, with its "file:line (kind)" places."""
    places: dict[str, list[str]] = defaultdict(list)
    for root in roots:
        for path in sorted(Path(root).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for name, line, kind in top_level_names(tree):
                places[name].append(f"{path}:{line} ({kind})")
    return {name: where for name, where in sorted(places.items()) if len(where) > 1}


def main(args: list[str]) -> int:
    found = twins(args or list(ROOTS))
    for name, where in found.items():
        print(name)
        for place in where:
            print(f"    {place}")
    print(f"{len(found)} names defined more than once")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
