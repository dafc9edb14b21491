"""Start-up and shutdown of the search feature, kept light: the feature (resolver, store, poller) is
built on the first search, or at start-up only when the webhook endpoint must listen; otherwise the
history poller starts after its first interval. An idle bot loads none of it."""

from __future__ import annotations

import asyncio
import contextlib

from myflix_bot.runtime import Runtime
from myflix_bot.search.settings import settings_of

TASK_KEY = "search.start"
FEATURE_KEY = "search"


async def _start(rt: Runtime) -> None:
    from myflix_bot.search.feature import feature_of  # noqa: PLC0415 - the feature is lazy

    await feature_of(rt).start()


async def _start_later(rt: Runtime, delay: float) -> None:
    await asyncio.sleep(delay)
    await _start(rt)


async def on_startup(rt: Runtime) -> None:
    settings = settings_of(rt.config)
    if "radarr" not in rt.sources and "sonarr" not in rt.sources:
        return
    if settings.webhook is not None:
        await _start(rt)
    elif settings.poll_interval > 0:
        rt.sources[TASK_KEY] = asyncio.create_task(_start_later(rt, settings.poll_interval))


async def on_shutdown(rt: Runtime) -> None:
    task = rt.sources.pop(TASK_KEY, None)
    if isinstance(task, asyncio.Task):
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    feature = rt.sources.get(FEATURE_KEY)
    if feature is not None and hasattr(feature, "stop"):
        await feature.stop()
