"""Benchmark: the cost of running a chat turn's heavy step in a worker process (ADR 007).

Prints the fork-server start, the overhead of an empty job (p50 / max of 20), a worker's
virtual memory at start (what the memory budget must leave room for), and read + build + check
of a 2,000-name draft (the nominee cap) inside workers, with the load average.
Run: .venv/bin/python bench/offload.py
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path


async def main() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from dossier import make_files

    from bot import jobs
    from bot.dossier import draft as dr
    from bot.dossier.readers import Limits
    from bot.offload import Workers, WorkLimits, warm_up
    from knowledge.loader import load_knowledge

    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    start = time.perf_counter()
    warm_up()
    print(f"fork server start (preloads imported): {time.perf_counter() - start:.2f} s")
    workers = Workers(WorkLimits())
    times = []
    for _ in range(20):
        start = time.perf_counter()
        await workers.run(1, jobs.ping)
        times.append(time.perf_counter() - start)
    print(f"empty job: p50 {statistics.median(times) * 1000:.0f} ms, "
          f"max {max(times) * 1000:.0f} ms")
    print(f"worker virtual memory at start: {await workers.run(1, jobs.vm_size_mb)} MB")
    kb = load_knowledge()
    data: dict[str, object] = {}
    start = time.perf_counter()
    for name, content in make_files(2_000):
        upload = await workers.run(1, jobs.read_upload_job, name, content, Limits(max_rows=2000),
                                   kb.dossier)
        data = dr.add_upload(data, upload)
    read = time.perf_counter() - start
    received = dt.date(2026, 1, 20)
    start = time.perf_counter()
    built = await workers.run(1, jobs.build_job, data, {}, received, kb.dossier)
    build = time.perf_counter() - start
    start = time.perf_counter()
    found, _, _ = await workers.run(1, jobs.check_job, built.manifest, [], received, kb, None,
                                    None)
    checked = time.perf_counter() - start
    print(f"2,000 names: read {read:.2f} s, build {build:.2f} s, check + xlsx {checked:.2f} s "
          f"({len(found)} findings)")


if __name__ == "__main__":
    asyncio.run(main())
