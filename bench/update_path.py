"""Benchmark one update end to end: the real Application, a fake Bot API, N dossiers (1M default).

    .venv/bin/python bench/update_path.py --sqlite FILE [--pg URL] [--updates 2000]
                                          [--interview 600] [--webhook] [--probe]

The dossiers are those of `bench/status.py` (load them once with
`bench/status.py --rows N --sqlite FILE --reuse`; this script loads them itself when absent).
3,000 officers are added (three in each unit of a sample dossier). Then, one update at a time:
`/hoso <code>` from a random officer (90 % a dossier of their own unit, 10 % another unit's:
"not found"), then interview answers (`/xet chien si thi dua co so`, then the first answer
button of the screen the bot last sent, restarting at a verdict). Latency = the update put on
`update_queue` → its last handler group finished (the reply went out to the fake API).
`bot.app.build_application` is used as `tdkt run` uses it; PTB's AIORateLimiter is removed (it
spaces replies 1/30 s, which back-to-back updates would only measure). With `--webhook` the
update-id gate is installed as in webhook mode. With `--probe` a loop-lag probe (a task sleeping
2 ms, recording how late it wakes) prints the longest stall. The lookup budget is reset before
each round, so nothing is throttled. Prints p50/p99 in ms and `uptime`'s load. `--paced S`
then offers 30 updates/s (lookups + interview) for S seconds and prints the process's CPU and
p99 (target 2); `--burst N` queues N lookups of distinct users at once and prints updates/s
(headroom, no rate limiter). The Application's `post_init` runs as `run_polling` runs it
(command menu, warm caches, frozen heap). "CPU per answer" counts the `/xet` restarts between
interviews too. `--profile FILE` runs cProfile (CPU time, not waiting) over the interview
answers (top functions printed, stats in FILE) and the lookups (FILE.hoso). `--by-step` prints
the interview answers by kind (the tapped button's verb → the screen shown next, e.g.
`an → result`): latency and CPU p50/p99 of each. `--cold` empties, before every interview
answer, the remembered lộ trình of the result screens (`verdicts._NEXT`, when the code has it)
and the engine's parsed facts (`engine._PARSED`): the bench's interviews all share the same
facts, so without it every result after the first is a hit, where in production most result
screens are a history seen for the first time.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import text
from telegram import Update
from telegram.ext import Application, TypeHandler
from telegram.request import HTTPXRequest

from bot.app import build_application
from bot.config import Settings
from bot.db.session import Database
from bot.render import Renderer
from bot.services import Services
from knowledge.loader import load_knowledge

OFFICERS_PER_UNIT = 3
FIRST_USER = 50_000_000
LAST_GROUP = 2**31 - 1
BOT_ID = 777


class FakeApi:
    """Answers every Bot API call in process; remembers each chat's last inline keyboard."""

    def __init__(self) -> None:
        self.message_id = 0
        self.keyboards: dict[int, tuple[int, list[str]]] = {}
        self.sent = 0

    async def do_request(self, url: str, request_data: Any) -> tuple[int, bytes]:
        await asyncio.sleep(0)  # a real HTTP call always yields to the loop
        method = url.rsplit("/", 1)[-1]
        params = request_data.parameters if request_data is not None else {}
        if method == "getMe":
            result: Any = {"id": BOT_ID, "is_bot": True, "first_name": "TĐKT",
                           "username": "tdkt_bench_bot"}
        elif method in ("sendMessage", "editMessageText", "sendPhoto", "sendDocument"):
            self.sent += 1
            chat = int(params.get("chat_id", 0))
            self.message_id += 1
            message_id = int(params.get("message_id") or self.message_id)
            markup = params.get("reply_markup")
            if isinstance(markup, str):
                markup = json.loads(markup)
            if isinstance(markup, dict) and "inline_keyboard" in markup:
                data = [b.get("callback_data") for row in markup["inline_keyboard"] for b in row]
                self.keyboards[chat] = (message_id, [d for d in data if d])
            elif method == "sendMessage":
                self.keyboards.pop(chat, None)
            result = {"message_id": message_id, "date": int(time.time()),
                      "chat": {"id": chat, "type": "private"}, "text": "x"}
        else:
            result = True
        return 200, json.dumps({"ok": True, "result": result}).encode()


