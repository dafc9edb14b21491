"""A real Prometheus on 127.0.0.1 with a temporary TSDB and a generated scrape config.

    with start_prometheus({"node": [node.target], "bot": ["127.0.0.1:9101"]}) as prom:
        prom.wait_for('up{job="node"} == 1')      # polls until the first scrape landed
        prom.query("node_uname_info")             # -> list of {"metric": {...}, "value": [ts, "1"]}

The first scrape of a fresh Prometheus lands a few seconds after start, so helpers poll
``/api/v1/query`` until a series appears instead of sleeping.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from myflix_testkit.services.process import (
    LOOPBACK,
    ManagedProcess,
    free_port,
    require_binary,
    retry_on_port_clash,
    start_and_wait,
    state_directory,
    tail,
)

PROMETHEUS_BINARY = "/usr/bin/prometheus"
START_TIMEOUT = 30.0
SERIES_TIMEOUT = 30.0

Targets = Mapping[str, Sequence[str]]


class PrometheusQueryError(RuntimeError):
    """Prometheus refused a query (bad PromQL) or answered with an error status."""


def render_config(
    targets: Targets, *, scrape_interval: str, extra_scrape_configs: Sequence[Mapping[str, Any]] = ()
) -> str:
    """A prometheus.yml (JSON is YAML) with one static job per entry of ``targets``."""
    scrape_configs: list[Mapping[str, Any]] = [
        {"job_name": job, "static_configs": [{"targets": list(hosts)}]} for job, hosts in targets.items()
    ]
    scrape_configs.extend(extra_scrape_configs)
    config = {
        "global": {"scrape_interval": scrape_interval, "scrape_timeout": scrape_interval},
        "scrape_configs": scrape_configs,
    }
    return json.dumps(config, indent=2) + "\n"


@dataclass(frozen=True)
class PrometheusService:
    """A running Prometheus; ``url`` is its root, e.g. ``http://127.0.0.1:40123``."""

    url: str
    host: str
    port: int
    pid: int
    config_path: Path
    tsdb_dir: Path
    log_path: Path
    scrape_interval: str

    def query(self, promql: str) -> list[dict[str, Any]]:
        """Run an instant query; returns ``data.result`` (a vector: one dict per series)."""
        response = httpx.get(
            f"{self.url}/api/v1/query", params={"query": promql}, timeout=15, trust_env=False
        )
        body = response.json()
        if response.status_code != 200 or body.get("status") != "success":
            raise PrometheusQueryError(
                f"query {promql!r}: HTTP {response.status_code} {body.get('errorType')}: {body.get('error')}"
            )
        result = body["data"]["result"]
        if body["data"]["resultType"] != "vector":
            return [{"metric": {}, "value": result}]
        return list(result)

    def query_value(self, promql: str) -> float:
        """The value of a query that returns exactly one series."""
        result = self.query(promql)
        if len(result) != 1:
            raise PrometheusQueryError(f"query {promql!r} returned {len(result)} series, expected 1")
        return float(result[0]["value"][1])

    def wait_for(self, promql: str, timeout: float = SERIES_TIMEOUT) -> list[dict[str, Any]]:
        """Poll ``promql`` until it returns at least one series; fails with the targets' state."""
        deadline = time.monotonic() + timeout
        while True:
            result = self.query(promql)
            if result:
                return result
            if time.monotonic() >= deadline:
                raise TimeoutError(
                    f"no series for {promql!r} within {timeout:.0f} s; scrape targets: "
                    f"{self.target_health()}\nlast Prometheus log lines:\n{tail(self.log_path, 15)}"
                )
            time.sleep(0.2)

    def target_health(self) -> list[dict[str, str]]:
        """Each active target's job, URL, health and last scrape error."""
        response = httpx.get(f"{self.url}/api/v1/targets", timeout=15, trust_env=False)
        response.raise_for_status()
        return [
            {
                "job": target["labels"].get("job", ""),
                "url": target["scrapeUrl"],
                "health": target["health"],
                "error": target["lastError"],
            }
            for target in response.json()["data"]["activeTargets"]
        ]

    def set_targets(self, targets: Targets) -> None:
        """Rewrite the scrape config with new static targets and reload Prometheus."""
        self.config_path.write_text(render_config(targets, scrape_interval=self.scrape_interval))
        response = httpx.post(f"{self.url}/-/reload", timeout=30, trust_env=False)
        if response.status_code != 200:
            raise RuntimeError(f"reload failed: HTTP {response.status_code} {response.text.strip()}")


@contextmanager
def start_prometheus(
    targets: Targets | None = None,
    *,
    scrape_interval: str = "1s",
    extra_scrape_configs: Sequence[Mapping[str, Any]] = (),
    state_dir: Path | None = None,
    binary: str = PROMETHEUS_BINARY,
    timeout: float = START_TIMEOUT,
    retention: str = "1h",
) -> Iterator[PrometheusService]:
    """Start Prometheus on a free 127.0.0.1 port scraping ``targets`` ({job: ["host:port", ...]}).

    The TSDB and config live under ``state_dir`` (default: a temporary directory removed afterwards);
    blocks already in ``state_dir/tsdb`` (``promtool tsdb create-blocks-from``) are served, older
    than ``retention`` only if it is long enough to keep them.
    Returns once ``/-/ready`` answers 200; use :meth:`PrometheusService.wait_for` for the first data.
    """
    exe = require_binary(binary)
    with state_directory(state_dir, "myflix-prometheus-") as root:
        config_path = root / "prometheus.yml"
        tsdb_dir = root / "tsdb"
        config_path.write_text(
            render_config(
                targets or {}, scrape_interval=scrape_interval, extra_scrape_configs=extra_scrape_configs
            )
        )

        def start_once() -> tuple[ManagedProcess, PrometheusService]:
            port = free_port()
            url = f"http://{LOOPBACK}:{port}"
            process = ManagedProcess(
                [
                    exe,
                    f"--config.file={config_path}",
                    f"--storage.tsdb.path={tsdb_dir}",
                    f"--web.listen-address={LOOPBACK}:{port}",
                    "--web.enable-lifecycle",
                    f"--storage.tsdb.retention.time={retention}",
                ],
                root / "prometheus.log",
            )

            def ready() -> bool | None:
                response = httpx.get(f"{url}/-/ready", timeout=2, trust_env=False)
                return True if response.status_code == 200 else None

            start_and_wait(process, ready, timeout=timeout, what="Prometheus /-/ready")
            return process, PrometheusService(
                url=url,
                host=LOOPBACK,
                port=port,
                pid=process.pid,
                config_path=config_path,
                tsdb_dir=tsdb_dir,
                log_path=process.log_path,
                scrape_interval=scrape_interval,
            )

        process, service = retry_on_port_clash(start_once)
        try:
            yield service
        finally:
            process.stop()
