"""The ``watchers``, ``exporter`` and ``logging`` config sections (registered with the core config).

Every watcher has its own sub-section with ``enabled``, ``dry_run`` and ``interval``; a watcher whose
service is not configured (no ``qbittorrent``, no ``gluetun``, no Docker socket) is not built at all.
Durations are seconds. Only the garbage collector is in dry-run by default: it deletes things.

    watchers:
      state_dir: /var/lib/myflix-bot
      notify_throttle: 900
      thermal: {high: 75, low: 70}
      gc:
        dry_run: false
        categories:
          - {name: radarr, arr: radarr, min_ratio: 1.0, min_seed_time: 172800}
        evict_order: oldest      # under HDD pressure: oldest (completed first) or ratio (best first)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from myflix_bot.config import Reader
from myflix_bot.secrets import Secret
from myflix_bot.watchers.pipeline_settings import (
    GB,
    DiskSettings,
    ImportsSettings,
    MalwareSettings,
    PipelineSettings,
    StalledSettings,
    TierSettings,
)

DAY = 86400.0
WATCHER_NAMES = (
    "thermal",
    "port_sync",
    "autoheal",
    "gc",
    "trackers",
    "leak_guard",
    "stalled",
    "malware",
    "imports",
    "disk",
    "backup_drill",
)


@dataclass(frozen=True)
class ThermalSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 15.0
    sensor_path: str | None = None  # None: system.thermal_path
    high: float = 75.0
    low: float = 70.0
    min_hold: float = 60.0  # seconds a mode is kept at least, on top of the hysteresis


@dataclass(frozen=True)
class PortSyncSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 30.0
    port_index: int = 0


@dataclass(frozen=True)
class AutohealSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 30.0
    label: str = "myflix.autoheal"
    backoff_base: float = 30.0
    backoff_max: float = 900.0
    max_restarts_per_hour: int = 5
    stop_timeout: int = 20
    retry_max: float = 30.0  # longest wait before looking again after the engine failed to answer


@dataclass(frozen=True)
class GcCategory:
    name: str
    arr: str  # radarr | sonarr
    min_ratio: float | None = 1.0
    min_seed_time: float | None = None  # seconds


@dataclass(frozen=True)
class GcSettings:
    enabled: bool = True
    dry_run: bool = True
    interval: float = 3600.0
    categories: tuple[GcCategory, ...] = ()
    private_min_seed_time: float = 14 * DAY
    main_file_fraction: float = 0.1  # files at least this share of the largest file are "main"
    recycle_dir: str = ".myflix-recycle"  # relative: at the root of the torrent's save path
    purge_after_days: float = 7.0
    recycle_max_bytes: int | None = None  # the bin's size cap: the oldest entries go first
    tag_no_hardlinks: bool = True  # tag myflix:noHL: complete, managed, no hardlink into the library
    evict_order: str = "oldest"  # under HDD pressure: oldest (completed first) or ratio (best first)
    roots: tuple[str, ...] = ()  # data may only be recycled from under these directories


@dataclass(frozen=True)
class TrackersSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 3600.0
    list_url: str | None = None
    refresh: float = DAY
    categories: tuple[str, ...] = ()


@dataclass(frozen=True)
class LeakGuardSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 15.0
    home_ip_url: str | None = None  # an "what is my IP" URL reached outside the VPN
    healthy_checks: int = 2  # consecutive healthy checks before resuming


@dataclass(frozen=True)
class BackupDrillSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 600.0  # the drill runs monthly; a result reaches the admins within this


@dataclass(frozen=True)
class WatchersConfig:
    state_dir: str = "/var/lib/myflix-bot"
    notify_throttle: float = 900.0
    thermal: ThermalSettings = ThermalSettings()
    port_sync: PortSyncSettings = PortSyncSettings()
    autoheal: AutohealSettings = AutohealSettings()
    gc: GcSettings = GcSettings()
    trackers: TrackersSettings = TrackersSettings()
    leak_guard: LeakGuardSettings = LeakGuardSettings()
    pipeline: PipelineSettings = field(default_factory=PipelineSettings)
    stalled: StalledSettings = field(default_factory=StalledSettings)
    malware: MalwareSettings = field(default_factory=MalwareSettings)
    disk: DiskSettings = field(default_factory=DiskSettings)
    imports: ImportsSettings = field(default_factory=ImportsSettings)
    backup_drill: BackupDrillSettings = field(default_factory=BackupDrillSettings)

    def arr_categories(self) -> dict[str, str]:
        """qBittorrent category -> radarr|sonarr: ``pipeline.categories``, else the GC's categories."""
        return dict(self.pipeline.categories) or {c.name: c.arr for c in self.gc.categories}


