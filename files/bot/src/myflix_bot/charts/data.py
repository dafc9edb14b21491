"""What the chart shows, as queries over the bot's own metrics (roles/myflix_monitoring scrapes the
bot's exporter as job ``myflix``), and the series they return. Framework-free; the fetch runs in a
worker thread."""

from __future__ import annotations

from dataclasses import dataclass

from myflix_bot.charts.prometheus import PrometheusClient, Series

POINTS = 288  # one point every 5 minutes over 24 h

# The hottest reading of each step, so a short peak over the throttle line is not averaged away.
TEMPERATURE = "max_over_time(myflix_cpu_temperature_celsius[{step}s])"
DOWNLOAD = "avg_over_time(myflix_qbittorrent_download_bytes_per_second[{step}s])"
UPLOAD = "avg_over_time(myflix_qbittorrent_upload_bytes_per_second[{step}s])"
STORAGE = "100 * myflix_storage_used_bytes / (myflix_storage_size_bytes > 0)"
# Down for the whole step as soon as one scrape saw it down.
VPN = "min_over_time(myflix_vpn_up[{step}s])"


@dataclass(frozen=True, slots=True)
class ChartData:
    start: float
    end: float
    temperature: tuple[tuple[float, float], ...]
    download: tuple[tuple[float, float], ...]
    upload: tuple[tuple[float, float], ...]
    storage: dict[str, tuple[tuple[float, float], ...]]  # tier -> used percent
    vpn: tuple[tuple[float, float], ...]  # 1 up, 0 down
    throttle: float  # °C: where the thermal watcher slows the downloads

    @property
    def empty(self) -> bool:
        return not (self.temperature or self.download or self.upload or self.storage or self.vpn)


def _one(series: list[Series]) -> tuple[tuple[float, float], ...]:
    return series[0].points if series else ()


def fetch(client: PrometheusClient, *, end: float, hours: float, throttle: float) -> ChartData:
    """Every panel's series between ``end - hours`` and ``end``; raises PrometheusError."""
    start = end - hours * 3600
    step = max(15.0, round(hours * 3600 / POINTS))

    def ask(query: str) -> list[Series]:
        return client.query_range(query.format(step=int(step)), start, end, step)

    storage = {s.labels.get("tier", "?"): s.points for s in ask(STORAGE)}
    return ChartData(
        start=start,
        end=end,
        temperature=_one(ask(TEMPERATURE)),
        download=_one(ask(DOWNLOAD)),
        upload=_one(ask(UPLOAD)),
        storage=dict(sorted(storage.items())),
        vpn=_one(ask(VPN)),
        throttle=throttle,
    )