def patch_transport(api: FakeApi) -> None:
    async def do_request(self: HTTPXRequest, url: str, method: str, request_data: Any = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        return await api.do_request(url, request_data)

    HTTPXRequest.do_request = do_request  # type: ignore[method-assign]


async def prepare(db: Database, rows: int) -> list[tuple[int, int, str]]:
    """(telegram user id, unit id, a code of that unit) per bench officer."""
    import status as status_bench

    await db.upgrade()
    if await status_bench.loaded(db, rows) is None:
        t0 = time.perf_counter()
        await status_bench.load(db, rows)
        print(f"loaded {rows:,} dossiers in {time.perf_counter() - t0:.0f} s", flush=True)
    async with db.session() as s, s.begin():
        pairs = (await s.execute(text(
            "SELECT unit_id, code FROM dossiers WHERE id % 1000 = 0 ORDER BY id"))).all()
        existing = (await s.execute(text(
            "SELECT count(*) FROM officers WHERE telegram_user_id >= :u"),
            {"u": FIRST_USER})).scalar()
        if not existing:
            now = dt.datetime.now(dt.UTC)
            await s.execute(text(
                "INSERT INTO officers (telegram_user_id, full_name, unit_id, role, "
                "can_see_subunits, active, chat_id, created_at) "
                "VALUES (:u, :n, :unit, 'officer', :sub, :a, :u, :now)"),
                [{"u": FIRST_USER + i * OFFICERS_PER_UNIT + k, "n": f"Cán bộ {i}-{k}",
                  "unit": unit, "sub": False, "a": True, "now": now}
                 for i, (unit, _) in enumerate(pairs) for k in range(OFFICERS_PER_UNIT)])
    return [(FIRST_USER + i * OFFICERS_PER_UNIT + k, unit, code)
            for i, (unit, code) in enumerate(pairs) for k in range(OFFICERS_PER_UNIT)]


class Driver:
    def __init__(self, application: Application, api: FakeApi) -> None:
        self.application = application
        self.api = api
        # Fresh ids every run: behind the webhook gate, ids recorded by an earlier run would
        # be dropped as duplicates.
        self.update_id = int(time.time() * 1000)
        self.done: dict[int, asyncio.Future[None]] = {}

        async def finished(update: Update, _: Any) -> None:
            future = self.done.pop(update.update_id, None)
            if future is not None and not future.done():
                future.set_result(None)

        application.add_handler(TypeHandler(Update, finished), group=LAST_GROUP)

    def _user(self, user: int) -> dict[str, Any]:
        return {"id": user, "is_bot": False, "first_name": "Cán bộ"}

    def message(self, user: int, body: str) -> Update:
        self.update_id += 1
        entities = ([{"type": "bot_command", "offset": 0, "length": len(body.split()[0])}]
                    if body.startswith("/") else [])
        return Update.de_json({"update_id": self.update_id, "message": {
            "message_id": self.update_id, "date": int(time.time()),
            "chat": {"id": user, "type": "private"}, "from": self._user(user),
            "text": body, "entities": entities}}, self.application.bot)

    def tap(self, user: int, message_id: int, data: str) -> Update:
        self.update_id += 1
        return Update.de_json({"update_id": self.update_id, "callback_query": {
            "id": str(self.update_id), "from": self._user(user), "chat_instance": "1",
            "data": data, "message": {
                "message_id": message_id, "date": int(time.time()),
                "chat": {"id": user, "type": "private"}, "text": "x",
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "TĐKT"}}}},
            self.application.bot)

    async def send(self, update: Update) -> float:
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.done[update.update_id] = future
        t0 = time.perf_counter()
        await self.application.update_queue.put(update)
        await asyncio.wait_for(future, 60)  # an update that never finishes is a bench error
        return (time.perf_counter() - t0) * 1000


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


