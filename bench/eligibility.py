"""Benchmark: evaluations per second over 10,000 synthetic histories (all awards for the subject
kind), and the p99 time to produce the next interview question. Prints numbers; asserts nothing.

Run: .venv/bin/python bench/eligibility.py [N]
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bot.eligibility import (
    EligibilityError,
    FactsError,
    evaluate,
    evaluate_all,
    questions_for,
)
from knowledge.loader import load_knowledge

RATINGS = ["hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", None]


def synthetic(rng: random.Random) -> dict[str, Any]:
    years: dict[str, Any] = {}
    for year in range(2018, 2025):
        titles = ["lao_dong_tien_tien"] + (["chien_si_thi_dua_co_so"] if rng.random() < 0.4 else [])
        years[str(year)] = {
            "rating": rng.choice(RATINGS),
            "months_worked": rng.choice([12, 12, 12, 5, None]),
            "active_in_emulation": rng.choice([True, True, None]),
            "discipline": "none",
            "titles": titles if rng.random() < 0.8 else None,
        }
    return {
        "as_of": "2025-01-15",
        "subject": {"kind": "individual"},
        "pending": [],
        "years": years,
        "initiatives": [
            {
                "year": rng.randint(2018, 2024),
                "kind": "sang_kien",
                "scope": rng.choice(["co_so", "bo_nganh_tinh"]),
                "recognized": True,
            }
            for _ in range(rng.randint(0, 3))
        ],
        "awards": [
            {"award": "bang_khen_tinh", "year": rng.randint(2016, 2021), "basis": "cong_trang"}
        ]
        if rng.random() < 0.5
        else [],
    }


def everything(kb: Any) -> None:
    """What may this person be awarded (`evaluate_all`: every award for the subject), once for
    each law case of tests/cases/ — each history new to the engine, as in the chat."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
    from eligibility.case_files import case_entries

    timings, cpu = [], []
    for _, _, case, facts in case_entries():
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            evaluate_all(kb, facts, province=case.get("province"))
        except (EligibilityError, FactsError):
            continue
        timings.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    timings.sort()
    cpu.sort()

    def p99(values: list[float]) -> float:
        return values[max(int(len(values) * 0.99) - 1, 0)] * 1000

    print(
        f"evaluate_all (every award for one person) over {len(timings)} law cases: "
        f"p50 {statistics.median(timings) * 1000:.1f} ms, p99 {p99(timings):.1f} ms, "
        f"max {timings[-1] * 1000:.1f} ms (CPU p50 {statistics.median(cpu) * 1000:.1f} ms, "
        f"p99 {p99(cpu):.1f} ms)"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    kb = load_knowledge()
    rng = random.Random(7)
    histories = [synthetic(rng) for _ in range(n)]
    awards = [a.id for a in kb.awards.values() if "individual" in [k.value for k in a.kinds]]
    count = 0
    started, cpu_started = time.perf_counter(), time.thread_time()
    for facts in histories:
        for award in awards:
            evaluate(kb, award, facts, with_next=False)
            count += 1
    elapsed = time.perf_counter() - started
    cpu_elapsed = time.thread_time() - cpu_started
    print(
        f"evaluations: {count} in {elapsed:.2f} s = {count / elapsed:,.0f} evaluations/s "
        f"({len(awards)} awards × {n} histories, without the path; CPU time of this thread: "
        f"{count / cpu_elapsed:,.0f} evaluations/s)"
    )
    everything(kb)
    timings, cpu = [], []
    for facts in histories[:1000]:
        t0, c0 = time.perf_counter(), time.thread_time()
        questions_for(
            kb,
            "bang_khen_thu_tuong",
            {
                "as_of": facts["as_of"],
                "subject": facts["subject"],
                "years": {k: {"rating": v["rating"]} for k, v in facts["years"].items()},
            },
        )
        timings.append(time.perf_counter() - t0)
        cpu.append(time.thread_time() - c0)
    timings.sort()
    cpu.sort()
    p99 = timings[int(len(timings) * 0.99) - 1]
    cpu99 = cpu[int(len(cpu) * 0.99) - 1]
    print(
        f"questions_for: p50 {statistics.median(timings) * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms "
        f"over {len(timings)} partial interviews (CPU time of this thread: p50 "
        f"{statistics.median(cpu) * 1000:.2f} ms, p99 {cpu99 * 1000:.2f} ms — without the waits "
        "for a core on a loaded machine)"
    )
    t0 = time.perf_counter()
    for facts in histories[:100]:
        evaluate(kb, "chien_si_thi_dua_co_so", facts)
    print(f"evaluate with the path (next): {(time.perf_counter() - t0) * 10:.1f} ms per call")


if __name__ == "__main__":
    main()
