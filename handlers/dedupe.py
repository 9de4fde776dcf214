"""Gatekeeper (group -1): drop an update another instance, or an earlier delivery, handled."""

from __future__ import annotations

import datetime as dt

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, TypeHandler

from bot.update_gate import first_delivery
from handlers.context import Context

GATE_GROUP = -1


async def drop_duplicates(update: Update, context: Context) -> None:
    services, _ = context.bot_data.require()
    if not await first_delivery(services.db, update.update_id, dt.datetime.now(dt.UTC)):
        raise ApplicationHandlerStop


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, drop_duplicates), group=GATE_GROUP)
