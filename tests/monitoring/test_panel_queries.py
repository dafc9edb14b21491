"""Every dashboard panel query returns data from a real Prometheus.

A real Prometheus (127.0.0.1, temporary TSDB) scrapes a real node-exporter started with the role's own
collector flags, and an exporter that serves the Myflix metric contract (mon_contract). Each panel's
PromQL, with the dashboard variables resolved as Grafana would, must return at least one series with a
finite value. When the real Myflix exporter exists (issue 8), it replaces the contract exporter here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from mon_contract import serve_contract_exporter
from mon_dashboards import PanelQuery, load_dashboards, panel_queries, resolve_variables, substitute
from mon_render import env_file_args
from myflix_testkit.services.node_exporter import start_node_exporter
from myflix_testkit.services.prometheus import PrometheusService, start_prometheus

DASHBOARDS = load_dashboards()
QUERIES = [q for name, d in DASHBOARDS.items() for q in panel_queries(name, d)]
SAMPLES_NEEDED = 6  # enough one-second scrapes for rate() over the 15 s $__rate_interval


@pytest.fixture(scope="module")
def live_prometheus(
    rendered: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PrometheusService]:
    role_flags = [
        arg for arg in env_file_args(rendered["node_exporter.default"]) if not arg.startswith("--web.")
    ]
    with (
        start_node_exporter(state_dir=tmp_path_factory.mktemp("node"), extra_args=role_flags) as node,
        serve_contract_exporter() as exporter,
        start_prometheus(
            {"node": [node.target], "myflix": [exporter.target]},
            state_dir=tmp_path_factory.mktemp("prometheus"),
        ) as prometheus,
    ):
        for job in ("node", "myflix"):
            prometheus.wait_for(f'count_over_time(up{{job="{job}"}}[1m]) >= {SAMPLES_NEEDED}', timeout=60)
        yield prometheus


def label_values_from(prometheus: PrometheusService) -> Callable[[str | None, str], list[str]]:
    def label_values(selector: str | None, label: str) -> list[str]:
        series = prometheus.query(f"group by ({label}) ({selector or '{__name__=~".+"}'})")
        return sorted({s["metric"][label] for s in series if label in s["metric"]})

    return label_values


def test_both_jobs_are_scraped(live_prometheus: PrometheusService) -> None:
    health = {t["job"]: t["health"] for t in live_prometheus.target_health()}
    assert health == {"node": "up", "myflix": "up"}, live_prometheus.target_health()


def test_node_exporter_runs_only_the_role_collectors(live_prometheus: PrometheusService) -> None:
    collectors = {
        s["metric"]["collector"] for s in live_prometheus.query('node_scrape_collector_success{job="node"}')
    }
    assert "systemd" not in collectors
    assert {"cpu", "diskstats", "filesystem", "meminfo", "netdev", "loadavg"} <= collectors


@pytest.mark.parametrize("query", QUERIES, ids=[q.where for q in QUERIES])
def test_panel_query_returns_data(live_prometheus: PrometheusService, query: PanelQuery) -> None:
    variables = resolve_variables(DASHBOARDS[query.dashboard], label_values_from(live_prometheus))
    promql = substitute(query.expr, variables)
    result = live_prometheus.query(promql)
    assert result, f"{query.where}: no series for {promql!r}"
    values = [float(series["value"][1]) for series in result]
    assert any(math.isfinite(v) for v in values), f"{query.where}: only NaN/Inf for {promql!r}: {values}"


def test_a_query_of_a_metric_outside_the_contract_returns_nothing(live_prometheus: PrometheusService) -> None:
    # Guards the test above: an empty panel is detected, not papered over.
    assert live_prometheus.query("myflix_not_a_contract_metric") == []
