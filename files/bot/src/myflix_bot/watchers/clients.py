"""The collection's stdlib clients, built from the bot's config. Watchers share the collection's code
(``ansible_collections.myflix.media.plugins.module_utils``) with the Ansible modules; the clients are
synchronous, so watchers call them through :class:`Blocking` (a worker thread, one call at a time per
watcher). The qBittorrent client is the bot's one shared client (see ``sources.qbittorrent``): the
/queue refreshes and every watcher use the same session, serialized per request."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from myflix_bot.sources.gluetun import gluetun_client
from myflix_bot.sources.qbittorrent import SharedQBittorrentClient, qbittorrent_client

T = TypeVar("T")
__all__ = ["Blocking", "SharedQBittorrentClient", "gluetun_client", "qbittorrent_client"]


class Blocking:
    """Runs synchronous calls on a client in a worker thread, serialized by a lock."""

    def __init__(self) -> None:
        self._lock = threading.Lock()

    async def __call__(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        def call() -> T:
            with self._lock:
                return fn(*args, **kwargs)

        return await asyncio.to_thread(call)