async def probe_lag(stop: asyncio.Event, worst: list[float]) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        await asyncio.sleep(0.002)
        worst[0] = max(worst[0], (time.perf_counter() - t0 - 0.002) * 1000)


def _lookup(driver: Driver, officers: list[tuple[int, int, str]], rng: random.Random,
            user: int | None = None) -> Update:
    who, _, code = rng.choice(officers)
    if rng.random() < 0.1:
        code = rng.choice(officers)[2]
    return driver.message(user or who, f"/hoso {code}")


async def paced_mix(driver: Driver, api: FakeApi, officers: list[tuple[int, int, str]],
                    rng: random.Random, label: str, seconds: int, rate: float = 30.0) -> None:
    """Target 2: `rate` updates/s for `seconds` (70 % lookups, 30 % interview answers from 200
    users), CPU of the process and p99 update → reply."""
    users = [o[0] for o in officers[100:300]]
    for user in users[:60]:
        await driver.send(driver.message(user, "/xet chien si thi dua co so"))
    latencies: list[float] = []
    tasks: list[asyncio.Task[float]] = []
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i in range(int(seconds * rate)):
        due = wall0 + i / rate
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        user = users[i % 60]
        shown = api.keyboards.get(user)
        if rng.random() < 0.3 and shown and shown[1]:
            update = driver.tap(user, shown[0], shown[1][0])
        elif rng.random() < 0.3:
            update = driver.message(user, "/xet chien si thi dua co so")
        else:
            update = _lookup(driver, officers, rng, users[60 + i % 140])
        tasks.append(asyncio.create_task(driver.send(update)))
    latencies = list(await asyncio.gather(*tasks))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    p50, p99 = percentiles(latencies)
    print(f"[{label}] paced {rate:.0f}/s for {wall:.0f} s: CPU {100 * cpu / wall:.1f} % of a core, "
          f"p50 {p50:.2f} ms, p99 {p99:.2f} ms; load {os.getloadavg()[0]:.2f}", flush=True)


async def burst_mix(driver: Driver, officers: list[tuple[int, int, str]], rng: random.Random,
                    label: str, count: int) -> None:
    """Headroom: `count` lookups from distinct users queued at once; updates/s processed."""
    updates = [_lookup(driver, officers, rng, officers[i % len(officers)][0])
               for i in range(count)]
    cpu0, wall0 = time.process_time(), time.perf_counter()
    latencies = await asyncio.gather(*(driver.send(u) for u in updates))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    p50, p99 = percentiles(list(latencies))
    print(f"[{label}] burst of {count}: {count / wall:.0f} updates/s "
          f"({count / cpu:.0f} per CPU-second), latency p50 {p50:.1f} / p99 {p99:.1f} ms; "
          f"load {os.getloadavg()[0]:.2f}", flush=True)


def _step_kind(tapped: str, shown: tuple[int, list[str]] | None) -> str:
    """An interview answer's kind: the tapped button's verb → what the bot showed next (`result`
    when its first button is "Vì sao?", `text` when it sent no keyboard, else the verb of its
    first button)."""
    def verb(data: str) -> str:
        parts = data.split(":")
        return parts[2] if len(parts) > 2 else data

    if not shown or not shown[1]:
        after = "text"
    else:
        after = "result" if verb(shown[1][0]) == "why" else verb(shown[1][0])
    return f"{verb(tapped)} → {after}"


