"""Gemini understands free text through google-genai function calling (imported lazily).

The model gets the user's text and nothing else (no config, no ids, no secret; the API key travels in
the ``x-goog-api-key`` header, set by the client), a fixed instruction, and declared functions:
``search_media``, ``add_media``, ``show_catalog``, ``show_status``, ``show_queue`` and
``show_requests``. Its one call becomes a :class:`ParsedQuery`.

Any failure returns None and the rules answer instead: no key, the calls-per-minute cap reached, a
timeout, an HTTP error (429 included: the cap then pauses the model until the quota's retry delay),
no function call, an unknown function, or arguments of the wrong shape.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable, Mapping
from typing import Any

from myflix_bot.search.query import Intent, Kind, ParsedQuery
from myflix_bot.search.settings import GeminiSettings
from myflix_bot.secrets import Secret

log = logging.getLogger(__name__)

INSTRUCTION = (
    "You read requests sent to a home media server bot, in French or English. Always answer with "
    "exactly one function call. For a movie or TV series the user wants to find or add, give the title "
    "as it is best known (official title, typos fixed, request words removed), the kind when the text "
    "tells it (film/movie -> movie; série/series/show/saison/season -> series), the release year only "
    "when the user gave one, and the season number when asked. Never invent ids."
)
MEDIA_FUNCTIONS = ("search_media", "add_media")
VIEW_FUNCTIONS: dict[str, Intent] = {
    "show_catalog": "catalog",
    "show_status": "status",
    "show_queue": "queue",
    "show_requests": "requests",
}
COOL_DOWN_429 = 60.0  # seconds without calls after a quota error


def _media_parameters() -> dict[str, Any]:
    return {
        "type": "OBJECT",
        "properties": {
            "title": {"type": "STRING", "description": "the title, corrected, without request words"},
            "kind": {"type": "STRING", "enum": ["movie", "series", "unknown"]},
            "year": {"type": "INTEGER", "description": "release year, only if the user gave it"},
            "season": {"type": "INTEGER", "description": "season number, for a series"},
        },
        "required": ["title", "kind"],
    }


def function_declarations() -> list[dict[str, Any]]:
    media: list[dict[str, Any]] = [
        {
            "name": "search_media",
            "description": "Find a movie or series the user names or describes.",
            "parameters": _media_parameters(),
        },
        {
            "name": "add_media",
            "description": "The user asks to add, download or get a movie or series.",
            "parameters": _media_parameters(),
        },
    ]
    views: list[dict[str, Any]] = [
        {
            "name": "show_catalog",
            "description": "List what is already downloaded.",
            "parameters": {
                "type": "OBJECT",
                "properties": {"kind": {"type": "STRING", "enum": ["movie", "series"]}},
            },
        },
        {"name": "show_status", "description": "Server health: disks, VPN, temperature."},
        {"name": "show_queue", "description": "Downloads in progress."},
        {"name": "show_requests", "description": "The user's own past requests and their state."},
    ]
    return media + views


def _number(value: Any, low: int, high: int) -> int | bool | None:
    """``value`` as an int in [low, high]; None when absent; False when malformed."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not low <= value <= high:
        return False
    return int(value)


def query_from_call(text: str, name: str, args: object) -> ParsedQuery | None:
    """A :class:`ParsedQuery` from one function call, or None when the call is malformed (``args`` is
    what Gemini sent: normally a mapping or None, anything else is refused)."""
    args = args if args is not None else {}
    if not isinstance(args, Mapping):
        return None
    if name in VIEW_FUNCTIONS:
        shown = args.get("kind")
        return ParsedQuery(
            text=text,
            kind=shown if shown in ("movie", "series") else None,
            intent=VIEW_FUNCTIONS[name],
            source="gemini",
        )
    title = args.get("title")
    raw_kind = args.get("kind", "unknown")
    year = _number(args.get("year"), 1870, 2100)
    season = _number(args.get("season"), 0, 200)
    if (
        name not in MEDIA_FUNCTIONS
        or not isinstance(title, str)
        or not title.strip()
        or len(title) > 200
        or raw_kind not in ("movie", "series", "unknown")
        or year is False
        or season is False
    ):
        return None
    kind: Kind | None = None if raw_kind == "unknown" else raw_kind
    return ParsedQuery(
        text=text,
        title=" ".join(title.split()),
        kind=kind or ("series" if season else None),
        year=year if isinstance(year, int) else None,
        season=season if isinstance(season, int) else None,
        intent="add" if name == "add_media" else "search",
        source="gemini",
    )


