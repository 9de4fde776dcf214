"""Benchmark the status lookups with N dossiers (default 1,000,000) on SQLite and PostgreSQL.

    .venv/bin/python bench/status.py [--rows N] [--pg URL] [--write docs/benchmarks.md]
                                     [--sqlite FILE] [--reuse]

Loads synthetic dossiers (one nominee each, realistic Vietnamese name frequencies, 10,000
units), then times the real core functions (`bot.status.lookup`) through the async ORM:
lookup by code (card), the unit's list (first page), and fuzzy name search over all units
(an admin: the worst case) with queries without diacritics, half of them with one typo.
Prints p50/p99 in milliseconds; with --write, appends a `## Status lookups` section.
With --reuse, databases that already hold the dossiers (an earlier run with --sqlite FILE, or
the same --pg URL) are timed again without reloading.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import gc
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import insert, text

from bot.conversation.viewer import Role
from bot.db.codes import new_dossier_code
from bot.db.models import Dossier, DossierEvent, Nominee, Unit
from bot.db.models_status import NameVocab, NomineeSearch
from bot.db.nominee_counts import recount_nominees
from bot.db.session import Database
from bot.status.access import Principal
from bot.status.lookup import get_card, search_dossiers, unit_dossiers
from bot.status.search import name_key, vocab_entries
from knowledge.loader import load_knowledge

KB = load_knowledge()  # the shipped law and policy

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2026, 1, 15, 2, 0, tzinfo=dt.UTC)
FAMILIES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4),
    ("Vũ", 4),
    ("Võ", 3),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 2),
    ("Ngô", 2),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Trương", 1),
    ("Lâm", 1),
]
MIDDLES = [
    "Văn",
    "Thị",
    "Hữu",
    "Đức",
    "Minh",
    "Thanh",
    "Ngọc",
    "Quốc",
    "Thu",
    "Hồng",
    "Kim",
    "Xuân",
    "Anh",
    "Gia",
    "Bảo",
    "Thành",
    "Diệu",
    "Khánh",
]
GIVENS = [
    "An",
    "Anh",
    "Bình",
    "Cường",
    "Dũng",
    "Dung",
    "Duy",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiền",
    "Hiếu",
    "Hoa",
    "Hòa",
    "Hùng",
    "Hương",
    "Huy",
    "Khánh",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "My",
    "Nam",
    "Nga",
    "Ngân",
    "Nghĩa",
    "Ngọc",
    "Nhung",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Quỳnh",
    "Sơn",
    "Tâm",
    "Tân",
    "Thắng",
    "Thảo",
    "Thành",
    "Thịnh",
    "Thu",
    "Thủy",
    "Tiến",
    "Trang",
    "Trung",
    "Tú",
    "Tuấn",
    "Tùng",
    "Uyên",
    "Vân",
    "Việt",
    "Vinh",
    "Xuân",
    "Yến",
    "Hằng",
    "Hậu",
    "Hiệp",
    "Hoàng",
    "Khang",
    "Kiên",
    "Lộc",
    "Luân",
    "Lực",
    "Mạnh",
    "Nhân",
    "Nhi",
    "Oanh",
    "Phát",
    "Phượng",
    "Quyên",
    "Sang",
    "Sương",
    "Tài",
    "Thái",
    "Thanh",
    "Thiện",
    "Thơ",
    "Thông",
    "Toàn",
    "Trâm",
    "Trí",
    "Trọng",
    "Tuyết",
    "Vy",
    "Ý",
    "Châu",
    "Chi",
    "Đạt",
    "Đông",
    "Hào",
    "Hưng",
    "Lâm",
    "Loan",
    "Ly",
]
STATUSES = [
    "draft",
    "checked",
    "submitted",
    "received",
    "needs_supplement",
    "appraising",
    "consulting",
    "council_review",
    "awaiting_decision",
    "approved",
    "delivered",
    "not_approved",
]
UNITS = 10_000


def make_name(rng: random.Random) -> str:
    family = rng.choices([f for f, _ in FAMILIES], [w for _, w in FAMILIES])[0]
    middles = rng.sample(MIDDLES, rng.choice((0, 1, 1, 2)))
    return " ".join([family, *middles, rng.choice(GIVENS)])


async def load(db: Database, rows: int) -> tuple[list[str], list[str]]:
    rng = random.Random(42)
    async with db.session() as s, s.begin():
        await s.execute(
            insert(Unit),
            [
                {
                    "id": i,
                    "code": f"U{i:05d}",
                    "name": f"Đơn vị {i}",
                    "name_folded": f"don vi {i}",
                    "level": "unit",
                    "active": True,
                    "created_at": NOW,
                }
                for i in range(1, UNITS + 1)
            ],
        )
    codes: list[str] = []
    names: list[str] = []
    vocab: set[tuple[str, str]] = set()
    used: set[str] = set()
    batch = 20_000
    for start in range(1, rows + 1, batch):
        ds, ns, ss, es = [], [], [], []
        for i in range(start, min(start + batch, rows + 1)):
            code = new_dossier_code(2026, rng)
            while code in used:  # random codes: redraw the rare collision
                code = new_dossier_code(2026, rng)
            used.add(code)
            unit = rng.randint(1, UNITS)
            name = make_name(rng)
            key = name_key(name)
            assert key is not None
            at = NOW - dt.timedelta(minutes=rng.randint(0, 500_000))
            ds.append(
                {
                    "id": i,
                    "code": code,
                    "unit_id": unit,
                    "award": "bang_khen_tinh",
                    "procedure": "regular",
                    "status": rng.choice(STATUSES),
                    "version": 1,
                    "created_at": at,
                    "updated_at": at,
                }
            )
            ns.append(
                {
                    "id": i,
                    "dossier_id": i,
                    "name": name,
                    "name_folded": key.folded,
                    "kind": "individual",
                }
            )
            ss.append(
                {
                    "nominee_id": i,
                    "dossier_id": i,
                    "unit_id": unit,
                    "family": key.family,
                    "middle": key.middle,
                    "given": key.given,
                    "folded": key.folded,
                }
            )
            es.append({"dossier_id": i, "to_status": "draft", "at": at})
            vocab.update(vocab_entries(key))
            if i % 1000 == 0:
                codes.append(code)
                names.append(name)
        async with db.session() as s, s.begin():
            await s.execute(insert(Dossier), ds)
            await s.execute(insert(Nominee), ns)
            await s.execute(insert(NomineeSearch), ss)
            await s.execute(insert(DossierEvent), es)
    async with db.session() as s, s.begin():
        await recount_nominees(s)  # what every bulk load does: nominee counts, report rollup
    async with db.session() as s, s.begin():
        await s.execute(insert(NameVocab), [{"kind": k, "token": t} for k, t in sorted(vocab)])
    if db.is_postgres:
        # What autovacuum does to a table in service: statistics, and the visibility map that
        # lets the covering indexes answer without reading the table.
        async with db.engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text("VACUUM ANALYZE"))
    return codes, names


def typo(name: str, rng: random.Random) -> str:
    from bot.text.normalize import fold

    folded = fold(name)
    i = rng.randrange(1, len(folded) - 1)
    return folded[:i] + folded[i + 1 :]  # drop one character


async def timed(fn, rounds: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    samples = []
    for i in range(rounds):
        t0 = time.perf_counter()
        await fn(i)
        samples.append((time.perf_counter() - t0) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, int(len(samples) * 0.99))]


async def loaded(db: Database, rows: int) -> tuple[list[str], list[str]] | None:
    """The sample codes and names of an earlier load of `rows` dossiers, else None."""
    async with db.session() as s:
        count = (await s.execute(text("SELECT max(id) FROM dossiers"))).scalar()
        if count != rows:
            return None
        sample = await s.execute(
            text(
                "SELECT d.code, n.name FROM dossiers d JOIN nominees n ON n.dossier_id = d.id "
                "WHERE d.id % 1000 = 0 ORDER BY d.id"
            )
        )
        pairs = sample.all()
    return [c for c, _ in pairs], [n for _, n in pairs]


async def emptied(db: Database, url: str) -> Database:
    """`db` started again from nothing (its SQLite file deleted, or every table dropped)."""
    await db.dispose()
    if db.sqlite_path is not None:
        db.sqlite_path.unlink()
    else:
        from tests.conftest import drop_all_tables

        await drop_all_tables(url)
    fresh = Database(url)
    await fresh.upgrade()
    return fresh


async def run(url: str, rows: int, label: str, reuse: bool) -> dict[str, tuple[float, float]]:
    db = Database(url)
    await db.upgrade()
    t0 = time.perf_counter()
    sample = await loaded(db, rows) if reuse else None
    if sample is None:
        if reuse:  # not loaded (or another size): start from an empty database
            db = await emptied(db, url)
        sample = await load(db, rows)
        print(f"[{label}] loaded {rows:,} dossiers in {time.perf_counter() - t0:.1f} s", flush=True)
    else:
        print(f"[{label}] reusing {rows:,} dossiers", flush=True)
    codes, names = sample
    gc.collect()  # the loader's garbage is not part of a lookup
    admin = Principal(Role.ADMIN, None, None, None)
    rng = random.Random(7)

    async def by_code(i: int) -> None:
        await db.read(get_card, admin, codes[i % len(codes)], NOW, TZ, KB)

    async def unit_list(i: int) -> None:
        unit = rng.randint(1, UNITS)
        officer = Principal(Role.OFFICER, 1, unit, frozenset({unit}))
        await db.read(unit_dossiers, officer, unit)

    from bot.text.normalize import fold

    queries = [fold(n) if i % 2 else typo(n, rng) for i, n in enumerate(names)]

    async def by_name(i: int) -> None:
        await db.read(search_dossiers, admin, queries[i % len(queries)])

    results = {}
    for name, fn, rounds in (
        ("code", by_code, 1000),
        ("unit list", unit_list, 1000),
        ("name search", by_name, 300),
    ):
        await fn(0)  # warm up
        results[name] = await timed(fn, rounds)
        print(
            f"[{label}] {name}: p50 {results[name][0]:.2f} ms, p99 {results[name][1]:.2f} ms",
            flush=True,
        )
    await db.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--pg", default=os.environ.get("TDKT_BENCH_PG_URL"))
    parser.add_argument("--write", metavar="MARKDOWN")
    parser.add_argument("--sqlite", metavar="FILE", help="keep the SQLite database in FILE")
    parser.add_argument("--reuse", action="store_true", help="time already loaded databases")
    args = parser.parse_args()
    all_results = {}
    with tempfile.TemporaryDirectory() as tmp:
        if args.sqlite is None and args.reuse:
            parser.error("--reuse needs --sqlite FILE")
        path = args.sqlite or f"{tmp}/bench.db"
        all_results["SQLite"] = asyncio.run(
            run(f"sqlite:///{path}", args.rows, "sqlite", args.reuse)
        )
    if args.pg:
        from tests.conftest import drop_all_tables

        if not args.reuse:
            asyncio.run(drop_all_tables(args.pg))
        all_results["PostgreSQL"] = asyncio.run(run(args.pg, args.rows, "postgresql", args.reuse))
    if args.write:
        lines = [
            "",
            "## Status lookups",
            "",
            f"`bench/status.py --rows {args.rows}` (async ORM, session per call, "
            f"{UNITS:,} units; name search as admin over all units, half the queries "
            "with one dropped letter). Milliseconds.",
            "",
            "| backend | code p50 / p99 | unit list p50 / p99 | name search p50 / p99 |",
            "|---|---|---|---|",
        ]
        for backend, r in all_results.items():
            cells = [f"{r[k][0]:.2f} / {r[k][1]:.2f}" for k in ("code", "unit list", "name search")]
            lines.append(f"| {backend} | " + " | ".join(cells) + " |")
        with open(args.write, "a", encoding="utf-8") as handle:
            handle.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
