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
import math
import os
import stat
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import torrent_is_private

from myflix_bot import i18n
from myflix_bot.watchers import pipeline_texts as _texts
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.gc_policy import (
    GcPolicy,
    PassItem,
    TorrentFacts,
    Verdict,
    decide_pass,
    eviction_groups,
    hardlinked,
    plan_eviction,
)
from myflix_bot.watchers.pipeline import confirm_buttons
from myflix_bot.watchers.pipeline_policy import within_limit
from myflix_bot.watchers.recycle import RecycleBin, RecycleError, inside, purge_for_space
from myflix_bot.watchers.settings import GcSettings

log = logging.getLogger(__name__)
assert _texts.__name__  # the mass-deletion guard's notice

HistoryLookup = Callable[[str], Awaitable[bool | None]]
NO_HARDLINK_TAG = "myflix:noHL"
GUARDED = Verdict(False, "guarded")
NOT_NEEDED = Verdict(False, "not_needed")
IMPORTED_EVENT = 3  # downloadFolderImported in both Radarr's and Sonarr's history event enums
DAY = 86400.0


def arr_history_lookup(client: Any) -> HistoryLookup:
    """``await lookup(hash)``: True when the *arr history has a downloadFolderImported record of this
    download, False when it answered without one, None when it did not answer (the pass then stops
    for that *arr's categories)."""

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


def finite(value: Any) -> float | None:
    """A number qBittorrent reported, or None (missing, not a number, NaN or infinite)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def main_file_state(path: Path) -> tuple[int | None, bool]:
    """(link count or None, whether it is a regular file this process can read)."""
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError:
        return None, False
    effective = os.access in os.supports_effective_ids
    readable = stat.S_ISREG(st.st_mode) and os.access(path, os.R_OK, effective_ids=effective)
    return st.st_nlink, readable


def root_of(torrent: dict[str, Any], files: Any) -> Path:
    """The one folder (or file) that holds all of a torrent's files; RecycleError when there is none."""
    save = Path(str(torrent.get("save_path") or ""))
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


def content_location(torrent: dict[str, Any]) -> str | None:
    """Where qBittorrent says the torrent's data is, resolved (symlinks followed); None if unknown."""
    value = torrent.get("content_path")
    if not isinstance(value, str) or not value.startswith("/"):
        return None
    return os.path.realpath(value)


