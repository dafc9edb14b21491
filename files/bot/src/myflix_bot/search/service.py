"""Wiring: the objects of the search feature built from the config (CLI and bot share this)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from myflix_bot.config import ArrConfig
from myflix_bot.search.candidates import ArrLookup
from myflix_bot.search.memory import TitleMemory
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.settings import SearchSettings
from myflix_bot.search.understand import Understander
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient


def build_understander(settings: SearchSettings, gemini_key: Secret | None) -> Understander:
    model = None
    if gemini_key and settings.gemini.enabled and settings.gemini.calls_per_minute > 0:
        from myflix_bot.search.gemini import GeminiUnderstanding  # noqa: PLC0415 - google-genai is lazy

        model = GeminiUnderstanding(gemini_key, settings.gemini)
    return Understander(model)


def build_resolver(
    radarr: ArrConfig | None,
    sonarr: ArrConfig | None,
    settings: SearchSettings,
    gemini_key: Secret | None,
) -> tuple[Resolver, Callable[[], Awaitable[None]]]:
    """A resolver and the function that closes what it opened."""
    lookup = ArrLookup(
        ArrClient(radarr, "Radarr") if radarr else None,
        ArrClient(sonarr, "Sonarr") if sonarr else None,
    )

    understander = build_understander(settings, gemini_key)

    async def close() -> None:
        model = understander.model
        if model is not None and hasattr(model, "aclose"):
            await model.aclose()

    return Resolver(lookup, understander, memory_of(settings)), close


def memory_of(settings: SearchSettings) -> TitleMemory:
    """The title memory the settings name (on disk when a file is configured)."""
    return TitleMemory(path=Path(settings.title_memory) if settings.title_memory else None)
