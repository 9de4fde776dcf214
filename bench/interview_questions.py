"""Questions to a verdict: for every award, the interview answered from a full history (the first
eligible case of tests/cases/<award>.yaml, the person's record prefilled), how many questions it
asks before it shows the verdict, and the worst CPU time to compute the next step at the end
(every answer replayed). Prints a Markdown
table (pasted into docs/knowledge.md); asserts nothing.

Run: .venv/bin/python bench/interview_questions.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from bot.eligibility import evaluate
from bot.interview.flow import next_step
from bot.interview.replay import replay
from knowledge.loader import load_knowledge

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from eligibility.case_files import case_entries


def main() -> int:
    kb = load_knowledge()
    print("| award | case (full history) | questions | verdict | next step, worst CPU |")
    print("|---|---|---|---|---|")
    done: set[str] = set()
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
            next_step(kb, run.interview, province)
            slowest = max(slowest, time.thread_time() - start)
        print(
            f"| {award} | {case['name'][:50]} | {len(run.asked)} | {verdict.verdict} "
            f"| {slowest * 1000:.1f} ms |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
