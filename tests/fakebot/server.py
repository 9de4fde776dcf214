"""A fake Telegram Bot API server (aiohttp) that python-telegram-bot 22 can be pointed at.

    async with FakeTelegram() as server:
        app = server.application_builder().build()   # or .token/.base_url/.base_file_url yourself

Routes: `POST|GET /bot{token}/{method}` (Bot API methods) and `GET /file/bot{token}/{file_path}`
(downloads). Wrong token → 401, unknown method → 404. Failure injection: `block(chat_id)` (403),
`inject_retry_after(n, seconds)` (429 for the next n sends) and `set_rate_limit(per_second)`
(429 when more sends than that arrive within one second). Everything the bot did is kept:
`state.calls` (every request), `messages(chat_id)`, `commands()`, `state.chat_actions`.
"""

from __future__ import annotations

import asyncio
import json
import math
import socket
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp
from aiohttp import web

from . import methods
from .methods import Outcome
from .protocol import ApiError, Params, bad_request, error, ok, read_params, retry_after
from .state import ApiCall, ChatRecord, JsonDict, MessageRecord, TelegramState
from .updates import UpdateQueue

if TYPE_CHECKING:
    from telegram.ext import ApplicationBuilder

    from .client import FakeUser

DEFAULT_TOKEN = "123456789:AAHfakeTokenForTests_0123456789abcdef"
WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete "
    "the webhook first"
)
_UNSET: Any = object()
_SECRET_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


@dataclass
class _RetryPlan:
    remaining: int = 0
    seconds: int = 1
    chat_id: int | None = None