class RateCap:
    """At most ``per_minute`` calls in any 60 s window, and a pause after a quota error."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self.calls: deque[float] = deque()
        self.paused_until = 0.0

    def take(self) -> bool:
        now = self.clock()
        if now < self.paused_until:
            return False
        while self.calls and now - self.calls[0] >= 60.0:
            self.calls.popleft()
        if len(self.calls) >= self.per_minute:
            return False
        self.calls.append(now)
        return True

    def pause(self, seconds: float) -> None:
        self.paused_until = max(self.paused_until, self.clock() + seconds)


class GeminiUnderstanding:
    def __init__(
        self, api_key: Secret, settings: GeminiSettings, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._key = api_key
        self.settings = settings
        self.cap = RateCap(settings.calls_per_minute, clock)
        self._client: Any = None
        self._config: Any = None
        self.failures: dict[str, int] = {}

    def _failed(self, why: str) -> None:
        self.failures[why] = self.failures.get(why, 0) + 1
        log.info("gemini not used: %s", why)

    def _setup(self) -> None:
        from google import genai  # noqa: PLC0415 - heavy, imported on the first call
        from google.genai import types  # noqa: PLC0415

        options: dict[str, Any] = {"timeout": int(self.settings.timeout * 1000)}
        if self.settings.base_url:
            options["base_url"] = self.settings.base_url.rstrip("/") + "/"
        self._client = genai.Client(api_key=self._key.reveal(), http_options=types.HttpOptions(**options))
        self._config = types.GenerateContentConfig(
            system_instruction=INSTRUCTION,
            temperature=0.0,
            tools=[
                types.Tool(
                    function_declarations=[
                        types.FunctionDeclaration.model_validate(d) for d in function_declarations()
                    ]
                )
            ],
            tool_config=types.ToolConfig(
                function_calling_config=types.FunctionCallingConfig(mode=types.FunctionCallingConfigMode.ANY)
            ),
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        )

    async def aclose(self) -> None:
        if self._client is not None:
            try:
                await self._client.aio.aclose()
            except Exception as exc:  # closing must never fail a shutdown
                log.info("gemini client close failed: %s", type(exc).__name__)
            self._client = None

    async def understand(self, text: str) -> ParsedQuery | None:
        if not self._key:
            self._failed("no key")
            return None
        if not self.cap.take():
            self._failed("rate cap")
            return None
        try:
            if self._client is None:
                self._setup()
            response = await asyncio.wait_for(
                self._client.aio.models.generate_content(
                    model=self.settings.model, contents=text, config=self._config
                ),
                timeout=self.settings.timeout,
            )
        except TimeoutError:
            self._failed("timeout")
            return None
        except Exception as exc:
            code = getattr(exc, "code", None)
            if code == 429:
                self.cap.pause(COOL_DOWN_429)
            self._failed(f"HTTP {code}" if isinstance(code, int) else type(exc).__name__)
            return None
        try:
            calls = response.function_calls or []
        except Exception:  # a response the SDK cannot read
            calls = []
        if not calls:
            self._failed("no function call")
            return None
        call = calls[0]
        parsed = query_from_call(text, str(call.name or ""), call.args)
        if parsed is None:
            self._failed("malformed call")
        return parsed