@dataclass(frozen=True)
class ExporterConfig:
    enabled: bool = True
    host: str = "127.0.0.1"
    port: int = 9877
    vpn_netdev_path: str | None = None  # a /proc/<pid>/net/dev of Gluetun's namespace
    vpn_interface: str = "tun0"


@dataclass(frozen=True)
class LoggingConfig:
    ring_lines: int = 2000
    file: str | None = None  # WARNING+ go there; None: nowhere on disk
    max_bytes: int = 256 * 1024
    stderr_level: str = "WARNING"


def _common(r: Reader, default: Any, *, low: float = 1) -> dict[str, Any]:
    """``enabled``, ``dry_run`` and ``interval``, which every watcher's section has."""
    return {
        "enabled": r.bool("enabled", default.enabled),
        "dry_run": r.bool("dry_run", default.dry_run),
        "interval": r.number("interval", default.interval, low=low, high=7 * DAY),
    }


def _strings(
    r: Reader, key: str, default: tuple[str, ...], problem: str, valid: Callable[[str], object] = bool
) -> tuple[str, ...]:
    """A list of strings, each ``valid``; anything else is a problem (and the default)."""
    raw = r.raw(key, list(default))
    if not isinstance(raw, list) or not all(isinstance(e, str) and valid(e) for e in raw):
        r.problem(key, problem)
        return default
    return tuple(raw)


def _thermal(r: Reader) -> ThermalSettings:
    d = ThermalSettings()
    s = ThermalSettings(
        **_common(r, d),
        sensor_path=r.str("sensor_path", None),
        high=r.number("high", d.high, low=30, high=110),
        low=r.number("low", d.low, low=20, high=105),
        min_hold=r.number("min_hold", d.min_hold, low=0, high=DAY),
    )
    if s.low >= s.high:
        r.problem("low", f"must be below high ({s.high:g}), got {s.low:g}")
    r.finish()
    return s


def _port_sync(r: Reader) -> PortSyncSettings:
    d = PortSyncSettings()
    s = PortSyncSettings(
        **_common(r, d), port_index=r.number("port_index", 0, low=-16, high=16, integer=True)
    )
    r.finish()
    return s


def _autoheal(r: Reader) -> AutohealSettings:
    d = AutohealSettings()
    s = AutohealSettings(
        **_common(r, d),
        label=r.str("label", d.label),
        backoff_base=r.number("backoff_base", d.backoff_base, low=0, high=DAY),
        backoff_max=r.number("backoff_max", d.backoff_max, low=0, high=DAY),
        max_restarts_per_hour=r.number(
            "max_restarts_per_hour", d.max_restarts_per_hour, low=1, high=100, integer=True
        ),
        stop_timeout=r.number("stop_timeout", d.stop_timeout, low=1, high=600, integer=True),
        retry_max=r.number("retry_max", d.retry_max, low=1, high=3600),
    )
    r.finish()
    return s


