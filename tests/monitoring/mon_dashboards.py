"""Read the role's Grafana dashboards: panels, their PromQL, and Grafana's variable substitution.

Substitution follows Grafana's rules for what the dashboards use: ``$name``, ``${name}``,
``${name:format}`` and ``[[name]]``; the built-in interval variables get fixed values suited to a
test Prometheus that scrapes every second; a query variable set to "All" becomes its ``allValue``,
or the regex alternation of its values when it has none; other variables take their current value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mon_render import ROLE

DASHBOARD_DIR = ROLE / "files" / "dashboards"

# Built-ins for a Prometheus scraping every second (Grafana: $__rate_interval >= 4 scrape intervals).
BUILTINS: dict[str, str] = {
    "__rate_interval": "15s",
    "__interval": "15s",
    "__interval_ms": "15000",
    "__range": "1h",
    "__range_s": "3600",
    "__range_ms": "3600000",
}

_VARIABLE = re.compile(r"\$(\w+)|\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)\]\]")
_LABEL_VALUES = re.compile(r"^\s*label_values\((?:(?P<selector>.+),\s*)?(?P<label>\w+)\s*\)\s*$")


@dataclass(frozen=True)
class PanelQuery:
    dashboard: str
    panel_id: int
    panel_title: str
    ref_id: str
    expr: str

    @property
    def where(self) -> str:
        return f"{self.dashboard} panel {self.panel_id} {self.panel_title!r} target {self.ref_id}"


def load_dashboards(directory: Path = DASHBOARD_DIR) -> dict[str, dict[str, Any]]:
    """File name -> parsed dashboard, for every ``*.json`` in the directory."""
    return {path.name: json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))}


def iter_panels(dashboard: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    """Every panel, rows included, and the panels nested in collapsed rows."""
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def panel_queries(name: str, dashboard: Mapping[str, Any]) -> list[PanelQuery]:
    """The PromQL of every target of every non-row panel."""
    return [
        PanelQuery(name, panel["id"], panel.get("title", ""), target.get("refId", "?"), target["expr"])
        for panel in iter_panels(dashboard)
        if panel.get("type") != "row"
        for target in panel.get("targets", [])
        if "expr" in target
    ]


def variable_query(variable: Mapping[str, Any]) -> str:
    query = variable.get("query", "")
    return str(query.get("query", "")) if isinstance(query, Mapping) else str(query)


def parse_label_values(query: str) -> tuple[str | None, str]:
    """``label_values(selector, label)`` -> (selector or None, label)."""
    match = _LABEL_VALUES.match(query)
    if match is None:
        raise ValueError(f"unsupported variable query {query!r}; use label_values(selector, label)")
    return match.group("selector"), match.group("label")


def resolve_variables(
    dashboard: Mapping[str, Any], label_values: Callable[[str | None, str], list[str]]
) -> dict[str, str]:
    """Each templating variable -> the text Grafana would put in a query, resolved as described above."""
    values: dict[str, str] = {}
    for variable in dashboard.get("templating", {}).get("list", []):
        name = variable["name"]
        current = variable.get("current", {}).get("value")
        selected = current if isinstance(current, list) else [current]
        if variable.get("type") == "query":
            options = label_values(*parse_label_values(variable_query(variable)))
            if not options:
                raise LookupError(f"variable ${name}: {variable_query(variable)!r} has no values")
            if "$__all" in selected and variable.get("includeAll"):
                all_value = variable.get("allValue")
                values[name] = all_value or "(" + "|".join(re.escape(o) for o in options) + ")"
            else:
                values[name] = "|".join(str(v) for v in selected)
        else:
            values[name] = "|".join(str(v) for v in selected)
    return values


def substitute(expr: str, values: Mapping[str, str]) -> str:
    """Replace every variable reference in ``expr``; an unknown variable is an error."""
    merged = {**BUILTINS, **values}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2) or match.group(4)
        if name not in merged:
            raise KeyError(f"unknown dashboard variable ${name} in {expr!r}")
        return merged[name]

    return _VARIABLE.sub(replace, expr)
