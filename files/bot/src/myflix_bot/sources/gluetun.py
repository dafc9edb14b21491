"""Gluetun's control server for the bot: one poll (VPN status, public IP, forwarded ports) through the
collection's standard-library ``GluetunClient`` (the one client of Gluetun's API, shared with the
Ansible modules), run in a worker thread.

The poll is a coordinator source: /status and the exporter read its snapshot, and the port-sync
watcher reads the same snapshot through :class:`SharedGluetunPoll` (polling now only when it is older
than the watcher wants), so Gluetun is asked once and every reader sees the same answer.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from ansible_collections.myflix.media.plugins.module_utils.gluetun import (
    ForwardedPorts,
    GluetunClient,
    GluetunError,
)

from myflix_bot.config import GluetunConfig
from myflix_bot.coordinator import Coordinator
from myflix_bot.models import VpnData

SOURCE = "gluetun"


def gluetun_client(config: GluetunConfig) -> GluetunClient:
    key = config.api_key.reveal() if config.api_key else None
    return GluetunClient(config.url, auth="apikey" if key else "none", api_key=key, timeout=config.timeout)


def poll(client: GluetunClient) -> VpnData:
    """Ask Gluetun once for the VPN status, the public IP and the forwarded ports (blocking)."""
    status = client.vpn_status()
    public_ip = client.public_ip().get("public_ip")
    forwarded = client.forwarded_ports()
    return VpnData(
        status=status or "unknown",
        public_ip=public_ip if isinstance(public_ip, str) and public_ip else None,
        forwarded_port=forwarded.ports[0] if forwarded.ports else None,
        forwarded_ports=forwarded.ports,
        route=forwarded.route,
    )


class GluetunSource:
    """The coordinator source: one :func:`poll` per refresh, in a worker thread. The coordinator runs
    at most one refresh of a source at a time, so the client is never used by two threads at once."""

    name = SOURCE

    def __init__(self, config: GluetunConfig, client: GluetunClient | None = None) -> None:
        self.client = client or gluetun_client(config)

    async def fetch(self) -> VpnData:
        return await asyncio.to_thread(poll, self.client)


class SharedGluetunPoll:
    """The forwarded ports of the coordinator's Gluetun poll, for the port-sync watcher.

    :meth:`forwarded_ports` returns the last poll when it is at most ``max_age`` s old and succeeded,
    else it refreshes the source now (joining a refresh already in flight) and reads that.
    :meth:`expire` makes the next read poll again (Gluetun's "port changed" hook)."""

    def __init__(
        self, coordinator: Coordinator, max_age: float, clock: Callable[[], float] = time.time
    ) -> None:
        self._coordinator = coordinator
        self.max_age = max_age
        self._clock = clock  # the coordinator's wall clock (snapshots are stamped with it)
        self._expired = False

    def expire(self) -> None:
        self._expired = True  # a plain flag: safe to set from the exporter's thread

    async def vpn_data(self) -> VpnData:
        """The poll's VPN status, public IP and forwarded ports (polled now when older than
        ``max_age``); :class:`GluetunError` when the poll failed."""
        snapshot = self._coordinator.get(SOURCE)
        age = snapshot.age(self._clock())
        if self._expired or snapshot.error or age is None or age > self.max_age:
            self._expired = False
            await self._coordinator.refresh_now(SOURCE)
            snapshot = self._coordinator.get(SOURCE)
        data = snapshot.data
        if snapshot.error or not isinstance(data, VpnData):
            raise GluetunError(f"Gluetun poll failed: {snapshot.error or 'no answer yet'}")
        return data

    async def forwarded_ports(self) -> ForwardedPorts:
        data = await self.vpn_data()
        return ForwardedPorts(data.forwarded_ports, data.route)
