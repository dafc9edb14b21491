"""Understanding a message: ids first, then release names (guessit), then Gemini when configured,
and the deterministic rules always as the fallback. Never raises."""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Protocol

from myflix_bot.search.ids import parse_ids, tvdb_slug
from myflix_bot.search.query import Kind, ParsedQuery
from myflix_bot.search.release import looks_like_release, parse_release
from myflix_bot.search.rules import parse_request

log = logging.getLogger(__name__)


class LanguageModel(Protocol):
    async def understand(self, text: str) -> ParsedQuery | None:
        """The model's reading of ``text``, or None when it failed (the caller falls back)."""


class Understander:
    def __init__(self, model: LanguageModel | None = None) -> None:
        self.model = model
        self.fallbacks = 0  # times the model was asked and the rules answered instead

    async def understand(self, text: str, kind: Kind | None = None) -> ParsedQuery:
        text = " ".join(text.split())[:500]
        ids, _ = parse_ids(text)
        parsed: ParsedQuery | None = None
        if ids or tvdb_slug(text):  # an id, or a URL that names the title (never a release name)
            parsed = parse_request(text)
        elif looks_like_release(text):
            parsed = parse_release(text)
        elif self.model is not None:
            try:
                parsed = await self.model.understand(text)
            except Exception as exc:  # the model layer must never break a search
                log.info("language model failed: %s", type(exc).__name__)
                parsed = None
            if parsed is None or (parsed.intent in ("search", "add") and not parsed.title):
                self.fallbacks += 1
                parsed = None
        if parsed is None:
            parsed = parse_request(text)
        if kind is not None:
            parsed = replace(parsed, kind=kind)
        return parsed
