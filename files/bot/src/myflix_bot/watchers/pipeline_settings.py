"""The pipeline watchers' config, sub-sections of ``watchers`` (parsed with the other watchers' sections by
``settings.parse_watchers``; this file only holds their shapes and defaults).

    watchers:
      pipeline:                  # shared by the stalled, malware and disk watchers
        categories: {radarr: radarr, tv-sonarr: sonarr}   # default: the GC's categories
        require_vpn: true        # no Gluetun in front of qBittorrent: false
        max_removals: 5          # the mass-deletion guard, per run
        max_share: 0.2
      stalled: {dry_run: true, download_timeout: 21600, metadata_timeout: 1800, strikes: 3}
      malware: {dry_run: true, extensions: [.exe, ...], min_mb_per_minute: 4}
      imports: {dry_run: true, after: 3600, auto_reasons: ["No files found are eligible", sample]}
      disk:
        tiers:                   # path: as qBittorrent sees it; host_path: where the bot reads free space
          - {name: nvme, path: /incomplete, host_path: /srv/fast/incomplete, floor_percent: 10,
             floor_bytes: 20000000000}
          - {name: hdd, path: /data, host_path: /srv/hdd/data, mount_point: /srv/hdd, floor_percent: 5}
          # available: false marks a disk known absent; must_be_mount: true checks host_path itself

Durations are seconds. The watchers that remove downloads are in dry-run by default; the disk watcher
only pauses and resumes (no data at stake) and acts by default once tiers are configured.
"""

from __future__ import annotations

from dataclasses import dataclass

from myflix_bot.watchers.pipeline_policy import DEFAULT_FORBIDDEN

HOUR = 3600.0
DAY = 86400.0
GB = 1_000_000_000


@dataclass(frozen=True)
class PipelineSettings:
    categories: tuple[tuple[str, str], ...] = ()  # (qBittorrent category, radarr|sonarr)
    require_vpn: bool = True
    max_removals: int = 5
    max_share: float = 0.2


@dataclass(frozen=True)
class StalledSettings:
    enabled: bool = True
    dry_run: bool = True
    interval: float = 600.0
    download_timeout: float = 6 * HOUR
    metadata_timeout: float = 1800.0
    strikes: int = 3
    tag: str = "myflix:stalled"


@dataclass(frozen=True)
class MalwareSettings:
    enabled: bool = True
    dry_run: bool = True
    interval: float = 120.0
    extensions: tuple[str, ...] = DEFAULT_FORBIDDEN
    min_mb_per_minute: float = 0.0  # 0: no runtime check


@dataclass(frozen=True)
class ImportsSettings:
    enabled: bool = True
    dry_run: bool = True
    interval: float = 600.0
    after: float = HOUR  # blocked or failed this long: reported
    auto_reasons: tuple[str, ...] = ()  # message parts handled without asking ("sample", ...)


@dataclass(frozen=True)
class TierSettings:
    name: str
    path: str  # the tier as qBittorrent sees it (its downloads' paths are matched against it)
    floor_percent: float = 5.0
    floor_bytes: int = 0
    hysteresis_bytes: int = 2 * GB
    must_be_mount: bool = False  # the free space's path must itself be a mount point
    host_path: str | None = None  # where the bot reads the free space; None: ``path``
    mount_point: str | None = None  # the disk's mount point: unavailable while nothing is mounted there
    available: bool = True  # False: the disk is known absent (the storage role found it missing)

    @property
    def stat_path(self) -> str:
        return self.host_path or self.path

    @property
    def mount(self) -> str | None:
        """The mount point that must be mounted for the tier to count, or None."""
        return self.mount_point or (self.stat_path if self.must_be_mount else None)


@dataclass(frozen=True)
class DiskSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 60.0
    tiers: tuple[TierSettings, ...] = ()
    tag: str = "myflix:waiting-space"
    evict_tier: str | None = "hdd"  # pressure on this tier runs the GC's pass at once
