"""The core views, read from memory: menu, help, catalogue page, /status and /queue. The commands,
the search feature's intents, the alerts' status button and the live /queue messages share them;
none of them waits on the network."""

from __future__ import annotations

from myflix_bot import i18n
from myflix_bot.access import Role
from myflix_bot.callbacks import encode
from myflix_bot.catalog_index import CatalogIndex
from myflix_bot.charts.feature import VIEW as CHARTS_VIEW
from myflix_bot.charts.feature import chart_button
from myflix_bot.commands.registry import Request
from myflix_bot.coordinator import Snapshot, with_outage
from myflix_bot.models import Movie, Series, StatusLine
from myflix_bot.render.catalog import CatalogPage, render_catalog
from myflix_bot.render.common import label
from myflix_bot.render.menu import render_help, render_menu
from myflix_bot.render.queue import render_queue
from myflix_bot.render.status import StatusInput, render_status
from myflix_bot.render.view import Button, View
from myflix_bot.runtime import Runtime
from myflix_bot.sources.health import APPS, probe_name

SEARCH_LIMIT = 100


def menu_view(rt: Runtime, req: Request) -> View:
    return render_menu(rt.registry.menu_entries(req.role), req.lang)


def help_view(rt: Runtime, req: Request) -> View:
    return render_help(rt.registry.help_entries(req.role), req.lang, encode("m"))


def source_snapshot(rt: Runtime, source: str) -> Snapshot:
    """The source's snapshot, marked failing as soon as its application's health probe failed."""
    co = rt.coordinator
    probe = co.get(probe_name(source)) if co.has(probe_name(source)) else None
    return with_outage(co.get(source), probe)


def applications(rt: Runtime) -> list[tuple[str, Snapshot]]:
    """(label, health probe snapshot) of each configured application, for /status."""
    co = rt.coordinator
    return [(label(name, "en"), co.get(probe_name(name))) for name in APPS if co.has(probe_name(name))]


def unknown_command_view(rt: Runtime, req: Request) -> View:
    """An unknown ``/command``: say so, with the way back to the menu (not the whole help)."""
    return View(
        i18n.t(req.lang, "error.unknown_command"), ((Button(i18n.t(req.lang, "nav.menu"), encode("m")),),)
    )


def catalog_view(rt: Runtime, req: Request, page: CatalogPage) -> View:
    source = "radarr" if page.kind == "films" else "sonarr"
    snapshot = source_snapshot(rt, source)
    index: CatalogIndex[Movie] | CatalogIndex[Series] | None = snapshot.data
    items = None
    more = False
    if index is not None and page.query is not None:
        found = index.search(page.query, limit=SEARCH_LIMIT + 1)
        items, more = found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT
    elif index is not None:
        items = index.ordered(page.sort)
    view = render_catalog(
        page, items, snapshot, lang=req.lang, now=rt.clock(), page_size=rt.config.ui.page_size, more=more
    )
    # features add buttons for the entries of a filtered page (the AI preview's "Aperçu IA")
    filtered = items if page.query is not None and not more else None
    extra = tuple((b,) for hook in rt.catalog_buttons for b in hook(rt, req.lang, page.kind, filtered))
    return View(view.text, extra + view.keyboard) if extra else view


def status_view(rt: Runtime, req: Request) -> View:
    co = rt.coordinator
    extra: list[StatusLine] = []
    for provider in rt.registry.status_providers:
        try:
            extra.extend(provider(rt, req.lang))
        except Exception:  # a broken contributor must not hide the rest of /status
            rt.metrics.handler_errors.inc()
    data = StatusInput(
        system=co.get("system"),
        vpn=co.get("gluetun") if co.has("gluetun") else None,
        queue=co.get("qbittorrent") if co.has("qbittorrent") else None,
        containers=co.get("containers") if co.has("containers") else None,
        apps=applications(rt),
        warn_percent=rt.config.system.warn_percent,
        home_ip=rt.config.gluetun.home_ip if rt.config.gluetun else None,
        extra=extra,
        details=req.role >= Role.ADMIN,  # members: the VPN verdicts without the IP or the ports
    )
    view = render_status(data, req.lang, rt.clock())
    if rt.registry.callback(CHARTS_VIEW) is None:  # the chart is not registered
        return view
    return View(view.text, ((chart_button(req.lang),), *view.keyboard))


def queue_view(rt: Runtime, lang: str, page: int = 0, *, live: bool = False) -> View:
    return render_queue(
        source_snapshot(rt, "qbittorrent"),
        lang,
        rt.clock(),
        page=page,
        page_size=rt.config.ui.queue_page_size,
        live=live,
    )


def live_on(rt: Runtime) -> bool:
    return rt.live is not None and rt.config.ui.queue_live_seconds > 0 and rt.config.ui.max_live_views > 0
