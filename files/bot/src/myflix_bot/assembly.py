"""The bot's assembly: every feature listed once, with its config sections, its messages, its commands
and the sources it reads. Nothing in the package registers itself on import; this module puts the
pieces together when asked:

- :func:`parse_config` / :func:`load_config` / :func:`load_or_report`: the config with every feature's
  section (``check-config`` reports their problems with the core ones); they also add every feature's
  messages to the i18n catalog (:func:`prepare`);
- :func:`build_runtime`: the runtime with its sources in one coordinator and the chosen features
  installed: :data:`TELEGRAM` by default, :data:`FEATURES` for ``myflix-bot run``
  (:func:`install_operations` adds :data:`OPERATIONS` to a runtime built with the default: tests).

A feature's module is imported here for its ``register``/``install`` function, its settings parser and its
messages only; what it needs to work (the search pipeline, the preview's job, the chart's plotting) is
imported by its handlers on first use, so an idle bot does not hold it. See "How to add a feature" in
the bot's README.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from myflix_bot import config as core_config
from myflix_bot import i18n
from myflix_bot.access import AccessControl
from myflix_bot.alerts import feature as alerts_feature
from myflix_bot.alerts import messages as alerts_messages
from myflix_bot.alerts import settings as alerts_settings
from myflix_bot.charts import feature as charts_feature
from myflix_bot.charts import messages as charts_messages
from myflix_bot.charts import settings as charts_settings
from myflix_bot.commands import backup, builtin, gc, household, logs, pipeline, preview, requests, search
from myflix_bot.commands.registry import Registry
from myflix_bot.config import Config, SectionParser
from myflix_bot.coordinator import Coordinator
from myflix_bot.household import messages as household_messages
from myflix_bot.household import settings as household_settings
from myflix_bot.metrics import BotMetrics
from myflix_bot.preview import messages as preview_messages
from myflix_bot.preview import settings as preview_settings
from myflix_bot.runtime import Fetcher, Runtime
from myflix_bot.search import messages as search_messages
from myflix_bot.search import settings as search_settings
from myflix_bot.sources import health
from myflix_bot.sources.arr import RadarrSource, SonarrSource
from myflix_bot.sources.containers import ContainersSource
from myflix_bot.sources.gluetun import GluetunSource
from myflix_bot.sources.qbittorrent import QbittorrentSource
from myflix_bot.sources.system import SystemSource
from myflix_bot.watchers import backup_drill as backup_drill_texts
from myflix_bot.watchers import install as watchers
from myflix_bot.watchers import pipeline_texts
from myflix_bot.watchers import settings as watchers_settings
from myflix_bot.watchers import texts as watchers_texts

Messages = Mapping[str, Mapping[str, str]]


@dataclass(frozen=True)
class Feature:
    """One feature. ``commands(registry)`` registers its commands and buttons; ``install(rt)``, for a
    feature with state, builds it into its typed field of the runtime and adds its hooks and /status
    lines. ``sections``: the top-level config sections it owns (name -> parser); ``messages``: its catalog
    texts; ``sources``: the coordinator sources it reads (fields of ``Runtime.sources``)."""

    name: str
    commands: Callable[[Registry[Runtime]], None] | None = None
    install: Callable[[Runtime], object] | None = None
    sections: Mapping[str, SectionParser] = field(default_factory=dict)
    messages: Messages = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class WatcherFeature:
    """One watcher: its builder (``watchers.install``; None when it is off or lacks what it needs), its
    part of the ``watchers`` config section, the texts only it uses (the shared watcher texts belong to
    the ``watchers`` feature) and the sources it reads."""

    name: str
    build: watchers.Builder
    messages: Messages = field(default_factory=dict)
    sources: tuple[str, ...] = ()

    @property
    def section(self) -> str:
        return f"watchers.{self.name}"


# The watchers, in the order they are built: the port-sync watcher makes the Gluetun poll that the
# pipeline watchers read, and they read the leak guard's hold ("our own fault first").
WATCHERS: tuple[WatcherFeature, ...] = (
    WatcherFeature("thermal", watchers.thermal, sources=("qbittorrent",)),
    WatcherFeature("port_sync", watchers.port_sync, sources=("gluetun", "qbittorrent")),
    WatcherFeature("leak_guard", watchers.leak_guard, sources=("qbittorrent",)),  # + its own Gluetun calls
    WatcherFeature("gc", watchers.gc, sources=("qbittorrent", "radarr", "sonarr")),
    WatcherFeature("trackers", watchers.trackers, sources=("qbittorrent",)),
    WatcherFeature("autoheal", watchers.autoheal, sources=("containers",)),
    WatcherFeature("backup_drill", watchers.backup_drill, messages=backup_drill_texts.MESSAGES),
    WatcherFeature("stalled", watchers.stalled, sources=("qbittorrent", "radarr", "sonarr", "gluetun")),
    WatcherFeature("malware", watchers.malware, sources=("qbittorrent", "radarr", "sonarr", "gluetun")),
    WatcherFeature("imports", watchers.imports, sources=("qbittorrent", "radarr", "sonarr", "gluetun")),
    WatcherFeature("disk", watchers.disk, sources=("qbittorrent",)),
)


def install_watchers(rt: Runtime) -> object:
    return watchers.install(rt, [(w.name, w.build) for w in WATCHERS])


# What users see in Telegram.
TELEGRAM: tuple[Feature, ...] = (
    Feature("menu", builtin.register_menu),
    Feature("catalogue", builtin.register_catalogue, sources=("radarr", "sonarr")),
    Feature(  # the Applications section: one health probe per configured application
        "status",
        builtin.register_status,
        sections={"prowlarr": health.parse_prowlarr, "media_server": health.parse_media_server},
        sources=("system", "gluetun", "qbittorrent", "containers"),
    ),
    Feature(  # the /status "Graphiques" button: 24 h from the local Prometheus
        "charts",
        charts_feature.register,
        sections={charts_settings.SECTION: charts_settings.parse},
        messages=charts_messages.MESSAGES,
    ),
    Feature("queue", builtin.register_queue, sources=("qbittorrent",)),
    Feature(
        "search",
        search.register,
        sections={search_settings.SECTION: search_settings.parse},
        messages=search_messages.MESSAGES,
        sources=("radarr", "sonarr"),
    ),
    Feature("requests", requests.register),  # /demandes
    Feature(  # roles, /invite, approvals, quotas
        "household",
        household.register,
        sections={household_settings.SECTION: household_settings.parse},
        messages=household_messages.MESSAGES,
    ),
    Feature(  # /apercu, when preview.enabled
        "preview",
        install=preview.register_preview,
        sections={preview_settings.SECTION: preview_settings.parse},
        messages={**preview_messages.MESSAGES, **preview.MESSAGES},
        sources=("radarr", "sonarr"),
    ),
)

# What keeps the server running, and the admins' commands about it.
OPERATIONS: tuple[Feature, ...] = (
    Feature(
        "watchers",
        install=install_watchers,
        sections={
            "watchers": watchers_settings.parse_watchers,
            "exporter": watchers_settings.parse_exporter,
        },
        messages={**watchers_texts.MESSAGES, **pipeline_texts.MESSAGES},
        sources=tuple(sorted({s for w in WATCHERS for s in w.sources})),
    ),
    Feature(
        "logs",
        logs.register_logs,
        sections={"logging": watchers_settings.parse_logging},
        messages=logs.MESSAGES,
    ),
    Feature("gc", gc.register_gc, messages=gc.MESSAGES),  # the GC watcher's pass on demand (/gc)
    Feature("pipeline", pipeline.register_pipeline),  # Confirm/Cancel, Blocklist/Ignore buttons
    Feature(
        "backup",
        backup.register_backup,
        sections={backup.SECTION: backup.parse},
        messages=backup.MESSAGES,
    ),
    Feature(  # after the watchers: its POST route is served by the exporter's server
        "alerts",
        alerts_feature.register,
        install=alerts_feature.install,
        sections={alerts_settings.SECTION: alerts_settings.parse},
        messages=alerts_messages.MESSAGES,
    ),
)

FEATURES: tuple[Feature, ...] = TELEGRAM + OPERATIONS


# config and messages ----------------------------------------------------------------------------
def sections(features: Sequence[Feature] = FEATURES) -> dict[str, SectionParser]:
    found: dict[str, SectionParser] = {}
    for feature in features:
        for name, parser in feature.sections.items():
            if name in found:
                raise ValueError(f"config section {name!r} owned twice")
            found[name] = parser
    return found


def messages(features: Sequence[Feature] = FEATURES) -> dict[str, Mapping[str, str]]:
    found: dict[str, Mapping[str, str]] = {}
    groups: list[Messages] = [f.messages for f in features]
    if any(f.name == "watchers" for f in features):
        groups.extend(w.messages for w in WATCHERS)
    for group in groups:
        for key, texts in group.items():
            if key in found and found[key] != texts:
                raise ValueError(f"message {key!r} defined twice")
            found[key] = texts
    return found


def prepare(features: Sequence[Feature] = FEATURES) -> None:
    """Add the features' messages to the i18n catalog (idempotent)."""
    i18n.register(messages(features))


