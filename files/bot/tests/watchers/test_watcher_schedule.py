"""Scheduling of the watchers (issue 14, points 9, 11, 16): steps on a fixed cadence, and safety
watchers (thermal, auto-heal) that never wait longer than their own cap after errors. The clock the
supervisor measures steps with is injected; nothing here depends on how fast the machine is."""

from __future__ import annotations

import asyncio
import contextlib

from myflix_bot.watchers.autoheal import AutohealWatcher
from myflix_bot.watchers.base import Watcher, WatcherError
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.settings import AutohealSettings, ThermalSettings
from myflix_bot.watchers.supervisor import Supervisor
from myflix_bot.watchers.thermal import ThermalWatcher
from prometheus_client import CollectorRegistry

from .conftest import ManualClock


class SlowStep(Watcher):
    """A step that takes ``took`` seconds on the injected clock."""

    name = "port_sync"

    def __init__(self, clock: ManualClock, took: float, interval: float = 30.0) -> None:
        super().__init__(interval=interval)
        self.ticks = clock
        self.took = took
        self.done = asyncio.Event()

    async def run(self) -> None:
        self.ticks.advance(self.took)
        self.done.set()


async def test_steps_run_on_a_fixed_cadence() -> None:
    """A 20 s step with a 30 s interval: the next one starts 10 s after it ended (30 s after it
    started), not 30 s after it ended; a 45 s step is followed at once."""
    clock = ManualClock()
    slow = SlowStep(clock, took=20.0)
    supervisor = Supervisor([slow], WatcherMetrics(CollectorRegistry()), monotonic=clock)
    assert supervisor.delay_after(slow, True, took=20.0) == 10.0
    assert supervisor.delay_after(slow, True, took=45.0) == 0.0
    waits: list[float] = []

    class Recording(Supervisor):
        async def pause(self, wake: asyncio.Event, delay: float) -> None:
            waits.append(delay)
            if len(waits) >= 2:
                raise asyncio.CancelledError

    recording = Recording([slow], WatcherMetrics(CollectorRegistry()), monotonic=clock)
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(recording._loop_of(slow), timeout=30)
    assert waits == [10.0, 10.0]
    slow.took = 45.0
    waits.clear()
    with contextlib.suppress(asyncio.CancelledError):
        await asyncio.wait_for(recording._loop_of(slow), timeout=30)
    assert waits == [0.0, 0.0]


def test_thermal_retries_at_its_own_interval_after_sensor_errors(tmp_path) -> None:
    thermal = ThermalWatcher(ThermalSettings(interval=15.0), object(), sensor_path=str(tmp_path / "none"))
    supervisor = Supervisor([thermal], WatcherMetrics(CollectorRegistry()))
    delays = []
    for n in range(1, 12):
        thermal.health.consecutive_errors = n
        delays.append(supervisor.delay_after(thermal, False))
    assert max(delays) == 15.0  # never the supervisor's 600 s
    assert delays[0] == 5.0  # the first retry still comes sooner than the interval


async def test_thermal_lifts_limits_one_interval_after_the_sensor_recovers(tmp_path) -> None:
    """Through the real loop: after many sensor errors the wait stays at the interval."""
    sensor = tmp_path / "temp"
    thermal = ThermalWatcher(ThermalSettings(interval=15.0), object(), sensor_path=str(sensor))
    supervisor = Supervisor([thermal], WatcherMetrics(CollectorRegistry()))
    for _ in range(10):
        assert not await supervisor.step(thermal)  # unreadable sensor: the step fails
    assert supervisor.delay_after(thermal, False) <= thermal.interval


def test_autoheal_retry_delay_is_capped_by_its_own_setting() -> None:
    autoheal = AutohealWatcher(AutohealSettings(retry_max=20.0), lambda: None)
    supervisor = Supervisor([autoheal], WatcherMetrics(CollectorRegistry()))
    autoheal.health.consecutive_errors = 10  # the engine was down for a long time
    assert supervisor.delay_after(autoheal, False) == 20.0
    plain = SlowStep(ManualClock(), took=0)
    plain.health.consecutive_errors = 10
    assert supervisor.delay_after(plain, False) == 600.0  # the twin: others keep the long backoff


async def test_failing_step_is_counted(tmp_path) -> None:
    class Broken(Watcher):
        name = "broken"

        async def run(self) -> None:
            raise WatcherError("nope")

    broken = Broken(interval=30)
    supervisor = Supervisor([broken], WatcherMetrics(CollectorRegistry()))
    assert not await supervisor.step(broken)
    assert broken.health.last_error == "nope" or "nope" in (broken.health.last_error or "")
