"""`tdkt reminders tick [--now T] [--dry-run]` and `tdkt import campaigns FILE`.

The CLI is an edge: it may read the clock (when `--now` is absent) and build the Telegram
notifier; everything below takes `now` as an argument.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
from typing import Any

from bot.bootstrap import load_kb, open_database
from bot.config import Settings, load_settings
from bot.errors import InputError
from bot.render import Renderer
from tdkt.cli.output import print_plain

DRAIN_SECONDS = 600.0


def real_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def parse_now(value: str | None, settings: Settings) -> dt.datetime:
    """ISO 8601; without an offset it is local time (TDKT_TIMEZONE). None: the real clock."""
    if value is None:
        return real_clock()
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError("bad_datetime", field="--now", value=value) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=settings.tz)


def tick(args: argparse.Namespace, renderer: Renderer) -> int:
    """One pass of the outbox; with --dry-run, print what would go out and change nothing."""
    from bot.reminders.tick import tick as run_tick

    settings = load_settings()
    now = parse_now(args.now, settings)
    dry_run = bool(args.dry_run)
    renderer.know_awards(load_kb(settings))  # award names in the reminders it plans

    async def run_with(db: Any, notifier: Any) -> Any:
        # The real clock even with --now: the pace, claims and leases other instances share
        # stay in the present; only what is planned and due is taken as of --now.
        return await run_tick(
            db,
            notifier,
            now,
            dry_run,
            renderer=renderer,
            timezone=settings.timezone,
            clock=real_clock,
            drain_for=DRAIN_SECONDS,
        )

    async def go() -> Any:
        db = await open_database(settings)
        try:
            if dry_run or settings.token() is None:
                return await run_with(db, None), False
            # Telegram is wired only by the composition root.
            from bot.app import outbox_notifier

            async with outbox_notifier(settings) as notifier:
                return await run_with(db, notifier), True
        finally:
            await db.dispose()

    report, sending = asyncio.run(go())
    print_plain(
        renderer,
        "reminders/tick_report.j2",
        report=report,
        sending=sending,
        tz=settings.tz,
        first_line=_first_line,
    )
    return 0


def _first_line(html_text: str) -> str:
    from bot.render import to_plain

    lines = [line for line in to_plain(html_text).splitlines() if line.strip()]
    return lines[0][:80] if lines else ""
