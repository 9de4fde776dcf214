"""Benchmark: the reader corpus (tests/dossier/corpus) — fields read, false errors, time.

Prints the share of expected fields read, the complete dossiers with a false error, the
questions asked, and the time to read + check a realistic 5-file dossier (median of 20 runs).
Targets: ≥ 95 % of fields, 0 false errors, a 5-file dossier ≤ 300 ms.
Run: .venv/bin/python bench/corpus.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot.dossier import check, read_files
from knowledge.loader import load_knowledge
from tests.dossier.corpus.measure import built, dossiers, score

KB = load_knowledge()  # the shipped law and policy

FIVE_FILES = "cong_ty_bang_khen_tinh"


def main() -> None:
    kb = KB.dossier
    started = time.perf_counter()
    files = built()
    built_s = time.perf_counter() - started
    started = time.perf_counter()
    result = score(kb, files)
    scored_s = time.perf_counter() - started
    print(f"corpus: {result.files} files (built in {built_s:.2f} s, read and scored in "
          f"{scored_s:.2f} s)")
    print(f"fields read: {result.read}/{result.fields} ({result.read_ratio:.1%})")
    print(f"files differing from expected: {len(result.mismatches)}")
    for name, diff in sorted(result.mismatches.items()):
        print(f"  {name}: {len(diff)} field(s)")
    print(f"dossiers with a false error: {len(result.false_errors)} of {len(dossiers())}")
    for name, errors in sorted(result.false_errors.items()):
        for kind, component, message in errors:
            print(f"  {name}: {kind} {component}: {message[:90]}")
    print(f"dossiers with a missed real error: {len(result.missed_errors)}")
    print(f"questions asked over all dossiers: {result.questions}")
    spec = dossiers()[FIVE_FILES]
    five = [(name, files[name]) for name in spec["files"]]
    times = []
    for _ in range(20):
        started = time.perf_counter()
        draft = read_files(five, kb=KB.dossier)
        draft.manifest.received_on = spec["received_on"]
        check(draft.manifest, kb)
        times.append(time.perf_counter() - started)
    print(f"5-file dossier read + checked: median {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