class FakeTelegram:
    """The server plus the simulated Telegram world behind it."""

    def __init__(
        self,
        token: str = DEFAULT_TOKEN,
        *,
        bot_username: str = "tdkt_test_bot",
        bot_first_name: str = "TDKT Test Bot",
        clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.token = token
        self.state = TelegramState(int(token.split(":", 1)[0]), bot_username, bot_first_name, clock)
        self.updates = UpdateQueue()
        self.url = ""
        self.webhook_deliveries: list[tuple[int, int]] = []  # (update_id, HTTP status)
        self.throttled = 0  # 429 answers given, injected or by the rate cap
        # Set by harness.running_application: update ids the Application finished handling.
        self.processed: set[int] = set()
        self.handler_errors: list[tuple[int | None, str]] = []
        self.tracks_processing = False
        self._monotonic = monotonic
        self._retry = _RetryPlan()
        self._held_answers: tuple[int, float] = (0, 0.0)
        self._per_second: float | None = None
        self._per_chat_per_second: float | None = None
        self._sent_at: deque[float] = deque()
        self._sent_at_by_chat: dict[int, deque[float]] = {}
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self._webhook_lock = asyncio.Lock()
        self._webhook_tasks: set[asyncio.Task[int]] = set()
        self._activity = asyncio.Condition()
        self._methods: dict[str, Callable[[Params], Any]] = {
            name: _bind(handler, self.state) for name, handler in methods.METHODS.items()
        }
        self._methods.update({
            "getupdates": self._get_updates,
            "setwebhook": self._set_webhook,
            "deletewebhook": self._delete_webhook,
            "getwebhookinfo": self._get_webhook_info,
        })

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self, host: str = "127.0.0.1") -> FakeTelegram:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((host, 0))
        await web.SockSite(self._runner, sock).start()
        self.url = f"http://{host}:{sock.getsockname()[1]}"
        return self

    async def stop(self) -> None:
        await self.updates.close()
        for task in list(self._webhook_tasks):
            task.cancel()
        await asyncio.gather(*self._webhook_tasks, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeTelegram:
        return await self.start()

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """For `ApplicationBuilder().base_url(...)`: PTB appends the token."""
        return f"{self.url}/bot"

    @property
    def base_file_url(self) -> str:
        return f"{self.url}/file/bot"

    def application_builder(self) -> ApplicationBuilder:
        """An ApplicationBuilder already pointed at this server with its token."""
        from telegram.ext import ApplicationBuilder

        return (ApplicationBuilder().token(self.token).base_url(self.base_url)
                .base_file_url(self.base_file_url))

    # --- the simulated world -----------------------------------------------------------------

    def add_chat(self, chat_id: int, first_name: str = "User", username: str | None = None,
                 last_name: str | None = None) -> ChatRecord:
        """A private chat the bot may write to (Telegram: the user has started the bot)."""
        return self.state.add_chat(chat_id, first_name, username, last_name)

    def user(self, user_id: int = 1001, first_name: str = "Mai", username: str | None = None,
             **options: Any) -> FakeUser:
        from .client import FakeUser

        return FakeUser(self, user_id=user_id, first_name=first_name, username=username, **options)

    def block(self, chat_id: int, blocked: bool = True) -> None:
        """The user blocked the bot: sends to the chat answer 403."""
        self.add_chat(chat_id).blocked = blocked

    def inject_retry_after(self, count: int, seconds: int = 1, *,
                           chat_id: int | None = None) -> None:
        """The next `count` sends (to `chat_id`, or to any chat) answer 429 retry_after=seconds."""
        self._retry = _RetryPlan(count, seconds, chat_id)

    def hold_answers(self, count: int, seconds: float) -> None:
        """The next `count` sends are delivered, but their answer is held back `seconds`."""
        self._held_answers = (count, seconds)

    def set_rate_limit(self, per_second: float | None = 30,
                       per_chat_per_second: float | None = None) -> None:
        """Answer 429 when more sends than this arrive within any one second; None = no cap."""
        self._per_second = per_second
        self._per_chat_per_second = per_chat_per_second
        self._sent_at.clear()
        self._sent_at_by_chat.clear()

    # --- inspection --------------------------------------------------------------------------

    def calls(self, method: str | None = None, *, chat_id: int | None = None,
              since: int = 0) -> list[ApiCall]:
        return [
            c for c in self.state.calls
            if c.seq > since and (method is None or c.method.lower() == method.lower())
            and (chat_id is None or c.chat_id == chat_id)
        ]

    def messages(self, chat_id: int, *, include_deleted: bool = False) -> list[MessageRecord]:
        chat = self.state.chats.get(chat_id)
        if chat is None:
            return []
        return [m for m in chat.messages.values() if include_deleted or not m.deleted]

    def commands(self, scope: JsonDict | None = None, language_code: str = "") -> list[JsonDict]:
        key = json.dumps(scope or {"type": "default"}, sort_keys=True)
        return self.state.commands.get((key, language_code), [])

    async def wait_until(self, predicate: Callable[[], bool], timeout: float) -> bool:
        """Wait until `predicate()` holds (re-checked at every API call); False on timeout."""
        async with self._activity:
            try:
                await asyncio.wait_for(self._activity.wait_for(predicate), timeout)
            except TimeoutError:
                return predicate()
        return True

    async def mark_processed(self, update_id: int) -> None:
        self.processed.add(update_id)
        await self._notify()

    async def _notify(self) -> None:
        async with self._activity:
            self._activity.notify_all()

    # --- updates in ----------------------------------------------------------------------------

    async def enqueue_update(self, update: JsonDict) -> JsonDict | None:
        """Give the bot an update: queued for getUpdates; pushed too if a webhook is set."""
        queued = await self.updates.put(update)
        if queued is not None and self.state.webhook.url:
            self._push_soon(queued)
        await self._notify()
        return queued

    def _push_soon(self, update: JsonDict) -> None:
        task = asyncio.get_running_loop().create_task(self._push(update))
        self._webhook_tasks.add(task)
        task.add_done_callback(self._webhook_tasks.discard)

    async def _push(self, update: JsonDict) -> int:
        async with self._webhook_lock:  # one at a time, in order, like max_connections=1
            try:
                status = await self.deliver_webhook(update)
            except aiohttp.ClientError as exc:
                self.state.webhook.last_error_date = self.state.now()
                self.state.webhook.last_error_message = str(exc)
                return 0
            if 200 <= status < 300:
                self.updates.remove(update["update_id"])
            await self._notify()
            return status

    async def deliver_webhook(self, update: JsonDict, *, secret_token: str | None = _UNSET) -> int:
        """POST one update to the registered webhook URL; the HTTP status the bot answered.

        `secret_token` overrides the X-Telegram-Bot-Api-Secret-Token header (None: no header).
        """
        webhook = self.state.webhook
        if not webhook.url:
            raise RuntimeError("no webhook is set (the bot has not called setWebhook)")
        update = self.updates.assign_id(update)
        token = webhook.secret_token if secret_token is _UNSET else secret_token
        headers = {"Content-Type": "application/json"}
        if token is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = token
        if self._session is None:
            self._session = aiohttp.ClientSession()
        body = json.dumps(update)
        async with self._session.post(webhook.url, data=body, headers=headers) as resp:
            await resp.read()
            status = resp.status
        self.webhook_deliveries.append((update["update_id"], status))
        if not 200 <= status < 300:
            webhook.last_error_date = self.state.now()
            webhook.last_error_message = f"Wrong response from the webhook: {status}"
        return status

    # --- HTTP --------------------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return error(ApiError(401, "Unauthorized"))
        handler = self._methods.get(method.lower())
        if handler is None:
            return error(ApiError(404, "Not Found"))
        chat_id: int | None = None
        params = Params({}, {})
        try:
            params = await read_params(request)
            chat_id = self._chat_hint(method.lower(), params)
            self._gate(method.lower(), chat_id)
            outcome: Outcome = await handler(params)
        except ApiError as exc:
            if exc.code == 429:
                self.throttled += 1
            self.state.record_call(method, params.loggable(), exc.code, exc.description, chat_id)
            await self._notify()
            return error(exc)
        self.state.record_call(method, params.loggable(), 200, None,
                               outcome.chat_id if outcome.chat_id is not None else chat_id,
                               outcome.message_id)
        await self._notify()
        held, seconds = self._held_answers
        if held > 0 and method.lower() in methods.SEND_METHODS:
            self._held_answers = (held - 1, seconds)
            await asyncio.sleep(seconds)
        return ok(outcome.result, outcome.description)

    async def _handle_file(self, request: web.Request) -> web.Response:
        stored = self.state.file_by_path(request.match_info["path"])
        if request.match_info["token"] != self.token or stored is None:
            return error(ApiError(404, "Not Found"))
        return web.Response(body=stored.data,
                            content_type=stored.mime_type or "application/octet-stream")

    def _chat_hint(self, method: str, params: Params) -> int | None:
        if method == "answercallbackquery":
            query = self.state.callbacks.get(params.get_str("callback_query_id") or "")
            return query.chat_id if query else None
        raw = params.values.get("chat_id")
        try:
            return int(raw) if raw is not None else None
        except (TypeError, ValueError):
            return None

    def _gate(self, method: str, chat_id: int | None) -> None:
        """Flood limits and blocked users, checked before the method itself."""
        if method not in methods.SEND_METHODS and method != "sendchataction":
            return
        chat = self.state.chats.get(chat_id) if chat_id is not None else None
        if chat is not None and chat.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        if method not in methods.SEND_METHODS:
            return
        plan = self._retry
        if plan.remaining > 0 and plan.chat_id in (None, chat_id):
            plan.remaining -= 1
            raise retry_after(plan.seconds)
        now = self._monotonic()
        self._take(self._sent_at, self._per_second, now)
        if chat_id is not None and self._per_chat_per_second is not None:
            window = self._sent_at_by_chat.setdefault(chat_id, deque())
            self._take(window, self._per_chat_per_second, now)
            window.append(now)
        self._sent_at.append(now)

    @staticmethod
    def _take(window: deque[float], cap: float | None, now: float) -> None:
        while window and window[0] <= now - 1.0:
            window.popleft()
        if cap is not None and len(window) >= cap:
            raise retry_after(max(1, math.ceil(window[0] + 1.0 - now)))

    # --- methods that touch the update queue -------------------------------------------------

    async def _get_updates(self, params: Params) -> Outcome:
        if self.state.webhook.url:
            raise ApiError(409, WEBHOOK_CONFLICT)
        limit = params.get_int("limit") or 100
        if not 1 <= limit <= 100:
            limit = 100
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self.updates.allowed = allowed
        timeout = max(params.get_float("timeout") or 0.0, 0.0)  # PTB may send "1.5"
        generation = self.updates.begin_poll(params.get_int("offset"))
        await self._notify()  # lets tests wait until a long poll is under way
        batch = await self.updates.fetch(generation, limit, timeout)
        return Outcome(batch)

    async def _set_webhook(self, params: Params) -> Outcome:
        url = params.get_str("url") or ""
        if not url:
            return await self._delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get_str("secret_token")
        if secret is not None and not (1 <= len(secret) <= 256 and set(secret) <= _SECRET_CHARS):
            raise bad_request("secret token contains unallowed characters")
        allowed = params.get_json("allowed_updates")
        if isinstance(allowed, list):
            self.updates.allowed = allowed
        if params.get_bool("drop_pending_updates"):
            self.updates.clear()
        webhook = self.state.webhook
        webhook.url, webhook.secret_token = url, secret
        webhook.max_connections = params.get_int("max_connections") or 40
        webhook.ip_address = params.get_str("ip_address")
        for update in list(self.updates.pending):
            self._push_soon(update)
        await self.updates.notify()  # a pending getUpdates now conflicts
        return Outcome(True, description="Webhook was set")

    async def _delete_webhook(self, params: Params) -> Outcome:
        if params.get_bool("drop_pending_updates"):
            self.updates.clear()
        had_webhook = bool(self.state.webhook.url)
        self.state.webhook.url, self.state.webhook.secret_token = "", None
        return Outcome(True, description="Webhook was deleted" if had_webhook
                       else "Webhook is already deleted")

    async def _get_webhook_info(self, params: Params) -> Outcome:
        webhook = self.state.webhook
        info: JsonDict = {"url": webhook.url, "has_custom_certificate": False,
                          "pending_update_count": len(self.updates.pending)}
        if webhook.url:
            info["max_connections"] = webhook.max_connections
            if webhook.ip_address:
                info["ip_address"] = webhook.ip_address
            if self.updates.allowed:
                info["allowed_updates"] = self.updates.allowed
            if webhook.last_error_date is not None:
                info["last_error_date"] = webhook.last_error_date
                info["last_error_message"] = webhook.last_error_message
        return Outcome(info)


def _bind(handler: methods.Method, state: TelegramState) -> Callable[[Params], Any]:
    async def bound(params: Params) -> Outcome:
        return await handler(state, params)

    return bound