def _gc(r: Reader) -> GcSettings:
    d = GcSettings()
    categories = []
    for item in r.items("categories"):
        cat = GcCategory(
            name=item.str("name"),
            arr=item.str("arr", choices=("radarr", "sonarr")),
            min_ratio=item.number("min_ratio", 1.0, low=0, high=1000),
            min_seed_time=item.number("min_seed_time", None, low=0, high=365 * DAY),
        )
        categories.append(cat)
        item.finish()
    roots = _strings(r, "roots", (), "must be a list of absolute paths", lambda p: p.startswith("/"))
    s = GcSettings(
        **_common(r, d),
        categories=tuple(categories),
        private_min_seed_time=r.number(
            "private_min_seed_time", d.private_min_seed_time, low=0, high=365 * DAY
        ),
        main_file_fraction=r.number("main_file_fraction", d.main_file_fraction, low=0.001, high=1),
        recycle_dir=r.str("recycle_dir", d.recycle_dir),
        purge_after_days=r.number("purge_after_days", d.purge_after_days, low=0, high=365),
        recycle_max_bytes=r.number("recycle_max_bytes", None, low=0, integer=True),
        tag_no_hardlinks=r.bool("tag_no_hardlinks", d.tag_no_hardlinks),
        evict_order=r.str("evict_order", d.evict_order, choices=("oldest", "ratio")),
        roots=roots,
    )
    r.finish()
    return s


def _trackers(r: Reader) -> TrackersSettings:
    d = TrackersSettings()
    cats = _strings(r, "categories", (), "must be a list of category names", lambda _c: True)
    s = TrackersSettings(
        **_common(r, d),
        list_url=r.url("list_url", None),
        refresh=r.number("refresh", d.refresh, low=60, high=30 * DAY),
        categories=cats,
    )
    r.finish()
    return s


def _leak_guard(r: Reader) -> LeakGuardSettings:
    d = LeakGuardSettings()
    s = LeakGuardSettings(
        **_common(r, d),
        home_ip_url=r.url("home_ip_url", None),
        healthy_checks=r.number("healthy_checks", d.healthy_checks, low=1, high=100, integer=True),
    )
    if s.interval > 30:
        r.problem("interval", "must be at most 30 so torrents stop within 60 s of a leak")
    r.finish()
    return s


def _backup_drill(r: Reader) -> BackupDrillSettings:
    s = BackupDrillSettings(**_common(r, BackupDrillSettings()))
    r.finish()
    return s


def _pipeline(r: Reader) -> PipelineSettings:
    d = PipelineSettings()
    raw = r.raw("categories", {})
    categories: list[tuple[str, str]] = []
    if not isinstance(raw, dict) or not all(
        isinstance(k, str) and v in ("radarr", "sonarr") for k, v in raw.items()
    ):
        r.problem("categories", "must map qBittorrent categories to radarr or sonarr")
    else:
        categories = sorted(raw.items())
    s = PipelineSettings(
        categories=tuple(categories),
        require_vpn=r.bool("require_vpn", d.require_vpn),
        max_removals=r.number("max_removals", d.max_removals, low=0, high=10_000, integer=True),
        max_share=r.number("max_share", d.max_share, low=0, high=1),
    )
    r.finish()
    return s


def _stalled(r: Reader) -> StalledSettings:
    d = StalledSettings()
    s = StalledSettings(
        **_common(r, d, low=10),
        download_timeout=r.number("download_timeout", d.download_timeout, low=60, high=30 * DAY),
        metadata_timeout=r.number("metadata_timeout", d.metadata_timeout, low=60, high=30 * DAY),
        strikes=r.number("strikes", d.strikes, low=1, high=100, integer=True),
        tag=r.str("tag", d.tag),
    )
    r.finish()
    return s


def _malware(r: Reader) -> MalwareSettings:
    d = MalwareSettings()
    raw = _strings(
        r,
        "extensions",
        d.extensions,
        "must be a list of file extensions such as .exe",
        lambda e: e.strip("."),
    )
    s = MalwareSettings(
        **_common(r, d, low=10),
        extensions=tuple("." + e.lower().lstrip(".") for e in raw),
        min_mb_per_minute=r.number("min_mb_per_minute", d.min_mb_per_minute, low=0, high=1000),
    )
    r.finish()
    return s


