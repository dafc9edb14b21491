"""The core commands: /start (menu), /films, /series, /status, /queue, /help, and their buttons.

Handlers read snapshots from the coordinator and render them (``commands/views.py``); none of them
waits on the network.
"""

from __future__ import annotations

from myflix_bot import i18n
from myflix_bot.callbacks import Callback, encode
from myflix_bot.catalog_index import SORT_RECENT, SORT_TITLE
from myflix_bot.commands.registry import (
    CallbackHandler,
    CallbackRoute,
    Command,
    CommandHandler,
    Registry,
    Request,
)
from myflix_bot.commands.views import (
    catalog_view,
    help_view,
    live_on,
    menu_view,
    queue_view,
    status_view,
)
from myflix_bot.render.catalog import CatalogPage
from myflix_bot.render.menu import MenuEntry
from myflix_bot.render.text import is_blank
from myflix_bot.render.view import Button, View
from myflix_bot.runtime import Runtime

MAX_QUERY = 200  # characters of a filter kept (the rest is noise)


# command handlers --------------------------------------------------------------------------------
async def cmd_start(rt: Runtime, req: Request) -> View:
    return menu_view(rt, req)


async def cmd_help(rt: Runtime, req: Request) -> View:
    return help_view(rt, req)


def _catalog_command(kind: str) -> CommandHandler[Runtime]:
    async def handler(rt: Runtime, req: Request) -> View:
        query = None if is_blank(req.args) else req.args.strip()[:MAX_QUERY]
        qid = rt.queries.put(query) if query else ""
        return catalog_view(rt, req, CatalogPage(kind=kind, query=query, query_id=qid))

    return handler


async def cmd_status(rt: Runtime, req: Request) -> View:
    return status_view(rt, req)


async def cmd_queue(rt: Runtime, req: Request) -> View:
    return queue_view(rt, req.lang, live=live_on(rt))


async def queue_sent(rt: Runtime, req: Request, message_id: int, view: View) -> None:
    if rt.live is not None and live_on(rt) and req.chat_id is not None:
        rt.live.watch(req.chat_id, message_id, page=0, lang=req.lang, initial=view)


# callback handlers -------------------------------------------------------------------------------
async def cb_menu(rt: Runtime, req: Request, cb: Callback) -> View:
    return menu_view(rt, req)


async def cb_help(rt: Runtime, req: Request, cb: Callback) -> View:
    return help_view(rt, req)


async def cb_search(rt: Runtime, req: Request, cb: Callback) -> View:
    return View(i18n.t(req.lang, "search.prompt"), ((Button(i18n.t(req.lang, "nav.menu"), encode("m")),),))


def _catalog_callback(kind: str) -> CallbackHandler[Runtime]:
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
    view = queue_view(rt, req.lang, page, live=live_on(rt))
    if rt.live is not None and live_on(rt) and req.chat_id is not None and req.message_id is not None:
        rt.live.watch(req.chat_id, req.message_id, page=page, lang=req.lang, initial=view)
    return view


async def cb_noop(rt: Runtime, req: Request, cb: Callback) -> None:
    return None


def register_menu(registry: Registry[Runtime]) -> None:
    """/start, /help, the menu's search entry and the menu buttons."""
    registry.add_command(Command("start", "cmd.start", cmd_start, order=0))
    registry.add_menu_entry(MenuEntry("menu.search", encode("se")), order=50)
    registry.add_command(
        Command("help", "cmd.help", cmd_help, menu_label_key="menu.help", menu_callback=encode("h"), order=60)
    )
    registry.add_callback(CallbackRoute("m", cb_menu))
    registry.add_callback(CallbackRoute("h", cb_help))
    registry.add_callback(CallbackRoute("se", cb_search))
    registry.add_callback(CallbackRoute("x", cb_noop))


def register_catalogue(registry: Registry[Runtime]) -> None:
    """/films and /series (optional filter), their pages and sort buttons."""
    registry.add_command(
        Command(
            "films",
            "cmd.films",
            _catalog_command("films"),
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
            _catalog_command("series"),
            usage_key="usage.title",
            menu_label_key="menu.series",
            menu_callback=encode("s", 0, SORT_RECENT, ""),
            order=20,
        )
    )
    registry.add_callback(CallbackRoute("f", _catalog_callback("films")))
    registry.add_callback(CallbackRoute("s", _catalog_callback("series")))


def register_status(registry: Registry[Runtime]) -> None:
    """/status and its refresh button."""
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
    registry.add_callback(CallbackRoute("st", cb_status))


def register_queue(registry: Registry[Runtime]) -> None:
    """/queue (live while torrents move) and its pages."""
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
    registry.add_callback(CallbackRoute("q", cb_queue))
