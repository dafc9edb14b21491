"""The search feature and the household directory in the runtime, kept light: the feature (resolver,
store, poller) is built on the first search, or at start-up only when the webhook endpoint must listen;
otherwise the history poller starts after its first interval. An idle bot loads none of it, and the
directory (who is who, what they read) opens the request store only for a user the config does not know."""

from __future__ import annotations

import asyncio
import contextlib
from typing import TYPE_CHECKING

from myflix_bot.household.settings import household_of
from myflix_bot.runtime import Runtime
from myflix_bot.search.settings import settings_of

if TYPE_CHECKING:
    from myflix_bot.household.directory import Directory
    from myflix_bot.household.invites import InvitedMember
    from myflix_bot.search.feature import SearchFeature


def feature_of(rt: Runtime) -> SearchFeature:
    """The runtime's one search feature, built on first use."""
    if rt.search is None:
        from myflix_bot.search.feature import SearchFeature  # noqa: PLC0415 - the pipeline loads on use

        radarr, sonarr = rt.sources.radarr, rt.sources.sonarr
        rt.search = SearchFeature(
            rt.config,
            {
                "movie": radarr.client if radarr is not None else None,
                "series": sonarr.client if sonarr is not None else None,
            },
            lambda: rt.outbox,
            directory_of(rt),
            clock=rt.clock,
        )
    return rt.search


def directory_of(rt: Runtime) -> Directory:
    """The runtime's one household directory. It opens the request store (the search feature) only for
    a user the config does not know: a member who joined with an invitation, or a stranger."""
    if rt.directory is None:
        from myflix_bot.household.directory import Directory  # noqa: PLC0415 - household loads on use

        telegram = rt.config.telegram

        def invited(user_id: int) -> InvitedMember | None:  # the store opens on the first unknown user
            return feature_of(rt).household.invites.member(user_id)

        rt.directory = Directory(
            admins=telegram.admins,
            users=telegram.allowed_users,
            household=household_of(rt.config),
            invited=invited,
            default_lang=rt.lang,
        )
    return rt.directory


async def _start(rt: Runtime) -> None:
    await feature_of(rt).start()


async def _start_later(rt: Runtime, delay: float) -> None:
    await asyncio.sleep(delay)
    await _start(rt)


async def on_startup(rt: Runtime) -> None:
    settings = settings_of(rt.config)
    if rt.sources.radarr is None and rt.sources.sonarr is None:
        return
    if settings.webhook is not None:
        await _start(rt)
    elif settings.poll_interval > 0:
        rt.search_start = asyncio.create_task(_start_later(rt, settings.poll_interval))


async def on_shutdown(rt: Runtime) -> None:
    task, rt.search_start = rt.search_start, None
    if task is not None:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await task
    if rt.search is not None:
        await rt.search.stop()
