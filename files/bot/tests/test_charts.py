"""The /status "Graphiques" chart against a real Prometheus serving recorded samples: 48 h of the bot's
own metrics written as OpenMetrics, backfilled with ``promtool tsdb create-blocks-from openmetrics``
into a private TSDB, then served by ``prometheus`` on 127.0.0.1. A hot day (the CPU over the 75 °C
throttle for an hour) and a cool day (never above 58 °C) sit side by side; the bot's frozen clock
picks the day charted."""

from __future__ import annotations

import asyncio
import io
import math
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from myflix_bot.charts import feature as charts_feature
from myflix_bot.charts import render as charts_render
from myflix_bot.charts.data import ChartData
from myflix_bot.charts.render import THROTTLE_COLOUR, render_png
from myflix_bot.commands.registry import Request
from myflix_bot.render.view import View
from myflix_testkit.fakes.server import unreachable_url
from myflix_testkit.services.prometheus import PrometheusService, start_prometheus
from PIL import Image

from .conftest import ADMIN, USER, make_config
from .harness import bot_config, frozen_clock, keyboard, running_bot

HOUR = 3600
HOT_END = 1_790_000_000 // HOUR * HOUR  # the end of the hot day (what the clock says)
COOL_END = HOT_END - 24 * HOUR  # the day before: cool
GB = 1024**3
THROTTLE_RGB = tuple(int(THROTTLE_COLOUR[i : i + 2], 16) for i in (1, 3, 5))


def temperature(t: int) -> float:
    if t > COOL_END:  # the hot day: a warm afternoon, over the throttle line between -6 h and -5 h
        base = 62 + 6 * math.sin((t - COOL_END) / (24 * HOUR) * math.pi)
        return 81.0 if HOT_END - 6 * HOUR <= t < HOT_END - 5 * HOUR else base
    return 50 + 8 * math.sin((t - COOL_END) / (24 * HOUR) * math.pi)


def openmetrics() -> str:
    """48 h of samples, one a minute, as OpenMetrics text (families contiguous, times ascending)."""
    times = range(COOL_END - 24 * HOUR + 60, HOT_END + 1, 60)
    out: list[str] = []

    def family(name: str, kind: str, series: dict[str, object]) -> None:
        out.append(f"# TYPE {name} {kind}")
        for labels, value_of in series.items():
            out.extend(f"{name}{labels} {value_of(t):.3f} {t}" for t in times)  # type: ignore[operator]

    family("myflix_cpu_temperature_celsius", "gauge", {"": temperature})
    family(
        "myflix_qbittorrent_download_bytes_per_second",
        "gauge",
        {"": lambda t: 4 * 1024 * 1024 * (1 + math.sin(t / 5000)) / 2},
    )
    family("myflix_qbittorrent_upload_bytes_per_second", "gauge", {"": lambda t: 600 * 1024.0})
    family(
        "myflix_storage_used_bytes",
        "gauge",
        {
            '{tier="NVMe"}': lambda t: 120.0 * GB,
            '{tier="HDD"}': lambda t: 3000.0 * GB + (t - COOL_END) * 1000,
        },
    )
    family(
        "myflix_storage_size_bytes",
        "gauge",
        {'{tier="NVMe"}': lambda t: 480.0 * GB, '{tier="HDD"}': lambda t: 4000.0 * GB},
    )
    family(
        "myflix_vpn_up", "gauge", {"": lambda t: 0.0 if HOT_END - 3 * HOUR <= t < HOT_END - 2 * HOUR else 1.0}
    )
    out.append("# EOF")
    return "\n".join(out) + "\n"


