"""The running watchers: their supervisor, the admins' notifier, the metrics exporter and the port-sync
hook. Built by ``watchers.install``; knows nothing of the runtime (the outbox is read when a notice goes
out, since Telegram may be reached after the watchers started)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from myflix_bot import i18n
from myflix_bot.exporter import CacheCollector, ExporterServer, PostRoute
from myflix_bot.models import StatusLine
from myflix_bot.outbox import Outbox
from myflix_bot.render.view import Button, View
from myflix_bot.sources.gluetun import SharedGluetunPoll
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.notify import Buttons, Notifier
from myflix_bot.watchers.settings import ExporterConfig
from myflix_bot.watchers.supervisor import Supervisor

log = logging.getLogger(__name__)


@dataclass
class WatcherSet:
    watchers: dict[str, Watcher]
    notifier: Notifier
    metrics: WatcherMetrics
    collector: CacheCollector
    exporter_settings: ExporterConfig
    registry: Any  # the bot's prometheus CollectorRegistry, served by the exporter
    outbox: Callable[[], Outbox | None]  # the runtime's, as it is when a notice goes out
    supervisor: Supervisor | None = None
    exporter: ExporterServer | None = None
    gluetun_poll: SharedGluetunPoll | None = None  # the port-sync watcher's view of the Gluetun poll
    post_routes: dict[str, PostRoute] = field(default_factory=dict)  # other features' POST endpoints

    async def start(self) -> None:
        if self.notifier.sender is None:

            async def send(chat_id: int, text: str, buttons: Buttons = ()) -> object:
                outbox = self.outbox()
                if outbox is None:  # Telegram not reached yet: the notice stays in the log
                    raise ConnectionError("Telegram is not connected")
                keyboard = (tuple(Button(label, data) for label, data in buttons),) if buttons else ()
                return await outbox.send(chat_id, View(text, keyboard))

            self.notifier.sender = send
        self.supervisor = Supervisor(self.watchers.values(), self.metrics)
        self.supervisor.start()
        cfg = self.exporter_settings
        if cfg.enabled and self.exporter is None:
            try:
                self.exporter = ExporterServer(
                    cfg.host,
                    cfg.port,
                    self.registry,
                    on_port_sync=self.port_changed,
                    post_routes=self.post_routes,
                ).start()
            except OSError as exc:  # the bot still serves Telegram without its metrics
                log.error("exporter cannot listen on %s:%s: %s", cfg.host, cfg.port, exc.strerror)

    async def stop(self) -> None:
        if self.exporter is not None:
            self.exporter.stop()
            self.exporter = None
        if self.supervisor is not None:
            await self.supervisor.stop()
        for watcher in self.watchers.values():
            close = getattr(watcher, "close", None)
            if callable(close):
                close()

    def port_changed(self) -> bool:
        """Gluetun's hook: poll Gluetun again and sync now. Thread-safe."""
        if self.gluetun_poll is not None:
            self.gluetun_poll.expire()
        return self.wake("port_sync")

    def wake(self, name: str) -> bool:
        return self.supervisor is not None and name in self.watchers and self.supervisor.wake(name)

    def status_lines(self, lang: str) -> list[StatusLine]:
        lines = []
        for w in self.watchers.values():
            h = w.health
            name = i18n.t(lang, f"watchers.name.{w.name}")
            text = i18n.t(lang, "watchers.line", name=name, summary=w.summary(lang))
            if h.last_error:
                text = i18n.t(lang, "watchers.error", line=text, error=h.last_error)
            lines.append(
                StatusLine("watchers", text, ok=h.consecutive_errors == 0, attention=w.needs_attention())
            )
        return lines
