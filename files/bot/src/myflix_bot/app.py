"""python-telegram-bot glue: builds the Application around a runtime (``myflix_bot.assembly`` builds
that), turns updates into :class:`Request` objects and Views into Bot API calls.

Every update first goes through the access gate (group -1). Strangers stop there. Every handler
catches its own exceptions: the user gets a short error, the metrics count it, the log gets the
exception type, and nothing propagates into python-telegram-bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from telegram import BotCommand, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from myflix_bot import i18n
from myflix_bot.access import Role
from myflix_bot.callbacks import parse as parse_callback
from myflix_bot.commands.registry import Request
from myflix_bot.commands.views import menu_view, queue_view, unknown_command_view
from myflix_bot.live import LiveViews
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime
from myflix_bot.telegram_io import TelegramOutbox, edit_view, send_view, set_buttons

log = logging.getLogger(__name__)
RUNTIME_KEY = "myflix_runtime"
ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY]


# updates ----------------------------------------------------------------------------------------
def runtime_of(context: ContextTypes.DEFAULT_TYPE) -> Runtime:
    rt: Runtime = context.application.bot_data[RUNTIME_KEY]  # bot_data is a plain dict; build_app stores it
    return rt


def _request(rt: Runtime, update: Update, role: Role, args: str = "") -> Request:
    user = update.effective_user
    chat = update.effective_chat
    message = update.callback_query.message if update.callback_query else None
    return Request(
        user_id=user.id if user else None,
        chat_id=chat.id if chat else None,
        role=role,
        lang=rt.access.language_of(user.id if user else None) or rt.lang,
        args=args,
        message_id=message.message_id if message is not None else None,
    )


def role_of(rt: Runtime, update: Update) -> Role:
    user = update.effective_user
    chat = update.effective_chat
    private = chat is not None and chat.type == ChatType.PRIVATE
    return rt.access.role(user.id if user else None, chat.id if chat else None, private=private)


# handlers ---------------------------------------------------------------------------------------
async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Group -1: strangers stop here, with at most one rate-limited refusal and no data."""
    rt = runtime_of(context)
    if role_of(rt, update) > Role.NONE:
        return
    if await _joined(rt, update, context):
        raise ApplicationHandlerStop
    kind = "callback" if update.callback_query else "message" if update.effective_message else "other"
    rt.access.denied(kind)
    user = update.effective_user
    chat = update.effective_chat
    try:
        if update.callback_query is not None:
            if rt.access.may_refuse(user.id if user else None):
                await update.callback_query.answer(i18n.t(rt.lang, "access.denied"))
        elif (
            chat is not None
            and chat.type == ChatType.PRIVATE
            and update.effective_message is not None
            and rt.access.may_refuse(user.id if user else None)
        ):
            await context.bot.send_message(chat_id=chat.id, text=i18n.t(rt.lang, "access.denied"))
    except TelegramError as exc:
        log.info("refusal not delivered: %s", type(exc).__name__)
    raise ApplicationHandlerStop


