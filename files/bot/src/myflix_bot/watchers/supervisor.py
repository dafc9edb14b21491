"""The supervisor: one asyncio task per watcher, each step under a timeout; a step that raises is
counted and retried with exponential backoff (``base * 2**n``, capped by the supervisor and by the
watcher's own ``max_backoff``), and a task that dies of anything else is restarted. Successful
steps run on a fixed cadence: the next one starts ``interval`` s after the previous one *started*
(at once when a step took longer), so the worst case stays within the interval. Health goes to the
watcher's :class:`~.base.WatcherHealth` and to the metrics (``myflix_watcher_*``).

``wake(name)`` runs a watcher's next step now (the port-sync command uses it).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable

from myflix_bot.coordinator import describe_error
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.metrics import WatcherMetrics

log = logging.getLogger(__name__)


class Supervisor:
    def __init__(
        self,
        watchers: Iterable[Watcher],
        metrics: WatcherMetrics,
        *,
        backoff_base: float = 5.0,
        backoff_max: float = 600.0,
        step_timeout: float = 600.0,
        wall: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.watchers = {w.name: w for w in watchers}
        self.metrics = metrics
        self.backoff_base = backoff_base
        self.backoff_max = backoff_max
        self.step_timeout = step_timeout
        self.wall = wall
        self.monotonic = monotonic
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._wake: dict[str, asyncio.Event] = {n: asyncio.Event() for n in self.watchers}
        self._guard: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        for w in self.watchers.values():
            metrics.interval.labels(watcher=w.name).set(w.interval)
            metrics.errors.labels(watcher=w.name)  # exported as 0 from the start
            # 0 until the first success, so "never succeeded" stalls like "stopped succeeding"
            metrics.last_success.labels(watcher=w.name).set(w.health.last_success or 0)

    # control ---------------------------------------------------------------------------------
    def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        for name in self.watchers:
            self._spawn(name)
        self._guard = asyncio.create_task(self._watch_tasks(), name="supervisor")

    async def stop(self) -> None:
        tasks = [*self._tasks.values(), *([self._guard] if self._guard else [])]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        self._guard = None

    def wake(self, name: str) -> bool:
        """Run ``name``'s next step now. Thread-safe. False for an unknown watcher."""
        event = self._wake.get(name)
        if event is None:
            return False
        if self._loop is not None and self._loop.is_running():
            self._loop.call_soon_threadsafe(event.set)
        else:
            event.set()
        return True

    # one step (public for tests) -------------------------------------------------------------
    async def step(self, watcher: Watcher) -> bool:
        """Run one step and record its outcome. True on success."""
        h = watcher.health
        h.runs += 1
        try:
            await asyncio.wait_for(watcher.run(), timeout=self.step_timeout)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a failing step is counted, never propagated
            h.errors += 1
            h.consecutive_errors += 1
            h.last_error = describe_error(exc)
            h.last_error_at = self.wall()
            self.metrics.errors.labels(watcher=watcher.name).inc()
            # the same text each time, so the disk log folds repeats into "×N"
            log.warning("watcher %s failed: %s", watcher.name, h.last_error)
            return False
        h.consecutive_errors = 0
        h.last_error = None
        h.backoff_until = None
        h.last_success = self.wall()
        self.metrics.last_success.labels(watcher=watcher.name).set(h.last_success)
        return True

    def delay_after(self, watcher: Watcher, ok: bool, took: float = 0.0) -> float:
        """After a success: what is left of the interval once the step took ``took`` s (fixed
        cadence); after the n-th failure in a row ``base * 2**(n-1)``, capped by the supervisor's
        ``backoff_max`` and the watcher's own ``max_backoff``."""
        if ok:
            return max(0.0, watcher.interval - took)
        n = watcher.health.consecutive_errors
        cap = min(self.backoff_max, watcher.max_backoff or self.backoff_max)
        return min(cap, self.backoff_base * 2.0 ** min(n - 1, 30))

    # internals -------------------------------------------------------------------------------
    def _spawn(self, name: str) -> None:
        self._tasks[name] = asyncio.create_task(self._loop_of(self.watchers[name]), name=f"watcher-{name}")

    async def _loop_of(self, watcher: Watcher) -> None:
        wake = self._wake[watcher.name]
        while True:
            wake.clear()
            started = self.monotonic()
            ok = await self.step(watcher)
            delay = self.delay_after(watcher, ok, self.monotonic() - started)
            if not ok:
                watcher.health.backoff_until = self.wall() + delay
            await self.pause(wake, delay)

    async def pause(self, wake: asyncio.Event, delay: float) -> None:
        """Wait ``delay`` s between steps, or until woken."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(wake.wait(), timeout=delay)

    async def _watch_tasks(self) -> None:
        """Restart a watcher task that ended (a bug outside ``step``), with backoff."""
        crashes: dict[str, int] = {}
        while True:
            await asyncio.sleep(1.0)
            for name, task in list(self._tasks.items()):
                if not task.done():
                    continue
                exc = task.exception() if not task.cancelled() else None
                crashes[name] = crashes.get(name, 0) + 1
                watcher = self.watchers[name]
                watcher.health.restarts += 1
                self.metrics.errors.labels(watcher=name).inc()
                cap = min(self.backoff_max, watcher.max_backoff or self.backoff_max)
                delay = min(cap, self.backoff_base * 2 ** min(crashes[name] - 1, 30))
                log.error("watcher %s task ended (%s); restarting in %.0fs", name, exc, delay)
                self._tasks[name] = asyncio.create_task(self._restart_later(name, delay))

    async def _restart_later(self, name: str, delay: float) -> None:
        await asyncio.sleep(delay)
        await self._loop_of(self.watchers[name])
