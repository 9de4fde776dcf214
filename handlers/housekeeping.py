"""The housekeeping job on PTB's JobQueue: prune old rows (`bot.db.housekeeping`) every 6 hours.

Every instance runs it: deletes are idempotent and batched, so two instances pruning at once
only share the work. A failure is logged and the bot goes on; the next run catches up.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from telegram.ext import Application

from bot.db.housekeeping import PruneReport, prune
from bot.db.session import Database
from handlers.context import BotData, Context

log = logging.getLogger("tdkt.housekeeping")
JOB_NAME = "housekeeping"
DEFAULT_INTERVAL_SECONDS = 6 * 3600.0
# Not at start-up, when the instance is busy with pending updates; soon enough after a restart.
FIRST_RUN_SECONDS = 300.0


def register(
    application: Application,
    interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
    first_seconds: float = FIRST_RUN_SECONDS,
    clock: Callable[[], dt.datetime] | None = None,
) -> None:
    """Prune every `interval_seconds`; `clock` exists for tests that move time."""
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for housekeeping")
    bot_data: BotData = application.bot_data
    services, _ = bot_data.require()
    now = clock or (lambda: dt.datetime.now(dt.UTC))

    async def run(context: Context) -> None:
        await run_once(services.db, now())

    job_queue.run_repeating(run, interval=interval_seconds, first=first_seconds, name=JOB_NAME)


async def run_once(db: Database, now: dt.datetime) -> PruneReport | None:
    """One prune, logged; None when it failed (logged, never raised)."""
    try:
        report = await prune(db, now)
    except Exception:  # housekeeping must never take the bot down
        log.exception("housekeeping failed")
        return None
    log.info("housekeeping: pruned %d processed updates, %d outbox rows, %d interview sessions",
             report.processed_updates, report.outbox, report.interview_sessions)
    return report
