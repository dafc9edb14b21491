"""Build the enabled watchers from the config: one builder per watcher (``myflix_bot.assembly.WATCHERS``
lists them, in order), each returning its watcher or None when it is off or lacks what it needs. A
builder imports its watcher's module when it builds it, so a disabled watcher costs nothing.

    ws = install(rt, WATCHERS)   # after build_runtime(config), before the application starts
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from myflix_bot.exporter import CacheCollector
from myflix_bot.runtime import Runtime
from myflix_bot.sources.gluetun import SharedGluetunPoll
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import SharedQBittorrentClient, gluetun_client, qbittorrent_client
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.notify import Notifier
from myflix_bot.watchers.settings import WatchersConfig, exporter_config, watchers_config
from myflix_bot.watchers.watcher_set import WatcherSet

log = logging.getLogger(__name__)


@dataclass
class Build:
    """What the builders of one watcher set share: the runtime, the settings, the one qBittorrent
    client, the notifier, the metrics and the watchers built so far (a later one may use an earlier
    one: the pipeline watchers read the port-sync watcher's Gluetun poll and the leak guard's hold)."""

    rt: Runtime
    wc: WatchersConfig
    qbt: SharedQBittorrentClient | None
    notifier: Notifier
    metrics: WatcherMetrics
    docker: Callable[[], Any] | None = None
    built: dict[str, Watcher] = field(default_factory=dict)
    gluetun_poll: SharedGluetunPoll | None = None
    _network: Any = None

    @property
    def common(self) -> dict[str, Any]:
        return {"notifier": self.notifier, "clock": self.rt.clock}

    @property
    def state_dir(self) -> Path:
        return Path(self.wc.state_dir)

    def arrs(self) -> dict[str, Any]:
        """radarr|sonarr -> the runner of its one client (``ArrClient.run``)."""
        sources = self.rt.sources
        return {
            arr: source.client.run
            for arr, source in (("radarr", sources.radarr), ("sonarr", sources.sonarr))
            if source is not None
        }

    def network(self) -> Any:
        """The pipeline watchers' "our own fault first" probe (one for all of them)."""
        if self._network is None:
            from myflix_bot.watchers.leak_guard import LeakGuardWatcher  # noqa: PLC0415
            from myflix_bot.watchers.pipeline import NetworkProbe  # noqa: PLC0415

            vpn = None
            if self.rt.config.gluetun is not None:
                poll = self.gluetun_poll or SharedGluetunPoll(
                    self.rt.coordinator, max_age=self.wc.port_sync.interval, clock=self.rt.clock
                )
                vpn = poll.vpn_data
            leak = self.built.get("leak_guard")
            holding = (
                (lambda: leak.reason is not None or bool(leak.stopped))
                if isinstance(leak, LeakGuardWatcher)
                else (lambda: False)
            )
            assert self.qbt is not None
            self._network = NetworkProbe(self.qbt, vpn, holding)
        return self._network


Builder = Callable[[Build], Watcher | None]


# one builder per watcher -------------------------------------------------------------------------
def thermal(b: Build) -> Watcher | None:
    """Alt speed limits from the CPU temperature."""
    if b.qbt is None or not b.wc.thermal.enabled:
        return None
    from myflix_bot.watchers.thermal import ThermalWatcher  # noqa: PLC0415

    system = b.rt.config.system
    return ThermalWatcher(
        b.wc.thermal,
        b.qbt,
        sensor_path=b.wc.thermal.sensor_path or system.thermal_path,
        throttled_path=system.throttled_path,
        **b.common,
    )


def port_sync(b: Build) -> Watcher | None:
    """qBittorrent's listen port = Gluetun's forwarded port, from the same poll as /status."""
    if b.qbt is None or b.rt.config.gluetun is None or not b.wc.port_sync.enabled:
        return None
    from myflix_bot.watchers.port_sync import PortSyncWatcher  # noqa: PLC0415

    rt = b.rt

    def refreshed() -> None:
        for source in ("qbittorrent", "gluetun"):
            rt.coordinator.request_refresh(source)

    b.gluetun_poll = SharedGluetunPoll(rt.coordinator, max_age=b.wc.port_sync.interval, clock=rt.clock)
    return PortSyncWatcher(b.wc.port_sync, b.gluetun_poll, b.qbt, on_change=refreshed, **b.common)


