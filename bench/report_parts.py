"""Time each part of the yearly report (province scope) on a database `bench/reports.py`
generated, read off the rollup and read off the dossiers: the grouped pass, the processing time,
the unit rows (returned dossiers); then check both give the same whole report. `--events` also
times the processing time as it was before `decided_on` (status events ⨝ dossiers).

    .venv/bin/python bench/report_parts.py URL [--runs 3] [--events]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, or_, select, text

from bot.conversation.viewer import Role
from bot.db import report_rollup as rollup
from bot.db.decided import DECISIONS
from bot.db.models import Dossier, DossierEvent
from bot.db.session import Database
from bot.reports import figures
from bot.reports.scope import resolve_scope
from bot.reports.sql import dialect_of, dossier_where, local_date
from bot.status.access import Principal
from knowledge.loader import load_knowledge

KB = load_knowledge()  # the shipped law and policy

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
AS_OF = dt.date(2026, 2, 20)


async def _events_join(session, scope, dialect):  # type: ignore[no-untyped-def]
    """The processing-time statement before `decided_on` (for comparison)."""
    received = local_date(Dossier.received_at, scope, dialect)
    decided = local_date(DossierEvent.at, scope, dialect)
    rows = await session.execute(
        select(received, decided, func.count())
        .select_from(DossierEvent)
        .join(Dossier, Dossier.id == DossierEvent.dossier_id)
        .where(DossierEvent.to_status.in_(DECISIONS),
               or_(DossierEvent.from_status.is_(None), DossierEvent.from_status != "forwarded_up"),
               Dossier.received_at.is_not(None), *dossier_where(scope))
        .group_by(received, decided))
    return sum(int(n) for *_, n in rows.all())


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--events", action="store_true",
                        help="also time the processing time as it was before decided_on")
    args = parser.parse_args()
    db = Database(args.url)
    admin = Principal(Role.ADMIN, None, None, None)
    print(f"load average {os.getloadavg()[0]:.2f}", flush=True)
    async with db.session() as s:
        scope = await resolve_scope(s, admin, 2025, TZ)
        dialect = dialect_of(s)
        for table in ("report_counts", "report_processing_counts"):
            rows = await s.scalar(select(func.count()).select_from(text(table)))
            print(f"{table}: {rows:,} rows", flush=True)
        reports = {}
        for source, serves in (("rollup", rollup.serves), ("dossiers", lambda tz: False)):
            rollup.serves = serves  # type: ignore[assignment]
            for _ in range(args.runs):
                timings = {}
                t0 = time.perf_counter()
                _, totals, returned = await figures._read(s, scope, AS_OF, KB)
                timings["grouped counts"] = time.perf_counter() - t0
                t0 = time.perf_counter()
                now = await figures._processing_time(s, scope, dossier_where(scope), dialect,
                                                     KB.calendar)
                timings["processing time"] = time.perf_counter() - t0
                t0 = time.perf_counter()
                await figures._unit_rows(s, scope, totals, returned)
                timings["unit rows (returned)"] = time.perf_counter() - t0
                print(f"{source}: " + "  ".join(f"{k} {v:.2f} s" for k, v in timings.items())
                      + f"  (processed {now[0]:,}; load {os.getloadavg()[0]:.2f})", flush=True)
            t0 = time.perf_counter()
            reports[source] = (await figures.compute_figures(s, scope, AS_OF, KB)).to_json()
            print(f"{source}: whole province report {time.perf_counter() - t0:.2f} s", flush=True)
        print(f"same report from both: {reports['rollup'] == reports['dossiers']}", flush=True)
        if args.events:
            t0 = time.perf_counter()
            before = await _events_join(s, scope, dialect)
            print(f"processing time as before decided_on (events join): "
                  f"{time.perf_counter() - t0:.2f} s ({before:,})", flush=True)
    await db.dispose()


if __name__ == "__main__":
    asyncio.run(main())
