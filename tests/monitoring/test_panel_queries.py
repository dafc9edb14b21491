"""Every dashboard panel query returns data from a real Prometheus scraping the real Myflix exporter.

The live stack (mon_live): a real Prometheus (127.0.0.1, temporary TSDB) scrapes a real node-exporter
started with the role's own collector flags, and the bot's own exporter, served by the real bot runtime
whose cache and watchers are fed by qbittorrent-nox, the Gluetun/Radarr/Sonarr fakes, a fake sysfs and
the real Docker engine. Each panel's PromQL, with the dashboard variables resolved as Grafana would,
must return at least one series with a finite value.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from mon_dashboards import PanelQuery, load_dashboards, panel_queries, resolve_variables, substitute
from mon_live import LiveStack
from myflix_testkit.services.prometheus import PrometheusService

DASHBOARDS = load_dashboards()
QUERIES = [q for name, d in DASHBOARDS.items() for q in panel_queries(name, d)]


def label_values_from(prometheus: PrometheusService) -> Callable[[str | None, str], list[str]]:
    def label_values(selector: str | None, label: str) -> list[str]:
        series = prometheus.query(f"group by ({label}) ({selector or '{__name__=~".+"}'})")
        return sorted({s["metric"][label] for s in series if label in s["metric"]})

    return label_values


def test_both_jobs_are_scraped(live_stack: LiveStack) -> None:
    health = {t["job"]: t["health"] for t in live_stack.prometheus.target_health()}
    assert health == {"node": "up", "myflix": "up"}, live_stack.prometheus.target_health()


def test_the_myflix_job_is_the_bots_exporter(live_stack: LiveStack) -> None:
    (target,) = [t for t in live_stack.prometheus.target_health() if t["job"] == "myflix"]
    assert target["url"] == live_stack.bot.metrics_url


def test_node_exporter_runs_only_the_role_collectors(live_stack: LiveStack) -> None:
    collectors = {
        s["metric"]["collector"]
        for s in live_stack.prometheus.query('node_scrape_collector_success{job="node"}')
    }
    assert "systemd" not in collectors
    assert {"cpu", "diskstats", "filesystem", "meminfo", "netdev", "loadavg"} <= collectors


@pytest.mark.parametrize("query", QUERIES, ids=[q.where for q in QUERIES])
def test_panel_query_returns_data(live_stack: LiveStack, query: PanelQuery) -> None:
    prometheus = live_stack.prometheus
    variables = resolve_variables(DASHBOARDS[query.dashboard], label_values_from(prometheus))
    promql = substitute(query.expr, variables)
    result = prometheus.query(promql)
    assert result, f"{query.where}: no series for {promql!r}"
    values = [float(series["value"][1]) for series in result]
    assert any(math.isfinite(v) for v in values), f"{query.where}: only NaN/Inf for {promql!r}: {values}"


def test_a_query_of_a_metric_the_exporter_does_not_serve_returns_nothing(live_stack: LiveStack) -> None:
    # Guards the test above: an empty panel is detected, not papered over.
    assert live_stack.prometheus.query("myflix_not_a_contract_metric") == []
