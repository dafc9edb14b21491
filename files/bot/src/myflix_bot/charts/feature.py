"""The /status "Graphiques" button: the chart as a new photo message below /status (which stays as
it is), or a message saying Prometheus cannot be read. The queries and the drawing run in a worker
thread; the event loop keeps serving."""

from __future__ import annotations

import asyncio
import logging

from myflix_bot import i18n
from myflix_bot.callbacks import Callback, encode
from myflix_bot.charts.settings import chart_settings
from myflix_bot.commands.registry import CallbackRoute, Registry, Request
from myflix_bot.render.text import esc, trim
from myflix_bot.render.view import Button, View
from myflix_bot.runtime import Runtime
from myflix_bot.watchers.settings import watchers_config

log = logging.getLogger(__name__)
VIEW = "sg"


def chart_button(lang: str) -> Button:
    return Button(i18n.t(lang, "charts.button"), encode(VIEW))


def draw(rt: Runtime, lang: str) -> View:
    """Blocking: query Prometheus, draw the PNG (a worker thread calls this). The queries and the
    drawing load on the first chart."""
    from myflix_bot.charts.data import fetch  # noqa: PLC0415
    from myflix_bot.charts.prometheus import PrometheusClient, PrometheusError  # noqa: PLC0415
    from myflix_bot.charts.render import render_png  # noqa: PLC0415

    settings = chart_settings(rt.config)
    client = PrometheusClient(settings.prometheus_url, settings.timeout)
    try:
        data = fetch(
            client, end=rt.clock(), hours=settings.hours, throttle=watchers_config(rt.config).thermal.high
        )
    except PrometheusError as exc:
        log.warning("chart: Prometheus unreadable: %s", exc)
        why = i18n.t(lang, f"charts.why.{exc.kind}", code=esc(trim(exc.detail.split(":")[0], 12)))
        return View(i18n.t(lang, "charts.down", why=why))
    if data.empty:
        return View(i18n.t(lang, "charts.empty"))
    png = render_png(data, lang)
    return View(i18n.t(lang, "charts.caption", hours=i18n.number(settings.hours, lang, 0)), photo=png)


async def cb_charts(rt: Runtime, req: Request, cb: Callback) -> View | None:
    """A chart (or why there is none) as a new message; the /status message is left as it is."""
    try:
        view = await asyncio.to_thread(draw, rt, req.lang)
    except Exception as exc:  # matplotlib missing or failing: say so, keep /status
        log.error("chart failed: %s: %s", type(exc).__name__, exc)
        view = View(i18n.t(req.lang, "charts.failed"))
    if view.is_media:
        return view
    if rt.outbox is not None and req.chat_id is not None:
        await rt.outbox.send(req.chat_id, view)
    return None


def register(registry: Registry[Runtime]) -> None:
    registry.add_callback(CallbackRoute(VIEW, cb_charts))
