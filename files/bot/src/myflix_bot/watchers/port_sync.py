"""VPN port sync: qBittorrent listens on the port Gluetun forwards, every ``interval`` s (30 by default)
and at once when woken (``myflix-bot port-sync-now``, Gluetun's VPN_PORT_FORWARDING_UP_COMMAND).

The forwarded ports come from the bot's one Gluetun poll (the snapshot /status shows, see
``sources.gluetun``); the decision and the exchange are the collection's :func:`sync_forwarded`, the
same code as the ``myflix.media.qbittorrent_port_sync`` module; this file only schedules it and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.gluetun import ForwardedPorts, GluetunClient
from ansible_collections.myflix.media.plugins.module_utils.port_sync import sync_forwarded

from myflix_bot import i18n
from myflix_bot.sources.gluetun import SharedGluetunPoll
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.settings import PortSyncSettings


class PortSyncWatcher(Watcher):
    name = "port_sync"

    def __init__(
        self,
        settings: PortSyncSettings,
        gluetun: GluetunClient | SharedGluetunPoll,
        qbittorrent: Any,
        *,
        on_change: Callable[[], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.gluetun = gluetun
        self.qbt = qbittorrent
        self.on_change = on_change  # e.g. refresh the qBittorrent cache so /status and metrics follow
        self.blocking = Blocking()
        self.forwarded: int | None = None
        self.listen: int | None = None
        self.syncs = 0

    @property
    def in_sync(self) -> bool | None:
        if self.forwarded is None or self.listen is None:
            return None
        return self.forwarded == self.listen

    async def _forwarded(self) -> ForwardedPorts:
        if isinstance(self.gluetun, GluetunClient):  # a direct client (tests, benchmarks): one query
            return await self.blocking(self.gluetun.forwarded_ports)
        return await self.gluetun.forwarded_ports()  # the bot: the shared Gluetun poll of /status

    async def run(self) -> None:
        forwarded = await self._forwarded()
        if not forwarded.ports:
            self.forwarded = None  # Gluetun has no port (yet): nothing to do, not a failure
            return
        result = await self.blocking(
            sync_forwarded,
            forwarded,
            self.qbt,
            port_index=self.settings.port_index,
            check_mode=self.dry_run,
        )
        plan = result.plan
        self.forwarded = plan.port
        self.listen = plan.port if result.applied else plan.previous_port
        if plan.changed:
            await self.notify(
                "changed",
                "watchers.notice.port_sync.would" if self.dry_run else "watchers.notice.port_sync.moved",
                old=plan.previous_port,
                new=plan.port,
            )
            if result.applied:
                self.syncs += 1
                if self.on_change is not None:
                    self.on_change()

    def summary(self, lang: str) -> str:
        keys = {True: "watchers.port_sync.in_sync", False: "watchers.port_sync.out_of_sync"}
        state = keys.get(self.in_sync) if self.in_sync is not None else None
        return i18n.t(
            lang,
            "watchers.port_sync",
            forwarded=self.forwarded or "-",
            listen=self.listen or "-",
            state=i18n.t(lang, state or "status.unknown"),
        )
