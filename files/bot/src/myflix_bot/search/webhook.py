"""The HTTP endpoint Radarr and Sonarr post their webhooks to (Connect → Webhook).

aiohttp (imported when the endpoint starts), bound to loopback or the compose network address from
the config, one POST route. The shared secret is the webhook's Basic-auth password (any user name)
or an ``X-Myflix-Secret`` header; comparisons are constant-time. Wrong or missing secret: 401 with
an empty body. Bodies over 256 KiB or not JSON: 400. The secret never appears in logs or answers.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
from typing import Any

from myflix_bot.search.lifecycle import Lifecycle
from myflix_bot.search.settings import WebhookSettings

log = logging.getLogger(__name__)
MAX_BODY = 256 * 1024


def authorized(headers: Any, secret: str) -> bool:
    given = headers.get("X-Myflix-Secret")
    if given is None:
        auth = headers.get("Authorization", "")
        if auth.startswith("Basic "):
            try:
                decoded = base64.b64decode(auth[6:], validate=True).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError):
                return False
            given = decoded.partition(":")[2]
    if not given or not secret:
        return False
    return hmac.compare_digest(given.encode(), secret.encode())


class WebhookServer:
    def __init__(self, settings: WebhookSettings, lifecycle: Lifecycle) -> None:
        self.settings = settings
        self.lifecycle = lifecycle
        self._runner: Any = None
        self.port: int | None = None
        self.received = 0

    async def _handle(self, request: Any) -> Any:
        from aiohttp import web  # noqa: PLC0415

        secret = self.settings.secret.reveal() if self.settings.secret else ""
        if not authorized(request.headers, secret):
            return web.Response(status=401)
        if request.content_length is not None and request.content_length > MAX_BODY:
            return web.Response(status=413)
        raw = await request.content.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            return web.Response(status=413)
        try:
            payload = json.loads(raw)
        except ValueError:
            return web.Response(status=400)
        if not isinstance(payload, dict):
            return web.Response(status=400)
        self.received += 1
        try:
            await self.lifecycle.on_webhook(payload)
        except Exception as exc:  # the *arr must not retry forever because of us
            log.warning("webhook handling failed: %s", type(exc).__name__)
        return web.json_response({"ok": True})

    async def start(self) -> None:
        from aiohttp import web  # noqa: PLC0415 - only when the endpoint is configured

        app = web.Application(client_max_size=MAX_BODY)
        app.router.add_post(self.settings.path, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.listen, self.settings.port)
        await site.start()
        sockets = getattr(site._server, "sockets", None) or []  # the bound port (0 = any)
        self.port = sockets[0].getsockname()[1] if sockets else self.settings.port
        log.info("webhook endpoint on %s:%s%s", self.settings.listen, self.port, self.settings.path)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
