"""The alert endpoint inside the running bot: ``POST /-/alerts`` on the exporter's HTTP server.

Alertmanager's webhook receiver authenticates with HTTP Basic (any user, the password is
``MYFLIX_ALERTS_SECRET``; compared in constant time). The request thread hands the parsed group to
the bot's event loop, which renders it and sends it to every admin through the Telegram adapter,
and answers 200 only once delivered: on 5xx Alertmanager retries, so a Telegram outage delays an
alert instead of losing it. Without a secret the endpoint does not exist (404).
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from typing import Any

from myflix_bot.access import Role
from myflix_bot.alerts.payload import AlertGroup, PayloadError, parse
from myflix_bot.alerts.render import STATUS_CALLBACK, render_group
from myflix_bot.alerts.settings import alert_settings
from myflix_bot.callbacks import Callback
from myflix_bot.commands.registry import CallbackRoute, Request
from myflix_bot.commands.views import status_view
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime
from myflix_bot.search.webhook import authorized

log = logging.getLogger(__name__)
PATH = "/-/alerts"
DELIVERY_TIMEOUT = 30.0


class AlertEndpoint:
    def __init__(self, rt: Runtime) -> None:
        self.rt = rt
        self.settings = alert_settings(rt.config)
        self.lang = self.settings.language or rt.lang
        self._loop: asyncio.AbstractEventLoop | None = None
        self.delivered = 0

    async def start(self, _rt: Runtime) -> None:
        self._loop = asyncio.get_running_loop()

    def handle(self, headers: Any, body: bytes) -> tuple[int, bytes]:
        """Called on the HTTP server's thread; returns (status, body)."""
        secret = self.settings.secret.reveal() if self.settings.secret else ""
        if not secret:
            return 404, b"not found\n"
        if not authorized(headers, secret):
            return 401, b""
        try:
            group = parse(json.loads(body))
        except (ValueError, PayloadError) as exc:
            log.warning("alert endpoint: refused a body: %s", type(exc).__name__)
            return 400, b"not an Alertmanager webhook message\n"
        loop = self._loop
        if loop is None or self.rt.outbox is None:
            return 503, b"the bot is not connected to Telegram yet\n"
        future = asyncio.run_coroutine_threadsafe(self.deliver(group), loop)
        try:
            sent = future.result(timeout=DELIVERY_TIMEOUT)
        except (FutureTimeout, Exception) as exc:
            future.cancel()
            log.warning("alert delivery failed: %s", type(exc).__name__)
            return 503, b"delivery failed, retry\n"
        return (200, b"delivered\n") if sent else (503, b"no admin reached, retry\n")

    async def deliver(self, group: AlertGroup) -> int:
        """Send the rendered group to every admin; the number of admins reached."""
        view = render_group(group, self.lang, datetime.now(UTC), tz=None)
        outbox = self.rt.outbox
        if outbox is None:
            return 0
        sent = 0
        for chat_id in sorted(self.rt.config.telegram.admins):
            try:
                await outbox.send(chat_id, view)
                sent += 1
            except Exception as exc:  # one unreachable admin does not stop the others
                log.warning("alert not delivered to an admin: %s", type(exc).__name__)
        self.delivered += sent
        return sent


async def status_below_the_alert(rt: Runtime, req: Request, _cb: Callback) -> View | None:
    """The alert's /status button: the status as a NEW message, so the alert itself stays readable."""
    if rt.outbox is not None and req.chat_id is not None:
        await rt.outbox.send(req.chat_id, status_view(rt, req))
    return None  # nothing to edit in place


def register_alerts(rt: Runtime) -> AlertEndpoint:
    """The endpoint (its POST route is served by the exporter's server) and its button."""
    endpoint = AlertEndpoint(rt)
    rt.registry.on_startup(endpoint.start)
    rt.registry.add_callback(CallbackRoute(STATUS_CALLBACK, status_below_the_alert, role=Role.ADMIN))
    return endpoint
