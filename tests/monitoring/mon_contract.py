"""The Myflix exporter's metric contract (issue 8, plus what the dashboards and alerts need), and a
prometheus-client exporter that serves it with realistic values until the real exporter exists.

The contract is also written down, metric by metric, in roles/myflix_monitoring/README.md; a test
checks that the two lists agree and that every ``myflix_*`` name in the rules and dashboards is in it.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from prometheus_client import start_http_server
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry


@dataclass(frozen=True)
class ContractMetric:
    name: str  # as exposed (counters with their _total suffix)
    kind: str  # gauge | counter
    labels: tuple[str, ...] = ()


CONTRACT: tuple[ContractMetric, ...] = (
    ContractMetric("myflix_cpu_temperature_celsius", "gauge"),
    ContractMetric("myflix_throttled", "gauge"),
    ContractMetric("myflix_vpn_up", "gauge"),
    ContractMetric("myflix_vpn_leak", "gauge"),
    ContractMetric("myflix_forwarded_port", "gauge"),
    ContractMetric("myflix_qbittorrent_listen_port", "gauge"),
    ContractMetric("myflix_port_in_sync", "gauge"),
    ContractMetric("myflix_storage_used_bytes", "gauge", ("tier",)),
    ContractMetric("myflix_storage_size_bytes", "gauge", ("tier",)),
    ContractMetric("myflix_qbittorrent_download_bytes_per_second", "gauge"),
    ContractMetric("myflix_qbittorrent_upload_bytes_per_second", "gauge"),
    ContractMetric("myflix_torrents", "gauge", ("state",)),
    ContractMetric("myflix_container_restarts_total", "counter", ("container",)),
    ContractMetric("myflix_gc_removed_total", "counter"),
    ContractMetric("myflix_watcher_last_success_timestamp_seconds", "gauge", ("watcher",)),
    ContractMetric("myflix_watcher_errors_total", "counter", ("watcher",)),
    # Additions requested by the monitoring role (see the role README):
    ContractMetric("myflix_watcher_interval_seconds", "gauge", ("watcher",)),
    ContractMetric("myflix_vpn_receive_bytes_total", "counter"),
    ContractMetric("myflix_vpn_transmit_bytes_total", "counter"),
)

CONTRACT_NAMES = frozenset(m.name for m in CONTRACT)

WATCHERS = ("thermal", "port_sync", "autoheal", "gc", "trackers", "leak_guard")
CONTAINERS = ("gluetun", "qbittorrent", "radarr", "sonarr", "prowlarr", "jellyfin")
TORRENT_STATES = ("downloading", "seeding", "paused", "stalled", "checking", "error")


class ContractCollector(Collector):
    """Every contract metric with plausible values of a healthy Pi; counters grow with time."""

    def __init__(self) -> None:
        self.started = time.time()

    def collect(self) -> Iterator[Metric]:
        now = time.time()
        elapsed = now - self.started

        def gauge(name: str, value: float, **labels: str) -> GaugeMetricFamily:
            family = GaugeMetricFamily(name, f"contract test value of {name}", labels=list(labels))
            family.add_metric(list(labels.values()), value)
            return family

        yield gauge("myflix_cpu_temperature_celsius", 58.4)
        yield gauge("myflix_throttled", 0)
        yield gauge("myflix_vpn_up", 1)
        yield gauge("myflix_vpn_leak", 0)
        yield gauge("myflix_forwarded_port", 51413)
        yield gauge("myflix_qbittorrent_listen_port", 51413)
        yield gauge("myflix_port_in_sync", 1)

        used = GaugeMetricFamily("myflix_storage_used_bytes", "used bytes per tier", labels=["tier"])
        size = GaugeMetricFamily("myflix_storage_size_bytes", "size in bytes per tier", labels=["tier"])
        for tier, used_bytes, size_bytes in (("fast", 180e9, 500e9), ("mass", 3.1e12, 4e12)):
            used.add_metric([tier], used_bytes)
            size.add_metric([tier], size_bytes)
        yield used
        yield size

        yield gauge("myflix_qbittorrent_download_bytes_per_second", 4.2e6)
        yield gauge("myflix_qbittorrent_upload_bytes_per_second", 1.1e6)
        torrents = GaugeMetricFamily("myflix_torrents", "torrents per state", labels=["state"])
        for index, state in enumerate(TORRENT_STATES):
            torrents.add_metric([state], float(6 - index))
        yield torrents

        restarts = CounterMetricFamily(
            "myflix_container_restarts", "restarts by auto-heal", labels=["container"]
        )
        for index, container in enumerate(CONTAINERS):
            restarts.add_metric([container], float(index % 2))
        yield restarts
        gc_removed = CounterMetricFamily("myflix_gc_removed", "torrents removed by the GC")
        gc_removed.add_metric([], 12 + elapsed // 2)
        yield gc_removed

        last = GaugeMetricFamily(
            "myflix_watcher_last_success_timestamp_seconds", "last success", labels=["watcher"]
        )
        interval = GaugeMetricFamily(
            "myflix_watcher_interval_seconds", "watcher interval", labels=["watcher"]
        )
        errors = CounterMetricFamily("myflix_watcher_errors", "watcher errors", labels=["watcher"])
        for index, watcher in enumerate(WATCHERS):
            last.add_metric([watcher], now - 5 * index)
            interval.add_metric([watcher], 30.0)
            errors.add_metric([watcher], float(index))
        yield last
        yield interval
        yield errors

        vpn_in = CounterMetricFamily("myflix_vpn_receive_bytes", "bytes received on the VPN tunnel")
        vpn_in.add_metric([], 1e9 + 4.3e6 * elapsed)
        yield vpn_in
        vpn_out = CounterMetricFamily("myflix_vpn_transmit_bytes", "bytes sent on the VPN tunnel")
        vpn_out.add_metric([], 2e8 + 1.2e6 * elapsed)
        yield vpn_out


@dataclass(frozen=True)
class ContractExporter:
    host: str
    port: int

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"


@contextmanager
def serve_contract_exporter() -> Iterator[ContractExporter]:
    """Serve the contract metrics on 127.0.0.1 (a free port) until the context ends."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(ContractCollector())
    server, thread = start_http_server(0, addr="127.0.0.1", registry=registry)
    try:
        yield ContractExporter("127.0.0.1", int(server.server_address[1]))
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