def leak_guard(b: Build) -> Watcher | None:
    """Stop the torrents while the VPN is down or leaks (its own Gluetun calls, on its own deadline)."""
    gluetun = b.rt.config.gluetun
    if b.qbt is None or gluetun is None or not b.wc.leak_guard.enabled:
        return None
    from myflix_bot.watchers.leak_guard import LeakGuardWatcher  # noqa: PLC0415

    return LeakGuardWatcher(
        b.wc.leak_guard,
        gluetun_client(gluetun),
        b.qbt,
        home_ip=gluetun.home_ip,
        state_path=b.state_dir / "leak_guard.json",
        **b.common,
    )


def gc(b: Build) -> Watcher | None:
    """Remove imported, seeded torrents through a recycle bin."""
    if b.qbt is None or not b.wc.gc.enabled or not b.wc.gc.categories:
        return None
    from myflix_bot.watchers.gc import GcWatcher, arr_history_lookup  # noqa: PLC0415

    sources = b.rt.sources
    history = {
        arr: arr_history_lookup(source.client)
        for arr, source in (("radarr", sources.radarr), ("sonarr", sources.sonarr))
        if source is not None
    }
    return GcWatcher(
        b.wc.gc,
        b.qbt,
        history=history,
        on_removed=b.metrics.gc_removed.inc,
        guard=(b.wc.pipeline.max_removals, b.wc.pipeline.max_share),
        **b.common,
    )


def trackers(b: Build) -> Watcher | None:
    """The tracker list on public torrents."""
    if b.qbt is None or not b.wc.trackers.enabled or not b.wc.trackers.list_url:
        return None
    from myflix_bot.watchers.trackers import TrackersWatcher  # noqa: PLC0415

    return TrackersWatcher(b.wc.trackers, b.qbt, cache_path=b.state_dir / "trackers.txt", **b.common)


def autoheal(b: Build) -> Watcher | None:
    """Restart unhealthy labelled containers (the container summary's docker client)."""
    docker = b.docker
    if docker is None:
        source = b.rt.sources.containers
        docker = getattr(source, "client", None)
    if docker is None or not b.wc.autoheal.enabled:
        return None
    from myflix_bot.watchers.autoheal import AutohealWatcher  # noqa: PLC0415

    metrics = b.metrics
    return AutohealWatcher(
        b.wc.autoheal,
        docker,
        on_restart=lambda name: metrics.container_restarts.labels(container=name).inc(),
        # every watched container's counter exists at 0, so increase() sees its first restart
        on_watched=lambda name: metrics.container_restarts.labels(container=name),
        state_path=b.state_dir / "autoheal.json",
        **b.common,
    )


def backup_drill(b: Build) -> Watcher | None:
    """Tell the admins each restore drill's result, from the backup status file."""
    if not b.wc.backup_drill.enabled:
        return None
    from myflix_bot.commands.backup import settings_of  # noqa: PLC0415
    from myflix_bot.watchers.backup_drill import BackupDrillWatcher  # noqa: PLC0415

    return BackupDrillWatcher(
        b.wc.backup_drill,
        settings_of(b.rt.config).status_file,
        state_path=b.state_dir / "backup_drill.json",
        **b.common,
    )


def stalled(b: Build) -> Watcher | None:
    """Stalled downloads: removed and searched again through their *arr."""
    if b.qbt is None or not b.wc.stalled.enabled:
        return None
    from myflix_bot.watchers.stalled import StalledWatcher  # noqa: PLC0415

    return StalledWatcher(
        b.wc.stalled,
        b.wc.pipeline,
        b.qbt,
        categories=b.wc.arr_categories(),
        arrs=b.arrs(),
        network=b.network(),
        counters=b.metrics.pipeline("stalled"),
        state_path=b.state_dir / "stalled.json",
        **b.common,
    )