@pytest.fixture(scope="module")
def prometheus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusService]:
    promtool = shutil.which("promtool")
    if promtool is None:
        pytest.fail("promtool is not installed (apt: prometheus); the chart test cannot run")
    root = tmp_path_factory.mktemp("charts-prom")
    source = root / "samples.om"
    source.write_text(openmetrics())
    done = subprocess.run(
        [promtool, "tsdb", "create-blocks-from", "openmetrics", str(source), str(root / "tsdb")],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr or done.stdout
    with start_prometheus({}, state_dir=root, retention="3650d") as prom:
        yield prom


def chart_config(url: str, **extra: object):
    return make_config({"charts": {"prometheus_url": url}, **extra})


def pixels(png: bytes) -> tuple[tuple[int, int], list[tuple[int, int, int]]]:
    image = Image.open(io.BytesIO(png)).convert("RGB")
    return image.size, list(image.get_flattened_data())


def request(lang: str = "fr") -> Request:
    return Request(user_id=ADMIN, chat_id=ADMIN, role=1, lang=lang)  # type: ignore[arg-type]


class ChartRuntime:
    """What ``draw`` reads: the config and the (frozen) clock."""

    def __init__(self, url: str, at: float) -> None:
        self.config = chart_config(url)
        self.clock = frozen_clock(at)


def test_the_hot_day_chart_has_its_panels_and_the_throttle_line(prometheus) -> None:
    view = charts_feature.draw(ChartRuntime(prometheus.url, HOT_END), "fr")  # type: ignore[arg-type]
    assert isinstance(view.photo, bytes)
    assert view.text.startswith("📈 <b>Les dernières 24 h</b>")
    size, data = pixels(view.photo)
    assert size == (800, 900)
    assert len(view.photo) > 20_000  # four panels of real curves, not an empty frame
    non_white = sum(1 for p in data if p != (255, 255, 255))
    assert non_white > 0.05 * len(data)
    assert data.count(THROTTLE_RGB) > 200  # the dashed line across the temperature panel
    # the VPN outage of the afternoon is drawn in the "down" colour
    assert data.count((0xE4, 0x1A, 0x1C)) > 100


def test_the_cool_day_chart_has_no_throttle_line(prometheus) -> None:
    """The negative twin: the temperature never came within 10 °C of the line, so none is drawn."""
    view = charts_feature.draw(ChartRuntime(prometheus.url, COOL_END), "en")  # type: ignore[arg-type]
    assert isinstance(view.photo, bytes)
    assert view.text.startswith("📈 <b>The last 24 h</b>")
    size, data = pixels(view.photo)
    assert size == (800, 900)
    assert sum(1 for p in data if p != (255, 255, 255)) > 0.05 * len(data)
    assert data.count(THROTTLE_RGB) == 0
    assert data.count((0xE4, 0x1A, 0x1C)) == 0  # the VPN stayed up that day


def test_a_window_without_samples_says_so_instead_of_an_empty_picture(prometheus) -> None:
    view = charts_feature.draw(ChartRuntime(prometheus.url, COOL_END - 30 * 24 * HOUR), "fr")  # type: ignore[arg-type]
    assert view.photo is None
    assert "aucune mesure" in view.text


def test_prometheus_down_is_said_in_the_message() -> None:
    view = charts_feature.draw(ChartRuntime(unreachable_url(), HOT_END), "fr")  # type: ignore[arg-type]
    assert view.photo is None
    assert view.text == "📉 Pas de graphique : Prometheus ne répond pas (injoignable)."


def test_the_chart_is_drawn_off_the_event_loop(prometheus, monkeypatch) -> None:
    threads: list[threading.Thread] = []

    def drawing(data: ChartData, lang: str, tz: object = None) -> bytes:
        threads.append(threading.current_thread())
        return render_png(data, lang, tz)

    monkeypatch.setattr(charts_render, "render_png", drawing)  # draw() imports it on the first chart
    rt = ChartRuntime(prometheus.url, HOT_END)
    rt.outbox = None  # type: ignore[attr-defined]

    async def press() -> tuple[View | None, threading.Thread]:
        return await charts_feature.cb_charts(rt, request(), None), threading.current_thread()  # type: ignore[arg-type]

    view, loop_thread = asyncio.run(press())
    assert view is not None
    assert view.photo is not None
    assert threads
    assert threads[0] is not loop_thread


async def test_the_status_button_sends_the_chart_below_status(fake_telegram, prometheus) -> None:
    config = bot_config(fake_telegram, extra={"charts": {"prometheus_url": prometheus.url}})
    async with running_bot(config, fake_telegram, clock=frozen_clock(HOT_END)) as bot:
        status = await bot.send("/status")
        assert keyboard(status)[0] == [("📈 Graphiques", "sg")]
        bot.tg.press_button(bot.message(status), "sg")
        photo = await bot.tg.wait_for_call("sendPhoto", timeout=60)
        assert photo.params["chat_id"] == USER
        assert photo.params["caption"].startswith("📈 <b>Les dernières 24 h</b>")
        upload = next(iter(photo.files.values()))
        assert upload.data.startswith(b"\x89PNG")
        assert not bot.tg.calls("editMessageText")  # /status itself stays as it was


async def test_the_status_button_says_when_prometheus_is_down(fake_telegram) -> None:
    config = bot_config(fake_telegram, extra={"charts": {"prometheus_url": unreachable_url()}})
    async with running_bot(config, fake_telegram) as bot:
        status = await bot.send("/status")
        bot.tg.press_button(bot.message(status), "sg")
        said = await bot.tg.wait_for_call("sendMessage", timeout=30)
        assert "Prometheus ne répond pas" in said.params["text"]
        assert not bot.tg.calls("sendPhoto")


def test_an_idle_bot_has_not_loaded_matplotlib(tmp_path: Path) -> None:
    script = """
import sys
from myflix_bot.app import build_application
from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import parse_config
from myflix_bot.assembly import install_operations as install
config = parse_config(
    {"telegram": {"allowed_users": [1]}, "system": {"docker_socket": None}, "exporter": {"enabled": False},
     "watchers": {"state_dir": sys.argv[1]}},
    {"MYFLIX_TELEGRAM_TOKEN": "123456789:" + "C" * 35},
)
rt = build_runtime(config)
install(rt)
build_application(rt)
assert rt.registry.callback("sg") is not None
print(sorted(m for m in ("matplotlib", "numpy", "PIL") if m in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
