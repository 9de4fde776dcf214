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
from typing import Any

import yaml

from bot.eligibility import evaluate
from bot.interview.flow import next_step
from bot.interview.replay import replay
from knowledge.loader import load_knowledge

CASES = Path(__file__).resolve().parents[1] / "tests" / "cases"


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        merged = dict(base)
        for key, value in over.items():
            merged[key] = _merge(base.get(key), value) if key in base else value
        return merged
    return over


def main() -> int:
    kb = load_knowledge()
    print("| award | case (full history) | questions | verdict | next step, worst CPU |")
    print("|---|---|---|---|---|")
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        award = data["award"]
        for case in data["cases"]:
            if case.get("verdict") != "eligible" or "xfail" in case:
                continue
            base = {} if case.get("without_base") else data.get("base") or {}
            facts = _merge(base, case.get("facts") or {})
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
            break
    return 0


if __name__ == "__main__":
    sys.exit(main())
