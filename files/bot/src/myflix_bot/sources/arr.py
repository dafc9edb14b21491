"""Radarr and Sonarr over their v3 HTTP API (httpx, async; the key goes in ``X-Api-Key``)."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, TypeVar

import httpx

from myflix_bot.catalog_index import CatalogIndex
from myflix_bot.config import ArrConfig
from myflix_bot.models import Movie, Series

T = TypeVar("T")
_WS = re.compile(r"[ \t\n\r]*")


def iter_json_array(text: str) -> Iterator[Any]:
    """The elements of a JSON array, decoded one at a time.

    A 10,000-movie Radarr library is ~20 MB of JSON; decoding it whole builds ~100 MB of dicts that
    fragment the heap and stay in the process's RSS. One element at a time, each dict is garbage as soon
    as it is converted, so memory stays flat and only the small converted objects remain."""
    decoder = json.JSONDecoder()
    pos = _WS.match(text, 0).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] != "[":
        raise ValueError("not a JSON array")
    pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] == "]":
        return
    while True:
        value, pos = decoder.raw_decode(text, pos)
        yield value
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        char = text[pos : pos + 1]
        if char == "]":
            return
        if char != ",":
            raise ValueError(f"bad JSON array at offset {pos}")
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def release_memory() -> None:
    """Give freed heap pages back to the OS after a big refresh (glibc only; a no-op elsewhere)."""
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class SourceError(Exception):
    """A service answered, but not usefully (HTTP error, bad JSON). The message holds no secret."""


def parse_time(value: Any) -> float:
    """ISO 8601 (``2024-03-01T12:00:00Z``) to epoch seconds; 0 when missing or unparsable."""
    if not isinstance(value, str) or not value:
        return 0.0
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return 0.0


def _int(value: Any, default: int = 0) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _text(value: Any, default: str = "") -> str:
    return value if isinstance(value, str) else default


class ArrClient:
    """The HTTP part shared by Radarr and Sonarr: ``/api/v3/...`` with the API key header."""

    def __init__(self, config: ArrConfig, name: str, http: httpx.AsyncClient | None = None) -> None:
        self.name = name
        self._config = config
        self._http = http or httpx.AsyncClient(timeout=config.timeout)

    async def aclose(self) -> None:
        await self._http.aclose()

    async def request(self, method: str, path: str, **kwargs: Any) -> Any:
        url = f"{self._config.url}/api/v3/{path.lstrip('/')}"
        headers = {"X-Api-Key": self._config.api_key.reveal(), "Accept": "application/json"}
        try:
            resp = await self._http.request(
                method, url, headers=headers, timeout=self._config.timeout, **kwargs
            )
        except httpx.HTTPError as exc:
            raise SourceError(f"{self.name}: {type(exc).__name__}") from None
        if resp.status_code == 401:
            raise SourceError(f"{self.name}: HTTP 401 (check the API key)")
        if resp.status_code >= 400:
            raise SourceError(f"{self.name}: HTTP {resp.status_code} on {path}")
        if not resp.content:
            return None
        try:
            return resp.json()
        except ValueError:
            raise SourceError(f"{self.name}: answer to {path} is not JSON") from None

    async def get(self, path: str, **params: Any) -> Any:
        return await self.request("GET", path, params=params or None)

    async def get_converted(self, path: str, convert: Callable[[dict[str, Any]], T | None]) -> list[T]:
        """GET a JSON array and convert each object as it is decoded (in a worker thread, so a large
        library never blocks the event loop); objects that ``convert`` maps to None are dropped."""
        url = f"{self._config.url}/api/v3/{path.lstrip('/')}"
        headers = {"X-Api-Key": self._config.api_key.reveal(), "Accept": "application/json"}
        try:
            resp = await self._http.get(url, headers=headers, timeout=self._config.timeout)
        except httpx.HTTPError as exc:
            raise SourceError(f"{self.name}: {type(exc).__name__}") from None
        if resp.status_code == 401:
            raise SourceError(f"{self.name}: HTTP 401 (check the API key)")
        if resp.status_code >= 400:
            raise SourceError(f"{self.name}: HTTP {resp.status_code} on {path}")
        body = resp.content
        del resp

        def decode() -> list[T]:
            try:
                text = body.decode("utf-8")
                out = [c for c in (convert(i) for i in iter_json_array(text) if isinstance(i, dict)) if c]
            except ValueError:
                raise SourceError(f"{self.name}: answer to {path} is not a JSON array") from None
            return out

        return await asyncio.to_thread(decode)


def movie_from_json(item: dict[str, Any]) -> Movie | None:
    """A downloaded movie, or None when Radarr has no file for it."""
    if item.get("hasFile") is not True:
        return None
    movie_file = item.get("movieFile") if isinstance(item.get("movieFile"), dict) else {}
    added = parse_time(movie_file.get("dateAdded")) or parse_time(item.get("added"))
    title = _text(item.get("title"), "?")
    return Movie(
        id=_int(item.get("id")),
        title=title,
        year=_int(item.get("year")) or None,
        added=added,
        sort_title=_text(item.get("sortTitle")) or title.casefold(),
        size_on_disk=_int(item.get("sizeOnDisk")) or _int(movie_file.get("size")),
    )


def _season_stats(season: dict[str, Any]) -> tuple[int, int]:
    stats = season.get("statistics") if isinstance(season.get("statistics"), dict) else season
    return _int(stats.get("episodeFileCount")), _int(stats.get("episodeCount"))


def series_from_json(item: dict[str, Any]) -> Series | None:
    """A series with at least one episode file, or None. Seasons count as complete when every
    aired, monitored episode Sonarr counts has a file. Specials (season 0) are not counted."""
    stats = item.get("statistics") if isinstance(item.get("statistics"), dict) else {}
    seasons = [
        s for s in item.get("seasons") or [] if isinstance(s, dict) and _int(s.get("seasonNumber")) > 0
    ]
    have_total = [_season_stats(s) for s in seasons]
    files = _int(stats.get("episodeFileCount")) if stats else sum(h for h, _ in have_total)
    if files <= 0:
        return None
    episodes = _int(stats.get("episodeCount")) if stats else sum(t for _, t in have_total)
    title = _text(item.get("title"), "?")
    return Series(
        id=_int(item.get("id")),
        title=title,
        year=_int(item.get("year")) or None,
        added=parse_time(item.get("added")),
        sort_title=_text(item.get("sortTitle")) or title.casefold(),
        seasons_complete=sum(1 for have, total in have_total if total > 0 and have >= total),
        seasons_total=len(seasons),
        episodes_have=files,
        episodes_total=max(episodes, files),
        size_on_disk=_int(stats.get("sizeOnDisk")),
    )


class LibrarySource[Item: (Movie, Series)]:
    """A Radarr or Sonarr library (``/api/v3/{resource}``), fetched whole into a ``CatalogIndex``."""

    name: str

    def __init__(
        self,
        config: ArrConfig,
        app: str,
        resource: str,
        convert: Callable[[dict[str, Any]], Item | None],
        http: httpx.AsyncClient | None = None,
    ) -> None:
        self.client = ArrClient(config, app, http)
        self._resource = resource
        self._convert: Callable[[dict[str, Any]], Item | None] = convert

    async def fetch(self) -> CatalogIndex[Item]:
        items = await self.client.get_converted(self._resource, self._convert)
        index = CatalogIndex.build(items)
        release_memory()
        return index


class RadarrSource(LibrarySource[Movie]):
    name = "radarr"

    def __init__(self, config: ArrConfig, http: httpx.AsyncClient | None = None) -> None:
        super().__init__(config, "Radarr", "movie", movie_from_json, http)


class SonarrSource(LibrarySource[Series]):
    name = "sonarr"

    def __init__(self, config: ArrConfig, http: httpx.AsyncClient | None = None) -> None:
        super().__init__(config, "Sonarr", "series", series_from_json, http)
