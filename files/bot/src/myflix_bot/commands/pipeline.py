"""The pipeline watchers' buttons, for admins only: Confirm / Cancel under a removal list the
mass-deletion guard held (``pc:<watcher>:c|x:<token>``), Blocklist and search again / Ignore under a
stuck import (``pi:b|i:<token>``). The answer replaces the buttons' message text.

The watcher modules are imported when a button is pressed: by then the watcher that sent it runs (a
disabled watcher's module is never loaded, see ``watchers.install``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from myflix_bot.access import Role
from myflix_bot.callbacks import Callback
from myflix_bot.commands.registry import CallbackRoute, Registry, Request
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime

if TYPE_CHECKING:
    from myflix_bot.watchers.base import Watcher


def _watcher(rt: Runtime, name: str) -> Watcher | None:
    return rt.watchers.watchers.get(name) if rt.watchers is not None else None


async def cb_confirm(rt: Runtime, req: Request, cb: Callback) -> View | None:
    from myflix_bot.watchers.gc import GcWatcher  # noqa: PLC0415 - see the module's docstring
    from myflix_bot.watchers.pipeline_watcher import PipelineWatcher  # noqa: PLC0415

    name, action, token = cb.arg(0), cb.arg(1), cb.arg(2)
    watcher = _watcher(rt, name)
    if action not in ("c", "x"):
        return None
    confirm = action == "c"
    # the GC holds its own list; the other watchers' lists are their executor's
    if isinstance(watcher, GcWatcher):
        text = await watcher.answer(token, confirm)
        if confirm and rt.watchers is not None:
            rt.watchers.wake(name)  # its next pass, now, removes past the guard this once
    elif isinstance(watcher, PipelineWatcher):
        text = await watcher.executor.answer(token, confirm)
    else:
        return None
    return View(text)


async def cb_import(rt: Runtime, req: Request, cb: Callback) -> View | None:
    from myflix_bot.watchers.imports import ImportsWatcher  # noqa: PLC0415 - see the module's docstring

    watcher = _watcher(rt, "imports")
    action, token = cb.arg(0), cb.arg(1)
    if not isinstance(watcher, ImportsWatcher) or action not in ("b", "i"):
        return None
    return View(await watcher.answer(token, action == "b"))


def register_pipeline(registry: Registry[Runtime]) -> None:
    registry.add_callback(CallbackRoute("pc", cb_confirm, role=Role.ADMIN))
    registry.add_callback(CallbackRoute("pi", cb_import, role=Role.ADMIN))
