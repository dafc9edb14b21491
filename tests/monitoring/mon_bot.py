"""Run the real Myflix bot runtime (cache coordinator, watchers, exporter) on its own event loop.

This is what ``myflix-bot run`` does minus Telegram: ``build_runtime`` registers the sources in the
coordinator, ``install`` builds the configured watchers and the exporter, the coordinator refreshes the
cache and the supervisor runs the watchers. The loop lives in a daemon thread so that synchronous
tests (and a module- or session-scoped fixture) can use the exporter while the bot keeps running.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import install_operations as install
from myflix_bot.config import Config
from myflix_bot.runtime import Runtime
from myflix_bot.watchers.watcher_set import WatcherSet

T = TypeVar("T")
START_TIMEOUT = 60.0


@dataclass(frozen=True)
class RunningBot:
    runtime: Runtime
    watchers: WatcherSet
    host: str
    port: int
    loop: asyncio.AbstractEventLoop

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def metrics_url(self) -> str:
        return f"http://{self.target}/metrics"


async def _start(config: Config, source_overrides: dict[str, Any] | None = None) -> RunningBot:
    rt = build_runtime(config, source_overrides=source_overrides)
    ws = install(rt)
    rt.coordinator.start()
    await ws.start()
    if ws.exporter is None:
        await _stop(rt, ws)
        raise RuntimeError("the bot's exporter did not start (see the log): is exporter.enabled false?")
    host, port = ws.exporter.server_address[:2]
    return RunningBot(rt, ws, str(host), int(port), asyncio.get_running_loop())


async def _stop(rt: Runtime, ws: WatcherSet) -> None:
    await ws.stop()
    await rt.coordinator.stop()
    for close in rt.closers:
        result = close()
        if asyncio.iscoroutine(result):
            await result


@contextmanager
def run_bot(config: Config, source_overrides: dict[str, Any] | None = None) -> Iterator[RunningBot]:
    """Start the runtime with its watchers and exporter; stop everything (and the thread) at exit."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, name="myflix-bot", daemon=True)
    thread.start()

    def call(coro: Coroutine[Any, Any, T]) -> T:
        return asyncio.run_coroutine_threadsafe(coro, loop).result(timeout=START_TIMEOUT)

    try:
        bot = call(_start(config, source_overrides))
        try:
            yield bot
        finally:
            call(_stop(bot.runtime, bot.watchers))
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