def malware(b: Build) -> Watcher | None:
    """Fake releases (forbidden extensions, no video, too small a video): removed and blocklisted."""
    if b.qbt is None or not b.wc.malware.enabled:
        return None
    from myflix_bot.watchers.malware import MalwareWatcher  # noqa: PLC0415

    return MalwareWatcher(
        b.wc.malware,
        b.wc.pipeline,
        b.qbt,
        categories=b.wc.arr_categories(),
        arrs=b.arrs(),
        network=b.network(),
        counters=b.metrics.pipeline("malware"),
        **b.common,
    )


def imports(b: Build) -> Watcher | None:
    """*arr queue items blocked or failed too long: reported, known reasons removed and blocklisted."""
    arrs = b.arrs()
    if b.qbt is None or not b.wc.imports.enabled or not arrs:
        return None
    from myflix_bot.watchers.imports import ImportsWatcher  # noqa: PLC0415

    return ImportsWatcher(
        b.wc.imports,
        b.wc.pipeline,
        b.qbt,
        arrs=arrs,
        network=b.network(),
        counters=b.metrics.pipeline("imports"),
        **b.common,
    )


def disk(b: Build) -> Watcher | None:
    """Disk admission per storage tier; HDD pressure runs the GC at once, with the bytes to free."""
    if b.qbt is None or not b.wc.disk.enabled or not b.wc.disk.tiers:
        return None
    from myflix_bot.watchers.disk import DiskWatcher  # noqa: PLC0415

    rt = b.rt

    def evict_early(need: int) -> None:
        """The HDD is ``need`` bytes short: the GC's next pass, run now, frees them in its order."""
        gc = rt.watchers.watchers.get("gc") if rt.watchers is not None else None
        if rt.watchers is not None and gc is not None and hasattr(gc, "press"):
            gc.press(need)
            rt.watchers.wake("gc")

    return DiskWatcher(b.wc.disk, b.qbt, on_pressure=evict_early, on_held=b.metrics.disk_held.set, **b.common)


# the set ------------------------------------------------------------------------------------------
def build_watchers(
    rt: Runtime,
    builders: Sequence[tuple[str, Builder]],
    *,
    docker_client: Callable[[], Any] | None = None,
) -> WatcherSet:
    """The enabled watchers, built in the order of ``builders`` ((name, builder) pairs)."""
    cfg = rt.config
    wc = watchers_config(cfg)
    notifier = Notifier(admins=sorted(cfg.telegram.admins), throttle=wc.notify_throttle, lang=cfg.ui.language)
    metrics = WatcherMetrics(rt.metrics.registry)
    qbt: SharedQBittorrentClient | None = None
    if cfg.qbittorrent is not None:  # the /queue source's client: one qBittorrent session per bot
        source = rt.sources.qbittorrent
        qbt = source.client if source is not None else qbittorrent_client(cfg.qbittorrent)
    b = Build(rt, wc, qbt, notifier, metrics, docker=docker_client)
    for name, builder in builders:
        watcher = builder(b)
        if watcher is not None:
            b.built[name] = watcher
    ec = exporter_config(cfg)
    collector = CacheCollector(
        rt.coordinator,
        home_ip=cfg.gluetun.home_ip if cfg.gluetun else None,
        watchers=b.built,
        netdev_path=ec.vpn_netdev_path,
        netdev_interface=ec.vpn_interface,
        tiers=tuple(tier.name for tier in cfg.system.storage),
    )
    rt.metrics.registry.register(collector)
    return WatcherSet(
        watchers=b.built,
        notifier=notifier,
        metrics=metrics,
        collector=collector,
        exporter_settings=ec,
        registry=rt.metrics.registry,
        outbox=lambda: rt.outbox,
        gluetun_poll=b.gluetun_poll,
    )


def install(rt: Runtime, builders: Sequence[tuple[str, Builder]], **kwargs: Any) -> WatcherSet:
    """Build the watchers into ``rt.watchers``; the supervisor and the exporter start and stop with
    the application; /status gets one line per watcher."""
    ws = build_watchers(rt, builders, **kwargs)
    rt.watchers = ws
    rt.registry.on_startup(lambda _rt: ws.start())
    rt.registry.on_shutdown(lambda _rt: ws.stop())
    rt.registry.add_status_provider(lambda _rt, lang: ws.status_lines(lang))
    log.info("watchers: %s", ", ".join(ws.watchers) or "none")
    return ws
