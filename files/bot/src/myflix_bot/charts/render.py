"""The chart: four panels over the same 24 h (CPU temperature with the throttle line, download and
upload throughput, storage use per tier, VPN up/down) as one PNG. No I/O; matplotlib (Agg backend) is
imported here, on the first chart, never by an idle bot. Called in a worker thread."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from myflix_bot import i18n
from myflix_bot.charts.data import ChartData

THROTTLE_COLOUR = "#e0218a"  # used by nothing else: the throttle line can be found by its pixels
TEMPERATURE_COLOUR = "#d95f02"
DOWNLOAD_COLOUR = "#1b9e77"
UPLOAD_COLOUR = "#7570b3"
TIER_COLOURS = ("#1f78b4", "#a6761d", "#666666", "#e6ab02")
UP_COLOUR = "#4daf4a"
DOWN_COLOUR = "#e41a1c"
NEAR = 10.0  # °C: the throttle line is drawn when the day's peak came this close to it (or above)
MB = 1024 * 1024
WIDTH, HEIGHT, DPI = 8.0, 9.0, 100

Points = tuple[tuple[float, float], ...]


def throttle_shown(data: ChartData) -> bool:
    peak = max((v for _, v in data.temperature), default=None)
    return peak is not None and peak >= data.throttle - NEAR


class _Panels:
    def __init__(self, data: ChartData, lang: str, tz: Any) -> None:
        self.data, self.lang, self.tz = data, lang, tz

    def times(self, points: Points) -> list[datetime]:
        return [datetime.fromtimestamp(t, self.tz) for t, _ in points]

    @staticmethod
    def values(points: Points, scale: float = 1.0) -> list[float]:
        return [v / scale for _, v in points]

    def title(self, ax: Any, key: str) -> None:
        ax.set_title(i18n.t(self.lang, key), loc="left", fontsize=10)

    def empty(self, ax: Any) -> None:
        ax.text(
            0.5,
            0.5,
            i18n.t(self.lang, "charts.no_data"),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color="#888888",
        )

    def line(
        self, ax: Any, points: Points, colour: str, label: str | None = None, scale: float = 1.0
    ) -> None:
        ax.plot(self.times(points), self.values(points, scale), color=colour, lw=1.4, label=label)

    def temperature(self, ax: Any) -> None:
        data = self.data
        self.title(ax, "charts.temperature")
        ax.set_ylabel("°C")
        if not data.temperature:
            self.empty(ax)
            return
        self.line(ax, data.temperature, TEMPERATURE_COLOUR)
        if throttle_shown(data):
            label = i18n.t(self.lang, "charts.throttle", temp=i18n.number(data.throttle, self.lang, 0))
            ax.axhline(data.throttle, color=THROTTLE_COLOUR, lw=2, ls="--", antialiased=False, label=label)
            ax.legend(loc="upper left", fontsize=8, frameon=False)

    def throughput(self, ax: Any) -> None:
        data = self.data
        self.title(ax, "charts.throughput")
        ax.set_ylabel(i18n.t(self.lang, "charts.mb_per_s"))
        if not (data.download or data.upload):
            self.empty(ax)
            return
        for points, colour, key in (
            (data.download, DOWNLOAD_COLOUR, "charts.download"),
            (data.upload, UPLOAD_COLOUR, "charts.upload"),
        ):
            if points:
                self.line(ax, points, colour, i18n.t(self.lang, key), MB)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.set_ylim(bottom=0)

    def storage(self, ax: Any) -> None:
        self.title(ax, "charts.storage")
        ax.set_ylabel("%")
        if not self.data.storage:
            self.empty(ax)
            return
        for i, (tier, points) in enumerate(self.data.storage.items()):
            self.line(ax, points, TIER_COLOURS[i % len(TIER_COLOURS)], tier)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        ax.set_ylim(0, 100)

    def vpn(self, ax: Any) -> None:
        self.title(ax, "charts.vpn")
        ax.set_ylim(0, 1)
        if not self.data.vpn:
            self.empty(ax)
            ax.set_yticks([])
            return
        when, up = self.times(self.data.vpn), self.values(self.data.vpn)
        ax.fill_between(when, 0, 1, where=[v >= 1 for v in up], step="post", color=UP_COLOUR, lw=0)
        ax.fill_between(when, 0, 1, where=[v < 1 for v in up], step="post", color=DOWN_COLOUR, lw=0)
        ax.set_yticks([0.5], [i18n.t(self.lang, "charts.vpn_legend")])


def render_png(data: ChartData, lang: str, tz: Any = None) -> bytes:
    """The PNG; ``tz`` None draws the hours in the Pi's local time."""
    import matplotlib  # noqa: PLC0415 - heavy: only when a chart is asked for

    matplotlib.use("Agg", force=True)
    from matplotlib import dates as mdates  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415 - no pyplot: no global state, thread-safe

    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    axes = fig.subplots(4, 1, sharex=True, gridspec_kw={"height_ratios": (3, 3, 2.5, 1)})
    panels = _Panels(data, lang, tz)
    panels.temperature(axes[0])
    panels.throughput(axes[1])
    panels.storage(axes[2])
    panels.vpn(axes[3])
    axes[3].set_xlim(datetime.fromtimestamp(data.start, tz), datetime.fromtimestamp(data.end, tz))
    axes[3].xaxis.set_major_formatter(mdates.DateFormatter("%H:%M", tz=tz))
    for ax in axes[:3]:
        ax.grid(True, color="#dddddd", lw=0.6)
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="png")
    return out.getvalue()
