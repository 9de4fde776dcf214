"""The reminder tick on PTB's JobQueue — the one place that reads the clock for reminders.

The JobQueue only *triggers* the tick; the schedule lives in the database, so a restart loses
nothing and every instance may tick (the outbox claims each row once).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from telegram.ext import Application

from bot.reminders.tick import tick
from handlers.context import BotData, Context
from handlers.notifier import TelegramNotifier, plain_bot

log = logging.getLogger("tdkt.ticks")
JOB_NAME = "reminders-tick"
DEFAULT_INTERVAL_SECONDS = 30.0


def register(
    application: Application,
    interval_seconds: float = DEFAULT_INTERVAL_SECONDS,
    clock: Callable[[], dt.datetime] | None = None,
) -> None:
    """Run one reminder tick every `interval_seconds` (first one a second after start).

    `clock` exists for tests that move time; production uses the real UTC clock.
    """
    job_queue = application.job_queue
    if job_queue is None:
        raise RuntimeError("python-telegram-bot[job-queue] is required for reminders")
    bot_data: BotData = application.bot_data
    services, _ = bot_data.require()
    notifier = TelegramNotifier(plain_bot(services.settings))
    now = clock or (lambda: dt.datetime.now(dt.UTC))
    started: list[bool] = []

    async def run(context: Context) -> None:
        if not started:  # PTB's Bot must be initialised once before use
            await notifier.bot.initialize()
            started.append(True)
        try:
            # Drain for most of the interval so a large fan-out keeps the budget busy.
            report = await tick(services.db, notifier, now(), renderer=services.renderer,
                                timezone=services.settings.timezone, clock=now,
                                drain_for=interval_seconds * 0.8)
        except Exception:  # keep ticking: one bad pass must not stop reminders for good
            log.exception("reminder tick failed")
            return
        if report.delivery and report.delivery.claimed:
            log.info("reminders: planned %d, sent %d, throttled %d, unreachable %d, uncertain %d",
                     len(report.planned), report.delivery.sent, report.delivery.throttled,
                     report.delivery.unreachable, report.delivery.uncertain)

    job_queue.run_repeating(run, interval=interval_seconds, first=1.0, name=JOB_NAME)
    previous = application.post_shutdown

    async def close_notifier(app: Application) -> None:
        if started:
            await notifier.bot.shutdown()
        if previous is not None:
            await previous(app)

    application.post_shutdown = close_notifier