def _imports(r: Reader) -> ImportsSettings:
    d = ImportsSettings()
    s = ImportsSettings(
        **_common(r, d, low=10),
        after=r.number("after", d.after, low=60, high=30 * DAY),
        auto_reasons=_strings(r, "auto_reasons", (), "must be a list of message parts", str.strip),
    )
    r.finish()
    return s


def _disk(r: Reader) -> DiskSettings:
    d = DiskSettings()
    tiers = []
    for item in r.items("tiers"):
        paths = {key: item.str(key, None) for key in ("path", "host_path", "mount_point")}
        for key, value in paths.items():
            if value is not None and not value.startswith("/"):
                item.problem(key, "must be an absolute path")
        if paths["path"] is None:
            item.problem("path", "is required")
        tiers.append(
            TierSettings(
                name=item.str("name"),
                path=paths["path"] or "/",
                floor_percent=item.number("floor_percent", 5.0, low=0, high=90),
                floor_bytes=item.number("floor_bytes", 0, low=0, integer=True),
                hysteresis_bytes=item.number("hysteresis_bytes", 2 * GB, low=0, integer=True),
                must_be_mount=item.bool("must_be_mount", False),
                host_path=paths["host_path"],
                mount_point=paths["mount_point"],
                available=item.bool("available", True),
            )
        )
        item.finish()
    names = [t.name for t in tiers]
    if len(set(names)) != len(names):
        r.problem("tiers", "tier names must be unique")
    s = DiskSettings(
        **_common(r, d, low=10),
        tiers=tuple(tiers),
        tag=r.str("tag", d.tag),
        evict_tier=r.str("evict_tier", d.evict_tier),
    )
    r.finish()
    return s


def parse_watchers(r: Reader, _secrets: Mapping[str, Secret]) -> WatchersConfig:
    d = WatchersConfig()
    cfg = WatchersConfig(
        state_dir=r.str("state_dir", d.state_dir),
        notify_throttle=r.number("notify_throttle", d.notify_throttle, low=0, high=DAY),
        thermal=_thermal(r.section("thermal")),
        port_sync=_port_sync(r.section("port_sync")),
        autoheal=_autoheal(r.section("autoheal")),
        gc=_gc(r.section("gc")),
        trackers=_trackers(r.section("trackers")),
        leak_guard=_leak_guard(r.section("leak_guard")),
        pipeline=_pipeline(r.section("pipeline")),
        stalled=_stalled(r.section("stalled")),
        malware=_malware(r.section("malware")),
        disk=_disk(r.section("disk")),
        imports=_imports(r.section("imports")),
        backup_drill=_backup_drill(r.section("backup_drill")),
    )
    r.finish()
    return cfg


def parse_exporter(r: Reader, _secrets: Mapping[str, Secret]) -> ExporterConfig:
    d = ExporterConfig()
    cfg = ExporterConfig(
        enabled=r.bool("enabled", d.enabled),
        host=r.ip("host", d.host),
        port=r.number("port", d.port, low=0, high=65535, integer=True),
        vpn_netdev_path=r.str("vpn_netdev_path", None),
        vpn_interface=r.str("vpn_interface", d.vpn_interface),
    )
    r.finish()
    return cfg


def parse_logging(r: Reader, _secrets: Mapping[str, Secret]) -> LoggingConfig:
    d = LoggingConfig()
    levels = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
    cfg = LoggingConfig(
        ring_lines=r.number("ring_lines", d.ring_lines, low=10, high=100_000, integer=True),
        file=r.str("file", None),
        max_bytes=r.number("max_bytes", d.max_bytes, low=4096, high=1 << 30, integer=True),
        stderr_level=r.str("stderr_level", d.stderr_level, choices=levels),
    )
    r.finish()
    return cfg


def watchers_config(config: Any) -> WatchersConfig:
    return config.sections.get("watchers") or WatchersConfig()


def exporter_config(config: Any) -> ExporterConfig:
    return config.sections.get("exporter") or ExporterConfig()


def logging_config(config: Any) -> LoggingConfig:
    return config.sections.get("logging") or LoggingConfig()
