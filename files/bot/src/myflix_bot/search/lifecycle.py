"""Following a request after the add: grabbed, download milestones, imported; the requester hears.

Events come from two places, both feeding :meth:`Lifecycle.on_event`:

- the Radarr/Sonarr webhook (:mod:`.webhook`): ``Grab`` and ``Download`` (import) as they happen;
- polling, every ``poll_interval``: the queue (download progress, for the milestones) and, when no
  webhook is configured, each open request's history (``grabbed``, ``downloadFolderImported``,
  ``downloadFailed``).

Each state change is stored first, then announced, so a restart never repeats a message. Notices go
to the requesters of that title only, each in their own language. Download progress is one message
per request, edited in place as milestones are reached, at most once per ``edit_interval`` (60 s):
a milestone reached sooner is shown by the next edit.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any, Protocol

from myflix_bot import i18n
from myflix_bot.render.text import esc
from myflix_bot.render.view import View
from myflix_bot.search.settings import SearchSettings
from myflix_bot.search.store import Request, RequestStore
from myflix_bot.sources.arr import ArrClient, SourceError

log = logging.getLogger(__name__)


class Outbox(Protocol):
    async def send(self, chat_id: int, view: View) -> int: ...

    async def edit(self, chat_id: int, message_id: int, view: View) -> bool: ...


IMPORT_EVENTS = ("downloadFolderImported", "seriesFolderImported", "movieFileImported")


def _label(req: Request) -> str:
    year = f" ({req.year})" if req.year else ""
    season = f" S{req.season:02d}" if req.season else ""
    return f"<b>{esc(req.title)}</b>{esc(year)}{season}"


class Lifecycle:
    def __init__(
        self,
        store: RequestStore,
        clients: dict[str, ArrClient | None],
        settings: SearchSettings,
        outbox: Outbox,
        lang_of: Callable[[Request], str],
        *,
        edit_interval: float = 60.0,
    ) -> None:
        self.store = store
        self.clients = clients
        self.settings = settings
        self.outbox = outbox
        self.lang_of = lang_of
        self.edit_interval = edit_interval
        self._task: asyncio.Task[None] | None = None

    def _view(self, req: Request, key: str, **values: Any) -> View:
        return View(i18n.t(self.lang_of(req), key, title=_label(req), **values))

    async def _announce(self, req: Request, key: str, **values: Any) -> None:
        try:
            await self.outbox.send(req.chat_id, self._view(req, key, **values))
        except Exception as exc:  # a notification that cannot be delivered is logged, not retried
            log.info("notification not delivered: %s", type(exc).__name__)

    async def _progress(self, req: Request) -> None:
        """The request's progress message: sent once, then edited, at most once per interval."""
        if req.notice_pct is not None and req.notice_pct >= req.progress:
            return
        now = self.store.clock()
        if req.notice_at is not None and now - req.notice_at < self.edit_interval:
            return  # the next event after the interval shows it
        view = self._view(req, "search.life.progress", percent=req.progress)
        try:
            if req.notice_id is not None and await self.outbox.edit(req.chat_id, req.notice_id, view):
                self.store.set_notice(req.id, req.notice_id, req.progress)
            else:
                self.store.set_notice(req.id, await self.outbox.send(req.chat_id, view), req.progress)
        except Exception as exc:
            log.info("progress notice not delivered: %s", type(exc).__name__)

    async def on_event(self, kind: str, library_id: int, event: str, progress: int | None = None) -> int:
        """Apply one event to the open requests of that library item; returns how many changed."""
        changed = 0
        for req in self.store.open_for(kind, library_id):
            if event == "grabbed" and self.store.advance(req.id, "grabbed"):
                await self._announce(req, "search.life.grabbed")
                changed += 1
            elif event == "progress" and progress is not None:
                reached = [m for m in self.settings.milestones if m <= progress and m > req.progress]
                if reached and self.store.advance(req.id, "downloading", max(reached)):
                    changed += 1
                current = self.store.get(req.id)
                if current is not None and current.state == "downloading":
                    await self._progress(current)
            elif event == "imported" and self.store.advance(req.id, "imported", 100):
                await self._announce(req, "search.life.imported")
                changed += 1
            elif event == "failed" and self.store.advance(req.id, "failed"):
                await self._announce(req, "search.life.failed")
                changed += 1
        return changed

    async def on_webhook(self, payload: dict[str, Any]) -> int:
        """A Radarr/Sonarr webhook body (``Grab``, ``Download``; ``Test`` is accepted and ignored)."""
        event = payload.get("eventType")
        if "movie" in payload and isinstance(payload["movie"], dict):
            kind, library_id = "movie", payload["movie"].get("id")
        elif "series" in payload and isinstance(payload["series"], dict):
            kind, library_id = "series", payload["series"].get("id")
        else:
            return 0
        if not isinstance(library_id, int) or isinstance(library_id, bool):
            return 0
        if event == "Grab":
            return await self.on_event(kind, library_id, "grabbed")
        if event == "Download":
            return await self.on_event(kind, library_id, "imported")
        return 0

    # ---- polling -------------------------------------------------------------------------------
    async def _queue_progress(self, kind: str) -> dict[int, int]:
        client = self.clients.get(kind)
        if client is None:
            return {}
        data = await client.get("queue", pageSize=200)
        records = data.get("records") if isinstance(data, dict) else data
        key = "movieId" if kind == "movie" else "seriesId"
        done: dict[int, list[float]] = {}
        for rec in records or []:
            if not isinstance(rec, dict) or not isinstance(rec.get(key), int):
                continue
            size, left = rec.get("size") or 0, rec.get("sizeleft") or 0
            if isinstance(size, int | float) and size > 0 and isinstance(left, int | float):
                totals = done.setdefault(rec[key], [0.0, 0.0])
                totals[0] += size
                totals[1] += size - left
        return {item: int(100 * got / size) for item, (size, got) in done.items() if size > 0}

    async def _history_events(self, req: Request) -> list[str]:
        client = self.clients.get(req.kind)
        if client is None or req.library_id is None:
            return []
        if req.kind == "movie":
            data = await client.get("history/movie", movieId=req.library_id)
        else:
            data = await client.get("history/series", seriesId=req.library_id)
        events = [r.get("eventType") for r in data or [] if isinstance(r, dict)]
        return [e for e in events if isinstance(e, str)]

    async def poll_once(self) -> int:
        changed = 0
        open_requests = [r for r in self.store.open_requests() if r.library_id is not None]
        if not open_requests:
            return 0
        for kind in ("movie", "series"):
            try:
                progress = await self._queue_progress(kind)
            except SourceError as exc:
                log.info("queue poll failed: %s", exc)
                continue
            for library_id, percent in progress.items():
                if any(r.kind == kind and r.library_id == library_id for r in open_requests):
                    changed += await self.on_event(kind, library_id, "grabbed")
                    changed += await self.on_event(kind, library_id, "progress", percent)
        if self.settings.webhook is None:  # no push: read each open request's history
            for req in open_requests:
                try:
                    events = await self._history_events(req)
                except SourceError as exc:
                    log.info("history poll failed: %s", exc)
                    continue
                assert req.library_id is not None
                if "grabbed" in events:
                    changed += await self.on_event(req.kind, req.library_id, "grabbed")
                if any(e in IMPORT_EVENTS for e in events):
                    changed += await self.on_event(req.kind, req.library_id, "imported")
                elif "downloadFailed" in events:
                    changed += await self.on_event(req.kind, req.library_id, "failed")
        return changed

    def start(self) -> None:
        if self._task is None and self.settings.poll_interval > 0:
            self._task = asyncio.create_task(self._run(), name="search-lifecycle")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.settings.poll_interval)
            try:
                await self.poll_once()
            except Exception as exc:  # the poller must survive anything
                log.warning("lifecycle poll failed: %s", type(exc).__name__)
