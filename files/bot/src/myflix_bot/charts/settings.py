"""The ``charts`` config section (optional)::

charts:
  prometheus_url: http://127.0.0.1:9090   # the monitoring role's Prometheus
  timeout: 10                             # seconds per query
  hours: 24                               # the span drawn
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from myflix_bot.config import Reader
from myflix_bot.secrets import Secret

SECTION = "charts"


@dataclass(frozen=True, slots=True)
class ChartSettings:
    prometheus_url: str = "http://127.0.0.1:9090"
    timeout: float = 10.0
    hours: float = 24.0


def parse(r: Reader, secrets: Mapping[str, Secret]) -> ChartSettings:
    d = ChartSettings()
    settings = ChartSettings(
        prometheus_url=r.url("prometheus_url", d.prometheus_url),
        timeout=r.number("timeout", d.timeout, low=1, high=60),
        hours=r.number("hours", d.hours, low=1, high=24 * 30),
    )
    r.finish()
    return settings


def chart_settings(config: Any) -> ChartSettings:
    value: Any = config.sections.get(SECTION)
    return value if isinstance(value, ChartSettings) else ChartSettings()
