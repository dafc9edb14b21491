"""``/requests``: the user's own requests and where each one stands (from the request store)."""

from __future__ import annotations

from myflix_bot.commands.registry import Command, Registry, Request
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime
from myflix_bot.search import cards

LIMIT = 15


def requests_view(rt: Runtime, req: Request) -> View:
    from myflix_bot.search.feature import feature_of  # noqa: PLC0415 - the feature loads on first use

    items = feature_of(rt).store.by_user(req.user_id, LIMIT) if req.user_id is not None else []
    return cards.requests_view(items, req.lang)


async def cmd_requests(rt: Runtime, req: Request) -> View:
    return requests_view(rt, req)


def register(registry: Registry[Runtime]) -> None:
    registry.add_command(Command("requests", "cmd.requests", cmd_requests, order=56))
