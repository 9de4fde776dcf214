"""Benchmark the cost a lookup pays for its rate limit: one `take` in its own transaction.

    .venv/bin/python bench/ratelimit.py [--calls N] [--users U] [--pg URL] [--sqlite FILE]

Times `bot.status.ratelimit.take` exactly as `bot.chat.status` calls it (a session,
`session.begin()`, the upsert, commit), N times (default 1,000) over U users (default 50, so
most calls hit an existing row and some are refused), on a SQLite file and, with --pg (or
TDKT_BENCH_PG_URL), on PostgreSQL. The clock advances 1 s per call. Prints p50/p99 in ms.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bot.db.session import Database
from bot.status.ratelimit import take

NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)
WARMUP = 50


async def run(url: str, calls: int, users: int) -> tuple[float, float, int]:
    db = Database(url)
    try:
        await db.upgrade()
        async with db.session() as session, session.begin():
            await session.execute(text("DELETE FROM lookup_budget"))
        samples: list[float] = []
        refused = 0
        for i in range(WARMUP + calls):
            now = NOW + dt.timedelta(seconds=i)
            started = time.perf_counter()
            async with db.session() as session, session.begin():
                wait = await take(session, 1_000_000 + i % users, now)
            elapsed = (time.perf_counter() - started) * 1000.0
            if i >= WARMUP:
                samples.append(elapsed)
                refused += wait > 0
        samples.sort()
        p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
        return statistics.median(samples), p99, refused
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--pg", default=os.environ.get("TDKT_BENCH_PG_URL"))
    parser.add_argument("--sqlite", metavar="FILE", help="SQLite file (default: a temporary one)")
    args = parser.parse_args()
    targets: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        sqlite_file = args.sqlite or str(Path(tmp) / "ratelimit.db")
        targets.append(("SQLite file", f"sqlite:///{sqlite_file}"))
        if args.pg:
            targets.append(("PostgreSQL", args.pg))
        print(f"take(): {args.calls} calls, {args.users} users, one transaction each")
        for label, url in targets:
            p50, p99, refused = asyncio.run(run(url, args.calls, args.users))
            print(f"{label:12} p50 {p50:6.2f} ms   p99 {p99:6.2f} ms   ({refused} refused)")


if __name__ == "__main__":
    main()
