"""VPN port sync: qBittorrent listens on the port Gluetun forwards, every ``interval`` s (30 by default)
and at once when woken (``myflix-bot port-sync-now``, Gluetun's VPN_PORT_FORWARDING_UP_COMMAND).

The decision and the exchange are the collection's :func:`sync_port`, the same code as the
``myflix.media.qbittorrent_port_sync`` module; this file only schedules it and reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.gluetun import PortNotReadyError
from ansible_collections.myflix.media.plugins.module_utils.port_sync import sync_port

from myflix_bot import i18n
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.settings import PortSyncSettings


class PortSyncWatcher(Watcher):
    name = "port_sync"

    def __init__(
        self,
        settings: PortSyncSettings,
        gluetun: Any,
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

    async def run(self) -> None:
        try:
            result = await self.blocking(
                sync_port,
                self.gluetun,
                self.qbt,
                port_index=self.settings.port_index,
                wait_timeout=0,
                check_mode=self.dry_run,
            )
        except PortNotReadyError:
            self.forwarded = None  # Gluetun has no port (yet): nothing to do, not a failure
            return
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
