"""Snapshot of what reading and checking produce, to compare two commits byte for byte.

Writes one JSON file: for the bench's 1,000- and 10,000-row lists (plain, engine, engine with
history) and every corpus dossier (with and without the engine), the manifest, notes,
questions, reader findings, the check's findings JSON and the findings workbook's cells.
Run it in each commit's tree (copy it into an export of an older commit: it imports the code
beside it) and `cmp` the two files.
Run: .venv/bin/python bench/dossier_snapshot.py OUT.json
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import importlib.util
import io
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

import openpyxl  # noqa: E402

from bot.dossier import check, read_files  # noqa: E402
from bot.dossier.engine_hook import eligibility_hook  # noqa: E402
from bot.dossier.report import findings_xlsx  # noqa: E402
from knowledge.loader import load_knowledge  # noqa: E402
from tests.dossier.corpus.measure import built, dossiers  # noqa: E402

KB = load_knowledge()
_spec = importlib.util.spec_from_file_location("bench_dossier", ROOT / "bench" / "dossier.py")
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def snapshot(files: list[tuple[str, bytes]], day: dt.date, engine: bool = False,
             history: bool = False) -> dict[str, Any]:
    draft = read_files(files, kb=KB.dossier)
    records = bench.unit_records(draft.manifest, len(draft.manifest.nominees)) if history else None
    result = check(draft.manifest, KB.dossier, as_of=day,
                   eligibility=eligibility_hook(KB) if engine else None, history=records)
    sheet = openpyxl.load_workbook(io.BytesIO(findings_xlsx(result, kb=KB.dossier))).active
    assert sheet is not None
    return {
        "manifest": draft.manifest.model_dump(mode="json"),
        "notes": [dataclasses.asdict(n) for n in draft.notes],
        "questions": [dataclasses.asdict(q) for q in draft.questions],
        "read_findings": [f.to_json() for f in draft.findings],
        "result": result.to_json(),
        "xlsx": [list(row) for row in sheet.iter_rows(values_only=True)],
    }


def main() -> None:
    out: dict[str, Any] = {}
    day = dt.date(2026, 1, 20)
    for rows in (1_000, 10_000):
        out[f"bench{rows}"] = snapshot(bench.make_files(rows), day)
    for rows in (1_000, 10_000):
        files = bench.make_files(rows)
        out[f"bench{rows}_engine"] = snapshot(files, day, engine=True)
        out[f"bench{rows}_engine_db"] = snapshot(files, day, engine=True, history=True)
    corpus = built()
    for name, spec in dossiers().items():
        parts = [(f, corpus[f]) for f in spec["files"]]
        out[f"corpus_{name}"] = snapshot(parts, spec.get("received_on"), engine=True)
        out[f"corpus_{name}_plain"] = snapshot(parts, spec.get("received_on"))
    Path(sys.argv[1]).write_text(json.dumps(out, ensure_ascii=False, sort_keys=True,
                                            default=str), encoding="utf-8")
    for key, value in out.items():
        digest = hashlib.sha256(json.dumps(value, ensure_ascii=False, sort_keys=True,
                                           default=str).encode()).hexdigest()[:12]
        print(f"{key:<50} {len(value['result']['findings']):>6} findings  {digest}")


if __name__ == "__main__":
    main()
