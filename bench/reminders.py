"""Fan out N reminders (default 10,000) against the fake Bot API capped at 30 messages/s.

    .venv/bin/python bench/reminders.py [--count N] [--workers 2] [--pg URL] [--write FILE]

Builds a campaign whose units have N officers in total, plans their reminder with one tick at
a pinned time (while a probe, standing for another instance's sender, times its one-row write
transactions: how long planning can hold up a sender), then runs `--workers` tick loops at
once (as several bot instances would), each with its own engine and its own
`TelegramNotifier` over a plain PTB `Bot`, all pacing on the shared database pace. The fake
server answers 429 to any send beyond 30 within one second. Prints the achieved rate as a
share of the cap (target ≥ 95 %), duplicates and losses (target 0), and the 429s seen; with
--write, appends the result rows at the end of the `## Reminders` section.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from sqlalchemy import func, insert, select, text  # noqa: E402

from bot.config import Settings  # noqa: E402
from bot.db.delivery import SendOutcome, SendResult  # noqa: E402
from bot.db.models import Officer, OutboxMessage, Unit  # noqa: E402
from bot.db.session import Database  # noqa: E402
from bot.reminders.campaigns import CampaignSpec, DeadlineSpec, create_campaign  # noqa: E402
from bot.reminders.pacing import Pace, reserve  # noqa: E402
from bot.reminders.tick import tick  # noqa: E402
from bot.render import Renderer  # noqa: E402
from fakebot.server import FakeTelegram  # noqa: E402
from handlers.notifier import TelegramNotifier, plain_bot  # noqa: E402

VN = dt.timezone(dt.timedelta(hours=7))
PLANNED_AT = dt.datetime(2026, 1, 17, 8, 1, tzinfo=VN)
OFFICERS_PER_UNIT = 10
CHAT0 = 10_000_000


async def build(db: Database, count: int) -> None:
    units = max(1, count // OFFICERS_PER_UNIT)
    async with db.session() as s, s.begin():
        await s.execute(insert(Unit), [
            {"code": f"U{i:05}", "name": f"Đơn vị {i:05}", "name_folded": f"don vi {i:05}",
             "level": "unit", "active": True, "created_at": PLANNED_AT} for i in range(units)])
        ids = list((await s.scalars(select(Unit.id).order_by(Unit.id))).all())
        await s.execute(insert(Officer), [
            {"telegram_user_id": CHAT0 + i, "full_name": f"Cán bộ {i}", "unit_id": ids[i % units],
             "role": "officer", "active": True, "chat_id": CHAT0 + i, "can_see_subunits": False,
             "created_at": PLANNED_AT} for i in range(count)])
        spec = CampaignSpec(name="Tổng kết năm 2025", year=2025,
                            deadlines=(DeadlineSpec("Bằng khen UBND tỉnh", dt.date(2026, 1, 31)),),
                            unit_ids=tuple(ids))
        await create_campaign(s, spec, None, PLANNED_AT)


class Timed:
    """A notifier that notes when each accepted send came back (for the achieved rate)."""

    def __init__(self, inner: TelegramNotifier, stamps: list[float]) -> None:
        self.inner, self.stamps = inner, stamps

    async def send(self, chat_id: int, payload: dict[str, Any]) -> SendResult:
        result = await self.inner.send(chat_id, payload)
        if result.outcome is SendOutcome.SENT:
            self.stamps.append(time.monotonic())
        return result


class WriteProbe:
    """A sender meanwhile (own engine, same event loop): a one-row write every 20 ms; notes the
    longest wait, which includes time the planner held the event loop, not only the lock."""

    def __init__(self, url: str) -> None:
        self.db, self.stop, self.longest = Database(url), False, 0.0

    async def run(self) -> None:
        pace = Pace(name="probe", rate=1000.0)
        try:
            while not self.stop:
                started = time.perf_counter()
                async with self.db.session() as s, s.begin():
                    await reserve(s, pace, 1, PLANNED_AT, 1.0)
                self.longest = max(self.longest, time.perf_counter() - started)
                await asyncio.sleep(0.02)
        finally:
            await self.db.dispose()


async def worker(url: str, settings: Settings, clock: Callable[[], dt.datetime],
                 pace: Pace, name: str, stop_after: float, stamps: list[float]) -> None:
    db = Database(url)
    bot = plain_bot(settings)
    await bot.initialize()
    try:
        await tick(db, Timed(TelegramNotifier(bot), stamps), clock(), plan=False,
                   worker_id=name, pace=pace, batch=30, clock=clock, drain_for=stop_after)
    finally:
        await bot.shutdown()
        await db.dispose()


async def run(count: int, workers: int, cap: int, url: str,
              rate: float = 29.0) -> dict[str, float]:
    db = Database(url)
    await db.upgrade()
    await build(db, count)
    t_plan = time.perf_counter()
    probe = WriteProbe(url)
    probing = asyncio.create_task(probe.run())
    report = await tick(db, None, PLANNED_AT.astimezone(dt.UTC), renderer=Renderer())
    plan_seconds = time.perf_counter() - t_plan
    probe.stop = True
    await probing
    assert len(report.planned) == count, len(report.planned)
    # Slots 1/rate apart: a one-second window holds at most ⌈rate⌉ + 1 of them.
    pace = Pace(name="bench", rate=rate)
    async with FakeTelegram() as server:
        server.set_rate_limit(cap)
        for i in range(count):
            server.add_chat(CHAT0 + i, f"U{i}")
        settings = Settings(bot_token=server.token, database_url=url,
                            bot_api_base_url=server.base_url,
                            bot_api_file_url=server.base_file_url)
        t0 = time.monotonic()

        def clock() -> dt.datetime:
            return PLANNED_AT + dt.timedelta(seconds=time.monotonic() - t0)

        stop_after = count / rate * 1.5 + 30
        stamps: list[float] = []
        await asyncio.gather(*(worker(url, settings, clock, pace, f"w{i}", stop_after, stamps)
                               for i in range(workers)))
        ok = [c for c in server.calls("sendMessage") if c.ok]
        per_chat = Counter(c.chat_id for c in ok)
        throttled = server.throttled
    # n sends span n - 1 intervals.
    elapsed = (max(stamps) - min(stamps)) if len(stamps) > 1 else 0.0
    async with db.session() as s:
        statuses = dict((await s.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status))).all())
    await db.dispose()
    duplicates = sum(n - 1 for n in per_chat.values() if n > 1)
    losses = count - len(per_chat)
    return {"count": count, "workers": workers, "cap": cap, "plan_s": plan_seconds,
            "probe_s": probe.longest,
            "elapsed": elapsed, "rate": (len(stamps) - 1) / elapsed if elapsed else 0.0,
            "duplicates": duplicates, "losses": losses, "throttled": throttled,
            "sent_rows": statuses.get("sent", 0)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cap", type=int, default=30)
    parser.add_argument("--rate", type=float, default=29.0, help="shared pace (msg/s)")
    parser.add_argument("--pg", metavar="URL", help="PostgreSQL URL (tables are dropped!)")
    parser.add_argument("--write", metavar="FILE")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.pg or f"sqlite:///{os.path.join(tmp, 'bench.db')}"
        if args.pg:
            asyncio.run(_drop(args.pg))
        result = asyncio.run(run(args.count, args.workers, args.cap, url, args.rate))
    backend = "PostgreSQL" if args.pg else "SQLite"
    share = result["rate"] / args.cap * 100
    lines = [
        f"- {backend}, {result['count']:,} reminders, {result['workers']} tick workers sharing "
        f"the database pace ({args.rate:g} msg/s), "
        f"fake Bot API capped at {args.cap} msg/s:",
        f"  planning {result['plan_s']:.1f} s (meanwhile a one-row write of another engine in "
        f"this process waited at most {result['probe_s'] * 1000:.0f} ms: write lock plus "
        f"event-loop time); delivery {result['elapsed']:.1f} s; "
        f"achieved "
        f"{result['rate']:.2f} msg/s = **{share:.1f} % of the cap**; duplicates "
        f"**{result['duplicates']}**; losses **{result['losses']}**; 429s {result['throttled']}; "
        f"outbox rows `sent` {result['sent_rows']:,}.",
    ]
    print("\n".join(lines))
    if args.write:
        _write(Path(args.write), lines)


def _write(path: Path, lines: list[str]) -> None:
    """Append the rows at the end of the `## Reminders` section (created when missing)."""
    existing = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    if "## Reminders" not in existing:
        existing = existing.rstrip("\n") + "\n\n## Reminders\n\n" + _HOW + "\n"
    start = existing.index("## Reminders")
    end = existing.find("\n## ", start)
    end = len(existing) if end < 0 else end
    section = existing[start:end].rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    rest = existing[end:].lstrip("\n")
    path.write_text(existing[:start] + section + ("\n" + rest if rest else ""), encoding="utf-8")


_HOW = ("`bench/reminders.py`: N officers in one campaign, one tick plans their reminder, then "
        "tick workers (one engine and one plain PTB `Bot` each, like separate instances) drain "
        "the outbox through the shared pace (send slots reserved in the database) against the fake "
        "Bot API "
        "answering 429 beyond 30 sends in any second. Rate = successful sends / time from first "
        "to last send.")


async def _drop(url: str) -> None:
    db = Database(url)
    async with db.engine.begin() as conn:
        names = (await conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))).scalars().all()
        if names:
            await conn.execute(text("DROP TABLE IF EXISTS " + ", ".join(f'"{n}"' for n in names)
                                    + " CASCADE"))
    await db.dispose()


if __name__ == "__main__":
    main()
