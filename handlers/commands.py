"""Slash commands: every command the core router knows, plus a polite answer to unknown ones."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CommandHandler, MessageHandler, filters

from bot.chat.common import unknown_command
from handlers.context import BotData, Context, make_turn
from handlers.send import send_replies


async def on_command(update: Update, context: Context) -> None:
    _, router = context.bot_data.require()
    message = update.effective_message
    if message is None or not message.text:
        return
    name = message.text.split()[0].lstrip("/").split("@")[0].lower()
    turn = make_turn(update, context, text=" ".join(context.args or []))
    replies = await router.command(name, turn)
    if replies is None:
        replies = await unknown_command(turn.with_text(message.text.split()[0]))
    await send_replies(update, context, replies, turn)


def register(application: Application, router_commands: list[str]) -> None:
    application.add_handler(CommandHandler(router_commands, on_command))
    # Anything else that looks like a command is unknown; it must not fall through to free text.
    application.add_handler(MessageHandler(filters.COMMAND, on_command))


__all__ = ["BotData", "register"]