async def _joined(rt: Runtime, update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """A stranger's ``/start CODE`` in a private chat: True when the invitation made them a member
    (welcomed). Any other code gets the usual treatment of strangers."""
    user, chat, message = update.effective_user, update.effective_chat, update.message
    join = rt.registry.join_handler
    if join is None or user is None or chat is None or message is None or chat.type != ChatType.PRIVATE:
        return False
    name, _, code = _command_name(message.text or "")
    if name != "start" or not code or " " in code:
        return False
    try:
        view = await join(rt, user.id, user.first_name or str(user.id), user.language_code, code)
        if view is None:
            return False
        await send_view(context.bot, chat.id, view)
    except Exception as exc:  # a stranger must not learn anything from a failure
        log.error("invitation failed: %s", type(exc).__name__)
        return False
    return True


def _command_name(text: str) -> tuple[str, str, str]:
    """``/name@bot args`` -> (name, bot, args); ``bot`` is empty when the command names no bot."""
    head, _, rest = text.partition(" ")
    name, _, bot = head[1:].partition("@") if head.startswith("/") else ("", "", "")
    return name.lower(), bot.lower(), rest.strip()


async def on_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime_of(context)
    message = update.effective_message
    chat = update.effective_chat
    if message is None or chat is None:
        return
    role = role_of(rt, update)
    name, addressee, args = _command_name(message.text or "")
    if addressee and addressee != (context.bot.username or "").lower():
        return  # "/start@other_bot" in a group is for another bot
    req = _request(rt, update, role, args)
    try:
        command = rt.registry.command(name)
        if command is None:
            rt.metrics.commands.labels(view="unknown").inc()
            view: View | None = unknown_command_view(rt, req)
        elif role < command.role:
            view = View(i18n.t(req.lang, "access.admin_only"))
        else:
            rt.metrics.commands.labels(view=command.name).inc()
            view = await command.handler(rt, req)
        if view is None:
            return
        message_id = await send_view(context.bot, chat.id, view)
        if command is not None and role >= command.role and command.after_send is not None:
            await command.after_send(rt, req, message_id, view)
    except Exception as exc:
        await _failed(rt, context, chat.id, exc)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime_of(context)
    chat = update.effective_chat
    message = update.effective_message
    if chat is None or message is None:
        return
    req = _request(rt, update, role_of(rt, update), (message.text or "").strip())
    try:
        handler = rt.registry.text_handler
        view = await handler(rt, req) if handler is not None else menu_view(rt, req)
        if view is not None:
            await send_view(context.bot, chat.id, view)
    except Exception as exc:
        await _failed(rt, context, chat.id, exc)


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    rt = runtime_of(context)
    query = update.callback_query
    if query is None:
        return
    role = role_of(rt, update)
    req = _request(rt, update, role)
    try:
        cb = parse_callback(query.data)
        route = rt.registry.callback(cb.view) if cb is not None else None
        message = query.message
        if cb is None or route is None or message is None or req.chat_id is None:
            await query.answer(i18n.t(req.lang, "error.expired"))
            return
        if role < route.role:
            await query.answer(i18n.t(req.lang, "access.admin_only"))
            return
        if route.single_use is not None:
            if not route.single_use(rt, req, cb):  # already acted on, or not this user's to press
                await query.answer()
                return
            await set_buttons(context.bot, req.chat_id, message.message_id, None)  # one press, one action
        rt.metrics.commands.labels(view=f"button:{route.view}").inc()
        view = await route.handler(rt, req, cb)
        await query.answer()
        if view is not None and view.is_media:  # a text message cannot become a photo: a new one
            await send_view(context.bot, req.chat_id, view)
        elif view is not None:
            await edit_view(context.bot, req.chat_id, message.message_id, view)
    except Exception as exc:
        rt.metrics.handler_errors.inc()
        log.error("callback handler failed: %s", type(exc).__name__)


async def _failed(rt: Runtime, context: ContextTypes.DEFAULT_TYPE, chat_id: int, exc: Exception) -> None:
    rt.metrics.handler_errors.inc()
    log.error("handler failed: %s: %s", type(exc).__name__, exc)
    try:
        await context.bot.send_message(chat_id=chat_id, text=i18n.t(rt.lang, "error.internal"))
    except Exception as send_exc:  # the network may be what failed
        log.info("error message not delivered: %s", type(send_exc).__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    err = context.error
    rt = context.application.bot_data.get(RUNTIME_KEY)
    if rt is not None:
        rt.metrics.handler_errors.inc()
    log.error("unhandled error: %s", type(err).__name__ if err else "?")


# application ------------------------------------------------------------------------------------
def build_application(rt: Runtime, **request_kwargs: Any) -> Application:
    builder = Application.builder().token(rt.config.telegram.token.reveal())
    base = rt.config.telegram.base_url
    if base:  # PTB appends the token: ".../bot" + "<token>/<method>"
        builder = builder.base_url(base)
        root, _, last = base.rpartition("/")
        builder = builder.base_file_url(f"{root}/file/{last}")
    for key, value in request_kwargs.items():
        builder = getattr(builder, key)(value)
    app = builder.build()
    app.bot_data[RUNTIME_KEY] = rt
    app.add_handler(TypeHandler(Update, gate), group=-1)
    app.add_handler(MessageHandler(filters.COMMAND, on_command))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, on_text))
    app.add_handler(CallbackQueryHandler(on_callback))
    app.add_error_handler(on_error)
    return app


