"""The Prometheus exporter: the ``myflix_*`` contract, served from memory.

Every value comes from the coordinator's snapshots (the RAM cache) and the watchers' own state; a
scrape never calls Radarr, Sonarr, qBittorrent or Gluetun. Labels are fixed small sets (tier names,
torrent state groups, watcher names, labelled container names): never an IP or a torrent name.
The metric list, with meanings, is in ``files/bot/README.md`` and ``roles/myflix_monitoring/README.md``.

The HTTP endpoint (stdlib, one daemon thread, loopback by default) serves ``GET /metrics``,
``GET /-/healthy``, ``POST /-/port-sync`` (wakes the port-sync watcher: what
``myflix-bot port-sync-now`` calls) and the POST routes other features add (the alert endpoint).
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable, Iterator, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from myflix_bot.coordinator import Coordinator
from myflix_bot.models import ContainerInfo, QueueData, SystemData, VpnData
from myflix_bot.sources.health import probe_name
from myflix_bot.sources.system import CAPPED_NOW, SOFT_TEMP_NOW, THROTTLED_NOW, UNDERVOLTAGE_NOW

log = logging.getLogger(__name__)

TORRENT_STATES = ("downloading", "seeding", "paused", "stalled", "checking", "error")
STATE_GROUP = {
    "downloading": "downloading",
    "forcedDL": "downloading",
    "metaDL": "downloading",
    "forcedMetaDL": "downloading",
    "allocating": "downloading",
    "queuedDL": "downloading",
    "uploading": "seeding",
    "forcedUP": "seeding",
    "queuedUP": "seeding",
    "stalledUP": "seeding",
    "pausedUP": "paused",
    "pausedDL": "paused",
    "stoppedUP": "paused",
    "stoppedDL": "paused",
    "stalledDL": "stalled",
    "checkingUP": "checking",
    "checkingDL": "checking",
    "checkingResumeData": "checking",
    "moving": "checking",
    "error": "error",
    "missingFiles": "error",
    "unknown": "error",
}
THROTTLE_NOW_BITS = UNDERVOLTAGE_NOW | CAPPED_NOW | THROTTLED_NOW | SOFT_TEMP_NOW
NAN = math.nan
PROBE_PREFIX = probe_name("")
MAX_POST_BODY = 256 * 1024
# A POST route of another feature (the alert endpoint): (request headers, body) -> (status, body).
PostRoute = Callable[[Any, bytes], tuple[int, bytes]]


def read_netdev(path: str, interface: str) -> tuple[int, int] | None:
    """(received, transmitted) bytes of ``interface`` in a ``/proc/net/dev`` style file."""
    try:
        lines = Path(path).read_text().splitlines()
    except OSError:
        return None
    for line in lines[2:]:
        name, sep, rest = line.partition(":")
        if sep and name.strip() == interface:
            fields = rest.split()
            if len(fields) >= 9 and fields[0].isdigit() and fields[8].isdigit():
                return int(fields[0]), int(fields[8])
    return None


def _gauge(name: str, doc: str, value: float) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc)
    family.add_metric([], value)
    return family


class CacheCollector(Collector):
    """The contract metrics derived from the cache and the watchers (read-only, no I/O but one
    small file read for the VPN tunnel counters)."""

    def __init__(
        self,
        coordinator: Coordinator,
        *,
        home_ip: str | None = None,
        watchers: Mapping[str, Any] | None = None,
        netdev_path: str | None = None,
        netdev_interface: str = "tun0",
        tiers: tuple[str, ...] = (),
    ) -> None:
        self.coordinator = coordinator
        self.tiers = tiers  # the configured storage tiers: exported (size 0) before the first reading
        self.home_ip = home_ip
        self.watchers = watchers if watchers is not None else {}
        self.netdev_path = netdev_path
        self.netdev_interface = netdev_interface

    def _data(self, source: str) -> tuple[Any, bool]:
        """(last good data or None, whether the last refresh failed)."""
        if not self.coordinator.has(source):
            return None, False
        snap = self.coordinator.get(source)
        return snap.data, snap.error is not None

    def collect(self) -> Iterator[Metric]:
        yield from self._sources()
        yield from self._system()
        yield from self._vpn()
        yield from self._queue()
        yield from self._tunnel()
        yield from self._container_memory()

    def _sources(self) -> Iterator[Metric]:
        """One up/down series per polled source, from the start: 0 until its first good refresh."""
        family = GaugeMetricFamily(
            "myflix_source_up",
            "1 when the last refresh of the source succeeded, 0 when it failed or never succeeded.",
            labels=["source"],
        )
        for name in self.coordinator.names():
            if name.startswith(PROBE_PREFIX):  # a health probe of a source, not a source
                continue
            snap = self.coordinator.get(name)
            family.add_metric([name], 1.0 if snap.updated_at is not None and snap.error is None else 0.0)
        yield family

    def _system(self) -> Iterator[Metric]:
        system, _ = self._data("system")
        thermal = self.watchers.get("thermal")
        temp = getattr(thermal, "temperature", None)
        if temp is None and isinstance(system, SystemData):
            temp = system.cpu_temp
        # NaN (unknown) until a first reading, so the series and its alerts exist from the start
        yield _gauge(
            "myflix_cpu_temperature_celsius",
            "CPU temperature read by the thermal governor (NaN before a first reading).",
            NAN if temp is None else temp,
        )
        if not isinstance(system, SystemData) or system.throttled is not None:
            throttled = system.throttled if isinstance(system, SystemData) else None
            yield _gauge(
                "myflix_throttled",
                "1 while the Pi firmware reports throttling or under-voltage now, else 0 (NaN before a "
                "first reading; absent where the firmware does not expose it).",
                NAN if throttled is None else 1.0 if throttled & THROTTLE_NOW_BITS else 0.0,
            )
        if isinstance(system, SystemData):
            tiers = list(zip(system.storage_names, system.storage, strict=False))
        else:  # before the first reading: every configured tier at size 0 (unknown)
            tiers = [(name, None) for name in self.tiers]
        if tiers:
            used = GaugeMetricFamily(
                "myflix_storage_used_bytes", "Bytes used on the tier's filesystem.", labels=["tier"]
            )
            size = GaugeMetricFamily(
                "myflix_storage_size_bytes",
                "Size of the tier's filesystem (0 when not mounted or not read yet).",
                labels=["tier"],
            )
            for name, usage in tiers:
                used.add_metric([name], float(usage.used) if usage else 0.0)
                size.add_metric([name], float(usage.total) if usage else 0.0)
            yield used
            yield size

    def _vpn(self) -> Iterator[Metric]:
        if not self.coordinator.has("gluetun"):
            return
        vpn, failed = self._data("gluetun")
        up = isinstance(vpn, VpnData) and not failed and vpn.status == "running"
        yield _gauge("myflix_vpn_up", "1 when Gluetun reports the VPN connected, else 0.", 1.0 if up else 0.0)
        guard = self.watchers.get("leak_guard")
        leak: bool | None = getattr(guard, "leak", None) if guard is not None else None
        if leak is None and isinstance(vpn, VpnData) and up and self.home_ip and vpn.public_ip:
            leak = vpn.public_ip == self.home_ip
        yield _gauge(
            "myflix_vpn_leak",
            "1 when the public IP seen through Gluetun equals the home WAN IP, else 0.",
            1.0 if leak else 0.0,
        )
        forwarded = vpn.forwarded_port if isinstance(vpn, VpnData) and up else None
        yield _gauge(
            "myflix_forwarded_port", "The port Gluetun forwards (0 when none).", float(forwarded or 0)
        )
        queue, _ = self._data("qbittorrent")
        listen = queue.listen_port if isinstance(queue, QueueData) else None
        if listen is not None or self.coordinator.has("qbittorrent"):
            yield _gauge(
                "myflix_port_in_sync",
                "1 when qBittorrent listens on the forwarded port, else 0 (also while either is unknown).",
                1.0 if forwarded and forwarded == listen else 0.0,
            )

    def _queue(self) -> Iterator[Metric]:
        queue, _ = self._data("qbittorrent")
        if not isinstance(queue, QueueData):
            return
        if queue.listen_port is not None:
            yield _gauge(
                "myflix_qbittorrent_listen_port", "qBittorrent's listen port.", float(queue.listen_port)
            )
        yield _gauge(
            "myflix_qbittorrent_download_bytes_per_second",
            "qBittorrent's global download rate.",
            queue.download_speed,
        )
        yield _gauge(
            "myflix_qbittorrent_upload_bytes_per_second",
            "qBittorrent's global upload rate.",
            queue.upload_speed,
        )
        counts = dict.fromkeys(TORRENT_STATES, 0)
        for state, n in queue.state_counts:
            counts[STATE_GROUP.get(state, "error")] += n
        family = GaugeMetricFamily("myflix_torrents", "Torrents per state group.", labels=["state"])
        for state in TORRENT_STATES:
            family.add_metric([state], float(counts[state]))
        yield family

    def _tunnel(self) -> Iterator[Metric]:
        if not self.netdev_path:
            return
        counters = read_netdev(self.netdev_path, self.netdev_interface)
        if counters is None:
            return
        rx = CounterMetricFamily("myflix_vpn_receive_bytes", "Bytes received on Gluetun's tunnel interface.")
        rx.add_metric([], float(counters[0]))
        tx = CounterMetricFamily("myflix_vpn_transmit_bytes", "Bytes sent on Gluetun's tunnel interface.")
        tx.add_metric([], float(counters[1]))
        yield rx
        yield tx

    def _container_memory(self) -> Iterator[Metric]:
        """Memory use against the limit of each running container that has one (the stack's services)."""
        containers, _ = self._data("containers")
        if not isinstance(containers, tuple):
            return
        limited = [c for c in containers if isinstance(c, ContainerInfo) and c.memory_limit_bytes is not None]
        if not limited:
            return
        used = GaugeMetricFamily(
            "myflix_container_memory_bytes",
            "Memory the container uses (without reclaimable page cache), as its limit counts it.",
            labels=["container"],
        )
        limit = GaugeMetricFamily(
            "myflix_container_memory_limit_bytes",
            "The container's memory limit (mem_limit).",
            labels=["container"],
        )
        for c in limited:
            if c.memory_bytes is not None:  # an engine without memory stats: the limit alone
                used.add_metric([c.name], float(c.memory_bytes))
            limit.add_metric([c.name], float(c.memory_limit_bytes or 0))
        yield used
        yield limit


class _Handler(BaseHTTPRequestHandler):
    server: ExporterServer

    def log_message(self, format: str, *args: Any) -> None:
        return  # frugal: no access log

    def _send(self, status: int, body: bytes, content_type: str = "text/plain; charset=utf-8") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?", 1)[0]
        if path == "/metrics":
            self._send(200, generate_latest(self.server.registry), CONTENT_TYPE_LATEST)
        elif path == "/-/healthy":
            self._send(200, b"ok\n")
        else:
            self._send(404, b"not found\n")

    def do_POST(self) -> None:
        route = self.server.post_routes.get(self.path.split("?", 1)[0])
        if route is not None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_POST_BODY:
                self._send(413, b"too large\n")
                return
            status, body = route(self.headers, self.rfile.read(length))
            self._send(status, body)
        elif self.path.split("?", 1)[0] == "/-/port-sync":
            ok = self.server.on_port_sync is not None and self.server.on_port_sync()
            self._send(
                202 if ok else 409, b"port sync requested\n" if ok else b"port sync watcher not running\n"
            )
        else:
            self._send(404, b"not found\n")


class ExporterServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(
        self,
        host: str,
        port: int,
        registry: CollectorRegistry,
        on_port_sync: Callable[[], bool] | None = None,
        post_routes: Mapping[str, PostRoute] | None = None,
    ) -> None:
        super().__init__((host, port), _Handler)
        self.registry = registry
        self.on_port_sync = on_port_sync
        self.post_routes: Mapping[str, PostRoute] = post_routes or {}
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    def start(self) -> ExporterServer:
        self._thread = threading.Thread(target=self.serve_forever, name="exporter", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