class GcWatcher(Watcher):
    name = "gc"

    def __init__(
        self,
        settings: GcSettings,
        qbittorrent: Any,
        *,
        history: Mapping[str, HistoryLookup],
        on_removed: Callable[[int], None] | None = None,
        guard: tuple[int, float] | None = None,
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
        self.failing: list[str] = []  # the *arrs that did not answer in the last pass
        self.moved: dict[Path, Path] = {}  # this pass: data moved -> its bin entry
        self.roots: dict[str, str | None] = {}  # this pass: what a managed torrent's removal would move
        self.removed_total = 0
        self.guard = guard  # (max removals, max share of all torrents) per pass; None: no limit
        self.held_for_confirmation: list[str] = []
        self.confirm_token: str | None = None
        self.confirmed = False  # an admin confirmed: the next pass goes past the guard once
        self.no_hardlinks = 0
        self.pressure: int | None = None  # bytes the HDD is short of: the next pass evicts for them

    # facts ---------------------------------------------------------------------------------------
    async def facts_of(self, torrent: dict[str, Any], failing: set[str]) -> TorrentFacts:
        """What is known about one torrent of a managed category. A history lookup that gets no
        answer adds the category's *arr to ``failing``."""
        h = str(torrent.get("hash", ""))
        category = self.policy.categories.get(str(torrent.get("category") or ""))
        save = Path(str(torrent.get("save_path") or ""))
        links: tuple[int | None, ...] | None = None
        files_ok: bool | None = None
        try:
            files = await self.blocking(self.qbt.get_json, "torrents/files", {"hash": h})
        except HttpError:
            files = None
        try:
            self.roots[h] = os.path.realpath(root_of(torrent, files))
        except RecycleError:
            self.roots[h] = None  # unknown: overlaps everything
        if isinstance(files, list) and save.is_absolute():
            mains = main_files([f for f in files if isinstance(f, dict)], self.settings.main_file_fraction)
            states = [main_file_state(save / str(f.get("name", ""))) for f in mains]
            links = tuple(n for n, _ in states) or None
            files_ok = bool(states) and all(ok for _, ok in states)
        complete = finite(torrent.get("progress")) is not None and (finite(torrent.get("progress")) or 0) >= 1
        history: bool | None = None
        if category is not None and complete and category.arr not in failing:
            # always asked, even when hardlinks already prove the import: a failing *arr stops the pass
            lookup = self.history.get(category.arr)
            if lookup is not None:
                history = await lookup(h)
                if history is None:
                    failing.add(category.arr)
        private: bool | None
        try:
            trackers = await self.blocking(self.qbt.trackers, h)
            has_field = any(k in torrent for k in ("isPrivate", "is_private", "private"))
            props = None if has_field else await self.blocking(self.qbt.properties, h)
            private = torrent_is_private(torrent, props, trackers)
        except HttpError:
            private = None
        return TorrentFacts(
            hash=h,
            name=str(torrent.get("name", "?")),
            category=str(torrent.get("category") or ""),
            complete=complete,
            ratio=finite(torrent.get("ratio")),
            seeding_time=finite(torrent.get("seeding_time")),
            private=private,
            main_links=links,
            history_imported=history,
            main_files_ok=files_ok,
            size=int(finite(torrent.get("size")) or 0),
            completed_on=done if (done := finite(torrent.get("completion_on"))) and done > 0 else None,
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
        files = await self.blocking(self.qbt.get_json, "torrents/files", {"hash": str(torrent["hash"])})
        return root_of(torrent, files)

    async def prepare(self, torrent: dict[str, Any]) -> tuple[Path, RecycleBin, bytes]:
        """Every check of a removal, short of changing anything (dry-run stops here): the data to move
        is the one qBittorrent reports, inside the roots, movable into the bin (filesystem and
        permissions), and qBittorrent exports the .torrent file."""
        h = str(torrent["hash"])
        content = await self.content_of(torrent)
        reported = content_location(torrent)
        moved = Path(os.path.realpath(content))
        if reported is None or not (Path(reported) == moved or Path(reported).is_relative_to(moved)):
            raise RecycleError("qBittorrent's content path is not inside the torrent's root folder")
        recycle = self._bin_for(torrent, content)
        recycle.check(content)
        exported = await self.blocking(self.qbt.request, "GET", "torrents/export", params={"hash": h})
        if not exported.body.startswith(b"d"):
            raise RecycleError("qBittorrent did not export the .torrent file")
        return content, recycle, exported.body

    def _moved_with(self, content: Path) -> Path | None:
        """The bin entry that already holds ``content`` (moved with another torrent of this pass
        that shares the data: a cross-seed whose torrents all go)."""
        for source, entry in self.moved.items():
            if content == source or inside(content, source) or content.is_relative_to(source):
                return entry
        return None

    async def remove(self, torrent: dict[str, Any]) -> None:
        h = str(torrent["hash"])
        entry = self._moved_with(await self.content_of(torrent)) if self.moved else None
        if entry is not None:  # its data went with a torrent that shares it: remove the torrent only
            exported = await self.blocking(self.qbt.request, "GET", "torrents/export", params={"hash": h})
            if not exported.body.startswith(b"d"):
                raise RecycleError("qBittorrent did not export the .torrent file")
            await self.blocking(self.qbt.stop, [h])
            await self.blocking(self.qbt.post, "torrents/delete", {"hashes": h, "deleteFiles": "false"})
            (entry / f"{h}.torrent").write_bytes(exported.body)
            return
        content, recycle, exported = await self.prepare(torrent)
        await self.blocking(self.qbt.stop, [h])
        await self.blocking(self.qbt.post, "torrents/delete", {"hashes": h, "deleteFiles": "false"})
        manifest = {
            "hash": h,
            "name": str(torrent.get("name", "")),
            "category": str(torrent.get("category", "")),
        }
        self.moved[content] = recycle.put(content, exported, manifest, self.clock())
        self.bins.add(recycle.path)

    # the step ------------------------------------------------------------------------------------
    def press(self, need: int) -> None:
        """The disk watcher: the HDD is ``need`` bytes short; the next pass (woken at once) frees them."""
        self.pressure = max(self.pressure or 0, need)

    async def run(self) -> None:
        """One pass. Passes never overlap (the hourly one and an admin's /gc share a lock)."""
        async with self.lock:
            await self._pass()

    async def _pass(self) -> None:
        self.moved = {}
        self.roots = {}
        self._find_bins()
        torrents = [t for t in await self.blocking(self.qbt.torrents) if isinstance(t, dict)]
        failing: set[str] = set()
        items: list[PassItem] = []
        managed: list[dict[str, Any]] = []
        for torrent in torrents:  # every torrent counts for the cross-seed rule, managed or not
            if str(torrent.get("category") or "") in self.policy.categories:
                facts = await self.facts_of(torrent, failing)
                managed.append(torrent)
                # what its removal would move, and where qBittorrent says its data is
                locations: tuple[str | None, ...] = (self.roots.get(facts.hash), content_location(torrent))
            else:
                facts = TorrentFacts(
                    str(torrent.get("hash", "")),
                    str(torrent.get("name", "?")),
                    str(torrent.get("category") or ""),
                    False,
                    None,
                    None,
                    None,
                    None,
                    None,
                )
                locations = (content_location(torrent),)
            items.append(PassItem(facts, locations))
        verdicts = decide_pass(items, self.policy, frozenset(failing))
        by_hash = {item.facts.hash: item.facts for item in items}
        await self._tag_no_hardlinks(managed, by_hash)
        verdicts, pressure_purged = await self._for_pressure(items, verdicts)
        verdicts = await self._guarded(verdicts, by_hash, len(torrents))
        # removals in the eviction order (gc.evict_order), the torrents that stay after them
        order = self.settings.evict_order
        rank = {f.hash: n for n, g in enumerate(eviction_groups(items, verdicts, order)) for f in g}
        managed.sort(key=lambda t: rank.get(str(t.get("hash", "")), len(rank)))
        actions: list[GcAction] = []
        for torrent in managed:
            facts = by_hash[str(torrent.get("hash", ""))]
            verdict = verdicts[facts.hash]
            size = int(finite(torrent.get("size")) or 0)
            if not verdict.delete:
                actions.append(GcAction(facts, verdict, size))
                continue
            try:
                if self.dry_run:
                    await self.prepare(torrent)
                else:
                    await self.remove(torrent)
            except (RecycleError, HttpError, OSError) as exc:
                actions.append(GcAction(facts, Verdict(False, "refused"), size, error=str(exc)[:160]))
                continue
            actions.append(GcAction(facts, verdict, size, removed=not self.dry_run))
            if not self.dry_run:
                self.removed_total += 1
                if self.on_removed is not None:
                    self.on_removed(1)
        self.last = actions
        self.failing = sorted(failing)
        for arr in self.failing:
            await self.notify(f"arr:{arr}", "watchers.notice.gc.arr_failing", arr=arr)
        purged = [
            p
            for b in sorted(self.bins)
            for p in RecycleBin(b).purge(
                self.settings.purge_after_days * DAY, self.clock(), self.settings.recycle_max_bytes
            )
        ]
        await self._report(actions, len(purged) + pressure_purged)

    async def _for_pressure(
        self, items: list[PassItem], verdicts: dict[str, Verdict]
    ) -> tuple[dict[str, Verdict], int]:
        """When the disk watcher found the HDD ``need`` bytes short (:meth:`press`): the recycle bins'
        oldest entries go first, then what the GC's rules delete, in the eviction order, as much as
        is still needed; the rest waits for a normal pass (:func:`.gc_policy.plan_eviction`).
        Returns the verdicts and how many bin entries were purged."""
        need, self.pressure = self.pressure, None
        if need is None:
            return verdicts, 0
        gone, freed = purge_for_space([RecycleBin(b) for b in sorted(self.bins)], need, dry_run=self.dry_run)
        order = self.settings.evict_order
        chosen = set(plan_eviction(items, verdicts, order=order, need=need - freed))
        lang = self.notifier.lang
        await self.notify(
            "pressure",
            "watchers.notice.gc.pressure",
            need=i18n.size(need, lang),
            freed=i18n.size(freed, lang),
            count=len(chosen),
            order=i18n.t(lang, f"watchers.gc.order.{order}"),
        )
        kept = {h: (v if not v.delete or h in chosen else NOT_NEEDED) for h, v in verdicts.items()}
        return kept, 0 if self.dry_run else len(gone)

    async def answer(self, token: str, confirm: bool) -> str:
        """An admin's Confirm (the next pass, run at once by the caller, removes past the guard) or
        Cancel of the list the guard held."""
        if token != self.confirm_token:
            return self.say("watchers.notice.pipeline.stale")
        self.confirm_token = None
        if not confirm:
            return self.say("watchers.notice.pipeline.cancelled")
        self.confirmed = True
        return self.say("watchers.notice.gc.confirmed")

    def _find_bins(self) -> None:
        """The bins of earlier runs too (one per root), so the age and size caps apply to them."""
        recycle = Path(self.settings.recycle_dir)
        for root in self.settings.roots:
            path = recycle if recycle.is_absolute() else Path(root) / recycle
            if path.is_dir():
                self.bins.add(path)

    async def _guarded(
        self, verdicts: dict[str, Verdict], facts: Mapping[str, TorrentFacts], total: int
    ) -> dict[str, Verdict]:
        """The mass-deletion guard: above the limit nothing goes, and the admins get the list."""
        chosen = [h for h, v in verdicts.items() if v.delete]
        self.held_for_confirmation = []
        confirmed, self.confirmed = self.confirmed, False
        if (
            self.guard is None
            or confirmed
            or within_limit(len(chosen), total, max_removals=self.guard[0], max_share=self.guard[1])
        ):
            return verdicts
        self.held_for_confirmation = [facts[h].name for h in chosen]
        names = "\n".join(f"• {n[:60]}" for n in self.held_for_confirmation[:15])
        self.confirm_token = format(int(self.clock()) % 0xFFFFFF, "x")
        await self.notify(
            "confirm",
            "watchers.notice.pipeline.confirm",
            count=len(chosen),
            names=names,
            buttons=confirm_buttons(self, self.confirm_token),
        )
        return {h: (GUARDED if v.delete else v) for h, v in verdicts.items()}

    async def _tag_no_hardlinks(
        self, managed: list[dict[str, Any]], facts: Mapping[str, TorrentFacts]
    ) -> None:
        """``myflix:noHL`` on complete managed torrents whose main files have no hardlink into the
        library (the *arr copied them, or never imported them); off again once they have one."""
        if not self.settings.tag_no_hardlinks:
            return
        add, remove = [], []
        for torrent in managed:
            f = facts[str(torrent.get("hash", ""))]
            tagged = NO_HARDLINK_TAG in [t.strip() for t in str(torrent.get("tags") or "").split(",")]
            linked = hardlinked(f.main_links)
            if f.complete and linked is False and not tagged:
                add.append(f.hash)
            elif tagged and linked is True:
                remove.append(f.hash)
        self.no_hardlinks = len(add) + sum(
            1
            for t in managed
            if NO_HARDLINK_TAG in str(t.get("tags") or "") and str(t.get("hash")) not in remove
        )
        if self.dry_run:
            return
        if add:
            await self.blocking(self.qbt.add_tags, add, [NO_HARDLINK_TAG])
        if remove:
            await self.blocking(self.qbt.remove_tags, remove, [NO_HARDLINK_TAG])

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

    def verdicts(self, lang: str) -> list[str]:
        lines = []
        for a in self.last:
            if a.error:  # the system's own words (a path, an errno text) after the verdict
                word, why = "refused", a.error
            elif a.verdict.delete:
                word, why = ("would_move" if self.dry_run else "moved"), a.verdict.text(lang)
            else:
                word, why = "keep", a.verdict.text(lang)
            verb = i18n.t(lang, f"watchers.verdict.gc.{word}")
            lines.append(f"{verb:<10} {a.facts.hash[:12]} {a.facts.name[:60]}: {why}")
        stopped = i18n.t(lang, "watchers.verdict.gc.stopped")
        for arr in self.failing:
            lines.append(f"{stopped:<10} " + i18n.t(lang, "watchers.verdict.gc.arr_failing", arr=arr))
        if self.held_for_confirmation:
            confirm = i18n.t(lang, "watchers.verdict.gc.confirm")
            held = i18n.t(lang, "watchers.verdict.gc.held", count=len(self.held_for_confirmation))
            lines.append(f"{confirm:<10} {held}")
        return [*lines, *super().verdicts(lang)]

    def summary(self, lang: str) -> str:
        kept = sum(1 for a in self.last if not a.verdict.delete)
        dry = i18n.t(lang, "watchers.dry_run") if self.dry_run else ""
        return i18n.t(lang, "watchers.gc", removed=self.removed_total, kept=kept, dry=dry)
