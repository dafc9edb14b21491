"""Disk-space admission per tier (every minute): each configured tier (the NVMe incomplete/cache tier,
the HDD data tier) has a free-space floor (percent and bytes). A download is not let run while what it
still has to write would take its tier below the floor: it is paused and tagged
``myflix:waiting-space``, and exactly the tagged ones are resumed when there is room again with the
hysteresis margin to spare (:func:`.pipeline_policy.decide_admission`). Seeding torrents are never
touched, so uploads keep going. A tier that must be a mount point and is not (the HDD unplugged) is
"unavailable": its downloads stay paused and nothing is written into the empty mount point. A tier
whose floor plus hysteresis margin is not below its filesystem's size (``floor_bytes`` larger than a
small disk, or the 2 GB default margin on a 1 GB stick) is "misconfigured": no deletion could ever take
it back above its floor with the margin, so it drives none (no early eviction, no early purge), its
downloads are held as for an unavailable tier, and the admins are told once what to set.

A download writes to the tier of its incomplete path (``download_path``) and of its save path, as
qBittorrent (in its container) reports them; each tier's free space is read at its ``host_path``. Under
pressure on ``evict_tier`` (the HDD), ``on_pressure`` gets the bytes it is short of (back above the
floor with the hysteresis margin) and runs the GC's pass at once: what the GC's own rules remove goes
before its hour, in the GC's eviction order, as much as is needed (:func:`.gc_policy.plan_eviction`).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import PurePosixPath
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import is_stopped

from myflix_bot import i18n
from myflix_bot.watchers import pipeline_texts as _texts
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import Blocking
from myflix_bot.watchers.pipeline_policy import AdmissionPlan, TierFacts, Writer, decide_admission
from myflix_bot.watchers.pipeline_settings import DiskSettings, TierSettings

assert _texts.__name__


def tier_facts(
    tier: TierSettings, statvfs: Callable[[str], Any], ismount: Callable[[str], bool]
) -> TierFacts:
    free: int | None = None
    total: int | None = None
    if tier.available and (tier.mount is None or ismount(tier.mount)):
        try:
            st = statvfs(tier.stat_path)
            free, total = st.f_bavail * st.f_frsize, st.f_blocks * st.f_frsize
        except OSError:
            free = total = None
    return TierFacts(tier.name, free, total, tier.floor_percent, tier.floor_bytes, tier.hysteresis_bytes)


def tier_of(path: str, tiers: tuple[TierSettings, ...]) -> str | None:
    """The tier whose path holds ``path`` (the deepest one), None when none does."""
    if not path.startswith("/"):
        return None
    p = PurePosixPath(path)
    best = [t for t in tiers if p == PurePosixPath(t.path) or p.is_relative_to(t.path)]
    return max(best, key=lambda t: len(PurePosixPath(t.path).parts)).name if best else None


def has_tag(torrent: dict[str, Any], tag: str) -> bool:
    return tag in [t.strip() for t in str(torrent.get("tags") or "").split(",")]


class DiskWatcher(Watcher):
    name = "disk"

    def __init__(
        self,
        settings: DiskSettings,
        qbittorrent: Any,
        *,
        on_pressure: Callable[[int], object] | None = None,  # the bytes the tier is short of
        on_held: Callable[[int], object] | None = None,
        statvfs: Callable[[str], Any] = os.statvfs,
        ismount: Callable[[str], bool] = os.path.ismount,
        **kwargs: Any,
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.settings = settings
        self.qbt = qbittorrent
        self.on_pressure = on_pressure
        self.on_held = on_held  # the held-downloads gauge
        self.statvfs = statvfs
        self.ismount = ismount
        self.blocking = Blocking()
        self.tiers: list[TierFacts] = []
        self.plan = AdmissionPlan((), (), ())
        self.held = 0
        self.told: set[tuple[str, int, int, int]] = set()  # misconfigured tiers already reported

    def writers(self, torrents: list[dict[str, Any]]) -> list[Writer]:
        out = []
        for t in torrents:
            progress = t.get("progress")
            if not isinstance(progress, int | float) or progress >= 1:
                continue  # complete: seeding, never paused here
            paths = [str(t.get("download_path") or ""), str(t.get("save_path") or "")]
            tiers = tuple(dict.fromkeys(n for p in paths if p and (n := tier_of(p, self.settings.tiers))))
            left = t.get("amount_left")
            out.append(
                Writer(
                    hash=str(t.get("hash", "")),
                    tiers=tiers,
                    remaining=int(left) if isinstance(left, int | float) and left > 0 else 0,
                    added_on=float(t.get("added_on") or 0),
                    running=not is_stopped(str(t.get("state", ""))),
                    held=has_tag(t, self.settings.tag),
                )
            )
        return out

    async def run(self) -> None:
        self.tiers = [tier_facts(t, self.statvfs, self.ismount) for t in self.settings.tiers]
        torrents = [t for t in await self.blocking(self.qbt.torrents) if isinstance(t, dict)]
        writers = self.writers(torrents)
        plan = decide_admission(self.tiers, writers)
        self.plan = plan
        tag = self.settings.tag
        # the tag marks exactly what this watcher paused: gone from what finished or runs again
        stale = [
            str(t["hash"])
            for t in torrents
            if has_tag(t, tag)
            and (
                (isinstance(t.get("progress"), int | float) and t["progress"] >= 1)
                or (not is_stopped(str(t.get("state", ""))) and str(t["hash"]) not in plan.pause)
            )
        ]
        if not self.dry_run:
            if plan.pause:
                await self.blocking(self.qbt.stop, list(plan.pause))
                await self.blocking(self.qbt.add_tags, list(plan.pause), [tag])
            if plan.resume:
                await self.blocking(self.qbt.start, list(plan.resume))
            if plan.resume or stale:
                await self.blocking(self.qbt.remove_tags, [*plan.resume, *stale], [tag])
        held_after = {w.hash for w in writers if w.held} - set(plan.resume) | set(plan.pause)
        self.held = len(held_after)
        if self.on_held is not None:
            self.on_held(self.held)
        await self._report(plan, writers)
        # below its floor (an unavailable disk has nothing to evict, a misconfigured floor and margin can
        # never be met): the GC frees what it is short of
        pressed = next((t for t in self.tiers if t.name == self.settings.evict_tier), None)
        need = pressed.shortfall() if pressed is not None else None
        if self.on_pressure is not None and need is not None:
            self.on_pressure(need)

    async def _report(self, plan: AdmissionPlan, writers: list[Writer]) -> None:
        lang = self.notifier.lang
        by_name = {t.name: t for t in self.tiers}
        for name in plan.short:
            tier = by_name[name]
            if tier.free is None:
                path = next(t.stat_path for t in self.settings.tiers if t.name == name)
                await self.notify(
                    f"unavailable:{name}", "watchers.notice.disk.unavailable", tier=name, path=path
                )
            elif (
                name in plan.misconfigured
                and (told := (name, tier.floor(), tier.hysteresis, tier.total or 0)) not in self.told
            ):
                self.told.add(told)
                await self.notify(
                    f"misconfigured:{name}",
                    "watchers.notice.disk.misconfigured",
                    tier=name,
                    floor=i18n.size(tier.floor(), lang),
                    margin=i18n.size(tier.hysteresis, lang),
                    total=i18n.size(tier.total, lang),
                )
        # a download held by a misconfigured tier is told by that tier's notice
        short = tuple(n for n in plan.short if n not in plan.misconfigured)
        paused = set(plan.pause)
        others = [w for w in writers if w.hash in paused and not set(w.tiers) & set(plan.misconfigured)]
        if others:
            names = short or tuple(dict.fromkeys(t for w in others for t in w.tiers))
            names = tuple(n for n in names if n in by_name)
            free = ", ".join(i18n.size(by_name[n].free, lang) for n in names if by_name[n].free is not None)
            verb = "would_pause" if self.dry_run else "paused"
            key = f"watchers.notice.disk.{verb}" if short else f"watchers.notice.disk.{verb}_admission"
            tiers = ", ".join(names)
            await self.notify(f"pause:{tiers}", key, tier=tiers, free=free or "?", count=len(others))
        if plan.resume and not self.dry_run:
            await self.notify("resume", "watchers.notice.disk.resumed", count=len(plan.resume))

    def verdicts(self, lang: str) -> list[str]:
        def word(code: str) -> str:
            return f"{i18n.t(lang, f'watchers.verdict.disk.{code}'):<12}"

        pause, resume = ("would_pause", "would_resume") if self.dry_run else ("paused", "resumed")
        lines = [f"{word(pause)} {h[:12]}" for h in self.plan.pause]
        lines += [f"{word(resume)} {h[:12]}" for h in self.plan.resume]
        lines += [
            f"{word('misconfigured' if name in self.plan.misconfigured else 'short')} {name}"
            for name in self.plan.short
        ]
        return [*lines, *super().verdicts(lang)]

    def needs_attention(self) -> bool:
        """A tier absent, misconfigured or below its floor: downloads to it are held until an admin acts
        (or the GC frees room), so /status marks the line ⚠️ rather than ✅."""
        return any(t.budget() < 0 for t in self.tiers)

    def summary(self, lang: str) -> str:
        parts = [self._tier_line(t, lang) for t in self.tiers]
        dry = i18n.t(lang, "watchers.dry_run") if self.dry_run else ""
        return i18n.t(lang, "watchers.disk", tiers=", ".join(parts) or "-", held=self.held, dry=dry)

    @staticmethod
    def _tier_line(tier: TierFacts, lang: str) -> str:
        """One tier on /status: absent, misconfigured, below its floor (nothing more is admitted) or
        its free space."""
        if tier.free is None:
            return i18n.t(lang, "watchers.disk.unavailable", name=tier.name)
        if tier.misconfigured():
            return i18n.t(lang, "watchers.disk.misconfigured", name=tier.name)
        key = "watchers.disk.short" if tier.budget() < 0 else "watchers.disk.tier"
        return i18n.t(lang, key, name=tier.name, free=i18n.size(tier.free, lang))
