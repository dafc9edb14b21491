"""The real Myflix exporter serves what the role's alerts and the contract need, with the values of what
feeds it (qbittorrent-nox, the fakes, the fake sysfs), as Prometheus sees them."""

from __future__ import annotations

import os
import re
from pathlib import Path

import docker
from mon_contract import CONTRACT
from mon_live import CPU_MILLIDEGREES, TUNNEL_RX, TUNNEL_TX, LiveStack, served_samples
from myflix_bot.sources.containers import memory_in_use
from myflix_bot.watchers.settings import WATCHER_NAMES, WatchersConfig

_METRIC = re.compile(r"\bmyflix_[a-z_]+\b")


def unreported(live: LiveStack, engine: docker.DockerClient) -> set[str]:
    """Metrics the engine cannot feed: some engines (Debian bookworm's 20.10 on this CI machine) report
    empty memory stats, and then the exporter serves a container's memory limit without its use."""
    stats = engine.containers.get(live.container).stats(stream=False, one_shot=True)
    return {"myflix_container_memory_bytes"} if memory_in_use(stats) is None else set()


def test_memory_use_is_served_exactly_when_the_engine_reports_it(
    live_stack: LiveStack, docker_engine: docker.DockerClient
) -> None:
    served = served_samples(live_stack.bot.metrics_url)
    limits = {s["container"] for s in served.get("myflix_container_memory_limit_bytes", [])}
    assert live_stack.container in limits  # the labelled container runs with mem_limit=64m
    used = {s["container"] for s in served.get("myflix_container_memory_bytes", [])}
    if unreported(live_stack, docker_engine):
        assert live_stack.container not in used
    else:
        assert live_stack.container in used


def rule_metric_names(rules_file: Path) -> set[str]:
    return set(_METRIC.findall(rules_file.read_text()))


def test_every_metric_of_the_alert_rules_is_served_by_the_real_exporter(
    live_stack: LiveStack, rendered: dict[str, Path], docker_engine: docker.DockerClient
) -> None:
    used = rule_metric_names(rendered["myflix_alerts.yml"]) - unreported(live_stack, docker_engine)
    assert len(used) >= 8, f"too few myflix_* names found in the rules: {sorted(used)}"
    served = served_samples(live_stack.bot.metrics_url)
    missing = sorted(used - set(served))
    assert not missing, f"the alert rules use metrics the real exporter does not serve: {missing}"


def test_every_contract_metric_is_served_with_its_labels(
    live_stack: LiveStack, docker_engine: docker.DockerClient
) -> None:
    served = served_samples(live_stack.bot.metrics_url)
    for metric in [m for m in CONTRACT if m.name not in unreported(live_stack, docker_engine)]:
        assert metric.name in served, f"{metric.name} is not served by the real exporter"
        for labels in served[metric.name]:
            assert set(labels) == set(metric.labels), f"{metric.name}: labels {labels}"


def value(live: LiveStack, promql: str) -> float:
    return live.prometheus.query_value(promql)


def test_prometheus_sees_the_values_of_what_feeds_the_exporter(live_stack: LiveStack) -> None:
    live = live_stack
    assert value(live, "myflix_cpu_temperature_celsius") == CPU_MILLIDEGREES / 1000
    assert value(live, "myflix_throttled") == 0  # only "since boot" bits are set in the fake sysfs
    assert value(live, "myflix_vpn_up") == 1
    assert value(live, "myflix_vpn_leak") == 0  # Gluetun's public IP is not the home IP
    assert value(live, "myflix_forwarded_port") == live.qbittorrent.listen_port
    assert value(live, "myflix_qbittorrent_listen_port") == live.qbittorrent.listen_port
    assert value(live, "myflix_port_in_sync") == 1
    assert value(live, 'myflix_torrents{state="seeding"}') == 1
    assert value(live, "sum(myflix_torrents)") == 1
    assert value(live, "myflix_vpn_receive_bytes_total") == TUNNEL_RX
    assert value(live, "myflix_vpn_transmit_bytes_total") == TUNNEL_TX
    for tier, path in live.tiers.items():
        st = os.statvfs(path)
        size = (st.f_blocks - st.f_bfree + st.f_bavail) * st.f_frsize
        assert value(live, f'myflix_storage_size_bytes{{tier="{tier}"}}') == size
        assert value(live, f'myflix_storage_used_bytes{{tier="{tier}"}}') > 0


def test_every_watcher_runs_without_errors_and_exports_its_interval(live_stack: LiveStack) -> None:
    live = live_stack
    defaults = WatchersConfig()
    for name in WATCHER_NAMES:
        interval = getattr(defaults, name).interval
        assert value(live, f'myflix_watcher_interval_seconds{{watcher="{name}"}}') == interval
        assert value(live, f'myflix_watcher_errors_total{{watcher="{name}"}}') == 0
        age = value(live, f'time() - myflix_watcher_last_success_timestamp_seconds{{watcher="{name}"}}')
        assert 0 <= age < interval + 60, f"watcher {name}: last success {age:.0f} s ago"


def test_auto_heal_exports_a_zero_restart_counter_for_each_watched_container(live_stack: LiveStack) -> None:
    # A counter that only appears at its first increment hides that restart from increase(): the
    # restart-storm alert and the "Container restarts" panel need the series at 0 beforehand.
    promql = f'myflix_container_restarts_total{{container="{live_stack.container}"}}'
    assert value(live_stack, promql) == 0
    assert value(live_stack, f"increase({promql}[1m])") == 0
