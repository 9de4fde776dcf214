"""Run a real python-telegram-bot Application against the fake server for end-to-end tests.

    async with FakeTelegram() as server:
        application = build_application(settings_pointing_at(server), services)
        async with running_application(application, server):
            await server.user(1001).send("/start")

Manual start (no `run_polling`), so this does what `run_polling` would: initialize, `post_init`,
start, poll fast (poll_interval=0, short long-poll timeout), then stop, `post_stop`, shut down,
`post_shutdown`. It also tells the server when each update has been fully handled, so
`FakeUser.send/tap/upload` return as soon as the bot is done, and records handler errors.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler

from bot.offload import warm_up

from .server import FakeTelegram

# Handlers of one group run after every lower group has finished with the update.
LAST_GROUP = 2**31 - 1
log = logging.getLogger("fakebot.harness")


def track_processing(application: Application, server: FakeTelegram) -> None:
    """Report each handled update (and each handler error) to the server."""
    had_error_handlers = bool(application.error_handlers)

    async def handled(update: Update, context: Any) -> None:
        await server.mark_processed(update.update_id)

    async def failed(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        server.handler_errors.append((update_id, repr(context.error)))
        if not had_error_handlers:  # keep PTB's default of logging the traceback
            log.error("handler error for update %s", update_id, exc_info=context.error)

    application.add_handler(TypeHandler(Update, handled), group=LAST_GROUP)
    application.add_error_handler(failed)
    server.tracks_processing = True


@asynccontextmanager
async def running_application(
    application: Application,
    server: FakeTelegram,
    *,
    poll_timeout: int = 1,
) -> AsyncIterator[Application]:
    """The application initialized, started and polling the fake server; stopped cleanly after."""
    track_processing(application, server)
    # The bot's worker fork server (ADR 007) starts in the background; wait for it here, so a
    # test's first upload is not timed against its start-up.
    await asyncio.to_thread(warm_up)
    async with application:  # initialize() ... shutdown()
        if application.post_init is not None:
            await application.post_init(application)
        updater = application.updater
        if updater is None:
            raise ValueError("the application has no Updater to poll with")
        await application.start()
        await updater.start_polling(poll_interval=0, timeout=poll_timeout,
                                    allowed_updates=Update.ALL_TYPES)
        try:
            yield application
        finally:
            if updater.running:
                await updater.stop()
            if application.running:
                await application.stop()
            if application.post_stop is not None:
                await application.post_stop(application)
    if application.post_shutdown is not None:
        await application.post_shutdown(application)
