"""Read the dated awarding authorities (`knowledge/authorities/*.yaml`) on their own, for callers
that do not hold the eligibility knowledge base (the dossier checker). The eligibility loader
reads the same files and cross-checks them against the award catalogue."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

from knowledge.schema import Authority, AuthorityFile

AUTHORITIES_DIR = Path(__file__).parent / "authorities"


def load_authorities(directory: Path = AUTHORITIES_DIR) -> dict[str, Authority]:
    found: dict[str, Authority] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "index.yaml":
            continue
        data = AuthorityFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        found.update({a.id: a for a in data.authorities})
    return found


@cache
def default_authorities() -> dict[str, Authority]:
    """The shipped authorities (read once per process)."""
    return load_authorities()
