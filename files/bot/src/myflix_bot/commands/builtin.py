"""The core commands: /start (menu), /films, /series, /status, /queue, /help, and their buttons.

Handlers read snapshots from the coordinator and render them; none of them waits on the network.
"""

from __future__ import annotations

from myflix_bot import i18n
from myflix_bot.callbacks import Callback, encode
from myflix_bot.catalog_index import SORT_RECENT, SORT_TITLE, CatalogIndex
from myflix_bot.commands import requests as requests_command
from myflix_bot.commands import search as search_command
from myflix_bot.commands.registry import CallbackRoute, Command, Registry, Request
from myflix_bot.coordinator import Snapshot, with_outage
from myflix_bot.render.catalog import CatalogPage, render_catalog
from myflix_bot.render.common import label
from myflix_bot.render.menu import MenuEntry, render_help, render_menu
from myflix_bot.render.queue import render_queue
from myflix_bot.render.status import StatusInput, render_status
from myflix_bot.render.text import is_blank
from myflix_bot.render.view import Button, View
from myflix_bot.runtime import Runtime
from myflix_bot.sources.health import probe_name

APPS = ("radarr", "sonarr", "qbittorrent")  # applications with a health probe, in /status order

MAX_QUERY = 200  # characters of a filter kept (the rest is noise)
SEARCH_LIMIT = 100


# views -------------------------------------------------------------------------------------------
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
    index: CatalogIndex | None = snapshot.data  # type: ignore[type-arg]
    items = None
    more = False
    if index is not None and page.query is not None:
        found = index.search(page.query, limit=SEARCH_LIMIT + 1)
        items, more = found[:SEARCH_LIMIT], len(found) > SEARCH_LIMIT
    elif index is not None:
        items = index.ordered(page.sort)
    return render_catalog(
        page, items, snapshot, lang=req.lang, now=rt.clock(), page_size=rt.config.ui.page_size, more=more
    )


def status_view(rt: Runtime, req: Request) -> View:
    co = rt.coordinator
    extra = []
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
    )
    return render_status(data, req.lang, rt.clock())


def queue_view(rt: Runtime, req: Request, page: int = 0, *, live: bool = False) -> View:
    return render_queue(
        source_snapshot(rt, "qbittorrent"),
        req.lang,
        rt.clock(),
        page=page,
        page_size=rt.config.ui.queue_page_size,
        live=live,
    )


def _live_on(rt: Runtime) -> bool:
    return rt.live is not None and rt.config.ui.queue_live_seconds > 0 and rt.config.ui.max_live_views > 0


# command handlers --------------------------------------------------------------------------------
async def cmd_start(rt: Runtime, req: Request) -> View:
    return menu_view(rt, req)


async def cmd_help(rt: Runtime, req: Request) -> View:
    return help_view(rt, req)


def _catalog_command(kind: str):  # noqa: ANN202 - a small closure factory
    async def handler(rt: Runtime, req: Request) -> View:
        query = None if is_blank(req.args) else req.args.strip()[:MAX_QUERY]
        qid = rt.queries.put(query) if query else ""
        return catalog_view(rt, req, CatalogPage(kind=kind, query=query, query_id=qid))

    return handler


async def cmd_status(rt: Runtime, req: Request) -> View:
    return status_view(rt, req)


async def cmd_queue(rt: Runtime, req: Request) -> View:
    return queue_view(rt, req, live=_live_on(rt))


async def queue_sent(rt: Runtime, req: Request, message_id: int, view: View) -> None:
    if _live_on(rt) and req.chat_id is not None:
        rt.live.watch(req.chat_id, message_id, page=0, lang=req.lang, initial=view)


# callback handlers -------------------------------------------------------------------------------
async def cb_menu(rt: Runtime, req: Request, cb: Callback) -> View:
    return menu_view(rt, req)


async def cb_help(rt: Runtime, req: Request, cb: Callback) -> View:
    return help_view(rt, req)


async def cb_search(rt: Runtime, req: Request, cb: Callback) -> View:
    return View(i18n.t(req.lang, "search.prompt"), ((Button(i18n.t(req.lang, "nav.menu"), encode("m")),),))


def _catalog_callback(kind: str):  # noqa: ANN202
    async def handler(rt: Runtime, req: Request, cb: Callback) -> View:
        sort = cb.arg(1, SORT_RECENT)
        sort = sort if sort in (SORT_RECENT, SORT_TITLE) else SORT_RECENT
        qid = cb.arg(2)
        query = rt.queries.get(qid) if qid else None
        page = CatalogPage(
            kind=kind, page=cb.int_arg(0), sort=sort, query=query, query_id=qid if query is not None else ""
        )
        return catalog_view(rt, req, page)

    return handler


async def cb_status(rt: Runtime, req: Request, cb: Callback) -> View:
    return status_view(rt, req)


async def cb_queue(rt: Runtime, req: Request, cb: Callback) -> View:
    rt.coordinator.request_refresh("qbittorrent")
    page = cb.int_arg(0)
    view = queue_view(rt, req, page, live=_live_on(rt))
    if _live_on(rt) and req.chat_id is not None and req.message_id is not None:
        rt.live.watch(req.chat_id, req.message_id, page=page, lang=req.lang, initial=view)
    return view


async def cb_noop(rt: Runtime, req: Request, cb: Callback) -> None:
    return None


def register_builtin(registry: Registry) -> None:
    films = _catalog_command("films")
    series = _catalog_command("series")
    registry.add_command(Command("start", "cmd.start", cmd_start, order=0))
    registry.add_command(
        Command(
            "films",
            "cmd.films",
            films,
            usage_key="usage.title",
            menu_label_key="menu.films",
            menu_callback=encode("f", 0, SORT_RECENT, ""),
            order=10,
        )
    )
    registry.add_command(
        Command(
            "series",
            "cmd.series",
            series,
            usage_key="usage.title",
            menu_label_key="menu.series",
            menu_callback=encode("s", 0, SORT_RECENT, ""),
            order=20,
        )
    )
    registry.add_command(
        Command(
            "status",
            "cmd.status",
            cmd_status,
            menu_label_key="menu.status",
            menu_callback=encode("st"),
            order=30,
        )
    )
    registry.add_command(
        Command(
            "queue",
            "cmd.queue",
            cmd_queue,
            menu_label_key="menu.queue",
            menu_callback=encode("q", 0),
            order=40,
            after_send=queue_sent,
        )
    )
    registry.add_menu_entry(MenuEntry("menu.search", encode("se")), order=50)
    registry.add_command(
        Command("help", "cmd.help", cmd_help, menu_label_key="menu.help", menu_callback=encode("h"), order=60)
    )
    registry.add_callback(CallbackRoute("m", cb_menu))
    registry.add_callback(CallbackRoute("h", cb_help))
    registry.add_callback(CallbackRoute("se", cb_search))
    registry.add_callback(CallbackRoute("f", _catalog_callback("films")))
    registry.add_callback(CallbackRoute("s", _catalog_callback("series")))
    registry.add_callback(CallbackRoute("st", cb_status))
    registry.add_callback(CallbackRoute("q", cb_queue))
    registry.add_callback(CallbackRoute("x", cb_noop))
    # the search feature (free text, /search, cards, Add, /requests): commands/search.py, requests.py
    search_command.register(registry)
    requests_command.register(registry)
