"""A real Prometheus scraping a prometheus-client exporter started here and a real node-exporter."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import prometheus_client
import pytest
from myflix_testkit.services import (
    NodeExporterService,
    PrometheusQueryError,
    PrometheusService,
    start_prometheus,
)
from myflix_testkit.services.process import LOOPBACK, free_port


@pytest.fixture(scope="module")
def exporter() -> Iterator[str]:
    """A prometheus-client exporter on 127.0.0.1 with one gauge and one labelled counter."""
    registry = prometheus_client.CollectorRegistry()
    gauge = prometheus_client.Gauge("myflix_test_temperature_celsius", "a test gauge", registry=registry)
    gauge.set(42.5)
    counter = prometheus_client.Counter("myflix_test_events", "a test counter", ["kind"], registry=registry)
    counter.labels(kind="heal").inc(3)
    port = free_port()
    server, thread = prometheus_client.start_http_server(port, addr=LOOPBACK, registry=registry)
    try:
        yield f"{LOOPBACK}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="module")
def prom(
    exporter: str, node_exporter: NodeExporterService, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PrometheusService]:
    targets = {"app": [exporter], "node": [node_exporter.target]}
    with start_prometheus(targets, state_dir=tmp_path_factory.mktemp("prom")) as service:
        yield service


def test_query_returns_the_value_the_exporter_exported(prom: PrometheusService, exporter: str) -> None:
    result = prom.wait_for('myflix_test_temperature_celsius{job="app"}')
    assert [float(r["value"][1]) for r in result] == [42.5]
    assert result[0]["metric"]["instance"] == exporter
    assert prom.query_value('myflix_test_events_total{kind="heal"}') == 3.0
    assert prom.query_value("sum(myflix_test_temperature_celsius) * 2") == 85.0


def test_node_exporter_is_scraped(prom: PrometheusService, node_exporter: NodeExporterService) -> None:
    up = prom.wait_for('up{job="node"} == 1')
    assert up[0]["metric"]["instance"] == node_exporter.target
    uname = prom.wait_for('node_uname_info{job="node"}')
    assert uname[0]["metric"]["sysname"] == os.uname().sysname
    health = {t["job"]: t["health"] for t in prom.target_health()}
    assert health == {"app": "up", "node": "up"}


def test_bad_promql_raises_with_prometheus_reason(prom: PrometheusService) -> None:
    with pytest.raises(PrometheusQueryError, match="parse error"):
        prom.query("sum(")
    with pytest.raises(PrometheusQueryError, match="returned 0 series"):
        prom.query_value('up{job="no-such-job"}')


def test_prometheus_listens_on_loopback_with_private_state(prom: PrometheusService) -> None:
    assert prom.host == "127.0.0.1"
    assert prom.tsdb_dir.is_dir()
    assert any(prom.tsdb_dir.iterdir())  # the TSDB is ours, not /var/lib/prometheus
    assert "scrape_interval" in prom.config_path.read_text()
    flags = httpx.get(f"{prom.url}/api/v1/status/flags", trust_env=False).json()["data"]
    assert flags["web.listen-address"] == f"127.0.0.1:{prom.port}"
    assert flags["storage.tsdb.path"] == str(prom.tsdb_dir)


def test_prometheus_fixture_scrapes_node_and_set_targets_reloads(
    prometheus: PrometheusService, exporter: str, node_exporter: NodeExporterService
) -> None:
    up = prometheus.wait_for('up{job="node"} == 1')
    assert up[0]["metric"]["instance"] == node_exporter.target
    prometheus.set_targets({"app2": [exporter]})
    result = prometheus.wait_for('myflix_test_temperature_celsius{job="app2"}')
    assert float(result[0]["value"][1]) == 42.5
    assert {t["job"] for t in prometheus.target_health()} == {"app2"}


def test_it_is_stopped_by_pid_and_its_temporary_state_removed() -> None:
    with start_prometheus({}) as prom:
        pid, root = prom.pid, prom.config_path.parent
        assert httpx.get(f"{prom.url}/-/ready", trust_env=False).status_code == 200
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not Path(root).exists()


def test_node_exporter_serves_metrics_without_systemd(node_exporter: NodeExporterService) -> None:
    text = node_exporter.metrics()
    assert "node_uname_info{" in text
    assert 'node_scrape_collector_success{collector="cpu"} 1' in text
    assert 'collector="systemd"' not in text
    assert node_exporter.host == "127.0.0.1"
