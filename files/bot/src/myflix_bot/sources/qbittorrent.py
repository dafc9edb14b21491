"""qBittorrent through the collection's standard-library client (the same ``QBittorrentClient`` the
Ansible modules and the watchers use; one implementation of the WebUI API in the project).

The client is synchronous, so every call runs in a worker thread. One :class:`SharedQBittorrentClient`
serves the whole bot (the /queue refreshes and every watcher): its requests are serialized by a lock,
so the session cookie and the login state are never used by two threads at once.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient

from myflix_bot.config import QbittorrentConfig
from myflix_bot.models import QueueData, Torrent

# Incomplete-torrent states, most interesting first (4.x and 5.x names).
STATE_RANK = {
    "downloading": 0,
    "forcedDL": 0,
    "metaDL": 1,
    "forcedMetaDL": 1,
    "allocating": 1,
    "stalledDL": 2,
    "checkingDL": 3,
    "checkingResumeData": 3,
    "moving": 3,
    "queuedDL": 4,
    "pausedDL": 5,
    "stoppedDL": 5,
    "error": 6,
    "missingFiles": 6,
    "unknown": 7,
}
INFINITE_ETA = 8640000  # qBittorrent's "infinity"


def torrent_from_json(item: dict[str, Any]) -> Torrent:
    def num(key: str) -> float:
        value = item.get(key)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0

    eta = int(num("eta"))
    return Torrent(
        hash=str(item.get("hash", "")),
        name=str(item.get("name", "?")),
        progress=min(1.0, max(0.0, num("progress"))),
        dlspeed=int(num("dlspeed")),
        upspeed=int(num("upspeed")),
        eta=eta if 0 <= eta < INFINITE_ETA else None,
        state=str(item.get("state", "unknown")),
        size=int(num("size")),
        added_on=num("added_on"),
        category=str(item.get("category") or ""),
    )


def active_torrents(items: list[dict[str, Any]]) -> tuple[Torrent, ...]:
    """Incomplete torrents, most active state first, then the newest."""
    torrents = [torrent_from_json(i) for i in items if isinstance(i, dict)]
    incomplete = [t for t in torrents if t.progress < 1.0 or t.state.endswith("DL")]
    incomplete.sort(key=lambda t: (STATE_RANK.get(t.state, 7), -t.added_on, t.name))
    return tuple(incomplete)


class SharedQBittorrentClient(QBittorrentClient):
    """The collection's client, safe to share between threads: one request (with its login, when the
    session expired) at a time."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(url, **kwargs)
        self._lock = threading.RLock()

    def login(self) -> None:
        with self._lock:
            super().login()

    def logout(self) -> None:
        with self._lock:
            super().logout()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        with self._lock:
            return super().request(method, path, **kwargs)


def qbittorrent_client(config: QbittorrentConfig) -> SharedQBittorrentClient:
    return SharedQBittorrentClient(
        config.url,
        username=config.username,
        password=config.password.reveal() if config.password else "",
        timeout=config.timeout,
    )


def queue_from(items: list[Any], transfer: Any, prefs: dict[str, Any]) -> QueueData:
    raw = [i for i in items if isinstance(i, dict)]
    transfer = transfer if isinstance(transfer, dict) else {}
    listen = prefs.get("listen_port")
    counts = Counter(str(i.get("state", "unknown")) for i in raw)
    return QueueData(
        torrents=active_torrents(raw),
        state_counts=tuple(sorted(counts.items())),
        download_speed=int(transfer.get("dl_info_speed") or 0),
        upload_speed=int(transfer.get("up_info_speed") or 0),
        listen_port=listen if isinstance(listen, int) and not isinstance(listen, bool) else None,
    )


class QbittorrentSource:
    name = "qbittorrent"

    def __init__(self, config: QbittorrentConfig, client: SharedQBittorrentClient | None = None) -> None:
        self.client = client or qbittorrent_client(config)  # shared with the watchers

    def _fetch_sync(self) -> QueueData:
        items = self.client.torrents()
        transfer = self.client.get_json("transfer/info")
        return queue_from(items, transfer, self.client.preferences())

    async def fetch(self) -> QueueData:
        return await asyncio.to_thread(self._fetch_sync)
