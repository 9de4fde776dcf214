"""Read the whole corpus and score it: per file the projection against `expected.yaml`, per
dossier the errors against `dossiers.yaml`. Shared by the corpus test and `bench/corpus.py`."""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.dossier import check
from bot.dossier.readers import read_files
from e2e.support import dossier_kb
from knowledge.dossier_schema import DossierKB, Severity
from tests.dossier.corpus.generate import CORPUS
from tests.dossier.corpus.project import leaves, project

HERE = Path(__file__).parent


@functools.cache
def expected() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((HERE / "expected.yaml").read_text(encoding="utf-8"))


@functools.cache
def dossiers() -> dict[str, dict[str, Any]]:
    return yaml.safe_load((HERE / "dossiers.yaml").read_text(encoding="utf-8"))


@dataclass
class Score:
    files: int = 0
    fields: int = 0
    read: int = 0
    mismatches: dict[str, dict[str, tuple[Any, Any]]] = field(default_factory=dict)
    false_errors: dict[str, list[tuple[str, str | None, str]]] = field(default_factory=dict)
    missed_errors: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    questions: int = 0
    got: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def read_ratio(self) -> float:
        return self.read / self.fields if self.fields else 0.0


def built() -> dict[str, bytes]:
    return {name: build() for name, build in CORPUS.items()}


def read_one(name: str, data: bytes) -> dict[str, Any]:
    result = read_files([(name, data)], kb=dossier_kb())
    out = project(result.manifest)
    out["status"] = result.notes[0].status if result.notes else None
    return out


def score(kb: DossierKB, files: dict[str, bytes]) -> Score:
    result = Score()
    for name, want in expected().items():
        got = read_one(name, files[name])
        result.got[name] = got
        want_leaves, got_leaves = leaves(want), leaves(got)
        result.files += 1
        for path, value in want_leaves.items():
            result.fields += 1
            if value is not None and got_leaves.get(path) == value:
                result.read += 1
        diff = {p: (want_leaves.get(p), got_leaves.get(p))
                for p in want_leaves.keys() | got_leaves.keys()
                if want_leaves.get(p) != got_leaves.get(p)}
        if diff:
            result.mismatches[name] = diff
    for key, spec in dossiers().items():
        draft = read_files([(n, files[n]) for n in spec["files"]], kb=dossier_kb())
        result.questions += len(draft.questions)
        manifest = draft.manifest
        manifest.received_on = spec["received_on"] if isinstance(
            spec["received_on"], dt.date) else dt.date.fromisoformat(spec["received_on"])
        checked = check(manifest, kb)
        errors = [f for f in [*checked.findings, *draft.findings]
                  if f.severity is Severity.ERROR]
        truly = {tuple(e) for e in spec.get("errors", [])}
        false = [(f.kind, f.component, f.message) for f in errors
                 if (f.kind, f.component) not in truly]
        if false:
            result.false_errors[key] = false
        found = {(f.kind, f.component) for f in errors}
        missed = [e for e in truly if e not in found]
        if missed:
            result.missed_errors[key] = sorted(missed)  # type: ignore[arg-type]
    return result
