"""Tracker injection: extra public trackers on public torrents only, with the collection's rule
(``module_utils.trackers``: :func:`plan_trackers`/:func:`apply_trackers`, the same code as the
``myflix.media.qbittorrent_trackers`` module).

The list comes from ``list_url``, refreshed every ``refresh`` s (daily); the last good copy is kept in
``state_dir`` and used when the URL fails. No list at all means nothing is added (and the step fails).
"""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.trackers import (
    TrackerListError,
    TrackerScope,
    apply_trackers,
    parse_tracker_list,
    plan_trackers,
)

from myflix_bot import i18n
from myflix_bot.watchers.base import Watcher, WatcherError
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.settings import TrackersSettings

MAX_LIST_BYTES = 1 << 20


def download_list(url: str, timeout: float = 20.0) -> str:
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - configured http(s) URL
        body: bytes = response.read(MAX_LIST_BYTES)  # urlopen is typed Any
        return body.decode("utf-8", "replace")


class TrackersWatcher(Watcher):
    name = "trackers"

    def __init__(
        self, settings: TrackersSettings, qbittorrent: Any, *, cache_path: Path, **kwargs: Any
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.qbt = qbittorrent
        self.cache_path = cache_path
        self.blocking = Blocking()
        self.wanted: list[str] = []
        self.fetched_at: float | None = None
        self.list_source = "none"
        self.added = 0  # trackers added since start
        self.last_torrents = 0

    def _read_cache(self) -> list[str]:
        try:
            return parse_tracker_list(self.cache_path.read_text(encoding="utf-8"), strict=False)
        except OSError:
            return []

    async def _refresh_list(self) -> None:
        now = self.clock()
        if self.wanted and self.fetched_at is not None and now - self.fetched_at < self.settings.refresh:
            return
        urls: list[str] = []
        if self.settings.list_url:
            try:
                text = await self.blocking(download_list, self.settings.list_url)
                urls = parse_tracker_list(text, strict=False)
            except (OSError, ValueError, TrackerListError):
                urls = []
            if urls:
                self.cache_path.parent.mkdir(parents=True, exist_ok=True)
                tmp = self.cache_path.with_suffix(".tmp")
                tmp.write_text("\n\n".join(urls) + "\n", encoding="utf-8")
                os.replace(tmp, self.cache_path)
                self.wanted, self.fetched_at, self.list_source = urls, now, "url"
                return
        cached = self._read_cache()
        if cached:
            self.wanted, self.list_source = cached, "cache"
            self.fetched_at = now - self.settings.refresh + min(self.settings.refresh, 3600)  # retry in 1 h
            if self.settings.list_url:
                await self.notify("list", "watchers.notice.trackers.cached")

    async def run(self) -> None:
        await self._refresh_list()
        if not self.wanted:
            raise WatcherError("no tracker list (the URL failed and there is no cached copy)")
        scope = TrackerScope(categories=self.settings.categories)
        decisions = await self.blocking(plan_trackers, self.qbt, self.wanted, scope)
        todo = [d for d in decisions if d.add]
        self.last_torrents = len(decisions)
        if not todo:
            return
        if not self.dry_run:
            await self.blocking(apply_trackers, self.qbt, todo)
            self.added += sum(len(d.add) for d in todo)
        verb = "would_add" if self.dry_run else "added"
        await self.notify("added", f"watchers.notice.trackers.{verb}", count=len(todo))

    def summary(self, lang: str) -> str:
        source = i18n.t(lang, f"watchers.trackers.source.{self.list_source}")
        return i18n.t(lang, "watchers.trackers", count=len(self.wanted), source=source, added=self.added)
