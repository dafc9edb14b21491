"""A real prometheus-node-exporter on 127.0.0.1 (systemd collector off: test hosts may lack systemd).

with start_node_exporter() as node:
    node.target        # "127.0.0.1:40123", for a Prometheus scrape config
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from myflix_testkit.services.process import (
    LOOPBACK,
    ManagedProcess,
    free_port,
    require_binary,
    retry_on_port_clash,
    start_and_wait,
    state_directory,
)

NODE_EXPORTER_BINARY = "/usr/bin/prometheus-node-exporter"
START_TIMEOUT = 30.0


@dataclass(frozen=True)
class NodeExporterService:
    """A running node-exporter; ``url`` is its root, ``target`` the ``host:port`` to scrape."""

    url: str
    host: str
    port: int
    pid: int
    log_path: Path

    @property
    def target(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def metrics_url(self) -> str:
        return f"{self.url}/metrics"

    def metrics(self) -> str:
        """One scrape of /metrics, as text."""
        response = httpx.get(self.metrics_url, timeout=15, trust_env=False)
        response.raise_for_status()
        return response.text


@contextmanager
def start_node_exporter(
    *,
    state_dir: Path | None = None,
    extra_args: Sequence[str] = (),
    binary: str = NODE_EXPORTER_BINARY,
    timeout: float = START_TIMEOUT,
) -> Iterator[NodeExporterService]:
    """Start node-exporter on a free 127.0.0.1 port and stop it by PID on exit."""
    exe = require_binary(binary)
    with state_directory(state_dir, "myflix-node-exporter-") as root:

        def start_once() -> tuple[ManagedProcess, NodeExporterService]:
            port = free_port()
            process = ManagedProcess(
                [exe, "--no-collector.systemd", f"--web.listen-address={LOOPBACK}:{port}", *extra_args],
                root / "node-exporter.log",
            )
            service = NodeExporterService(
                url=f"http://{LOOPBACK}:{port}", host=LOOPBACK, port=port, pid=0, log_path=process.log_path
            )

            def serving() -> bool | None:
                return True if "node_exporter_build_info" in service.metrics() else None

            start_and_wait(process, serving, timeout=timeout, what="node-exporter /metrics")
            return process, dataclasses.replace(service, pid=process.pid)

        process, service = retry_on_port_clash(start_once)
        try:
            yield service
        finally:
            process.stop()
