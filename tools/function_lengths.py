"""Function lengths of Python modules: count, median and p90 of lines per function, and the
longest ones (issue 15: journey modules' median ≤ 10, p90 ≤ 20).

    python tools/function_lengths.py bot/chat/reminders bot/chat/dossier
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path


def lengths(path: Path) -> list[tuple[int, str]]:
    """(lines, "file:name") of every function and method in `path` (decorators excluded)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [(node.end_lineno - node.lineno + 1, f"{path}:{node.name}")
            for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
            and node.end_lineno is not None]


def main(args: list[str]) -> int:
    files = [f for a in args for f in (sorted(Path(a).rglob("*.py")) if Path(a).is_dir()
                                       else [Path(a)])]
    found = sorted(x for f in files for x in lengths(f))
    sizes = [n for n, _ in found]
    if not sizes:
        print("no functions")
        return 1
    p90 = statistics.quantiles(sizes, n=10, method="inclusive")[-1] if len(sizes) > 1 else sizes[0]
    print(f"functions {len(sizes)}  median {statistics.median(sizes)}  p90 {p90:.1f}  "
          f"max {sizes[-1]}")
    for n, name in found[-5:]:
        print(f"  {n:4d}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
