"""Health probes of the applications: a cheap call that answers with the version (Radarr/Sonarr
``system/status``, qBittorrent ``app/version``), polled often through the coordinator so /status can show
each application up or down with its version and response time, and an outage shows within seconds.

The probes reuse the clients of the sources (one client per service); the coordinator measures the
response time of each attempt (``Snapshot.latency``).
"""

from __future__ import annotations

import asyncio

from myflix_bot.models import AppHealth
from myflix_bot.sources.arr import ArrClient, SourceError
from myflix_bot.sources.qbittorrent import SharedQBittorrentClient

PREFIX = "health:"


def probe_name(source: str) -> str:
    """The coordinator name of the probe of ``source`` ("radarr" -> "health:radarr")."""
    return PREFIX + source


class ArrProbe:
    def __init__(self, client: ArrClient) -> None:
        self.client = client

    async def fetch(self) -> AppHealth:
        data = await self.client.get("system/status")
        if not isinstance(data, dict):
            raise SourceError(f"{self.client.name}: system/status is not an object")
        version = data.get("version")
        return AppHealth(version if isinstance(version, str) and version else None)


class QbittorrentProbe:
    def __init__(self, client: SharedQBittorrentClient) -> None:
        self.client = client

    async def fetch(self) -> AppHealth:
        version = await asyncio.to_thread(self.client.app_version)
        return AppHealth(version.strip() or None)
