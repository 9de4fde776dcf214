"""Benchmark: the yearly report (`compute_figures`) over N dossiers on SQLite and PostgreSQL.

Rows are generated inside the database (a recursive CTE on SQLite, `generate_series` on
PostgreSQL): 200 units in 4 clusters, 20,000 people, N dossiers of one campaign spread over
7 awards and 15 statuses, one nominee per dossier, a decision event for decided dossiers and a
"needs_supplement" event for one dossier in ten; the nominee counts are stored on the dossiers
as the application does (`recount_nominees`). Then the report runs three times (the first
also warms caches) for the whole province, one cluster and one unit; the timings are printed.

    .venv/bin/python bench/reports.py [--dossiers 1000000] [--sqlite PATH] [--postgres URL]
                                      [--reuse]

With --reuse, databases already generated with the same --dossiers are timed again.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import text

from bot.conversation.viewer import Role
from bot.db.nominee_counts import recount_nominees
from bot.db.session import Database
from bot.reports.figures import compute_figures
from bot.reports.scope import resolve_scope
from bot.status.access import Principal
from knowledge.loader import load_knowledge

KB = load_knowledge()  # the shipped law and policy

UNITS, PEOPLE = 200, 20_000
AWARDS = ("chien_si_thi_dua_co_so", "bang_khen_tinh", "giay_khen", "tap_the_lao_dong_xuat_sac",
          "chien_si_thi_dua_bo_nganh_tinh", "bang_khen_thu_tuong", "co_thi_dua_bo_nganh_tinh")
STATUSES = ("draft", "checked", "submitted", "received", "intake_rejected", "needs_supplement",
            "appraising", "consulting", "council_review", "awaiting_decision", "forwarded_up",
            "approved", "not_approved", "delivered", "withdrawn")
BASES = ("cong_trang", "cong_trang", "chuyen_de", "dot_xuat")
TZ = ZoneInfo("Asia/Ho_Chi_Minh")
ADMIN = Principal(Role.ADMIN, None, None, None)


def _case(expr: str, values: tuple[str, ...]) -> str:
    whens = " ".join(f"WHEN {i} THEN '{v}'" for i, v in enumerate(values))
    return f"CASE ({expr}) % {len(values)} {whens} END"


def _series(pg: bool, n: int, body: str) -> str:
    """`body` selects from a series `s(i)` of 1..n."""
    if pg:
        return body.replace("{FROM}", f"FROM generate_series(1, {n}) AS s(i)")
    return f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {n}) " + \
        body.replace("{FROM}", "FROM s")


def _ts(pg: bool, base: str, days: str) -> str:
    if pg:
        return f"(TIMESTAMPTZ '{base}+00' + ({days}) * INTERVAL '1 day')"
    return f"datetime('{base}', '+' || ({days}) || ' days')"


async def generate(db: Database, n: int) -> None:
    pg = db.is_postgres
    true, false = ("TRUE", "FALSE") if pg else ("1", "0")
    created = _ts(pg, "2025-12-01 03:00:00", "i % 60")
    statements = [
        "INSERT INTO units (id, code, name, name_folded, level, cluster, active, created_at) "
        + _series(pg, UNITS, f"SELECT i, 'U' || i, 'Unit ' || i, 'unit ' || i, 'tinh_agency', "
                  f"'Cluster ' || (i % 4), {true}, {_ts(pg, '2025-01-01 00:00:00', '0')} {{FROM}}"),
        "INSERT INTO subjects (id, unit_id, kind, name, name_folded, is_leader, active) "
        + _series(pg, PEOPLE, f"SELECT i, 1 + i % {UNITS}, 'individual', 'P' || i, 'p' || i, "
                  f"CASE WHEN i % 3 = 0 THEN {true} ELSE {false} END, {true} {{FROM}}"),
        "INSERT INTO campaigns (id, code, name, year, kind, active, created_at) VALUES "
        f"(1, 'TKN-2025', 'Tong ket 2025', 2025, 'year_end', {true}, "
        f"{_ts(pg, '2025-11-15 02:00:00', '0')})",
        "INSERT INTO campaign_deadlines (id, campaign_id, award_group, deadline) VALUES "
        "(1, 1, 'all', '2026-01-31')",
        "INSERT INTO dossiers (id, code, unit_id, campaign_id, award, basis, procedure, status, "
        "version, created_at, updated_at, submitted_at, received_at, sla_due_on) "
        + _series(pg, n, f"SELECT i, 'B-' || i, 1 + i % {UNITS}, 1, {_case('i', AWARDS)}, "
                  f"{_case('i / 7', BASES)}, CASE WHEN i % 11 = 0 THEN 'simplified' "
                  f"ELSE 'regular' END, {_case('i / 3', STATUSES)}, 1, {created}, {created}, "
                  f"{_ts(pg, '2026-01-10 03:00:00', 'i % 40')}, "
                  f"{_ts(pg, '2026-01-11 03:00:00', 'i % 40')}, "
                  f"{'DATE' if pg else ''} '2026-02-15' {{FROM}}"),
        "INSERT INTO nominees (dossier_id, name, name_folded, kind, subject_id, outcome) "
        f"SELECT id, 'n', 'n', 'individual', 1 + id % {PEOPLE}, "
        "CASE WHEN status IN ('approved', 'delivered') THEN 'approved' "
        "WHEN status = 'not_approved' THEN 'not_approved' END FROM dossiers",
        "INSERT INTO dossier_events (dossier_id, from_status, to_status, at) "
        "SELECT id, 'awaiting_decision', CASE WHEN status = 'delivered' THEN 'approved' "
        f"ELSE status END, {_ts(pg, '2026-01-12 03:00:00', 'id % 40 + id % 17')} FROM dossiers "
        "WHERE status IN ('approved', 'delivered', 'not_approved', 'forwarded_up')",
        "INSERT INTO dossier_events (dossier_id, from_status, to_status, at) "
        f"SELECT id, 'appraising', 'needs_supplement', {_ts(pg, '2026-01-12 03:00:00', '1')} "
        "FROM dossiers WHERE id % 10 = 0",
        # What every writer of a decision does (bot/db/decided.py): the decision day.
        "UPDATE dossiers SET decided_on = (SELECT "
        + ("(min(e.at) AT TIME ZONE 'Asia/Ho_Chi_Minh')::date" if pg
           else "date(min(e.at), '+420 minutes')")
        + " FROM dossier_events e WHERE e.dossier_id = dossiers.id "
        "AND e.to_status IN ('approved', 'not_approved', 'forwarded_up')) "
        "WHERE status IN ('approved', 'delivered', 'not_approved', 'forwarded_up')",
    ]
    async with db.engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))
    async with db.session() as session, session.begin():
        await recount_nominees(session)  # what every writer of nominees does
    async with db.engine.connect() as conn:
        # PostgreSQL's index-only scans need the visibility map that VACUUM writes.
        autocommit = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await autocommit.execute(text("VACUUM ANALYZE" if pg else "ANALYZE"))


async def run(url: str, n: int, label: str, reuse: bool = False) -> list[str]:
    db = Database(url)
    await db.upgrade()
    lines: list[str] = []
    try:
        started = time.perf_counter()
        async with db.engine.connect() as conn:
            have = (await conn.execute(text("SELECT count(*) FROM dossiers"))).scalar()
        if reuse and have == n:
            lines.append(f"{label}: reusing {n:,} dossiers")
        else:
            await generate(db, n)
            lines.append(
                f"{label}: generated {n:,} dossiers in {time.perf_counter() - started:.1f} s")
        lines.append(f"{label}: load average {os.getloadavg()[0]:.2f}")
        for name, kw in (("province", {}), ("cluster", {"cluster": "Cluster 1"}),
                         ("unit", {"unit_code": "U7"})):
            timings = []
            for _ in range(3):
                t0 = time.perf_counter()
                async with db.session() as session:
                    scope = await resolve_scope(session, ADMIN, 2025, TZ, **kw)  # type: ignore[arg-type]
                    figures = await compute_figures(session, scope, dt.date(2026, 2, 20), KB)
                timings.append(time.perf_counter() - t0)
            lines.append(
                f"{label}: yearly report, {name} ({figures.dossiers:,} dossiers, "
                f"{figures.nominees:,} nominees): first {timings[0]:.2f} s, then "
                f"{min(timings[1:]):.2f} s (median {figures.outcome.median_working_days} "
                f"working days)"
            )
    finally:
        await db.dispose()
    return lines


async def _empty_postgres(url: str) -> None:
    """Drop every table of the benchmark database (never point this at a shared database)."""
    db = Database(url)
    try:
        async with db.engine.begin() as conn:
            names = (await conn.execute(text(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            ))).scalars().all()
            if names:
                quoted = ", ".join(f'"{name}"' for name in names)
                await conn.execute(text(f"DROP TABLE IF EXISTS {quoted} CASCADE"))
    finally:
        await db.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dossiers", type=int, default=1_000_000)
    parser.add_argument("--sqlite", default="/tmp/tdkt-bench-reports.db")
    parser.add_argument("--postgres", default=os.environ.get("TDKT_BENCH_PG_URL"))
    parser.add_argument("--reuse", action="store_true",
                        help="time databases already generated with this --dossiers again")
    args = parser.parse_args()
    path = Path(args.sqlite)
    if not args.reuse:
        for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)
    for line in await run(f"sqlite:///{path}", args.dossiers, "SQLite", args.reuse):
        print(line, flush=True)
    if args.postgres:
        if not args.reuse:
            await _empty_postgres(args.postgres)
        for line in await run(args.postgres, args.dossiers, "PostgreSQL", args.reuse):
            print(line, flush=True)


if __name__ == "__main__":
    asyncio.run(main())