def parse_config(data: Any, env: Mapping[str, str]) -> Config:
    prepare()
    return core_config.parse_config(data, env, sections())


def load_config(path: Path, env: Mapping[str, str] | None = None) -> Config:
    prepare()
    return core_config.load_config(path, env, sections())


def load_or_report(path: Path) -> Config | None:
    prepare()
    return core_config.load_or_report(path, sections())


# the runtime ------------------------------------------------------------------------------------
def _poll(
    rt: Runtime, name: str, source: Any, interval: float, timeout: float, *, fast: float | None = None
) -> None:
    rt.coordinator.register(
        name,
        source.fetch,
        interval=interval,
        fast_interval=fast,
        stale_after=rt.config.cache.stale_after,
        timeout=timeout,
    )


def add_sources(rt: Runtime, overrides: Mapping[str, Fetcher]) -> None:
    """Every configured source in the coordinator, kept in ``rt.sources``; then one health probe per
    configured application (version, response time) on the sources' own clients: a probe that answers
    again refreshes its failing source at once."""
    config, cache, s = rt.config, rt.config.cache, rt.sources
    if config.radarr is not None:
        s.radarr = RadarrSource(config.radarr)
        _poll(rt, "radarr", s.radarr, cache.catalog_interval, config.radarr.timeout * 3)
    if config.sonarr is not None:
        s.sonarr = SonarrSource(config.sonarr)
        _poll(rt, "sonarr", s.sonarr, cache.catalog_interval, config.sonarr.timeout * 3)
    if config.qbittorrent is not None:
        s.qbittorrent = QbittorrentSource(config.qbittorrent)
        _poll(
            rt,
            "qbittorrent",
            s.qbittorrent,
            cache.queue_idle_interval,
            config.qbittorrent.timeout * 3,
            fast=cache.queue_live_interval,
        )
    if config.gluetun is not None:
        s.gluetun = GluetunSource(config.gluetun)
        _poll(rt, "gluetun", s.gluetun, cache.vpn_interval, config.gluetun.timeout * 3)
    configured = s.configured()
    for name, probe, timeout in health.probes(config, configured):
        rt.coordinator.register(
            health.probe_name(name),
            probe.fetch,
            interval=cache.health_interval,
            stale_after=cache.stale_after,
            timeout=timeout,
        )
        if name in configured:  # Prowlarr and the media server have no source of their own
            rt.coordinator.link(health.probe_name(name), name)
    s.system = overrides.get("system") or SystemSource(config.system)
    _poll(rt, "system", s.system, cache.system_interval, 30)
    if config.system.docker_socket or "containers" in overrides:
        s.containers = overrides.get("containers") or ContainersSource(config.system.docker_socket or "")
        _poll(rt, "containers", s.containers, cache.containers_interval, 30)


