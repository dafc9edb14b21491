"""The pipeline watchers' config, sub-sections of ``watchers`` (parsed by ``settings.parse_watchers``).

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
        tiers:
          - {name: nvme, path: /srv/nvme, floor_percent: 10, floor_bytes: 20000000000}
          - {name: hdd, path: /srv/hdd, floor_percent: 5, must_be_mount: true}

Durations are seconds. The watchers that remove downloads are in dry-run by default; the disk watcher
only pauses and resumes (no data at stake) and acts by default once tiers are configured.
"""

from __future__ import annotations

from dataclasses import dataclass

from myflix_bot.config import Reader
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
    path: str
    floor_percent: float = 5.0
    floor_bytes: int = 0
    hysteresis_bytes: int = 2 * GB
    must_be_mount: bool = False  # the HDD: an empty mount point is "unavailable"


@dataclass(frozen=True)
class DiskSettings:
    enabled: bool = True
    dry_run: bool = False
    interval: float = 60.0
    tiers: tuple[TierSettings, ...] = ()
    tag: str = "myflix:waiting-space"
    evict_tier: str | None = "hdd"  # pressure on this tier runs the GC's pass at once


def _common(
    r: Reader, default: StalledSettings | MalwareSettings | ImportsSettings | DiskSettings
) -> dict[str, object]:
    return {
        "enabled": r.bool("enabled", default.enabled),
        "dry_run": r.bool("dry_run", default.dry_run),
        "interval": r.number("interval", default.interval, low=10, high=DAY),
    }


def parse_pipeline(r: Reader) -> PipelineSettings:
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


def parse_stalled(r: Reader) -> StalledSettings:
    d = StalledSettings()
    s = StalledSettings(
        **_common(r, d),  # type: ignore[arg-type]
        download_timeout=r.number("download_timeout", d.download_timeout, low=60, high=30 * DAY),
        metadata_timeout=r.number("metadata_timeout", d.metadata_timeout, low=60, high=30 * DAY),
        strikes=r.number("strikes", d.strikes, low=1, high=100, integer=True),
        tag=r.str("tag", d.tag),
    )
    r.finish()
    return s


def parse_malware(r: Reader) -> MalwareSettings:
    d = MalwareSettings()
    raw = r.raw("extensions", list(d.extensions))
    if not isinstance(raw, list) or not all(isinstance(e, str) and e.strip(".") for e in raw):
        r.problem("extensions", "must be a list of file extensions such as .exe")
        raw = list(d.extensions)
    s = MalwareSettings(
        **_common(r, d),  # type: ignore[arg-type]
        extensions=tuple("." + e.lower().lstrip(".") for e in raw),
        min_mb_per_minute=r.number("min_mb_per_minute", d.min_mb_per_minute, low=0, high=1000),
    )
    r.finish()
    return s


def parse_imports(r: Reader) -> ImportsSettings:
    d = ImportsSettings()
    raw = r.raw("auto_reasons", [])
    if not isinstance(raw, list) or not all(isinstance(e, str) and e.strip() for e in raw):
        r.problem("auto_reasons", "must be a list of message parts")
        raw = []
    s = ImportsSettings(
        **_common(r, d),  # type: ignore[arg-type]
        after=r.number("after", d.after, low=60, high=30 * DAY),
        auto_reasons=tuple(raw),
    )
    r.finish()
    return s


def parse_disk(r: Reader) -> DiskSettings:
    d = DiskSettings()
    tiers = []
    for item in r.items("tiers"):
        path = item.str("path")
        if isinstance(path, str) and not path.startswith("/"):
            item.problem("path", "must be an absolute path")
        tiers.append(
            TierSettings(
                name=item.str("name"),
                path=path or "/",
                floor_percent=item.number("floor_percent", 5.0, low=0, high=90),
                floor_bytes=item.number("floor_bytes", 0, low=0, integer=True),
                hysteresis_bytes=item.number("hysteresis_bytes", 2 * GB, low=0, integer=True),
                must_be_mount=item.bool("must_be_mount", False),
            )
        )
        item.finish()
    names = [t.name for t in tiers]
    if len(set(names)) != len(names):
        r.problem("tiers", "tier names must be unique")
    s = DiskSettings(
        **_common(r, d),  # type: ignore[arg-type]
        tiers=tuple(tiers),
        tag=r.str("tag", d.tag),
        evict_tier=r.str("evict_tier", d.evict_tier),
    )
    r.finish()
    return s
