"""The rule scenarios of tests/cases/<award>.yaml, read one way for every test and bench.

Each case's facts are its `facts` deep-merged onto the file's `base` (unless `without_base`).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

CASES_DIR = Path(__file__).parent.parent / "cases"


def merge(base: Any, over: Any) -> Any:
    """`over` deep-merged onto `base` (mappings merged key by key, anything else replaced)."""
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = merge(base.get(key), value) if key in base else value
        return merged
    return over


def case_entries() -> Iterator[tuple[str, str, dict[str, Any], dict[str, Any]]]:
    """(test id, award, case, merged facts) for every case of every file, in file order."""
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            base = {} if case.get("without_base") else data.get("base") or {}
            facts = merge(base, case.get("facts") or {})
            yield f"{path.stem}: {case['name']}", data["award"], case, facts
