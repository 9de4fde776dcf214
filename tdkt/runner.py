"""`tdkt run` with a token: prepare the database and knowledge, then hand over to the bot loop.

Before handing over, the Bot API must answer: while it does not, one Vietnamese line says so and
the check is retried with a growing wait (1, 2, 4… up to 60 s), for `TDKT_START_RETRY_SECONDS`
at most (default: until it answers or Ctrl+C), instead of a traceback.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from collections.abc import Awaitable, Callable
from urllib.parse import urlsplit

from bot.bootstrap import load_kb, open_database
from bot.config import Settings
from bot.errors import ConfigError
from bot.logging_setup import configure_logging
from bot.render import Renderer, to_plain
from bot.services import Services

log = logging.getLogger("tdkt.run")
FIRST_WAIT = 1.0
MAX_WAIT = 60.0


def run_bot(
    settings: Settings,
    renderer: Renderer,
    webhook_url: str | None,
    port: int,
    listen: str = "127.0.0.1",
) -> None:
    from bot.app import build_application, run

    configure_logging(settings.log_level)
    kb = load_kb(settings)

    async def prepare() -> Services:
        db = await open_database(settings)
        # The engine's connections belong to this short-lived loop; drop them so the bot's
        # own loop opens fresh ones.
        await db.dispose()
        return Services(settings=settings, db=db, kb=kb, renderer=renderer)

    services = asyncio.run(prepare())
    asyncio.run(wait_for_bot_api(settings, renderer))
    # The update-id gate only where duplicates can arrive: behind a webhook.
    application = build_application(settings, services, dedupe_updates=webhook_url is not None)
    run(application, webhook_url, port, settings, listen)


async def wait_for_bot_api(
    settings: Settings,
    renderer: Renderer,
    probe: Callable[[Settings], Awaitable[str | None]] | None = None,
) -> None:
    """Return once the Bot API answers; raise `ConfigError` when the retry budget is spent."""
    if probe is None:
        from bot.app import probe_bot_api

        probe = probe_bot_api
    host = urlsplit(settings.bot_api_base_url).netloc or settings.bot_api_base_url
    budget = settings.start_retry_seconds
    started, wait, said = time.monotonic(), FIRST_WAIT, False
    while True:
        reason = await probe(settings)
        if reason is None:
            return
        spent = time.monotonic() - started
        if budget is not None and spent + wait > budget:
            raise ConfigError(
                "bot_api_unreachable", host=host, seconds=round(spent), reason=reason
            )
        if not said:
            line = renderer.render("cli/bot_api_retrying.j2", host=host, reason=reason,
                                   max_wait=round(MAX_WAIT))
            print(" ".join(to_plain(line).split()), file=sys.stderr, flush=True)
            said = True
        else:
            log.info("Bot API still unreachable (%s); next try in %.0f s", reason, wait)
        await asyncio.sleep(wait)
        wait = min(MAX_WAIT, wait * 2)
