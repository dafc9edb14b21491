"""Health probes of the applications: a cheap call that answers with the version (Radarr/Sonarr
``system/status``, Prowlarr ``/api/v1/system/status``, qBittorrent ``app/version``, Jellyfin's public
``/System/Info/Public``, Plex's ``/identity``), polled often through the coordinator so /status can
show each application up or down with its version and response time, and an outage shows within
seconds.

This module is the one list of the applications /status shows (:data:`APPS`) and of their probes
(:func:`probes`). The probes reuse the clients of the sources where there is one (one client per
service); Prowlarr goes through the same *arr client (API v1), the media server through the
collection's standard-library HTTP client. The coordinator measures the response time of each attempt
(``Snapshot.latency``).

Config (both optional; the role renders them)::

    prowlarr: {url: http://127.0.0.1:9696}      # API key: MYFLIX_PROWLARR_API_KEY
    media_server: {kind: jellyfin, url: http://127.0.0.1:8096}   # or kind: plex
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpClient, HttpError

from myflix_bot.config import ArrConfig, Config, Reader
from myflix_bot.models import AppHealth
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient, SourceError
from myflix_bot.sources.qbittorrent import SharedQBittorrentClient

PREFIX = "health:"
# the applications with a health probe, in /status order (those configured are shown)
APPS = ("radarr", "sonarr", "prowlarr", "qbittorrent", "jellyfin", "plex")
MEDIA_SERVERS = ("jellyfin", "plex")
PROBE_TIMEOUT = 10.0


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


class MediaServerProbe:
    """Jellyfin (``GET /System/Info/Public``: JSON with ``Version``) or Plex (``GET /identity`` with
    ``Accept: application/json``: a ``MediaContainer`` with its ``version``); both answer without a login."""

    def __init__(self, kind: str, url: str, timeout: float = PROBE_TIMEOUT) -> None:
        self.kind = kind
        self.url = url
        self.timeout = timeout

    def _version(self) -> str | None:
        client = HttpClient(self.url, timeout=self.timeout)  # one per call: not thread-safe
        label = "Jellyfin" if self.kind == "jellyfin" else "Plex"
        try:
            if self.kind == "jellyfin":
                data = client.get_json("System/Info/Public")
                version = data.get("Version") if isinstance(data, dict) else None
            else:  # Plex answers JSON when asked to
                data = client.get_json("identity", headers={"Accept": "application/json"})
                container = data.get("MediaContainer") if isinstance(data, dict) else None
                version = container.get("version") if isinstance(container, dict) else None
        except HttpError as exc:
            raise SourceError(f"{label}: {exc}") from None
        return version if isinstance(version, str) and version else None

    async def fetch(self) -> AppHealth:
        return AppHealth(await asyncio.to_thread(self._version))


@dataclass(frozen=True)
class MediaServerConfig:
    kind: str  # jellyfin | plex
    url: str


def parse_prowlarr(r: Reader, secrets: Mapping[str, Secret]) -> ArrConfig | None:
    if not r.data:
        return None
    key = secrets.get("prowlarr_api_key")
    if key is None:
        r.problem("api_key", "MYFLIX_PROWLARR_API_KEY is not set (environment or secrets file)")
        key = Secret("")
    cfg = ArrConfig(url=r.url("url"), api_key=key, timeout=r.number("timeout", 10.0, low=0.5, high=120))
    r.finish()
    return cfg


def parse_media_server(r: Reader, _secrets: Mapping[str, Secret]) -> MediaServerConfig | None:
    if not r.data:
        return None
    cfg = MediaServerConfig(kind=r.str("kind", choices=MEDIA_SERVERS), url=r.url("url"))
    r.finish()
    return cfg


def probes(config: Config, sources: Mapping[str, Any]) -> list[tuple[str, Any, float]]:
    """(application, probe, timeout) for every configured application of :data:`APPS`, in order."""
    found: dict[str, tuple[Any, float]] = {}
    for name in ("radarr", "sonarr"):
        source = sources.get(name)
        if source is not None:
            found[name] = (ArrProbe(source.client), getattr(config, name).timeout)
    prowlarr = config.sections.get("prowlarr")
    if isinstance(prowlarr, ArrConfig):
        found["prowlarr"] = (ArrProbe(ArrClient(prowlarr, "Prowlarr")), prowlarr.timeout)
    if "qbittorrent" in sources:
        found["qbittorrent"] = (QbittorrentProbe(sources["qbittorrent"].client), PROBE_TIMEOUT)
    server = config.sections.get("media_server")
    if isinstance(server, MediaServerConfig):
        found[server.kind] = (MediaServerProbe(server.kind, server.url), PROBE_TIMEOUT)
    return [(name, *found[name]) for name in APPS if name in found]
