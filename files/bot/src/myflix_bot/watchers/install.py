"""Build the enabled watchers from the config and plug them into the bot: the supervisor and the
exporter start with the application (start-up hook) and stop with it; /status gets one line per
watcher; admins get /logs.

    ws = install(rt)          # after build_runtime(config), before the application starts
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from myflix_bot import i18n
from myflix_bot.alerts.feature import PATH as ALERTS_PATH
from myflix_bot.alerts.feature import register_alerts
from myflix_bot.commands.backup import register_backup, settings_of
from myflix_bot.commands.gc import register_gc
from myflix_bot.commands.logs import register_logs
from myflix_bot.commands.pipeline import register_pipeline
from myflix_bot.exporter import CacheCollector, ExporterServer, PostRoute
from myflix_bot.models import StatusLine
from myflix_bot.render.view import Button, View
from myflix_bot.runtime import Runtime
from myflix_bot.sources.gluetun import SharedGluetunPoll
from myflix_bot.sources.qbittorrent import QbittorrentSource
from myflix_bot.watchers.autoheal import AutohealWatcher
from myflix_bot.watchers.backup_drill import BackupDrillWatcher
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.clients import SharedQBittorrentClient, gluetun_client, qbittorrent_client
from myflix_bot.watchers.disk import DiskWatcher
from myflix_bot.watchers.gc import GcWatcher, HistoryLookup, arr_history_lookup
from myflix_bot.watchers.imports import ImportsWatcher
from myflix_bot.watchers.leak_guard import LeakGuardWatcher
from myflix_bot.watchers.malware import MalwareWatcher
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.notify import Buttons, Notifier
from myflix_bot.watchers.pipeline import ArrRunner, NetworkProbe
from myflix_bot.watchers.port_sync import PortSyncWatcher
from myflix_bot.watchers.settings import exporter_config, watchers_config
from myflix_bot.watchers.stalled import StalledWatcher
from myflix_bot.watchers.supervisor import Supervisor
from myflix_bot.watchers.thermal import ThermalWatcher
from myflix_bot.watchers.trackers import TrackersWatcher

log = logging.getLogger(__name__)
KEY = "watchers"  # rt.sources[KEY] holds the WatcherSet


@dataclass
class WatcherSet:
    watchers: dict[str, Watcher]
    notifier: Notifier
    metrics: WatcherMetrics
    collector: CacheCollector
    supervisor: Supervisor | None = None
    exporter: ExporterServer | None = None
    gluetun_poll: SharedGluetunPoll | None = None  # the port-sync watcher's view of the Gluetun poll
    extra: dict[str, Any] = field(default_factory=dict)
    post_routes: dict[str, PostRoute] = field(default_factory=dict)  # other features' POST endpoints

    async def start(self, rt: Runtime) -> None:
        if self.notifier.sender is None:

            async def send(chat_id: int, text: str, buttons: Buttons = ()) -> object:
                if rt.outbox is None:  # Telegram not reached yet: the notice stays in the log
                    raise ConnectionError("Telegram is not connected")
                keyboard = (tuple(Button(label, data) for label, data in buttons),) if buttons else ()
                return await rt.outbox.send(chat_id, View(text, keyboard))

            self.notifier.sender = send
        self.supervisor = Supervisor(self.watchers.values(), self.metrics)
        self.supervisor.start()
        cfg = exporter_config(rt.config)
        if cfg.enabled and self.exporter is None:
            try:
                self.exporter = ExporterServer(
                    cfg.host,
                    cfg.port,
                    rt.metrics.registry,
                    on_port_sync=self.port_changed,
                    post_routes=self.post_routes,
                ).start()
            except OSError as exc:  # the bot still serves Telegram without its metrics
                log.error("exporter cannot listen on %s:%s: %s", cfg.host, cfg.port, exc.strerror)

    async def stop(self) -> None:
        if self.exporter is not None:
            self.exporter.stop()
            self.exporter = None
        if self.supervisor is not None:
            await self.supervisor.stop()
        for watcher in self.watchers.values():
            close = getattr(watcher, "close", None)
            if callable(close):
                close()

    def port_changed(self) -> bool:
        """Gluetun's hook: poll Gluetun again and sync now. Thread-safe."""
        if self.gluetun_poll is not None:
            self.gluetun_poll.expire()
        return self.wake("port_sync")

    def wake(self, name: str) -> bool:
        return self.supervisor is not None and name in self.watchers and self.supervisor.wake(name)

    def status_lines(self, _rt: Runtime, lang: str) -> list[StatusLine]:
        lines = []
        for w in self.watchers.values():
            h = w.health
            name = i18n.t(lang, f"watchers.name.{w.name}")
            text = i18n.t(lang, "watchers.line", name=name, summary=w.summary(lang))
            if h.last_error:
                text = i18n.t(lang, "watchers.error", line=text, error=h.last_error)
            lines.append(StatusLine("watchers", text, ok=h.consecutive_errors == 0))
        return lines


