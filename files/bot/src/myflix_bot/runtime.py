"""Everything a handler needs, in one object: config, the cache coordinator, the registry, access
control, metrics, the clock, the filter-query store, the live views, the coordinator's sources and the
state of the features that have one, each in a typed field (``myflix_bot.assembly`` fills them)."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from myflix_bot.access import AccessControl
from myflix_bot.commands.registry import Registry
from myflix_bot.config import Config
from myflix_bot.coordinator import Coordinator
from myflix_bot.live import LiveViews
from myflix_bot.metrics import BotMetrics
from myflix_bot.outbox import Outbox

if TYPE_CHECKING:
    from myflix_bot.alerts.endpoint import AlertEndpoint
    from myflix_bot.household.directory import Directory
    from myflix_bot.preview.service import PreviewService
    from myflix_bot.render.view import Button
    from myflix_bot.search.feature import SearchFeature
    from myflix_bot.sources.arr import RadarrSource, SonarrSource
    from myflix_bot.sources.gluetun import GluetunSource
    from myflix_bot.sources.qbittorrent import QbittorrentSource
    from myflix_bot.watchers.watcher_set import WatcherSet


class Fetcher(Protocol):
    """What the coordinator polls: a source object with an async ``fetch``."""

    async def fetch(self) -> Any: ...


@dataclass
class Sources:
    """The coordinator's sources, kept so the features reuse their clients (one per service): None when
    the service is not configured. ``system`` and ``containers`` may be any :class:`Fetcher` (tests and
    benchmarks give fixed disk sizes and container lists)."""

    radarr: RadarrSource | None = None
    sonarr: SonarrSource | None = None
    qbittorrent: QbittorrentSource | None = None
    gluetun: GluetunSource | None = None
    system: Fetcher | None = None
    containers: Fetcher | None = None  # ContainersSource (its docker client serves auto-heal) or a fixture

    def configured(self) -> dict[str, Any]:
        """name -> source, for the configured ones."""
        return {name: value for name, value in vars(self).items() if value is not None}


# A feature's extra buttons on a catalogue page: (rt, lang, kind, filtered items or None) -> buttons
CatalogButtons = Callable[["Runtime", str, str, Any], "tuple[Button, ...]"]


class QueryStore:
    """Filter texts behind short ids, so a ``/films some long query`` page button fits in 64 bytes."""

    def __init__(self, capacity: int = 256) -> None:
        self._items: OrderedDict[str, str] = OrderedDict()
        self._capacity = capacity
        self._counter = itertools.count(1)

    def put(self, query: str) -> str:
        for key, value in self._items.items():
            if value == query:
                self._items.move_to_end(key)
                return key
        key = format(next(self._counter), "x")
        self._items[key] = query
        while len(self._items) > self._capacity:
            self._items.popitem(last=False)
        return key

    def get(self, key: str) -> str | None:
        return self._items.get(key)


@dataclass
class Runtime:
    config: Config
    coordinator: Coordinator
    registry: Registry[Runtime]
    access: AccessControl
    metrics: BotMetrics
    clock: Callable[[], float] = time.time  # wall clock, for ages
    queries: QueryStore = field(default_factory=QueryStore)
    sources: Sources = field(default_factory=Sources)
    # Views to chats (the Telegram adapter), set once Telegram was reached; None before
    outbox: Outbox | None = None
    live: LiveViews | None = None  # the live /queue messages, set by the application
    closers: list[Callable[[], Any]] = field(default_factory=list)
    # the features' state (None until their feature is installed or first used)
    watchers: WatcherSet | None = None  # the watchers, their supervisor and the exporter
    alerts: AlertEndpoint | None = None  # Alertmanager's webhook on the exporter's server
    directory: Directory | None = None  # who is who in the household (the access gate asks it)
    search: SearchFeature | None = None  # resolver, request store, lifecycle: built on first use
    search_start: asyncio.Task[None] | None = None  # the search poller's delayed start
    preview: PreviewService | None = None  # the AI preview's job queue, when preview.enabled
    catalog_buttons: list[CatalogButtons] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.config.ui.language
