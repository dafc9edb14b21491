"""Supervisor (backoff, restart of a dead task, health in metrics), throttled admin notices through the
fake Telegram, frugal logging (ring buffer, ×N folding, size cap), /logs, the config sections."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from myflix_bot.commands.logs import parse_args, render_logs
from myflix_bot.config import ConfigError
from myflix_bot.frugal_log import FoldingFileHandler, RingBufferHandler
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.notify import Notifier
from myflix_bot.watchers.settings import watchers_config
from myflix_bot.watchers.supervisor import Supervisor
from myflix_testkit.waiting import async_wait_until
from prometheus_client import CollectorRegistry
from telegram import Bot

from .conftest import ADMIN, make_config


class Flaky(Watcher):
    name = "flaky"

    def __init__(self, fail: int) -> None:
        super().__init__(interval=0.05)
        self.fail = fail
        self.calls = 0

    async def run(self) -> None:
        self.calls += 1
        if self.calls <= self.fail:
            raise RuntimeError(f"boom {self.calls}")


def sample(registry: CollectorRegistry, name: str, watcher: str) -> float | None:
    return registry.get_sample_value(name, {"watcher": watcher})


async def test_supervisor_counts_errors_backs_off_and_recovers() -> None:
    registry = CollectorRegistry()
    w = Flaky(fail=3)
    sup = Supervisor([w], WatcherMetrics(registry), backoff_base=0.05, backoff_max=0.2)
    assert [sup.delay_after(w, ok) for ok in (True,)] == [0.05]
    w.health.consecutive_errors = 1
    assert sup.delay_after(w, False) == 0.05
    w.health.consecutive_errors = 3
    assert sup.delay_after(w, False) == 0.2  # 0.05 * 4 capped
    w.health.consecutive_errors = 0
    sup.start()
    try:
        await async_wait_until(lambda: w.health.last_success is not None, what="a success after 3 failures")
    finally:
        await sup.stop()
    assert w.health.errors == 3
    assert w.health.consecutive_errors == 0
    assert sample(registry, "myflix_watcher_errors_total", "flaky") == 3
    assert sample(registry, "myflix_watcher_last_success_timestamp_seconds", "flaky") is not None
    assert sample(registry, "myflix_watcher_interval_seconds", "flaky") == 0.05


async def test_supervisor_restarts_a_dead_task() -> None:
    registry = CollectorRegistry()
    w = Flaky(fail=0)
    sup = Supervisor([w], WatcherMetrics(registry), backoff_base=0.01)
    sup.start()
    try:
        await async_wait_until(lambda: w.calls >= 1, what="the first step")
        sup._tasks["flaky"].cancel()  # a task that ends outside a step (a bug) is restarted
        calls = w.calls
        await async_wait_until(lambda: w.health.restarts and w.calls > calls, what="a restart and a new step")
    finally:
        await sup.stop()
    assert w.health.restarts == 1
    assert w.calls > calls


async def test_notices_are_throttled_and_reach_admins(fake_telegram) -> None:
    fake_telegram.add_chat(ADMIN)
    now = [0.0]
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:

        async def send(chat_id: int, text: str) -> object:
            return await bot.send_message(chat_id=chat_id, text=text, parse_mode="HTML")

        n = Notifier(admins=[ADMIN], throttle=600, sender=send, clock=lambda: now[0])
        assert await n.notify("gc:report", "🧹 moved <1> torrent & co")
        assert not await n.notify("gc:report", "🧹 again")
        assert not await n.notify("gc:report", "🧹 again")
        assert await n.notify("other", "🩺 restarted x")
        now[0] = 601
        assert await n.notify("gc:report", "🧹 later")
    texts = [c.params.get("text") for c in fake_telegram.calls("sendMessage")]
    assert texts == ["🧹 moved &lt;1&gt; torrent &amp; co", "🩺 restarted x", "🧹 later (×3)"]
    assert all(c.params.get("chat_id") in (ADMIN, str(ADMIN)) for c in fake_telegram.calls("sendMessage"))


def test_ring_buffer_and_folding_file(tmp_path: Path) -> None:
    logger = logging.getLogger("myflix.test.frugal")
    logger.propagate = False
    logger.setLevel(logging.DEBUG)
    ring = RingBufferHandler(capacity=5)
    ring.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    disk = FoldingFileHandler(tmp_path / "bot.log", max_bytes=4096)
    disk.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger.handlers[:] = [ring, disk]
    try:
        for i in range(8):
            logger.info("info %d", i)
        for _ in range(50):
            logger.warning("Gluetun unreachable")
        logger.error("something else")
        disk.flush_repeats()
        lines = (tmp_path / "bot.log").read_text().splitlines()
        assert lines == [
            "WARNING Gluetun unreachable",
            "… previous message repeated (×49)",
            "ERROR something else",
        ]
        assert "info" not in (tmp_path / "bot.log").read_text()  # INFO never reaches the disk
        assert ring.tail(2) == ["WARNING Gluetun unreachable", "ERROR something else"]
        assert len(ring.lines) == 5
        assert ring.tail(10, logging.ERROR) == ["ERROR something else"]
        for i in range(200):
            logger.warning("distinct warning number %d %s", i, "x" * 40)
        assert (tmp_path / "bot.log").stat().st_size <= 4096
        assert (tmp_path / "bot.log.1").stat().st_size <= 4096
        assert not (tmp_path / "bot.log.2").exists()
    finally:
        logger.handlers[:] = []


def test_logs_view_escapes_and_fits() -> None:
    assert parse_args("50 warn") == (50, logging.WARNING)
    assert parse_args("9999") == (100, logging.NOTSET)
    assert "<pre>a &lt;b&gt; &amp; c</pre>" in render_logs(["a <b> & c"], "en").text
    view = render_logs(["<&>" * 200] * 100, "en")
    assert len(view.text) <= 4096
    assert view.text.endswith("</pre>")
    assert view.text.startswith("📜 <b>Logs</b>")
    assert render_logs([], "fr").text == "Aucun journal en mémoire."


def test_config_sections_defaults_and_problems() -> None:
    wc = watchers_config(make_config())
    assert wc.gc.dry_run is True  # deletes: dry-run by default
    assert wc.port_sync.interval == 30
    assert wc.leak_guard.interval <= 30
    assert (wc.thermal.high, wc.thermal.low) == (75, 70)
    with pytest.raises(ConfigError) as err:
        make_config(
            {
                "watchers": {
                    "thermal": {"high": 70, "low": 72, "dry_run": "yes"},
                    "leak_guard": {"interval": 120},
                    "gc": {"categories": [{"name": "radarr", "arr": "lidarr"}], "roots": ["relative"]},
                    "bogus": 1,
                },
                "exporter": {"host": "not-an-ip"},
            }
        )
    problems = "\n".join(err.value.problems)
    for expected in (
        "watchers.thermal.low: must be below high",
        "watchers.thermal.dry_run: must be true or false",
        "watchers.leak_guard.interval: must be at most 30",
        "watchers.gc.categories[0].arr: must be one of radarr, sonarr",
        "watchers.gc.roots: must be a list of absolute paths",
        "watchers.bogus: unknown key",
        "exporter.host: must be an IP address",
    ):
        assert expected in problems
