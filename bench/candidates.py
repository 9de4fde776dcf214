"""Benchmark: "🌟 Gương điển hình" (`exemplary_candidates`) on the large demo province.

Seeds `tdkt seed --demo --size large` into a SQLite file (or reuses it), then times the chat's
call — the whole province as an admin (or a reviewer of it), 15 candidates, the current year —
several times; the first run also loads the knowledge caches. Prints each run and the median.

    .venv/bin/python bench/candidates.py [--sqlite /tmp/large.db] [--runs 5] [--postgres URL]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import time

from bot.db.session import Database
from bot.reports.candidates import exemplary_candidates
from knowledge.loader import load_knowledge
from tdkt.seed import seed_demo

TODAY = dt.date(2026, 12, 7)
NOW = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)
LIMIT = 15  # bot.chat.reports.CHAT_CANDIDATES


async def run(url: str, runs: int) -> None:
    db = Database(url)
    await db.upgrade()
    started = time.perf_counter()
    report = await seed_demo(db, NOW, size="large")
    print(f"{url}: {report.people} people, {report.dossiers} dossiers "
          f"({'seeded' if report.created else 'reused'} in {time.perf_counter() - started:.1f} s)")
    kb = load_knowledge()
    times = []
    for i in range(runs):
        started = time.perf_counter()
        async with db.session() as session:
            found = await exemplary_candidates(session, kb, None, TODAY.year, TODAY, limit=LIMIT,
                                               from_year=TODAY.year)
        times.append(time.perf_counter() - started)
        print(f"run {i + 1}: {times[-1]:.3f} s, {len(found)} candidates")
    print(f"median {statistics.median(times):.3f} s, best {min(times):.3f} s")
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite", default="/tmp/tdkt-bench-large.db")
    parser.add_argument("--postgres")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    asyncio.run(run(f"sqlite:///{args.sqlite}", args.runs))
    if args.postgres:
        asyncio.run(run(args.postgres, args.runs))


if __name__ == "__main__":
    main()
