"""Questions to a verdict: for every award, the interview answered from a full history (the first
eligible case of tests/cases/<award>.yaml, the person's record prefilled), how many questions it
asks before it shows the verdict, and the worst CPU time to compute the next step at the end
(every answer replayed). Prints a Markdown
table (pasted into docs/knowledge.md), then the p50/p99 of the next step over every state of
every interview (wall clock and CPU time of this thread), and the cost of "Vì sao?" (the verdict
with the answers that would change it). Asserts nothing.

Run: .venv/bin/python bench/interview_questions.py
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
import time
from pathlib import Path

from bot.eligibility import evaluate
from bot.interview.flow import next_screen
from bot.interview.replay import replay
from bot.interview.why import explain
from knowledge.loader import load_knowledge

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from eligibility.case_files import case_entries


def main() -> int:
    kb = load_knowledge()
    print("| award | case (full history) | questions | verdict | next step, worst CPU |")
    print("|---|---|---|---|---|")
    done: set[str] = set()
    wall: list[float] = []
    cpu: list[float] = []
    why_wall: list[float] = []
    why_cpu: list[float] = []
    for _, award, case, facts in case_entries():
        if award in done or case.get("verdict") != "eligible" or "xfail" in case:
            continue
        done.add(award)
        province = case.get("province")
        run = replay(kb, award, facts, province=province)
        verdict = evaluate(
            kb, award, run.interview.facts(kb), run.interview.as_of, province=province
        )
        slowest = 0.0  # CPU time of this thread: the waits for a core are not the flow's
        for _ in range(20):
            start = time.thread_time()
            next_screen(kb, run.interview, province)
            slowest = max(slowest, time.thread_time() - start)
        print(
            f"| {award} | {case['name'][:50]} | {len(run.asked)} | {verdict.verdict} "
            f"| {slowest * 1000:.1f} ms |"
        )
        for k in range(len(run.interview.answers) + 1):  # every screen of the interview
            state = dataclasses.replace(run.interview, answers=run.interview.answers[:k])
            for _ in range(5):
                w0, c0 = time.perf_counter(), time.thread_time()
                next_screen(kb, state, province)
                wall.append(time.perf_counter() - w0)
                cpu.append(time.thread_time() - c0)
        w0, c0 = time.perf_counter(), time.thread_time()
        explain(kb, run.interview, province)
        why_wall.append(time.perf_counter() - w0)
        why_cpu.append(time.thread_time() - c0)
    print()
    for name, values in (("next step", wall), ("next step CPU", cpu), ("Vì sao? wall", why_wall),
                         ("Vì sao? CPU", why_cpu)):
        values.sort()
        p99 = values[max(int(len(values) * 0.99) - 1, 0)]
        print(f"{name}: p50 {statistics.median(values) * 1000:.2f} ms, "
              f"p99 {p99 * 1000:.2f} ms, max {values[-1] * 1000:.2f} ms over {len(values)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
