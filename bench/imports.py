"""Benchmark a large import on SQLite while a live bot writes: does the bot ever wait too long?

    .venv/bin/python bench/imports.py [--rows N] [--kind people|officers] [--pg URL]

Loads the demo province into a fresh SQLite file (or the PostgreSQL database given by --pg),
writes an N-row (default 20,000) import file of the kind, then runs `tdkt import`'s code path
(`bot.transfer.service.import_kind`) while a second engine — standing for the running bot —
records one processed update every 100 ms in its own short transaction, as every incoming
update does. Prints the import's wall time, and the probes' count, p50/max latency and the
number that failed ("database is locked": the user would have seen the apology).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text

from bot.db.session import Database
from bot.transfer.service import import_kind
from bot.transfer.table import write_table
from knowledge.loader import load_knowledge
from tdkt.seed import seed_demo

NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)
PROBE_EVERY_S = 0.1


def people_file(rows: int, unit: str) -> bytes:
    data = [
        {"external_ref": f"B-{i:06d}", "full_name": f"Nguyễn Văn Bench {i}", "unit": unit,
         "birth_year": 1980 + i % 30, "award": "lao_dong_tien_tien", "year": 2024,
         "decision_no": f"{i}/QĐ-UBND"}
        for i in range(rows)
    ]
    columns = ["external_ref", "full_name", "unit", "birth_year", "award", "year", "decision_no"]
    return write_table("people.csv", columns, data)


def officers_file(rows: int, unit: str) -> bytes:
    data = [{"full_name": f"Cán bộ {i}", "unit": unit, "telegram_user_id": 7_000_000 + i}
            for i in range(rows)]
    return write_table("officers.csv", ["full_name", "unit", "telegram_user_id"], data)


async def probe(url: str, stop: asyncio.Event, out: list[float], failed: list[str]) -> None:
    bot = Database(url)
    update_id = 10**9
    try:
        while not stop.is_set():
            update_id += 1
            started = time.perf_counter()
            try:
                async with bot.session() as session, session.begin():
                    await session.execute(
                        text("INSERT INTO processed_updates (update_id, at) VALUES (:u, :at)"),
                        {"u": update_id, "at": NOW},
                    )
            except Exception as error:  # the bot would apologise
                failed.append(type(error).__name__)
            out.append(time.perf_counter() - started)
            await asyncio.sleep(PROBE_EVERY_S)
    finally:
        await bot.dispose()


async def run(url: str, rows: int, kind: str) -> None:
    db = Database(url)
    try:
        await db.upgrade()
        await seed_demo(db, NOW)
        async with db.session() as session:
            first = text("SELECT code FROM units ORDER BY id LIMIT 1")
            unit = (await session.execute(first)).scalar_one()
        content = (people_file if kind == "people" else officers_file)(rows, unit)
        stop = asyncio.Event()
        latencies: list[float] = []
        failed: list[str] = []
        prober = asyncio.create_task(probe(url, stop, latencies, failed))
        await asyncio.sleep(0.5)
        started = time.perf_counter()
        count = await import_kind(db, kind, f"{kind}.csv", content, NOW, None, kb=load_knowledge())
        took = time.perf_counter() - started
        await asyncio.sleep(0.5)
        stop.set()
        await prober
        print(f"{db.backend}: imported {count} {kind} rows in {took:.1f} s; "
              f"bot probes {len(latencies)}, p50 {statistics.median(latencies) * 1000:.0f} ms, "
              f"max {max(latencies) * 1000:.0f} ms, failed {len(failed)} {sorted(set(failed))}")
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--kind", choices=("people", "officers"), default="people")
    parser.add_argument("--pg", default="")
    args = parser.parse_args()
    if args.pg:
        asyncio.run(run(args.pg, args.rows, args.kind))
        return
    with tempfile.TemporaryDirectory() as folder:
        asyncio.run(run(f"sqlite:///{folder}/bench.db", args.rows, args.kind))


if __name__ == "__main__":
    main()
