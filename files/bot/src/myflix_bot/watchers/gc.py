"""Garbage collector (hourly): removes finished torrents that Radarr/Sonarr imported and that met their
seeding goal, through a recycle bin on the same filesystem. Dry-run by default.

The rule is :func:`.gc_policy.decide` (pure, property-tested); this file gathers the facts, which
fail closed: an unreadable file is an unknown link count, an *arr error an unknown history, a missing
privacy flag an unknown privacy, and unknown keeps the torrent. Deletion order for one torrent:
export its .torrent, pause it, remove it from qBittorrent keeping the files, rename the data into the
bin. Data outside ``roots`` (or outside the torrent's save path when no roots are set) is never moved.
"""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import torrent_is_private

from myflix_bot import i18n
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.gc_policy import GcPolicy, TorrentFacts, Verdict, decide
from myflix_bot.watchers.recycle import RecycleBin, RecycleError, inside
from myflix_bot.watchers.settings import GcSettings

log = logging.getLogger(__name__)

HistoryLookup = Callable[[str], Awaitable[bool | None]]
IMPORTED_EVENT = 3  # downloadFolderImported in both Radarr's and Sonarr's history event enums
DAY = 86400.0


def arr_history_lookup(client: Any) -> HistoryLookup:
    """``await lookup(hash)``: True when the *arr history has a downloadFolderImported record of this
    download, False when it answered without one, None when it did not answer."""

    async def lookup(torrent_hash: str) -> bool | None:
        try:
            page = await client.get(
                "history", downloadId=torrent_hash.upper(), eventType=IMPORTED_EVENT, pageSize=100
            )
        except Exception as exc:  # the source error type of the bot's client; any failure is "unknown"
            log.info("GC: history lookup failed: %s", type(exc).__name__)
            return None
        records = page.get("records") if isinstance(page, dict) else None
        if not isinstance(records, list):
            return None
        return any(
            isinstance(r, dict)
            and str(r.get("downloadId") or "").upper() == torrent_hash.upper()
            and r.get("eventType") == "downloadFolderImported"
            for r in records
        )

    return lookup


@dataclass(frozen=True)
class GcAction:
    facts: TorrentFacts
    verdict: Verdict
    size: int
    removed: bool = False
    error: str | None = None


def main_files(files: list[dict[str, Any]], fraction: float) -> list[dict[str, Any]]:
    sizes = [int(f.get("size") or 0) for f in files]
    if not sizes or max(sizes) <= 0:
        return []
    floor = max(sizes) * fraction
    return [f for f in files if int(f.get("size") or 0) >= floor]


def link_count(path: Path) -> int | None:
    try:
        return os.stat(path, follow_symlinks=False).st_nlink
    except OSError:
        return None


