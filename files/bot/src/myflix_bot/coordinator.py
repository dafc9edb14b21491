"""The RAM cache: one background coordinator that refreshes every source on its own interval.

Modelled on the "data update coordinator" pattern:

- each source is an async ``fetch()`` registered under a name with an interval (which can depend on
  who is watching: the qBittorrent source refreshes every few seconds while a /queue view is live,
  slowly otherwise, see :meth:`Coordinator.boost`);
- the coordinator runs ONE scheduler task; it starts at most one refresh per source at a time;
- the result is stored as an immutable :class:`Snapshot` (a single reference swap), so a reader
  always sees a consistent value and never waits on the network;
- a failing source keeps its last good data, marked with the error and its age; a source that never
  answered is "down"; nothing a source does can raise into a command handler;
- a failed source is retried soon, with a short capped backoff (``RETRY_BASE`` doubling up to
  ``RETRY_CAP`` seconds, never later than its normal interval), so an outage and a recovery show
  within seconds instead of one full interval later;
- every attempt's response time is kept in the snapshot (``latency``), for the health lines of /status;
- listeners (live views, watchers, the exporter) can subscribe to a source's new snapshots.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from myflix_bot.secrets import REDACTOR

log = logging.getLogger(__name__)

Fetch = Callable[[], Awaitable[Any]]
Listener = Callable[["Snapshot"], Awaitable[None] | None]
RETRY_BASE = 2.0  # seconds before the first retry of a failed source; doubles per failure
RETRY_CAP = 30.0  # the longest wait between retries of a failing source


class Health(Enum):
    PENDING = "pending"  # never attempted or first attempt in flight
    OK = "ok"  # last attempt succeeded, data fresh
    STALE = "stale"  # we have data, but the last attempt(s) failed or it is old
    DOWN = "down"  # no data at all and the last attempt failed


@dataclass(frozen=True, slots=True)
class Snapshot:
    source: str
    data: Any = None  # the last good value (immutable), or None
    updated_at: float | None = None  # wall-clock time of the last success
    error: str | None = None  # short reason of the last failure, None after a success
    failed_at: float | None = None
    interval: float = 60.0
    stale_after: float = 3.0  # in intervals
    latency: float | None = None  # seconds the last attempt took (success or failure)

    def age(self, now: float | None = None) -> float | None:
        if self.updated_at is None:
            return None
        return max(0.0, (now if now is not None else time.time()) - self.updated_at)

    def health(self, now: float | None = None) -> Health:
        if self.updated_at is None:
            return Health.DOWN if self.error else Health.PENDING
        if self.error:
            return Health.STALE
        age = self.age(now) or 0.0
        return Health.STALE if age > self.interval * self.stale_after else Health.OK


@dataclass
class _Entry:
    name: str
    fetch: Fetch
    interval: float
    fast_interval: float | None
    timeout: float
    stale_after: float
    snapshot: Snapshot
    next_due: float = 0.0
    in_flight: asyncio.Task[None] | None = None
    boost_until: float = 0.0
    listeners: list[Listener] = field(default_factory=list)
    refreshes: int = 0
    failures: int = 0  # consecutive failed attempts

    def current_interval(self, now: float) -> float:
        if self.fast_interval is not None and now < self.boost_until:
            return self.fast_interval
        return self.interval

    def next_delay(self, now: float) -> float:
        """The normal interval, or after a failure a short capped backoff (never longer)."""
        normal = self.current_interval(now)
        if self.failures == 0:
            return normal
        return min(normal, RETRY_CAP, RETRY_BASE * 2.0 ** (self.failures - 1))


def with_outage(snapshot: Snapshot, probe: Snapshot | None) -> Snapshot:
    """``snapshot`` marked failing when its application's health probe failed after its last
    success: the first view after an outage says so, even while the data is still young."""
    if probe is None or probe.error is None or snapshot.error is not None:
        return snapshot
    if snapshot.updated_at is not None and (probe.failed_at or 0.0) < snapshot.updated_at:
        return snapshot
    return dataclasses.replace(snapshot, error=probe.error, failed_at=probe.failed_at)


def describe_error(exc: BaseException) -> str:
    """A short, secret-free reason: the exception type and its first line, scrubbed and capped. Errors
    whose class sets ``explains_itself`` (the project's own, written for admins) show their message alone:
    "WatcherError:" in front of "temperature sensor unreadable" only took room on /status."""
    text = str(exc).splitlines()[0] if str(exc) else ""
    text = REDACTOR.scrub(text)[:120]
    if text and getattr(exc, "explains_itself", False):
        return text
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


class Coordinator:
    def __init__(
        self, *, clock: Callable[[], float] = time.monotonic, wall: Callable[[], float] = time.time
    ) -> None:
        self._entries: dict[str, _Entry] = {}
        self._clock = clock
        self._wall = wall
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._listener_tasks: set[asyncio.Task[None]] = set()

    # registration ----------------------------------------------------------------------------
    def register(
        self,
        name: str,
        fetch: Fetch,
        *,
        interval: float,
        fast_interval: float | None = None,
        timeout: float = 30.0,
        stale_after: float = 3.0,
    ) -> None:
        if name in self._entries:
            raise ValueError(f"source {name!r} already registered")
        self._entries[name] = _Entry(
            name=name,
            fetch=fetch,
            interval=interval,
            fast_interval=fast_interval,
            timeout=timeout,
            stale_after=stale_after,
            snapshot=Snapshot(source=name, interval=interval, stale_after=stale_after),
        )

    def names(self) -> list[str]:
        return list(self._entries)

    def has(self, name: str) -> bool:
        return name in self._entries

    def link(self, probe: str, source: str) -> None:
        """When the health probe ``probe`` answers again while ``source`` is failing, refresh
        ``source`` at once: a recovery shows on the next view, not one interval later."""

        def on_probe(snapshot: Snapshot) -> None:
            if snapshot.error is None and self.get(source).error is not None:
                self.request_refresh(source)

        self.subscribe(probe, on_probe)

    def subscribe(self, name: str, listener: Listener) -> Callable[[], None]:
        """Call ``listener(snapshot)`` after each refresh of ``name``. Returns an unsubscribe function."""
        entry = self._entries[name]
        entry.listeners.append(listener)

        def unsubscribe() -> None:
            with contextlib.suppress(ValueError):
                entry.listeners.remove(listener)

        return unsubscribe

    # reading ---------------------------------------------------------------------------------
    def get(self, name: str) -> Snapshot:
        """The current snapshot; never blocks, never raises for a registered name."""
        entry = self._entries.get(name)
        if entry is None:
            return Snapshot(source=name, error="not configured")
        return entry.snapshot

    def refresh_count(self, name: str) -> int:
        return self._entries[name].refreshes

    def next_due_in(self, name: str) -> float:
        """Seconds until the next scheduled refresh of ``name`` (negative: overdue)."""
        return self._entries[name].next_due - self._clock()

    def in_flight(self, name: str) -> bool:
        task = self._entries[name].in_flight
        return task is not None and not task.done()

    # scheduling ------------------------------------------------------------------------------
    def boost(self, name: str, seconds: float) -> None:
        """Use the source's fast interval for the next ``seconds`` (someone is watching it live)."""
        entry = self._entries.get(name)
        if entry is None or entry.fast_interval is None:
            return
        now = self._clock()
        entry.boost_until = max(entry.boost_until, now + seconds)
        entry.next_due = min(entry.next_due, now + entry.fast_interval)
        self._wake.set()

    def request_refresh(self, name: str) -> None:
        """Refresh soon (e.g. the user pressed a refresh button); never starts a second one in flight."""
        entry = self._entries.get(name)
        if entry is not None:
            entry.next_due = self._clock()
            self._wake.set()

    def reschedule(self) -> None:
        """Re-read the clock and start what is due now (e.g. after an injected clock moved)."""
        self._wake.set()

    def refresh_now(self, name: str) -> asyncio.Task[None]:
        """Start (or join) the refresh of ``name`` and return its task. For tests and start-up."""
        entry = self._entries[name]
        if entry.in_flight is None or entry.in_flight.done():
            entry.in_flight = asyncio.create_task(self._refresh(entry), name=f"refresh-{name}")
        return entry.in_flight

    async def refresh_all(self) -> None:
        await asyncio.gather(*(self.refresh_now(n) for n in self._entries))

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self._run(), name="coordinator")

    async def stop(self) -> None:
        tasks = [e.in_flight for e in self._entries.values() if e.in_flight and not e.in_flight.done()]
        if self._task is not None:
            tasks.append(self._task)
        tasks.extend(self._listener_tasks)
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._task = None

    async def _run(self) -> None:
        while True:
            now = self._clock()
            wait = 3600.0
            for entry in self._entries.values():
                busy = entry.in_flight is not None and not entry.in_flight.done()
                if not busy and entry.next_due <= now:
                    self.refresh_now(entry.name)
                    continue
                if not busy:
                    wait = min(wait, entry.next_due - now)
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=max(0.05, wait))

    async def _refresh(self, entry: _Entry) -> None:
        started = time.perf_counter()
        try:
            data = await asyncio.wait_for(entry.fetch(), timeout=entry.timeout)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a source failing is data, not a crash
            old = entry.snapshot
            entry.failures += 1
            entry.snapshot = Snapshot(
                source=entry.name,
                data=old.data,
                updated_at=old.updated_at,
                error=describe_error(exc),
                failed_at=self._wall(),
                interval=entry.interval,
                stale_after=entry.stale_after,
                latency=time.perf_counter() - started,
            )
            log.warning("source %s refresh failed: %s", entry.name, entry.snapshot.error)
        else:
            entry.failures = 0
            entry.snapshot = Snapshot(
                source=entry.name,
                data=data,
                updated_at=self._wall(),
                interval=entry.interval,
                stale_after=entry.stale_after,
                latency=time.perf_counter() - started,
            )
        finally:
            entry.refreshes += 1
            now = self._clock()
            entry.next_due = now + entry.next_delay(now)
            self._wake.set()
        snapshot = entry.snapshot
        for listener in list(entry.listeners):
            self._notify(listener, snapshot)

    def _notify(self, listener: Listener, snapshot: Snapshot) -> None:
        try:
            result = listener(snapshot)
        except Exception:
            log.exception("listener of %s failed", snapshot.source)
            return
        if asyncio.iscoroutine(result):
            task = asyncio.create_task(self._guard(result, snapshot.source))
            self._listener_tasks.add(task)
            task.add_done_callback(self._listener_tasks.discard)

    @staticmethod
    async def _guard(coro: Awaitable[None], source: str) -> None:
        try:
            await coro
        except Exception:
            log.exception("listener of %s failed", source)
