"""Benchmark one status change (`bot.status.service.change_status`, its own transaction and
commit) on a database `bench/reports.py` generated, with the report rollup kept (as the bot
does) and with it switched off (the path before the rollup), alternating in rounds so both see
the same machine load. Prints p50/p90 in ms per variant; the rollup is rebuilt at the end (the
changes made with it switched off are not in it).

    .venv/bin/python bench/status_change.py URL [--changes 400] [--rounds 4]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import os
import random
import statistics
import sys
import time
from collections.abc import AsyncIterator, Collection
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select

from bot.conversation.viewer import Role
from bot.db import report_rollup as rollup
from bot.db.models import Dossier
from bot.db.session import Database
from bot.render import Renderer
from bot.status import service
from bot.status.access import Principal
from knowledge.loader import load_knowledge

KB = load_knowledge()  # the shipped law and policy

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = Principal(Role.ADMIN, None, None, None)


@contextlib.asynccontextmanager
async def _untracked(session: Any, ids: Collection[int]) -> AsyncIterator[None]:
    yield


async def _unmoved(*args: Any) -> None:
    return None


async def _round(db: Database, rng: random.Random, n: int, top: int, now: dt.datetime,
                 renderer: Renderer) -> list[float]:
    workflow = KB.workflow.on(now.astimezone(TZ).date())
    timings = []
    while len(timings) < n:
        dossier_id = rng.randint(1, top)
        async with db.session() as s:
            code, status = (await s.execute(select(Dossier.code, Dossier.status)
                                            .where(Dossier.id == dossier_id))).one()
        targets = [t.to for t in workflow.targets(status) if t.to != "withdrawn"]
        if not targets:
            continue
        t0 = time.perf_counter()
        async with db.session() as s, s.begin():
            await service.change_status(s, ADMIN, code, rng.choice(targets), now, TZ, renderer,
                                        kb=KB, note="bench", notify_other_side=False)
        timings.append(time.perf_counter() - t0)
    return timings


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--changes", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=4)
    args = parser.parse_args()
    db = Database(args.url)
    rng = random.Random(6)
    renderer = Renderer()
    now = dt.datetime(2026, 2, 20, 3, tzinfo=dt.UTC)
    tracking, moved = rollup.tracking, rollup.moved
    results: dict[str, list[float]] = {"with rollup": [], "without rollup": []}
    try:
        async with db.session() as s:
            top = int(await s.scalar(select(func.max(Dossier.id))) or 0)
        await _round(db, rng, 20, top, now, renderer)  # warm caches
        for round_no in range(args.rounds):
            for variant in sorted(results, reverse=bool(round_no % 2)):  # alternate the order
                on = variant == "with rollup"
                rollup.tracking = tracking if on else _untracked  # type: ignore[assignment]
                rollup.moved = moved if on else _unmoved  # type: ignore[assignment]
                results[variant] += await _round(db, rng, args.changes // args.rounds, top,
                                                 now, renderer)
        rollup.tracking, rollup.moved = tracking, moved  # type: ignore[assignment]
        async with db.session() as s, s.begin():
            await rollup.rebuild(s)  # the changes made without it are recounted
    finally:
        await db.dispose()
    for variant, timings in results.items():
        q = statistics.quantiles(timings, n=10)
        p50 = statistics.median(timings) * 1e3
        print(f"{variant}: {len(timings)} status changes, p50 {p50:.2f} ms, "
              f"p90 {q[8] * 1e3:.2f} ms (load {os.getloadavg()[0]:.2f})", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