class GcWatcher(Watcher):
    name = "gc"

    def __init__(
        self,
        settings: GcSettings,
        qbittorrent: Any,
        *,
        history: Mapping[str, HistoryLookup],
        on_removed: Callable[[int], None] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.qbt = qbittorrent
        self.history = history  # arr name -> lookup
        self.on_removed = on_removed
        self.policy = GcPolicy(
            categories={c.name: c for c in settings.categories},
            private_min_seed_time=settings.private_min_seed_time,
        )
        self.blocking = Blocking()
        self.lock = asyncio.Lock()
        self.bins: set[Path] = set()
        self.last: list[GcAction] = []
        self.removed_total = 0

    # facts ---------------------------------------------------------------------------------------
    async def facts_of(self, torrent: dict[str, Any]) -> TorrentFacts:
        h = str(torrent.get("hash", ""))
        category = self.policy.categories.get(str(torrent.get("category") or ""))
        save = Path(str(torrent.get("save_path") or ""))
        links: tuple[int | None, ...] | None = None
        try:
            files = await self.blocking(self.qbt.get_json, "torrents/files", {"hash": h})
        except HttpError:
            files = None
        if isinstance(files, list) and str(torrent.get("save_path") or "").startswith("/"):
            mains = main_files([f for f in files if isinstance(f, dict)], self.settings.main_file_fraction)
            links = tuple(link_count(save / str(f.get("name", ""))) for f in mains) or None
        history: bool | None = None
        if category is not None and (links is None or not all(n is not None and n > 1 for n in links)):
            lookup = self.history.get(category.arr)
            history = await lookup(h) if lookup is not None else None
        private: bool | None
        try:
            trackers = await self.blocking(self.qbt.trackers, h)
            has_field = any(k in torrent for k in ("isPrivate", "is_private", "private"))
            props = None if has_field else await self.blocking(self.qbt.properties, h)
            private = torrent_is_private(torrent, props, trackers)
        except HttpError:
            private = None

        def num(key: str) -> float | None:
            value = torrent.get(key)
            return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

        progress = num("progress")
        return TorrentFacts(
            hash=h,
            name=str(torrent.get("name", "?")),
            category=str(torrent.get("category") or ""),
            complete=progress is not None and progress >= 1.0,
            ratio=num("ratio"),
            seeding_time=num("seeding_time"),
            private=private,
            main_links=links,
            history_imported=history,
        )

    # removal -------------------------------------------------------------------------------------
    def _bin_for(self, torrent: dict[str, Any], content: Path) -> RecycleBin:
        save = Path(str(torrent.get("save_path") or ""))
        roots = [Path(r) for r in self.settings.roots] or [save]
        for root in roots:
            if save.is_absolute() and inside(content, root):
                recycle = Path(self.settings.recycle_dir)
                return RecycleBin(recycle if recycle.is_absolute() else root / recycle)
        raise RecycleError(f"{content} is outside the GC roots")

    async def content_of(self, torrent: dict[str, Any]) -> Path:
        """What to move: the torrent's root folder (even when it holds a single file, where
        qBittorrent's ``content_path`` names the file), else its one file."""
        save = Path(str(torrent.get("save_path") or ""))
        files = await self.blocking(self.qbt.get_json, "torrents/files", {"hash": str(torrent["hash"])})
        names = (
            [Path(str(f.get("name", ""))) for f in files if isinstance(f, dict)]
            if isinstance(files, list)
            else []
        )
        if not save.is_absolute() or not names or any(n.is_absolute() or ".." in n.parts for n in names):
            raise RecycleError("qBittorrent gave no usable save path or file list")
        tops = {n.parts[0] for n in names}
        if len(tops) != 1:
            raise RecycleError("the torrent's files have no common root folder")
        return save / tops.pop()

    async def remove(self, torrent: dict[str, Any]) -> None:
        h = str(torrent["hash"])
        content = await self.content_of(torrent)
        recycle = self._bin_for(torrent, content)
        recycle.check(content)
        exported = await self.blocking(self.qbt.request, "GET", "torrents/export", params={"hash": h})
        if not exported.body.startswith(b"d"):
            raise RecycleError("qBittorrent did not export the .torrent file")
        await self.blocking(self.qbt.stop, [h])
        await self.blocking(self.qbt.post, "torrents/delete", {"hashes": h, "deleteFiles": "false"})
        manifest = {
            "hash": h,
            "name": str(torrent.get("name", "")),
            "category": str(torrent.get("category", "")),
        }
        recycle.put(content, exported.body, manifest, self.clock())
        self.bins.add(recycle.path)

    # the step ------------------------------------------------------------------------------------
    async def run(self) -> None:
        """One pass. Passes never overlap (the hourly one and an admin's /gc share a lock)."""
        async with self.lock:
            await self._pass()

    async def _pass(self) -> None:
        torrents = await self.blocking(self.qbt.torrents)
        actions: list[GcAction] = []
        for torrent in torrents:
            if str(torrent.get("category") or "") not in self.policy.categories:
                continue
            facts = await self.facts_of(torrent)
            verdict = decide(facts, self.policy)
            size = int(torrent.get("size") or 0)
            if not verdict.delete:
                actions.append(GcAction(facts, verdict, size))
                continue
            if self.dry_run:
                actions.append(GcAction(facts, verdict, size))
                continue
            try:
                await self.remove(torrent)
            except (RecycleError, HttpError, OSError) as exc:
                actions.append(GcAction(facts, Verdict(False, "removal failed"), size, error=str(exc)[:160]))
                continue
            actions.append(GcAction(facts, verdict, size, removed=True))
            self.removed_total += 1
            if self.on_removed is not None:
                self.on_removed(1)
        self.last = actions
        purged = [
            p
            for b in sorted(self.bins)
            for p in RecycleBin(b).purge(self.settings.purge_after_days * DAY, self.clock())
        ]
        await self._report(actions, len(purged))

    async def _report(self, actions: list[GcAction], purged: int) -> None:
        chosen = [a for a in actions if a.verdict.delete]
        failed = [a for a in actions if a.error]
        if not chosen and not failed and not purged:
            return
        lang = self.notifier.lang
        verb = "would_move" if self.dry_run else "moved"
        size = i18n.size(sum(a.size for a in chosen), lang)
        lines = [self.say(f"watchers.notice.gc.{verb}", count=len(chosen), size=size)]
        lines += [f"• {a.facts.name[:60]}" for a in chosen[:10]]
        if len(chosen) > 10:
            lines.append("• " + i18n.t(lang, "status.more", count=len(chosen) - 10))
        lines += [
            self.say("watchers.notice.gc.kept", name=a.facts.name[:40], error=a.error) for a in failed[:5]
        ]
        if purged:
            lines.append(self.say("watchers.notice.gc.purged", count=purged))
        await self.notify_text("report", "\n".join(lines))

    def summary(self, lang: str) -> str:
        kept = sum(1 for a in self.last if not a.verdict.delete)
        dry = i18n.t(lang, "watchers.dry_run") if self.dry_run else ""
        return i18n.t(lang, "watchers.gc", removed=self.removed_total, kept=kept, dry=dry)
