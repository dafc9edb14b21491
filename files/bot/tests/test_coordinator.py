"""The RAM cache coordinator: one refresh in flight per source, stale and down data, boosts."""

from __future__ import annotations

import asyncio

import pytest
from myflix_bot.coordinator import Coordinator, Health, Snapshot, describe_error
from myflix_bot.secrets import MASK, Secret
from myflix_bot.sources.arr import SourceError
from myflix_bot.watchers.base import WatcherError
from myflix_testkit.waiting import async_wait_until


async def test_refresh_stores_immutable_snapshot_and_keeps_last_good_data_on_failure() -> None:
    results: list[object] = [("a", 1), RuntimeError("boom"), ("b", 2)]

    async def fetch() -> object:
        value = results.pop(0)
        if isinstance(value, Exception):
            raise value
        return value

    clock = [1000.0]
    co = Coordinator(wall=lambda: clock[0])
    co.register("src", fetch, interval=60)
    assert co.get("src").health() is Health.PENDING
    await co.refresh_now("src")
    first = co.get("src")
    assert first.data == ("a", 1)
    assert first.health(1000.0) is Health.OK
    clock[0] = 1100.0
    await co.refresh_now("src")
    second = co.get("src")
    assert second is not first
    assert second.data == ("a", 1)  # the last good data stays
    assert second.error == "RuntimeError: boom"
    assert second.health(1100.0) is Health.STALE
    assert second.age(1100.0) == 100.0
    assert first.error is None  # a reader's snapshot never changes under it
    await co.refresh_now("src")
    assert co.get("src").data == ("b", 2)
    assert co.get("src").health(1100.0) is Health.OK


async def test_never_answered_is_down_and_unknown_is_not_configured() -> None:
    async def fetch() -> object:
        raise ConnectionRefusedError("refused")

    co = Coordinator()
    co.register("src", fetch, interval=60)
    await co.refresh_now("src")
    assert co.get("src").health() is Health.DOWN
    assert co.get("nope").error == "not configured"


async def test_old_data_is_stale_even_without_error() -> None:
    snap = Snapshot(source="s", data=1, updated_at=0.0, interval=10, stale_after=3)
    assert snap.health(29.0) is Health.OK
    assert snap.health(31.0) is Health.STALE


async def test_at_most_one_refresh_in_flight_per_source() -> None:
    gate = asyncio.Event()
    running = 0
    peak = 0
    calls = 0

    async def slow() -> int:
        nonlocal running, peak, calls
        calls += 1
        running += 1
        peak = max(peak, running)
        await gate.wait()
        running -= 1
        return calls

    co = Coordinator()
    co.register("src", slow, interval=3600)
    tasks = [co.refresh_now("src") for _ in range(5)]
    assert len({id(t) for t in tasks}) == 1  # joined, not started five times
    co.start()
    co.request_refresh("src")  # while one is in flight: must not start a second
    await async_wait_until(lambda: calls == 1, what="the first refresh to start")
    for _ in range(20):  # let the scheduler loop decide (yields to the event loop, no wall-clock wait)
        await asyncio.sleep(0)
    assert co.in_flight("src")
    assert calls == 1
    gate.set()
    await tasks[0]
    await co.stop()
    assert peak == 1


async def test_scheduler_uses_each_interval_and_boost() -> None:
    """An injected clock drives the schedule: each step moves it by 5 s and waits for what must happen."""
    counts = {"fast": 0, "slow": 0}
    now = [0.0]

    def counter(name: str):
        async def fetch() -> int:
            counts[name] += 1
            return counts[name]

        return fetch

    co = Coordinator(clock=lambda: now[0])
    co.register("fast", counter("fast"), interval=5)
    co.register("slow", counter("slow"), interval=30, fast_interval=5)

    async def at(t: float, fast: int, slow: int) -> None:
        now[0] = t
        co.reschedule()
        await async_wait_until(lambda: counts == {"fast": fast, "slow": slow}, what=f"counts at t={t}")
        await async_wait_until(lambda: not co.in_flight("fast") and not co.in_flight("slow"), what="idle")

    co.start()
    try:
        await at(0, fast=1, slow=1)  # both due at start
        for step in range(1, 5):
            await at(5 * step, fast=1 + step, slow=1)  # the slow source waits its 30 s
        assert counts == {"fast": 5, "slow": 1}
        co.boost("slow", 10)  # someone watches it: every 5 s until t=30
        await at(25, fast=6, slow=2)
        await at(30, fast=7, slow=3)
        await at(35, fast=8, slow=3)  # the boost is over: back to 30 s
        await at(55, fast=9, slow=3)
        await at(60, fast=10, slow=4)
    finally:
        await co.stop()


async def test_errors_are_short_and_scrubbed_of_secrets() -> None:
    Secret("api-key-should-not-leak")

    async def fetch() -> object:
        raise ValueError("GET http://x/?apikey=api-key-should-not-leak failed\nsecond line")

    co = Coordinator()
    co.register("src", fetch, interval=60)
    await co.refresh_now("src")
    error = co.get("src").error
    assert error == f"ValueError: GET http://x/?apikey={MASK} failed"


def test_the_projects_own_errors_read_without_their_class_name() -> None:
    """WatcherError and SourceError carry messages written for admins: /status shows the message alone;
    any other error keeps its type (a bare "boom" or "(PosixPath(...), 'io')" would mean nothing), and both
    are scrubbed of secrets."""
    Secret("api-key-should-not-leak")
    sensor = WatcherError("temperature sensor unreadable: /sys/class/thermal/thermal_zone0/temp")
    assert describe_error(sensor) == "temperature sensor unreadable: /sys/class/thermal/thermal_zone0/temp"
    answered = SourceError("Jellyfin: GET /?apikey=api-key-should-not-leak answered HTTP 404")
    assert describe_error(answered) == f"Jellyfin: GET /?apikey={MASK} answered HTTP 404"
    assert describe_error(WatcherError()) == "WatcherError"
    assert describe_error(OSError("no such file")) == "OSError: no such file"


async def test_listeners_get_each_snapshot_and_cannot_break_the_source() -> None:
    seen: list[object] = []

    async def fetch() -> int:
        return 7

    async def good(snapshot: Snapshot) -> None:
        seen.append(snapshot.data)

    def bad(snapshot: Snapshot) -> None:
        raise RuntimeError("listener bug")

    co = Coordinator()
    co.register("src", fetch, interval=60)
    co.subscribe("src", bad)
    unsubscribe = co.subscribe("src", good)
    await co.refresh_now("src")
    await async_wait_until(lambda: seen == [7], what="the listener's call")
    unsubscribe()
    await co.refresh_now("src")  # listeners are chosen when the refresh ends: none is left to call
    assert co.refresh_count("src") == 2
    assert seen == [7]
    assert co.get("src").data == 7


async def test_timeout_counts_as_failure() -> None:
    async def hang() -> None:
        await asyncio.sleep(10)

    co = Coordinator()
    co.register("src", hang, interval=60, timeout=0.05)
    await co.refresh_now("src")
    assert co.get("src").error == "TimeoutError"


def test_duplicate_source_is_refused() -> None:
    co = Coordinator()

    async def fetch() -> None:
        return None

    co.register("a", fetch, interval=1)
    with pytest.raises(ValueError, match="already registered"):
        co.register("a", fetch, interval=1)
