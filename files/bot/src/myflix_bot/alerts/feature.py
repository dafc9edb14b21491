"""The alerts feature in the running bot: the endpoint (``alerts.endpoint``) on the exporter's server
and its /status button, which answers with /status as a new message so the alert stays readable."""

from __future__ import annotations

from myflix_bot.access import Role
from myflix_bot.alerts.endpoint import PATH, AlertEndpoint
from myflix_bot.alerts.render import STATUS_CALLBACK
from myflix_bot.callbacks import Callback
from myflix_bot.commands.registry import CallbackRoute, Registry, Request
from myflix_bot.commands.views import status_view
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime


async def status_below_the_alert(rt: Runtime, req: Request, _cb: Callback) -> View | None:
    """The alert's /status button: the status as a NEW message, so the alert itself stays readable."""
    if rt.outbox is not None and req.chat_id is not None:
        await rt.outbox.send(req.chat_id, status_view(rt, req))
    return None  # nothing to edit in place


def register(registry: Registry[Runtime]) -> None:
    registry.add_callback(CallbackRoute(STATUS_CALLBACK, status_below_the_alert, role=Role.ADMIN))


def install(rt: Runtime) -> AlertEndpoint:
    """The endpoint into ``rt.alerts``; its POST route is served by the exporter's server (the
    watchers are installed first)."""
    endpoint = AlertEndpoint(rt.config, lambda: rt.outbox)
    rt.alerts = endpoint
    rt.registry.on_startup(lambda _rt: endpoint.start())
    if rt.watchers is not None:
        rt.watchers.post_routes[PATH] = endpoint.handle
    return endpoint
