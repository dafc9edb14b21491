"""``/demandes``: one's own requests and where each stands (pending, approved, downloading with %,
available, refused); admins also get every request waiting for approval, with its buttons."""

from __future__ import annotations

from myflix_bot.access import Role
from myflix_bot.commands.registry import Command, Registry, Request
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime
from myflix_bot.search import cards
from myflix_bot.search.hooks import feature_of

LIMIT = 15


def requests_view(rt: Runtime, req: Request) -> View:
    feature = feature_of(rt)
    items = feature.store.by_user(req.user_id, LIMIT) if req.user_id is not None else []
    mine = cards.requests_view(items, req.lang)
    if req.role < Role.ADMIN:
        return mine
    waiting = feature.household.pending_view(req.lang)
    if not waiting.text:
        return mine
    return View(f"{mine.text}\n\n{waiting.text}", waiting.keyboard)


async def cmd_requests(rt: Runtime, req: Request) -> View:
    return requests_view(rt, req)


def register(registry: Registry[Runtime]) -> None:
    registry.add_command(Command("demandes", "cmd.demandes", cmd_requests, order=56))
