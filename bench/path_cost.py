"""The next-award path's cost, cold: `next_path_step` (the result screen's lộ trình) over many
varied histories, each seen once, plus `next_awards`. Prints ms per call and engine runs per call;
asserts nothing.

    .venv/bin/python bench/path_cost.py [N=200] [--dump FILE] [--profile FILE]

Histories: the law cases of tests/cases/ (individuals and collectives, with their provinces) and
N varied synthetic individuals of `bench/verdict_dump.py` × every award of the subject's kind;
each (history, award) whose verdict is eligible or not eligible is one `next_path_step` call
(`needs more info` has no path). `--dump FILE` writes every call's result as one JSON line (and
`next_awards` for every history): run it on two trees and compare the files,

    PYTHONPATH=/tmp/pathcost_old .venv/bin/python bench/path_cost.py 300 --dump /tmp/old.txt
    .venv/bin/python bench/path_cost.py 300 --dump /tmp/new.txt && cmp /tmp/old.txt /tmp/new.txt

`--profile FILE` runs cProfile over the timed calls (top functions printed, stats in FILE).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

import bot
from bot.eligibility import EligibilityError, FactsError, next_awards
from bot.eligibility import engine as engine_module
from bot.eligibility import path as path_module
from bot.eligibility.engine import ELIGIBLE, NOT_ELIGIBLE, judged
from bot.eligibility.path import next_path_step
from knowledge.loader import load_knowledge

TREE = Path(bot.__file__).resolve().parents[1]
sys.path.insert(0, str(TREE / "tests"))

from eligibility.case_files import case_entries  # noqa: E402


def _synthetic(n: int, seed: int) -> list[tuple[str, dict[str, Any], str | None]]:
    spec = importlib.util.spec_from_file_location("verdict_dump",
                                                  TREE / "bench" / "verdict_dump.py")
    assert spec is not None and spec.loader is not None
    dump = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dump)
    rng = random.Random(seed)
    return [(f"syn{h}", dump.history(rng), None) for h in range(n)]


def histories(n: int, seed: int = 11) -> list[tuple[str, dict[str, Any], str | None]]:
    """(tag, facts, province): the law cases, then `n` synthetic individuals."""
    cases = [(f"case{i}", facts, case.get("province"))
             for i, (_, _, case, facts) in enumerate(case_entries())]
    return cases + _synthetic(n, seed)


def calls(kb: Any, n: int, seed: int = 11) -> list[tuple[str, Any, Any, str | None]]:
    """(tag, verdict, parsed facts, province key) of every eligible / not eligible verdict."""
    found = []
    for tag, facts, province in histories(n, seed):
        for award in kb.awards.values():
            try:
                verdict, parsed, key = judged(kb, award.id, facts, province=province)
            except (EligibilityError, FactsError):
                continue
            if parsed.subject.kind not in award.kinds:
                continue
            if verdict.verdict in (ELIGIBLE, NOT_ELIGIBLE):
                found.append((f"{tag} {award.id}", verdict, parsed, key))
    return found


def as_json(step: Any) -> str:
    """The step's every field (`repr` of the frozen dataclass: award, year, needs, ladder)."""
    return json.dumps(repr(step), ensure_ascii=False)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", type=int, nargs="?", default=200)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--dump", metavar="FILE")
    parser.add_argument("--profile", metavar="FILE")
    args = parser.parse_args()
    kb = load_knowledge()
    work = calls(kb, args.n, args.seed)
    runs = [0]
    counted = engine_module.verdict_of

    def verdict_of(*a: Any, **k: Any) -> Any:
        runs[0] += 1
        return counted(*a, **k)

    path_module.verdict_of = verdict_of  # type: ignore[attr-defined]
    engine_module._PARSED.clear()  # cold: no parsed hypothetical left over
    profiler = None
    if args.profile:
        import cProfile

        profiler = cProfile.Profile(time.process_time)
        profiler.enable()
    results = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for tag, verdict, parsed, province in work:
        results.append((tag, next_path_step(kb, verdict, parsed, province)))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    if profiler is not None:
        import pstats

        profiler.disable()
        profiler.dump_stats(args.profile)
        stats = pstats.Stats(profiler, stream=sys.stdout)
        stats.sort_stats("cumulative").print_stats(25)
        stats.sort_stats("tottime").print_stats(20)
    count = max(1, len(work))
    print(f"next_path_step x{len(work)}: {1000 * cpu / count:.3f} ms CPU per call "
          f"({1000 * wall / count:.3f} ms wall), {runs[0] / count:.1f} engine runs per call")
    if args.dump:
        with Path(args.dump).open("w", encoding="utf-8") as out:
            for tag, step in results:
                out.write(f"{tag}\t{as_json(step)}\n")
            for tag, facts, province in histories(args.n, args.seed):
                try:
                    steps = next_awards(kb, facts, province=province)
                except (EligibilityError, FactsError) as error:
                    out.write(f"{tag} na\tERR {type(error).__name__} {error}\n")
                    continue
                out.write(f"{tag} na\t[{', '.join(as_json(s) for s in steps)}]\n")
        print(f"{len(results)} steps and the next_awards of every history written to {args.dump}")


if __name__ == "__main__":
    main()