def install(rt: Runtime, features: Sequence[Feature]) -> None:
    for feature in features:
        if feature.install is not None:
            feature.install(rt)
        if feature.commands is not None:
            feature.commands(rt.registry)


def build_runtime(
    config: Config,
    *,
    features: Sequence[Feature] = TELEGRAM,
    registry: Registry[Runtime] | None = None,
    clock: Callable[[], float] = time.time,
    metrics: BotMetrics | None = None,
    source_overrides: Mapping[str, Fetcher] | None = None,
) -> Runtime:
    """The runtime with every configured source in one coordinator (not started yet) and ``features``
    installed, in order, on ``registry`` (a new one by default): the Telegram views unless told
    otherwise; ``myflix-bot run`` asks for all of :data:`FEATURES`.

    ``source_overrides`` replaces the object of a local source ("system", "containers") by anything
    with an async ``fetch``: tests and benchmarks use it for fixed disk sizes and container lists."""
    prepare(features)
    metrics = metrics or BotMetrics()
    rt = Runtime(
        config=config,
        coordinator=Coordinator(wall=clock),
        registry=registry if registry is not None else Registry(),
        access=AccessControl(
            users=config.telegram.allowed_users,
            chats=config.telegram.allowed_chats,
            admins=config.telegram.admins,
            metrics=metrics,
            refusal_interval=config.telegram.refusal_interval,
        ),
        metrics=metrics,
        clock=clock,
    )
    add_sources(rt, source_overrides or {})
    install(rt, features)
    return rt


def install_operations(rt: Runtime) -> Any:
    """The watchers, the exporter, /logs, /gc, /backup, the pipeline's buttons and the alert endpoint
    into a runtime built with the Telegram features only (tests); returns ``rt.watchers``."""
    install(rt, OPERATIONS)
    return rt.watchers
