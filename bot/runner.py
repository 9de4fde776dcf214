"""`tdkt run` with a token: prepare the database and knowledge, then hand over to the bot loop."""

from __future__ import annotations

import asyncio

from bot.bootstrap import load_kb, open_database
from bot.config import Settings
from bot.logging_setup import configure_logging
from bot.render import Renderer
from bot.services import Services


def run_bot(
    settings: Settings,
    renderer: Renderer,
    webhook_url: str | None,
    port: int,
    listen: str = "127.0.0.1",
) -> None:
    from bot.app import build_application, run

    configure_logging()
    kb = load_kb(settings)

    async def prepare() -> Services:
        db = await open_database(settings)
        # The engine's connections belong to this short-lived loop; drop them so the bot's
        # own loop opens fresh ones.
        await db.dispose()
        return Services(settings=settings, db=db, kb=kb, renderer=renderer)

    services = asyncio.run(prepare())
    run(build_application(settings, services), webhook_url, port, settings, listen)