def _by_step_report(rows: list[tuple[str, float, float]], label: str) -> None:
    """Per kind of answer: count, latency p50/p99/max and CPU p50/p99 (one update at a time, so
    the process's CPU over an update is that update's)."""
    def p99(xs: list[float]) -> float:
        return sorted(xs)[min(len(xs) - 1, int(len(xs) * 0.99))]

    kinds: dict[str, list[tuple[float, float]]] = {}
    for kind, took, cpu in rows:
        kinds.setdefault(kind, []).append((took, cpu))
    cpu_all = [cpu for _, _, cpu in rows]
    print(f"[{label}] CPU per answer (restarts not included): p50 "
          f"{statistics.median(cpu_all):.2f} ms, p99 {p99(cpu_all):.2f} ms", flush=True)
    for kind, pairs in sorted(kinds.items(), key=lambda kv: -p99([t for t, _ in kv[1]])):
        took, cpu = [t for t, _ in pairs], [c for _, c in pairs]
        print(f"[{label}]   {kind:<16} x{len(pairs):<4} latency p50 {statistics.median(took):.2f}"
              f" / p99 {p99(took):.2f} / max {max(took):.1f} ms; CPU p50 "
              f"{statistics.median(cpu):.2f} / p99 {p99(cpu):.2f} ms", flush=True)


def _forget() -> None:
    """`--cold`: nothing remembered from an earlier answer (the caches keyed by facts)."""
    from bot.chat.eligibility import verdicts
    from bot.eligibility import engine

    for cache in (getattr(verdicts, "_NEXT", None), getattr(engine, "_PARSED", None)):
        if cache is not None:
            cache.clear()


def _profile_report(profiler: Any, label: str, calls: int, path: str) -> None:
    import pstats

    profiler.dump_stats(path)
    print(f"[{label}] cProfile of {calls} interview answers (cumulative, then own time):")
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)


