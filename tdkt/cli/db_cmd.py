"""`tdkt db prune [--now T] [--dry-run]`: delete rows past their retention (or count them).
`tdkt db rollup [--rebuild]`: check the report rollup against a recount (or rebuild it first)."""

from __future__ import annotations

import argparse
import asyncio

from bot.bootstrap import open_database
from bot.config import load_settings
from bot.db import housekeeping, report_rollup
from bot.db.updates import RETENTION as UPDATE_RETENTION
from bot.render import Renderer
from tdkt.cli.output import print_plain
from tdkt.cli.reminders_cmd import parse_now


def prune(args: argparse.Namespace, renderer: Renderer) -> int:
    """Prune at `--now` (default: the real clock); `--dry-run` counts and deletes nothing."""
    settings = load_settings()
    now = parse_now(args.now, settings)

    async def go() -> housekeeping.PruneReport:
        db = await open_database(settings)
        try:
            return await housekeeping.prune(db, now, dry_run=bool(args.dry_run))
        finally:
            await db.dispose()

    report = asyncio.run(go())
    print_plain(
        renderer,
        "cli/db_pruned.j2",
        report=report,
        update_hours=int(UPDATE_RETENTION.total_seconds() // 3600),
        outbox_days=housekeeping.OUTBOX_RETENTION.days,
        interview_days=housekeeping.INTERVIEW_RETENTION.days,
    )
    return 0


def rollup(args: argparse.Namespace, renderer: Renderer) -> int:
    """Compare the report rollup with a recount from the dossiers (`--rebuild`: recount it
    first, in one transaction); exit 1 when groups differ."""
    settings = load_settings()

    async def go() -> int:
        db = await open_database(settings)
        try:
            if args.rebuild:
                async with db.session() as session, session.begin():
                    await report_rollup.rebuild(session)
            async with db.session() as session:
                return len(await report_rollup.differences(session))
        finally:
            await db.dispose()

    wrong = asyncio.run(go())
    print_plain(renderer, "cli/db_rollup.j2", wrong=wrong, rebuilt=bool(args.rebuild))
    return 1 if wrong else 0
