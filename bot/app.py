"""The composition root: builds services, the router and the python-telegram-bot Application.

Reads top to bottom: settings → services (database, knowledge, renderer) → router of journeys →
Application (base URL, rate limiter, typed bot_data, handlers in order, command menu) → run by
polling (default) or webhook. Nothing else in `bot/` imports telegram.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
import secrets
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, Update
from telegram.constants import ParseMode
from telegram.ext import AIORateLimiter, Application, ApplicationBuilder, ContextTypes, Defaults

from bot.chat.journeys import build_router
from bot.chat.router import Router
from bot.config import Settings
from bot.db.delivery import Notifier
from bot.errors import ConfigError
from bot.logging_setup import redact
from bot.offload import warm_up
from bot.services import Services
from handlers import buttons, commands, dedupe, errors, housekeeping, inline, messages, ticks
from handlers.concurrency import PerUserUpdates
from handlers.context import BotData

log = logging.getLogger("tdkt.app")
# Shown in Telegram's "/" menu, in this order.
MENU_COMMANDS = (
    "menu", "xet", "mau", "hoso", "nhac", "thongke", "canbo", "start", "help", "cancel",
)


def build_application(
    settings: Settings,
    services: Services,
    router: Router | None = None,
    *,
    outbox_tick: bool = True,
    dedupe_updates: bool = True,
) -> Application:
    """The Application wired to our services; does not start anything.

    `dedupe_updates` installs the update-id gate (one write per update): behind a webhook,
    where Telegram retries and several instances share the updates. Long polling has one
    consumer that confirms its offset, so `tdkt run` in polling mode leaves it out (ADR 017).

    `outbox_tick=False` leaves out the wall-clock jobs (outbox tick, housekeeping): tests that
    pin the clock drive them themselves (the real clock would, at night, move due reminders to
    the morning, and would prune rows dated at the pinned time).
    """
    token = settings.token()
    if token is None:
        raise ValueError("build_application needs TDKT_BOT_TOKEN")
    router = router or build_router()
    # Heavy steps run in child processes forked from a warm server (ADR 007): start it now,
    # in the background (its imports take seconds; a job started meanwhile waits for them).
    threading.Thread(target=warm_up, name="tdkt-warm-up", daemon=True).start()
    context_types = ContextTypes(bot_data=BotData)
    application = (
        ApplicationBuilder()
        .token(token)
        .base_url(settings.bot_api_base_url)
        .base_file_url(settings.file_url)
        .context_types(context_types)
        .defaults(Defaults(parse_mode=ParseMode.HTML, tzinfo=settings.tz))
        .rate_limiter(AIORateLimiter(max_retries=3))
        .post_init(_post_init)
        .concurrent_updates(PerUserUpdates())
        .build()
    )
    bot_data: BotData = application.bot_data
    bot_data.services = services
    bot_data.router = router
    # Group -1 first: an update already handled (webhook retry, another instance) stops here.
    if dedupe_updates:
        dedupe.register(application)
    # Order matters: commands before free text, so "/xyz" never reaches a journey as an answer.
    commands.register(application, sorted(router.commands))
    buttons.register(application)
    inline.register(application)
    messages.register(application)
    errors.register(application)
    # The outbox tick (reminders and status notices) runs on every instance; rows are claimed
    # atomically in the database, so instances never send the same message twice.
    if outbox_tick:
        ticks.register(application)
        housekeeping.register(application)
    return application


@asynccontextmanager
async def outbox_notifier(settings: Settings) -> AsyncIterator[Notifier]:
    """A Telegram notifier for the outbox outside the running bot (e.g. `tdkt reminders tick`)."""
    from handlers.notifier import TelegramNotifier, plain_bot

    telegram_bot = plain_bot(settings)
    await telegram_bot.initialize()
    try:
        yield TelegramNotifier(telegram_bot)
    finally:
        await telegram_bot.shutdown()


async def probe_bot_api(settings: Settings) -> str | None:
    """Ask the Bot API who we are: None when it answers, else a short reason (no token in it).

    Raises `ConfigError("bot_token_rejected")` when Telegram refuses the token (retrying would
    not help).
    """
    from telegram import Bot
    from telegram.error import InvalidToken, NetworkError, TelegramError

    token = settings.token()
    if token is None:
        raise ValueError("probe_bot_api needs TDKT_BOT_TOKEN")
    bot = Bot(token, base_url=settings.bot_api_base_url, base_file_url=settings.file_url)
    try:
        await bot.get_me()
    except InvalidToken:
        raise ConfigError("bot_token_rejected") from None
    except NetworkError as exc:  # TimedOut included
        return redact(str(exc))[:200] or type(exc).__name__
    except TelegramError as exc:
        return f"{type(exc).__name__}: {redact(str(exc))[:160]}"
    return None


async def _post_init(application: Application) -> None:
    await set_command_menu(application)
    bot_data: BotData = application.bot_data
    services, _ = bot_data.require()
    warm_caches(services)
    settle_heap()


def warm_caches(services: Services) -> None:
    """Fill, before the first update, the caches the first updates would otherwise fill in the
    middle of traffic: every template compiled, and one verdict per award of the interview's
    first screen (the engine's indexes of the rules, the source register of the caveats)."""
    from bot.eligibility import EligibilityError, FactsError, evaluate

    services.renderer.precompile()
    today = dt.datetime.now(services.settings.tz).date()
    facts = {"subject": {"kind": "individual"}, "as_of": today.isoformat()}
    for award in services.kb.menu("eligibility"):
        try:
            evaluate(services.kb, award, facts, today, province=services.settings.province)
        except (EligibilityError, FactsError):
            continue


def settle_heap() -> None:
    """Collect once, then move every object alive (the knowledge base, templates, modules) to
    the permanent generation: a full collection later walks only what updates allocate, not
    the ~200,000 objects of the start (57–80 ms each on our machine: a loop stall)."""
    gc.collect()
    gc.freeze()


async def set_command_menu(application: Application) -> None:
    """The Vietnamese "/" menu (setMyCommands)."""
    bot_data: BotData = application.bot_data
    services, _ = bot_data.require()
    label = services.renderer.label
    await application.bot.set_my_commands(
        [BotCommand(name, label(f"commands.{name}")) for name in MENU_COMMANDS]
    )


# Where the webhook server listens unless told otherwise: behind an HTTPS proxy on this host.
DEFAULT_LISTEN = "127.0.0.1"


@dataclass(frozen=True)
class WebhookOptions:
    """Where PTB's webhook server listens and what it registers with Telegram.

    Never without a secret: when `TDKT_WEBHOOK_SECRET` is unset, a random one is made at start
    and registered with `setWebhook`, so requests without it get 403 (PTB checks the
    `X-Telegram-Bot-Api-Secret-Token` header). Several instances behind one URL must share
    `TDKT_WEBHOOK_SECRET`: each generated secret replaces the previous one (ADR 012).
    """

    listen: str
    port: int
    url_path: str
    webhook_url: str
    secret_token: str
    generated_secret: bool = False

    @classmethod
    def from_settings(
        cls, settings: Settings, webhook_url: str, port: int, listen: str = DEFAULT_LISTEN
    ) -> WebhookOptions:
        """The public URL's path is the path we listen on (`…/telegram` when it has none)."""
        generated = settings.webhook_secret is None
        secret = (
            secrets.token_urlsafe(32)
            if settings.webhook_secret is None
            else settings.webhook_secret.get_secret_value()
        )
        url_path = urlsplit(webhook_url).path.strip("/")
        if not url_path:
            url_path = "telegram"
            webhook_url = webhook_url.rstrip("/") + "/" + url_path
        return cls(listen, port, url_path, webhook_url, secret, generated)

    def as_kwargs(self) -> dict[str, Any]:
        # Never drop pending updates: they are what users sent while we were restarting.
        return {
            "listen": self.listen,
            "port": self.port,
            "url_path": self.url_path,
            "webhook_url": self.webhook_url,
            "secret_token": self.secret_token,
            "allowed_updates": Update.ALL_TYPES,
            "drop_pending_updates": False,
        }


def run(
    application: Application,
    webhook_url: str | None,
    port: int,
    settings: Settings,
    listen: str = DEFAULT_LISTEN,
) -> None:
    """Block until stopped: long polling by default, webhook when a public URL is given."""
    if webhook_url is None:
        log.info("starting long polling")
        application.run_polling(allowed_updates=Update.ALL_TYPES)
        return
    options = WebhookOptions.from_settings(settings, webhook_url, port, listen)
    if options.generated_secret:
        log.warning(
            "TDKT_WEBHOOK_SECRET is not set: a random webhook secret was generated for this run; "
            "set it when several instances share the webhook URL"
        )
    log.info("starting webhook on %s:%s, path /%s", listen, port, options.url_path)
    application.run_webhook(**options.as_kwargs())
