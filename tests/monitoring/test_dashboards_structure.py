"""The dashboards are valid Grafana JSON: the provisioned datasource, a sound grid, unique ids, queries."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import yaml
from mon_dashboards import iter_panels, load_dashboards, panel_queries, substitute
from mon_render import ROLE

DASHBOARDS = load_dashboards()
DEFAULTS = yaml.safe_load((ROLE / "defaults" / "main.yml").read_text())
DATASOURCE_UID = DEFAULTS["myflix_monitoring_grafana_datasource_uid"]
GRID_WIDTH = 24


def test_the_four_seed_views_exist() -> None:
    uids = {d["uid"] for d in DASHBOARDS.values()}
    assert {"myflix-connectivity", "myflix-system", "myflix-network", "myflix-storage"} <= uids
    assert len(uids) == len(DASHBOARDS), "two dashboards share a uid"


def test_provisioned_datasource_carries_the_uid_the_dashboards_use(rendered: dict[str, Any]) -> None:
    provisioned = yaml.safe_load(rendered["grafana-datasource.yml"].read_text())
    (datasource,) = provisioned["datasources"]
    assert datasource["uid"] == DATASOURCE_UID
    assert datasource["type"] == "prometheus"
    port = DEFAULTS["myflix_monitoring_prometheus_port"]
    assert datasource["url"] == f"http://127.0.0.1:{port}"


@pytest.mark.parametrize("name", DASHBOARDS)
def test_every_datasource_reference_is_the_provisioned_one(name: str) -> None:
    dashboard = DASHBOARDS[name]
    refs = [("templating " + v["name"], v.get("datasource")) for v in dashboard["templating"]["list"]]
    for panel in iter_panels(dashboard):
        refs.append((f"panel {panel['id']}", panel.get("datasource")))
        refs.extend((f"panel {panel['id']} target", t.get("datasource")) for t in panel.get("targets", []))
    wrong = [(where, ref) for where, ref in refs if ref != {"type": "prometheus", "uid": DATASOURCE_UID}]
    assert not wrong, f"{name}: datasource references that are not {DATASOURCE_UID!r}: {wrong}"


@pytest.mark.parametrize("name", DASHBOARDS)
def test_grid_positions_fit_and_do_not_overlap(name: str) -> None:
    panels = list(iter_panels(DASHBOARDS[name]))
    for panel in panels:
        grid = panel["gridPos"]
        assert all(isinstance(grid[k], int) for k in "xywh"), f"panel {panel['id']}: {grid}"
        assert min(grid["x"], grid["y"]) >= 0, f"panel {panel['id']}: {grid}"
        assert min(grid["w"], grid["h"]) > 0, f"panel {panel['id']}: {grid}"
        assert grid["x"] + grid["w"] <= GRID_WIDTH, f"panel {panel['id']} sticks out: {grid}"
    for a, b in itertools.combinations(panels, 2):
        ga, gb = a["gridPos"], b["gridPos"]
        apart = (
            ga["x"] + ga["w"] <= gb["x"]
            or gb["x"] + gb["w"] <= ga["x"]
            or ga["y"] + ga["h"] <= gb["y"]
            or gb["y"] + gb["h"] <= ga["y"]
        )
        assert apart, f"{name}: panels {a['id']} and {b['id']} overlap: {ga} / {gb}"


@pytest.mark.parametrize("name", DASHBOARDS)
def test_panel_ids_are_unique_and_every_panel_has_queries(name: str) -> None:
    panels = list(iter_panels(DASHBOARDS[name]))
    ids = [p["id"] for p in panels]
    assert len(ids) == len(set(ids)), f"{name}: duplicate panel ids {sorted(ids)}"
    for panel in panels:
        if panel["type"] == "row":
            continue
        targets = panel.get("targets", [])
        assert targets, f"{name}: panel {panel['id']} {panel['title']!r} has no targets"
        empty = [t.get("refId") for t in targets if not t.get("expr", "").strip()]
        assert not empty, f"{name}: panel {panel['id']} has empty queries {empty}"
        ref_ids = [t["refId"] for t in targets]
        assert len(ref_ids) == len(set(ref_ids)), f"{name}: panel {panel['id']} repeats a refId"


def test_substitution_replaces_every_variable_form() -> None:
    expr = 'rate(x{d=~"$disk",i=~"${iface}",j="[[job]]",k="${iface:regex}"}[$__rate_interval])'
    out = substitute(expr, {"disk": "sd.+", "iface": "eth0", "job": "node"})
    assert out == 'rate(x{d=~"sd.+",i=~"eth0",j="node",k="eth0"}[15s])'
    with pytest.raises(KeyError, match="unknown dashboard variable"):
        substitute("up{x=~'$nope'}", {})


def test_every_panel_query_only_uses_declared_variables() -> None:
    for name, dashboard in DASHBOARDS.items():
        declared = {v["name"]: "x" for v in dashboard["templating"]["list"]}
        for query in panel_queries(name, dashboard):
            substitute(query.expr, declared)  # raises on an undeclared variable
