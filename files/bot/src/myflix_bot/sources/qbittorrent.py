"""qBittorrent through qbittorrent-api (synchronous, so every call runs in a worker thread)."""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from typing import TYPE_CHECKING, Any

from myflix_bot.config import QbittorrentConfig
from myflix_bot.models import QueueData, Torrent

if TYPE_CHECKING:  # imported lazily: the library is only needed once qBittorrent is configured
    import qbittorrentapi

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


class QbittorrentSource:
    name = "qbittorrent"

    def __init__(self, config: QbittorrentConfig) -> None:
        self._config = config
        self._client: qbittorrentapi.Client | None = None
        self._lock = threading.Lock()  # one thread at a time uses the (requests) session

    def client(self) -> qbittorrentapi.Client:
        """The qbittorrent-api client, created on first use (watchers reuse it, in a thread)."""
        if self._client is None:
            import qbittorrentapi  # noqa: PLC0415 - lazy on purpose

            self._client = qbittorrentapi.Client(
                host=self._config.url,
                username=self._config.username,
                password=self._config.password.reveal() if self._config.password else "",
                REQUESTS_ARGS={"timeout": (min(3.0, self._config.timeout), self._config.timeout)},
                RAISE_NOTIMPLEMENTEDERROR_FOR_UNIMPLEMENTED_API_ENDPOINTS=False,
                DISABLE_LOGGING_DEBUG_OUTPUT=True,
            )
        return self._client

    def _fetch_sync(self) -> QueueData:
        with self._lock:
            client = self.client()
            items = client.torrents_info()
            transfer = client.transfer_info()
            prefs = client.app_preferences()
        listen = prefs.get("listen_port")
        raw = [dict(i) for i in items]
        counts = Counter(str(i.get("state", "unknown")) for i in raw)
        return QueueData(
            torrents=active_torrents(raw),
            state_counts=tuple(sorted(counts.items())),
            download_speed=int(transfer.get("dl_info_speed") or 0),
            upload_speed=int(transfer.get("up_info_speed") or 0),
            listen_port=listen if isinstance(listen, int) and not isinstance(listen, bool) else None,
        )

    async def fetch(self) -> QueueData:
        return await asyncio.to_thread(self._fetch_sync)

    async def run(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run ``fn(client, *args, **kwargs)`` in a thread, serialized with the refreshes."""

        def call() -> Any:
            with self._lock:
                return fn(self.client(), *args, **kwargs)

        return await asyncio.to_thread(call)
