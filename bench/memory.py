"""Memory of one bot instance (issue 16 item 7): RSS after start and after a day's traffic.

    .venv/bin/python bench/memory.py [--rows N] [--sqlite FILE --reuse] [--updates K] [--users U]

Loads N synthetic dossiers into a SQLite file (the loader of `bench/status.py`; `--reuse` keeps
an earlier load), starts `tdkt run` as a real process against the project's fake Bot API
server, registers U officers (one admin among them) by invite, then drives K updates from
them, U at a time: /start, /hoso, a dossier by code, a name search, /help, the eligibility
interview opened by a typed award name and answered with its first button, free text.
Prints the resident set size (VmRSS, and VmHWM, the peak) of the bot process — and the
proportional set size of it with its worker processes (shared pages counted once) — after
start, after a tenth and a half of the traffic and at the end, so the growth can be read.
Target: ≤ 200 MB after start, ≤ 250 MB after a day.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import importlib.util
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sqlalchemy import text  # noqa: E402

from bot.db.officers import create_invite  # noqa: E402
from bot.db.session import Database  # noqa: E402
from fakebot.client import FakeUser  # noqa: E402
from fakebot.server import FakeTelegram  # noqa: E402


def _status_bench() -> Any:
    spec = importlib.util.spec_from_file_location("bench_status", ROOT / "bench" / "status.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def memory_mb(pid: int) -> tuple[float, float]:
    """(VmRSS, VmHWM) of a process in MB, from /proc."""
    fields: dict[str, float] = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) / 1024
    return fields["VmRSS"], fields["VmHWM"]


def pss_mb(pid: int) -> float:
    """Proportional set size in MB: pages shared with the parent (a forked worker) counted once."""
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Pss:"):
            return int(line.split()[1]) / 1024
    return 0.0


def children(pid: int) -> list[int]:
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid:
            found.append(int(entry.name))
            found.extend(children(int(entry.name)))
    return found


def report(label: str, pid: int, handled: int) -> None:
    rss, peak = memory_mb(pid)
    tree = [pid, *children(pid)]
    total = sum(pss_mb(p) for p in tree if Path(f"/proc/{p}").exists())
    extra = f"; with {len(tree) - 1} worker(s) PSS {total:.0f} MB" if len(tree) > 1 else ""
    print(f"{label:<28} updates {handled:>7,}  RSS {rss:6.1f} MB  peak {peak:6.1f} MB{extra}",
          flush=True)


async def invite(db: Database, unit_id: int, role: str) -> str:
    now = dt.datetime.now(dt.UTC)
    async with db.session() as session, session.begin():
        made = await create_invite(session, unit_id, role, None, now + dt.timedelta(days=1), now)
        return made.code


async def prepare(path: Path, rows: int, reuse: bool) -> tuple[list[str], list[str]]:
    status = _status_bench()
    db = Database(f"sqlite:///{path}")
    await db.upgrade()
    sample = await status.loaded(db, rows) if reuse else None
    if sample is None:
        if reuse and path.exists():
            await db.dispose()
            path.unlink()
            db = Database(f"sqlite:///{path}")
            await db.upgrade()
        t0 = time.perf_counter()
        sample = await status.load(db, rows)
        print(f"loaded {rows:,} dossiers in {time.perf_counter() - t0:.0f} s", flush=True)
    async with db.session() as session, session.begin():  # a fresh fake server reuses ids
        for table in ("processed_updates", "lookup_budget"):
            await session.execute(text(f"DELETE FROM {table}"))
    await db.dispose()
    return sample


async def register(server: FakeTelegram, db: Database, count: int) -> list[FakeUser]:
    users, first = [], 10_000_000 + int(time.time()) % 100_000 * 100  # new people each run
    for i in range(count):
        user = FakeUser(server, user_id=first + i, first_name=f"Cán bộ {i}", timeout=30)
        role = "admin" if i == 0 else "officer"
        await user.send(f"/start {await invite(db, 1 + i, role)}")
        users.append(user)
    return users


async def one_step(user: FakeUser, rng: random.Random, codes: list[str],
                   names: list[str]) -> None:
    kind = rng.randrange(8)
    if kind == 0:
        await user.send("/hoso")
    elif kind == 1:
        await user.send(f"/hoso {rng.choice(codes)}")
    elif kind == 2:
        await user.send(f"/hoso {rng.choice(names)}")
    elif kind == 3:
        await user.send("/help")
    elif kind == 4:
        await user.send("/start")
    elif kind == 5:
        await user.send("tôi muốn hỏi về thủ tục")
    else:
        replies = await user.send(rng.choice(["bang khen thu tuong", "lao dong tien tien",
                                              "chien si thi dua co so", "bang khen tinh"]))
        labels = [label for reply in replies for label in reply.labels]
        if labels:
            await user.tap(labels[0])


async def drive(args: argparse.Namespace) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="tdkt-memory-"))
    path = Path(args.sqlite) if args.sqlite else workdir / "memory.db"
    codes, names = await prepare(path, args.rows, args.reuse)
    async with FakeTelegram() as server:
        env = {**os.environ, "TDKT_BOT_TOKEN": server.token,
               "TDKT_BOT_API_BASE_URL": server.base_url, "DATABASE_URL": f"sqlite:///{path}",
               "TDKT_LOG_LEVEL": "WARNING"}
        env.pop("TDKT_TEST_DATABASE_URL", None)
        log = workdir / "bot.log"
        print(f"the bot's log: {log}", flush=True)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "tdkt.cli.main", "run", env=env, cwd=workdir,
            stdout=asyncio.subprocess.DEVNULL, stderr=log.open("wb"))
        try:
            if not await server.wait_until(lambda: bool(server.commands()), 120):
                raise SystemExit("the bot did not start")
            await asyncio.sleep(2)
            report("after start", process.pid, 0)
            db = Database(f"sqlite:///{path}")
            users = await register(server, db, args.users)
            await db.dispose()
            rng = random.Random(16)
            handled, marks = 0, {args.updates // 10, args.updates // 2}
            t0 = time.perf_counter()
            while handled < args.updates:
                batch = min(len(users), args.updates - handled)
                results = await asyncio.gather(
                    *(one_step(user, random.Random(rng.random()), codes, names)
                      for user in users[:batch]), return_exceptions=True)
                failed = [r for r in results if isinstance(r, BaseException)]
                if failed:
                    print(f"  {len(failed)} step(s) failed: {failed[0]!r}"[:300], flush=True)
                handled += batch
                if any(handled - batch < m <= handled for m in marks):
                    report(f"after {handled:,} steps", process.pid, handled)
            elapsed = time.perf_counter() - t0
            report("at the end", process.pid, handled)
            print(f"{handled:,} steps in {elapsed:.0f} s ({handled / elapsed:.0f}/s), "
                  f"{len(server.calls())} Bot API calls", flush=True)
        finally:
            process.terminate()
            await process.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sqlite", help="database file to keep (with --reuse) between runs")
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--updates", type=int, default=5_000,
                        help="user steps to drive (one or two updates each)")
    parser.add_argument("--users", type=int, default=40)
    asyncio.run(drive(parser.parse_args()))


if __name__ == "__main__":
    main()
