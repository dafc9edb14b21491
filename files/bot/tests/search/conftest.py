"""Helpers of the search tests: resolvers wired to the *arr fakes, and configs with a search section."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest
from myflix_bot.config import ArrConfig
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.service import build_resolver
from myflix_bot.search.settings import GeminiSettings, SearchSettings
from myflix_bot.secrets import Secret


def arr_config(fake: Any) -> ArrConfig:
    return ArrConfig(url=fake.url, api_key=Secret(fake.api_key), timeout=5.0)


@pytest.fixture
async def resolver(fake_radarr: Any, fake_sonarr: Any) -> AsyncIterator[Resolver]:
    """A rules-only resolver on the Radarr and Sonarr fakes (realistic catalog)."""
    res, close = build_resolver(arr_config(fake_radarr), arr_config(fake_sonarr), SearchSettings(), None)
    try:
        yield res
    finally:
        await close()


async def answer_of(resolver: Resolver, text: str) -> tuple[str, tuple[str, int] | None, int]:
    """How the search tests read one request's answer: the verdict, the best item's (kind, id), the
    lookups spent."""
    res = await resolver.resolve(text)
    d = res.decision
    return d.verdict, d.best.candidate.key if d.best else None, res.lookups


@pytest.fixture
def answer() -> Callable[[Resolver, str], Awaitable[tuple[str, tuple[str, int] | None, int]]]:
    """:func:`answer_of`, for the tests that read answers of one or more resolvers."""
    return answer_of


def arr_env(fake_radarr: Any, fake_sonarr: Any) -> dict[str, str]:
    """What ``myflix-bot resolve`` needs without a config file: the *arr URLs and keys."""
    return {
        "MYFLIX_RADARR_URL": fake_radarr.url,
        "MYFLIX_RADARR_API_KEY": fake_radarr.api_key,
        "MYFLIX_SONARR_URL": fake_sonarr.url,
        "MYFLIX_SONARR_API_KEY": fake_sonarr.api_key,
    }


def gemini_settings(fake_gemini: Any, **changes: Any) -> SearchSettings:
    options = {"base_url": fake_gemini.url, "timeout": 3.0, "calls_per_minute": 10, **changes}
    return SearchSettings(gemini=GeminiSettings(**options))
