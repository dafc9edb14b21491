"""No alert rule depends on a series that disappears when a source fails.

The real bot runtime runs with every source failing from the start (qBittorrent, Gluetun, Radarr and
Sonarr on closed ports, the system source raising, no Docker socket, no thermal sensor). Each rule's
expression is parsed for the exporter series it uses; each must still be served, so the rule can
fire (or a source-down rule says why) instead of going silent or "resolving" on an absent series.
"""

from __future__ import annotations

import math
import re
import urllib.request
from pathlib import Path
from typing import Any

import pytest
import yaml
from mon_bot import RunningBot, run_bot
from mon_live import served_samples
from myflix_bot.assembly import parse_config
from myflix_testkit.services.process import free_port
from myflix_testkit.waiting import wait_until
from prometheus_client.parser import text_string_to_metric_families

_SERIES = re.compile(r"\b(myflix_[a-z_]+)\b")
# One series per container auto-heal watches: without a Docker engine there is no container, and the
# "containers" source has its own up/down series (MyflixSourceDown).
# One series per container: none without Docker; MyflixSourceDown{source="containers"} says why.
PER_OBJECT = {
    "myflix_container_restarts_total",
    "myflix_container_memory_bytes",
    "myflix_container_memory_limit_bytes",
}
WAIT = 60.0


class FailingSystem:
    async def fetch(self) -> Any:
        raise OSError("the system source cannot read anything in this test")


def rule_series(rules_file: Path) -> dict[str, set[str]]:
    """Alert name -> the exporter series its expression uses."""
    groups = yaml.safe_load(rules_file.read_text())["groups"]
    return {
        rule["alert"]: set(_SERIES.findall(rule["expr"]))
        for group in groups
        for rule in group["rules"]
        if "alert" in rule
    }


def every_source_tried(bot: RunningBot) -> list[str]:
    coordinator = bot.runtime.coordinator
    waiting = [n for n in coordinator.names() if coordinator.get(n).error is None]
    waiting += [n for n, w in bot.watchers.watchers.items() if w.health.errors == 0]
    return waiting


@pytest.fixture(scope="module")
def failing_bot(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("failing")
    closed = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    data = {
        "telegram": {"allowed_users": [42], "admins": [1001]},
        "qbittorrent": {"url": closed, "username": "admin"},
        "gluetun": {"url": closed, "home_ip": "203.0.113.7"},
        "radarr": {"url": closed},
        "sonarr": {"url": closed},
        "system": {
            "storage": [
                {"name": "fast", "path": str(root / "nvme")},
                {"name": "mass", "path": str(root / "hdd")},
            ],
            "thermal_path": str(root / "no-thermal"),
            "throttled_path": str(root / "no-throttled"),
            "docker_socket": str(root / "no-docker.sock"),
        },
        "watchers": {
            "state_dir": str(root / "state"),
            "thermal": {"dry_run": True},
            # its source is a local file, and no file is "no backup yet", not a failure; the backup
            # alerts have their own promtool tests (tests/backup)
            "backup_drill": {"enabled": False},
        },
        "exporter": {"host": "127.0.0.1", "port": 0},
    }
    env = {
        "MYFLIX_TELEGRAM_TOKEN": "123456789:" + "M" * 35,
        "MYFLIX_QBITTORRENT_PASSWORD": "not-the-password",
        "MYFLIX_RADARR_API_KEY": "0" * 32,
        "MYFLIX_SONARR_API_KEY": "0" * 32,
    }
    with run_bot(parse_config(data, env), source_overrides={"system": FailingSystem()}) as bot:
        waiting: list[str] = []

        def all_failed() -> bool:
            waiting[:] = every_source_tried(bot)
            return not waiting

        try:
            wait_until(
                all_failed,
                WAIT,
                what="every source to have failed",
                interval=0.1,
            )
        except AssertionError as exc:
            raise AssertionError(f"{exc}; never failed: {waiting}") from None
        yield bot


def test_every_source_is_failing_and_says_so(failing_bot: RunningBot) -> None:
    served = served_samples(failing_bot.metrics_url)
    sources = {s["labels"]["source"]: s["value"] for s in served_values(failing_bot, "myflix_source_up")}
    assert set(sources) >= {"qbittorrent", "gluetun", "radarr", "sonarr", "system", "containers"}, sources
    assert set(sources.values()) == {0.0}, sources
    assert "myflix_source_up" in served


def test_every_series_the_rules_use_is_served_with_every_source_failing(
    failing_bot: RunningBot, rendered: dict[str, Path]
) -> None:
    served = set(served_samples(failing_bot.metrics_url))
    uses = rule_series(rendered["myflix_alerts.yml"])
    assert sum(len(s) for s in uses.values()) >= 10, uses
    silent = {alert: sorted(series - served - PER_OBJECT) for alert, series in uses.items()}
    silent = {alert: series for alert, series in silent.items() if series}
    assert not silent, f"rules that go silent when a source fails (series not served): {silent}"


def test_the_check_above_would_see_a_series_that_is_not_served(failing_bot: RunningBot) -> None:
    # Guards the test above: a rule on a series the exporter only serves with data is caught.
    served = set(served_samples(failing_bot.metrics_url))
    assert "myflix_qbittorrent_listen_port" not in served  # qBittorrent never answered
    assert "myflix_qbittorrent_listen_port" in _SERIES.findall("myflix_qbittorrent_listen_port == 0")


def test_unknown_values_never_look_like_a_cleared_or_firing_condition(failing_bot: RunningBot) -> None:
    values = {s["name"]: s for s in all_values(failing_bot)}
    assert math.isnan(values["myflix_cpu_temperature_celsius"]["value"])  # unknown, not 0 °C
    watchers = served_values(failing_bot, "myflix_watcher_last_success_timestamp_seconds")
    assert watchers
    assert {s["value"] for s in watchers} == {0.0}  # never succeeded: 0, so it stalls
    assert {s["value"] for s in served_values(failing_bot, "myflix_storage_size_bytes")} == {0.0}
    assert values["myflix_vpn_up"]["value"] == 0
    assert values["myflix_port_in_sync"]["value"] == 0


def all_values(bot: RunningBot) -> list[dict[str, Any]]:
    with urllib.request.urlopen(bot.metrics_url, timeout=10) as response:
        text = response.read().decode()
    return [
        {"name": s.name, "labels": dict(s.labels), "value": s.value}
        for family in text_string_to_metric_families(text)
        for s in family.samples
    ]


def served_values(bot: RunningBot, name: str) -> list[dict[str, Any]]:
    return [s for s in all_values(bot) if s["name"] == name]