def _docker_factory(rt: Runtime) -> Callable[[], Any] | None:
    source = rt.sources.get("containers")
    if source is not None and hasattr(source, "client"):
        return source.client
    return None


def pipeline_watchers(
    rt: Runtime,
    qbt: SharedQBittorrentClient,
    *,
    built: dict[str, Watcher],
    gluetun_poll: SharedGluetunPoll | None,
    metrics: WatcherMetrics,
    common: dict[str, Any],
) -> dict[str, Watcher]:
    """The never-stuck pipeline: stalled downloads, fake releases, stuck imports, disk admission. They
    read the same Gluetun poll as /status and the leak guard's hold for the own-fault rule."""
    wc = watchers_config(rt.config)
    state_dir = Path(wc.state_dir)
    arrs: dict[str, ArrRunner] = {}
    for arr in ("radarr", "sonarr"):
        source = rt.sources.get(arr)
        if source is not None:
            arrs[arr] = source.client.run
    vpn = None
    if rt.config.gluetun is not None:
        poll = gluetun_poll or SharedGluetunPoll(
            rt.coordinator, max_age=wc.port_sync.interval, clock=rt.clock
        )
        vpn = poll.vpn_data
    leak = built.get("leak_guard")
    holding = (
        (lambda: leak.reason is not None or bool(leak.stopped))
        if isinstance(leak, LeakGuardWatcher)
        else (lambda: False)
    )
    network = NetworkProbe(qbt, vpn, holding)
    categories = wc.arr_categories()
    out: dict[str, Watcher] = {}
    if wc.stalled.enabled:
        out["stalled"] = StalledWatcher(
            wc.stalled,
            wc.pipeline,
            qbt,
            categories=categories,
            arrs=arrs,
            network=network,
            counters=metrics.pipeline("stalled"),
            state_path=state_dir / "stalled.json",
            **common,
        )
    if wc.malware.enabled:
        out["malware"] = MalwareWatcher(
            wc.malware,
            wc.pipeline,
            qbt,
            categories=categories,
            arrs=arrs,
            network=network,
            counters=metrics.pipeline("malware"),
            **common,
        )
    if wc.imports.enabled and arrs:
        out["imports"] = ImportsWatcher(
            wc.imports,
            wc.pipeline,
            qbt,
            arrs=arrs,
            network=network,
            counters=metrics.pipeline("imports"),
            **common,
        )
    if wc.disk.enabled and wc.disk.tiers:

        def evict_early(need: int) -> None:
            watchers = rt.sources.get(KEY)
            gc = built.get("gc")
            if isinstance(watchers, WatcherSet) and isinstance(gc, GcWatcher):
                gc.press(need)  # the bytes the HDD is short of, freed in the GC's eviction order
                watchers.wake("gc")

        out["disk"] = DiskWatcher(
            wc.disk, qbt, on_pressure=evict_early, on_held=metrics.disk_held.set, **common
        )
    return out


