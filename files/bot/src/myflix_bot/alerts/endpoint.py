"""The alert endpoint: ``POST /-/alerts`` on the exporter's HTTP server.

Alertmanager's webhook receiver authenticates with HTTP Basic (any user, the password is
``MYFLIX_ALERTS_SECRET``; compared in constant time). The request thread hands the parsed group to
the bot's event loop, which renders it and sends it to every admin through the outbox (the Telegram
adapter), and answers 200 only once delivered: on 5xx Alertmanager retries, so a Telegram outage
delays an alert instead of losing it. Without a secret the endpoint does not exist (404).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from concurrent.futures import TimeoutError as FutureTimeout
from datetime import UTC, datetime
from typing import Any

from myflix_bot.alerts.payload import AlertGroup, PayloadError, parse
from myflix_bot.alerts.render import render_group
from myflix_bot.alerts.settings import alert_settings
from myflix_bot.config import Config
from myflix_bot.outbox import Outbox
from myflix_bot.search.webhook import authorized

log = logging.getLogger(__name__)
PATH = "/-/alerts"
DELIVERY_TIMEOUT = 30.0


class AlertEndpoint:
    def __init__(self, config: Config, outbox: Callable[[], Outbox | None]) -> None:
        self.config = config
        self.outbox = outbox  # the runtime's, as it is when an alert comes in
        self.settings = alert_settings(config)
        self.lang = self.settings.language or config.ui.language
        self._loop: asyncio.AbstractEventLoop | None = None
        self.delivered = 0

    async def start(self) -> None:
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
        if loop is None or self.outbox() is None:
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
        outbox = self.outbox()
        if outbox is None:
            return 0
        sent = 0
        for chat_id in sorted(self.config.telegram.admins):
            try:
                await outbox.send(chat_id, view)
                sent += 1
            except Exception as exc:  # one unreachable admin does not stop the others
                log.warning("alert not delivered to an admin: %s", type(exc).__name__)
        self.delivered += sent
        return sent