async def register_commands(rt: Runtime, bot: Any) -> None:
    """setMyCommands: the default list in the configured language, plus one per other language."""
    commands = [c for c in rt.registry.commands() if c.role <= Role.USER]
    await bot.set_my_commands([BotCommand(c.name, i18n.t(rt.lang, c.description_key)) for c in commands])
    for lang in i18n.LANGUAGES:
        if lang != rt.lang:
            await bot.set_my_commands(
                [BotCommand(c.name, i18n.t(lang, c.description_key)) for c in commands], language_code=lang
            )


class BotService:
    """Start and stop everything in order: coordinator, live views, start-up hooks (watchers,
    exporter), then Telegram. The local parts never wait for Telegram: when the Bot API cannot be
    reached (an outage, DNS, a wrong proxy) they keep working while the connection is retried with
    backoff (``retry_base`` doubling up to ``retry_max`` s), reported in the log and the metrics."""

    def __init__(
        self, rt: Runtime, app: Application, *, retry_base: float = 5.0, retry_max: float = 300.0
    ) -> None:
        self.rt = rt
        self.app = app
        self.retry_base = retry_base
        self.retry_max = retry_max
        self._unsubscribe: Callable[[], None] | None = None
        self._retry: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    async def start(self, *, poll_interval: float = 0.0, polling_timeout: int = 10) -> None:
        rt, app = self.rt, self.app
        rt.metrics.telegram_connected.set(0)

        async def edit(chat_id: int, message_id: int, view: View) -> bool:
            return await edit_view(app.bot, chat_id, message_id, view)

        def render_queue(page: int, lang: str, live: bool) -> View:
            return queue_view(rt, lang, page, live=live)

        rt.live = LiveViews(rt.config.ui, render_queue, edit, rt.coordinator.boost)
        if rt.coordinator.has("qbittorrent"):
            self._unsubscribe = rt.coordinator.subscribe("qbittorrent", rt.live.on_snapshot)
        rt.coordinator.start()
        for hook in rt.registry.startup_hooks:
            await hook(rt)
        if not await self._connect(poll_interval, polling_timeout, attempt=1):
            self._retry = asyncio.create_task(
                self._keep_connecting(poll_interval, polling_timeout), name="telegram-connect"
            )

    async def _connect(self, poll_interval: float, polling_timeout: int, *, attempt: int) -> bool:
        """One attempt to reach Telegram and start polling; False (logged, counted) when it failed."""
        rt, app = self.rt, self.app
        try:
            await app.initialize()
            try:
                await register_commands(rt, app.bot)
            except TelegramError as exc:  # not fatal: the commands still work without the menu list
                log.warning("setMyCommands failed: %s", type(exc).__name__)
            if not app.running:
                await app.start()
            assert app.updater is not None
            await app.updater.start_polling(
                poll_interval=poll_interval,
                timeout=polling_timeout,
                allowed_updates=ALLOWED_UPDATES,
                drop_pending_updates=False,
            )
        except (TelegramError, OSError) as exc:
            rt.metrics.telegram_connect_failures.inc()
            log.warning(
                "Telegram unreachable (attempt %d: %s); the watchers and the exporter keep running",
                attempt,
                type(exc).__name__,
            )
            return False
        rt.outbox = TelegramOutbox(app.bot)  # notices and alerts go out from now on
        rt.metrics.telegram_connected.set(1)
        self.connected.set()
        if attempt > 1:
            log.warning("Telegram reached after %d attempts", attempt)
        return True

    async def _keep_connecting(self, poll_interval: float, polling_timeout: int) -> None:
        attempt = 1
        while True:
            delay = min(self.retry_max, self.retry_base * 2 ** min(attempt - 1, 30))
            await asyncio.sleep(delay)
            attempt += 1
            if await self._connect(poll_interval, polling_timeout, attempt=attempt):
                return

    async def stop(self) -> None:
        rt, app = self.rt, self.app
        if self._retry is not None:
            self._retry.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._retry
        if app.updater is not None and app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        for hook in rt.registry.shutdown_hooks:
            try:
                await hook(rt)
            except Exception as exc:
                log.warning("shutdown hook failed: %s", type(exc).__name__)
        if self._unsubscribe is not None:
            self._unsubscribe()
        await rt.coordinator.stop()
        for close in rt.closers:
            result = close()
            if asyncio.iscoroutine(result):
                await result
        await app.shutdown()

    async def run_forever(self, stop: asyncio.Event) -> None:
        await self.start()
        try:
            await stop.wait()
        finally:
            await self.stop()
