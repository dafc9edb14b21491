"""The pipeline watchers' buttons, for admins only: Confirm / Cancel under a removal list the
mass-deletion guard held (``pc:<watcher>:c|x:<token>``), Blocklist and search again / Ignore under a
stuck import (``pi:b|i:<token>``). The answer replaces the buttons' message text."""

from __future__ import annotations

from typing import Any

from myflix_bot.access import Role
from myflix_bot.callbacks import Callback
from myflix_bot.commands.registry import CallbackRoute, Registry, Request
from myflix_bot.render.view import View


def _watcher(rt: Any, name: str) -> Any:
    return rt.watchers.watchers.get(name) if rt.watchers is not None else None


async def cb_confirm(rt: Any, req: Request, cb: Callback) -> View | None:
    name, action, token = cb.arg(0), cb.arg(1), cb.arg(2)
    watcher = _watcher(rt, name)
    if watcher is None:
        return None
    # the GC holds its own list; the other watchers' lists are their executor's
    answer = watcher.answer if name == "gc" else getattr(getattr(watcher, "executor", None), "answer", None)
    if answer is None or action not in ("c", "x"):
        return None
    text = await answer(token, action == "c")
    if name == "gc" and action == "c":
        rt.watchers.wake("gc")
    return View(text)


async def cb_import(rt: Any, req: Request, cb: Callback) -> View | None:
    watcher = _watcher(rt, "imports")
    action, token = cb.arg(0), cb.arg(1)
    if watcher is None or action not in ("b", "i"):
        return None
    return View(await watcher.answer(token, action == "b"))


def register_pipeline(registry: Registry[Any]) -> None:
    registry.add_callback(CallbackRoute("pc", cb_confirm, role=Role.ADMIN))
    registry.add_callback(CallbackRoute("pi", cb_import, role=Role.ADMIN))