async def run(url: str, rows: int, updates: int, interview: int, webhook: bool,
              probe: bool, paced: int = 0, burst: int = 0, profile: str | None = None,
              by_step: bool = False, cold: bool = False) -> None:
    db = Database(url)
    officers = await prepare(db, rows)
    await db.dispose()
    db = Database(url)
    api = FakeApi()
    patch_transport(api)
    settings = Settings(bot_token="123456:AAbench-token-for-the-fake-api-000000", database_url=url)  # type: ignore[arg-type]
    services = Services(settings=settings, db=db, kb=load_knowledge(), renderer=Renderer())
    kwargs: dict[str, Any] = {"outbox_tick": False}
    if "dedupe_updates" in build_application.__code__.co_varnames:
        kwargs["dedupe_updates"] = webhook
    application = build_application(settings, services, **kwargs)
    application.bot._rate_limiter = None  # see the module docstring
    driver = Driver(application, api)
    rng = random.Random(11)
    label = "postgresql" if db.is_postgres else "sqlite"
    async with application:
        if application.post_init is not None:  # as run_polling / run_webhook do
            await application.post_init(application)
        await application.start()
        async with db.session() as s, s.begin():
            await s.execute(text("DELETE FROM lookup_budget"))
        stop = asyncio.Event()
        worst = [0.0]
        prober = asyncio.create_task(probe_lag(stop, worst)) if probe else None
        # /hoso CODE
        samples: list[float] = []
        cpu0 = 0.0
        lookup_profiler = None
        for i in range(updates + 50):
            if i == 50:
                cpu0 = time.process_time()
                if profile:
                    import cProfile

                    lookup_profiler = cProfile.Profile(time.process_time)
                    lookup_profiler.enable()
            user, _, code = rng.choice(officers)
            if rng.random() < 0.1:
                code = rng.choice(officers)[2]
            took = await driver.send(driver.message(user, f"/hoso {code}"))
            if i >= 50:  # warm-up
                samples.append(took)
        cpu_ms = (time.process_time() - cpu0) * 1000 / updates
        if lookup_profiler is not None:
            lookup_profiler.disable()
            lookup_profiler.dump_stats(f"{profile}.hoso")
        p50, p99 = percentiles(samples)
        print(f"[{label}] longest loop stall so far {worst[0]:.1f} ms", flush=True)
        print(f"[{label}] /hoso CODE x{updates}: p50 {p50:.2f} ms, p99 {p99:.2f} ms, "
              f"max {max(samples):.1f} ms, CPU {cpu_ms:.2f} ms per update; "
              f"load {os.getloadavg()[0]:.2f}", flush=True)
        if interview:
            answers: list[float] = []
            by_step_rows: list[tuple[str, float, float]] = []
            users = [o[0] for o in officers[:20]]
            for user in users:
                await driver.send(driver.message(user, "/xet chien si thi dua co so"))
            i = 0
            cpu0 = time.process_time()
            profiler = None
            if profile:
                import cProfile

                profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
                profiler.enable()
            while len(answers) < interview and i < interview * 3:
                user = users[i % len(users)]
                i += 1
                shown = api.keyboards.get(user)
                if not shown or not shown[1]:
                    await driver.send(driver.message(user, "/xet chien si thi dua co so"))
                    continue
                message_id, buttons = shown
                if cold:
                    _forget()
                before = time.process_time()
                answers.append(await driver.send(driver.tap(user, message_id, buttons[0])))
                if by_step:
                    by_step_rows.append((_step_kind(buttons[0], api.keyboards.get(user)),
                                         answers[-1], (time.process_time() - before) * 1000))
            cpu_ms = (time.process_time() - cpu0) * 1000 / max(1, len(answers))
            if profiler is not None:
                profiler.disable()
                _profile_report(profiler, label, len(answers), profile)
            if answers:
                p50, p99 = percentiles(answers)
                print(f"[{label}] interview answer x{len(answers)}: p50 {p50:.2f} ms, "
                      f"p99 {p99:.2f} ms, max {max(answers):.1f} ms, CPU {cpu_ms:.2f} ms per "
                      f"answer (restarts included); "
                      f"load {os.getloadavg()[0]:.2f}", flush=True)
            if by_step:
                _by_step_report(by_step_rows, label)
        if paced:
            worst[0] = 0.0
            await paced_mix(driver, api, officers, rng, label, paced)
            print(f"[{label}] longest loop stall at 30/s {worst[0]:.1f} ms", flush=True)
        if burst:
            worst[0] = 0.0
            await burst_mix(driver, officers, rng, label, burst)
        if prober is not None:
            stop.set()
            await prober
            print(f"[{label}] longest loop stall (last phase) {worst[0]:.1f} ms", flush=True)
        await application.stop()
    await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sqlite", metavar="FILE")
    parser.add_argument("--pg", default=os.environ.get("TDKT_BENCH_PG_URL"))
    parser.add_argument("--updates", type=int, default=2000)
    parser.add_argument("--interview", type=int, default=600)
    parser.add_argument("--webhook", action="store_true")
    parser.add_argument("--probe", action="store_true")
    parser.add_argument("--paced", type=int, default=0, metavar="SECONDS",
                        help="then 30 updates/s (lookups + interview) for SECONDS: CPU, p99")
    parser.add_argument("--burst", type=int, default=0, metavar="N",
                        help="then N lookups queued at once: updates/s (headroom)")
    parser.add_argument("--by-step", action="store_true",
                        help="interview answers by kind (tapped verb → screen shown): latency "
                             "and CPU p50/p99 per kind")
    parser.add_argument("--cold", action="store_true",
                        help="empty the caches keyed by facts before every interview answer "
                             "(a result screen as for a history seen for the first time)")
    parser.add_argument("--profile", metavar="FILE",
                        help="cProfile the interview answers (top functions printed, "
                             "stats kept in FILE) and the lookups (FILE.hoso)")
    args = parser.parse_args()
    print(f"uptime load {os.getloadavg()}", flush=True)
    gc.collect()
    if args.sqlite:
        asyncio.run(run(f"sqlite:///{args.sqlite}", args.rows, args.updates, args.interview,
                        args.webhook, args.probe, args.paced, args.burst, args.profile,
                        args.by_step, args.cold))
    if args.pg:
        asyncio.run(run(args.pg, args.rows, args.updates, args.interview, args.webhook,
                        args.probe, args.paced, args.burst, args.profile, args.by_step,
                        args.cold))


if __name__ == "__main__":
    main()
