"""Live /queue messages: while someone looks, the message follows qBittorrent for a bounded time.

A live view is registered when /queue is sent (or its refresh/page button pressed). It boosts the
coordinator's qBittorrent source to its fast interval and re-renders on every new snapshot, editing
the message only when the text or keyboard changed. A view stops being live after
``queue_live_seconds``, or at once when more than ``max_live_views`` are live (oldest out); either way
it gets one last edit to its final state, without the live marker and with the time of its data
("mis à jour à HH:MM"), so no message keeps saying "en direct" once it no longer follows.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from myflix_bot.config import UiConfig
from myflix_bot.coordinator import Snapshot
from myflix_bot.render.view import View

log = logging.getLogger(__name__)

Edit = Callable[[int, int, View], Awaitable[bool]]  # returns False when the message is gone
Render = Callable[[int, str, bool], View]  # (page, lang, still live) -> the /queue view
Boost = Callable[[str, float], None]  # the coordinator's boost(source, seconds)


@dataclass
class _Live:
    chat_id: int
    message_id: int
    page: int
    lang: str
    until: float
    last: View | None = None


class LiveViews:
    def __init__(
        self,
        ui: UiConfig,
        render: Render,
        edit: Edit,
        boost: Boost,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._ui = ui
        self._render = render
        self._edit = edit
        self._boost = boost
        self._clock = clock
        self._views: OrderedDict[tuple[int, int], _Live] = OrderedDict()
        self._finishing: set[asyncio.Task[bool]] = set()

    def __len__(self) -> int:
        return len(self._views)

    def watch(
        self, chat_id: int, message_id: int, *, page: int, lang: str, initial: View | None = None
    ) -> None:
        seconds = self._ui.queue_live_seconds
        key = (chat_id, message_id)
        self._views.pop(key, None)
        self._views[key] = _Live(chat_id, message_id, page, lang, self._clock() + seconds, initial)
        while len(self._views) > self._ui.max_live_views:
            _, evicted = self._views.popitem(last=False)
            task = asyncio.get_running_loop().create_task(self._show(evicted, still_live=False))
            self._finishing.add(task)
            task.add_done_callback(self._finishing.discard)
        self._boost("qbittorrent", seconds)

    async def finished(self) -> None:
        """Wait for the final edits of the views that stopped being live (tests, shutdown)."""
        if self._finishing:
            await asyncio.gather(*self._finishing, return_exceptions=True)

    async def on_snapshot(self, snapshot: Snapshot) -> None:
        now = self._clock()
        for key, live in list(self._views.items()):
            expired = now >= live.until
            if expired:
                self._views.pop(key, None)
            if not await self._show(live, still_live=not expired):
                self._views.pop(key, None)

    async def _show(self, live: _Live, *, still_live: bool) -> bool:
        """Render and edit the view if it changed; False when the message is gone."""
        view = self._render(live.page, live.lang, still_live)
        if view == live.last:
            return True
        live.last = view
        try:
            return await self._edit(live.chat_id, live.message_id, view)
        except Exception as exc:  # a failed edit ends this live view, nothing else
            log.info("live view edit failed: %s", type(exc).__name__)
            return False
