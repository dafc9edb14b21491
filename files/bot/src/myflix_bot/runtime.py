"""Everything a handler needs, in one object: config, the cache coordinator, the registry, access
control, metrics, the clock, the filter-query store and the live views."""

from __future__ import annotations

import itertools
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from myflix_bot.access import AccessControl
from myflix_bot.commands.registry import Registry
from myflix_bot.config import Config
from myflix_bot.coordinator import Coordinator
from myflix_bot.live import LiveViews
from myflix_bot.metrics import BotMetrics
from myflix_bot.outbox import Outbox


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
    sources: dict[str, Any] = field(default_factory=dict)  # name -> source object (for reuse)
    # Views to chats (the Telegram adapter), set once Telegram was reached; None before
    outbox: Outbox | None = None
    live: LiveViews | None = None  # the live /queue messages, set by the application
    closers: list[Callable[[], Any]] = field(default_factory=list)

    @property
    def lang(self) -> str:
        return self.config.ui.language