def build_watchers(rt: Runtime, *, docker_client: Callable[[], Any] | None = None) -> WatcherSet:
    cfg = rt.config
    wc = watchers_config(cfg)
    notifier = Notifier(admins=sorted(cfg.telegram.admins), throttle=wc.notify_throttle, lang=cfg.ui.language)
    metrics = WatcherMetrics(rt.metrics.registry)
    state_dir = Path(wc.state_dir)
    watchers: dict[str, Watcher] = {}
    common: dict[str, Any] = {"notifier": notifier, "clock": rt.clock}

    gluetun_poll: SharedGluetunPoll | None = None
    qbt: SharedQBittorrentClient | None = None
    if cfg.qbittorrent is not None:  # the /queue source's client: one qBittorrent session per bot
        source = rt.sources.get("qbittorrent")
        qbt = source.client if isinstance(source, QbittorrentSource) else qbittorrent_client(cfg.qbittorrent)
    if qbt is not None and wc.thermal.enabled:
        watchers["thermal"] = ThermalWatcher(
            wc.thermal,
            qbt,
            sensor_path=wc.thermal.sensor_path or cfg.system.thermal_path,
            throttled_path=cfg.system.throttled_path,
            **common,
        )
    if qbt is not None and cfg.gluetun is not None:
        if wc.port_sync.enabled:

            def refreshed() -> None:
                for source in ("qbittorrent", "gluetun"):
                    rt.coordinator.request_refresh(source)

            gluetun_poll = SharedGluetunPoll(rt.coordinator, max_age=wc.port_sync.interval, clock=rt.clock)
            watchers["port_sync"] = PortSyncWatcher(
                wc.port_sync, gluetun_poll, qbt, on_change=refreshed, **common
            )
        if wc.leak_guard.enabled:
            watchers["leak_guard"] = LeakGuardWatcher(
                wc.leak_guard,
                gluetun_client(cfg.gluetun),
                qbt,
                home_ip=cfg.gluetun.home_ip,
                state_path=state_dir / "leak_guard.json",
                **common,
            )
    if qbt is not None and wc.gc.enabled and wc.gc.categories:
        history: dict[str, HistoryLookup] = {}
        for arr in ("radarr", "sonarr"):
            source = rt.sources.get(arr)
            if source is not None:
                history[arr] = arr_history_lookup(source.client)
        watchers["gc"] = GcWatcher(
            wc.gc,
            qbt,
            history=history,
            on_removed=metrics.gc_removed.inc,
            guard=(wc.pipeline.max_removals, wc.pipeline.max_share),
            **common,
        )
    if qbt is not None and wc.trackers.enabled and wc.trackers.list_url:
        watchers["trackers"] = TrackersWatcher(
            wc.trackers, qbt, cache_path=state_dir / "trackers.txt", **common
        )
    docker = docker_client or _docker_factory(rt)
    if docker is not None and wc.autoheal.enabled:
        watchers["autoheal"] = AutohealWatcher(
            wc.autoheal,
            docker,
            on_restart=lambda name: metrics.container_restarts.labels(container=name).inc(),
            # every watched container's counter exists at 0, so increase() sees its first restart
            on_watched=lambda name: metrics.container_restarts.labels(container=name),
            state_path=state_dir / "autoheal.json",
            **common,
        )
    if wc.backup_drill.enabled:
        watchers["backup_drill"] = BackupDrillWatcher(
            wc.backup_drill,
            settings_of(cfg).status_file,
            state_path=state_dir / "backup_drill.json",
            **common,
        )
    if qbt is not None:
        watchers.update(
            pipeline_watchers(
                rt, qbt, built=watchers, gluetun_poll=gluetun_poll, metrics=metrics, common=common
            )
        )
    ec = exporter_config(cfg)
    collector = CacheCollector(
        rt.coordinator,
        home_ip=cfg.gluetun.home_ip if cfg.gluetun else None,
        watchers=watchers,
        netdev_path=ec.vpn_netdev_path,
        netdev_interface=ec.vpn_interface,
        tiers=tuple(tier.name for tier in cfg.system.storage),
    )
    rt.metrics.registry.register(collector)
    return WatcherSet(
        watchers=watchers,
        notifier=notifier,
        metrics=metrics,
        collector=collector,
        gluetun_poll=gluetun_poll,
    )


def install(rt: Runtime, **kwargs: Any) -> WatcherSet:
    """Build the watchers; register their hooks, /status lines, /logs, /gc and /backup on ``rt.registry``."""
    ws = build_watchers(rt, **kwargs)
    rt.sources[KEY] = ws
    alerts = register_alerts(rt)  # Alertmanager's webhook, on the exporter's server
    ws.post_routes[ALERTS_PATH] = alerts.handle
    rt.sources["alerts"] = alerts
    rt.registry.on_startup(ws.start)
    rt.registry.on_shutdown(lambda _rt: ws.stop())
    rt.registry.add_status_provider(ws.status_lines)
    register_logs(rt.registry)
    register_gc(rt.registry)
    register_pipeline(rt.registry)
    register_backup(rt.registry)
    log.info("watchers: %s", ", ".join(ws.watchers) or "none")
    return ws
