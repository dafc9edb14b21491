"""Radarr and Sonarr for the bot: the catalogue sources and an async wrapper of the collection's
standard-library ``ArrClient`` (the project's one implementation of the *arr API)."""

from __future__ import annotations

import asyncio
import codecs
import json
import re
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any, BinaryIO, Generic, TypeVar

from ansible_collections.myflix.media.plugins.module_utils.arr import ArrClient as SyncArrClient
from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError

from myflix_bot.catalog_index import CatalogIndex, Item
from myflix_bot.config import ArrConfig
from myflix_bot.json_fields import object_field
from myflix_bot.models import Movie, Series

T = TypeVar("T")
R = TypeVar("R")
_WS = re.compile(r"[ \t\n\r]*")
CHUNK = 64 * 1024  # bytes of the answer read at a time


class JsonArrayStream:
    """Decode a JSON array from text that arrives in pieces, one element at a time.

    A 10,000-movie Radarr library is ~20 MB of JSON. Holding it whole (the bytes, then the decoded
    text, then every dict) is what made the bot's memory peak and stay high after a refresh; fed
    chunk by chunk, only the current chunk, the unfinished element at its end and the small converted
    objects are ever held. Each element is decoded by the C scanner of :mod:`json`.
    """

    def __init__(self) -> None:
        self._decoder = json.JSONDecoder()
        self._buf = ""
        self._started = False  # the opening "[" was seen
        self._after_value = False  # an element was read: "," or "]" comes next
        self._empty = True  # no element yet: "]" may close the array
        self._done = False

    def feed(self, text: str) -> list[Any]:
        """The elements completed by ``text``."""
        buf = self._buf + text
        pos = _WS.match(buf, 0).end()  # type: ignore[union-attr]
        out: list[Any] = []
        if not self._started and pos < len(buf):
            if buf[pos] != "[":
                raise ValueError("not a JSON array")
            self._started = True
            pos += 1
        while self._started and not self._done:
            pos = _WS.match(buf, pos).end()  # type: ignore[union-attr]
            if pos >= len(buf):
                break
            char = buf[pos]
            if char == "]" and (self._after_value or self._empty):
                self._done = True
                pos += 1
            elif self._after_value:
                if char != ",":
                    raise ValueError("bad JSON array")
                self._after_value = False
                pos += 1
            else:
                try:
                    value, end = self._decoder.raw_decode(buf, pos)
                except json.JSONDecodeError:
                    break  # unfinished: wait for the next piece (close() tells a real error)
                if end == len(buf) and not isinstance(value, dict | list):
                    break  # a number or literal may go on in the next piece
                out.append(value)
                self._after_value = True
                self._empty = False
                pos = end
        rest = buf[pos:]
        if self._done and rest.strip():
            raise ValueError("data after the JSON array")
        self._buf = rest
        return out

    def close(self) -> None:
        """Raise ValueError unless the whole array arrived."""
        if not self._done:
            raise ValueError("the JSON array is cut or malformed")


def release_memory() -> None:
    """Give freed heap pages back to the OS after a big refresh (glibc only; a no-op elsewhere)."""
    try:
        import ctypes  # noqa: PLC0415

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class SourceError(Exception):
    """A service answered, but not usefully (HTTP error, bad JSON). The message holds no secret."""

    explains_itself = True  # describe_error shows the message without the class name


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
    """Radarr or Sonarr for the bot: the collection's standard-library ``ArrClient`` (the one client of
    the *arr API, shared with the Ansible modules) run in worker threads.

    The stdlib client is not thread-safe (one urllib opener and cookie jar per instance), so each worker
    thread gets its own instance: a large catalogue refresh never holds up a search lookup. Errors come
    out as :class:`SourceError` whose message starts with the application's name."""

    def __init__(self, config: ArrConfig, name: str) -> None:
        self.name = name
        self._config = config
        self._local = threading.local()

    def _sync(self) -> SyncArrClient:
        client: SyncArrClient | None = getattr(self._local, "client", None)
        if client is None:
            client = SyncArrClient(
                self._config.url,
                self._config.api_key.reveal(),
                app=self.name.lower(),
                timeout=self._config.timeout,
            )
            self._local.client = client
        return client

    async def aclose(self) -> None:
        """Nothing to close: urllib keeps no connection open between calls."""

    def _call(self, method: str, path: str, params: dict[str, Any] | None, body: Any) -> Any:
        try:
            return self._sync().call(method, path.lstrip("/"), body=body, params=params)
        except HttpError as exc:
            raise SourceError(f"{self.name}: {exc}") from None

    async def request(
        self, method: str, path: str, *, params: dict[str, Any] | None = None, json: Any = None
    ) -> Any:
        """``method /api/v3/<path>``: the decoded JSON answer (None when empty)."""
        return await asyncio.to_thread(self._call, method, path, params, json)

    async def get(self, path: str, **params: Any) -> Any:
        return await self.request("GET", path, params=params or None)

    async def run(self, call: Callable[[SyncArrClient], T]) -> T:
        """``call(client)`` on the collection's client in a worker thread, for its typed calls
        (``queue``, ``remove_queue_item``, ``search_for``, ``blocklist``...); errors come out as
        :class:`SourceError`."""

        def invoke() -> T:
            try:
                return call(self._sync())
            except HttpError as exc:
                raise SourceError(f"{self.name}: {exc}") from None

        return await asyncio.to_thread(invoke)

    async def get_converted(self, path: str, convert: Callable[[dict[str, Any]], T | None]) -> list[T]:
        """GET a JSON array and convert each object as it arrives (:class:`JsonArrayStream`, in a
        worker thread): the whole answer is never held, only the converted objects; those ``convert``
        maps to None are dropped."""
        return await self.get_reduced(path, convert, list)

    async def get_reduced(
        self,
        path: str,
        convert: Callable[[dict[str, Any]], T | None],
        reduce: Callable[[list[T]], R],
    ) -> R:
        """:meth:`get_converted`, then ``reduce(objects)`` in the same worker thread: only what
        ``reduce`` returns comes back to the event loop (asyncio keeps the last result of a worker
        call alive for a while, so a big list returned there would outlive its use), and the freed
        heap is given back to the OS once the converted objects are gone."""

        def consume(body: BinaryIO) -> list[T]:
            out: list[T] = []
            stream = JsonArrayStream()
            text = codecs.getincrementaldecoder("utf-8")()
            while chunk := body.read(CHUNK):
                for item in stream.feed(text.decode(chunk)):
                    if isinstance(item, dict) and (converted := convert(item)) is not None:
                        out.append(converted)
            stream.feed(text.decode(b"", final=True))
            stream.close()
            return out

        def fetch() -> R:
            try:
                result = reduce(self._sync().stream(path.lstrip("/"), consume))
            except HttpError as exc:
                raise SourceError(f"{self.name}: {exc}") from None
            except ValueError:
                raise SourceError(f"{self.name}: answer to {path} is not a JSON array") from None
            release_memory()  # the converted objects reduce did not keep are gone by now
            return result

        return await asyncio.to_thread(fetch)


def _sort_title(item: dict[str, Any], title: str) -> str:
    """The *arr sort title; the title itself (one string, not two) when they are the same."""
    sort_title = _text(item.get("sortTitle")) or title.casefold()
    return title if sort_title == title else sort_title


def movie_from_json(item: dict[str, Any]) -> Movie | None:
    """A downloaded movie, or None when Radarr has no file for it. Only the fields the views use are
    kept (the answer's other fields, ~2 KB per movie, are dropped as soon as it is read)."""
    if item.get("hasFile") is not True:
        return None
    movie_file = object_field(item, "movieFile")
    added = parse_time(movie_file.get("dateAdded")) or parse_time(item.get("added"))
    title = _text(item.get("title"), "?")
    return Movie(
        id=_int(item.get("id")),
        title=title,
        year=_int(item.get("year")) or None,
        added=added,
        sort_title=_sort_title(item, title),
    )


def _season_stats(season: dict[str, Any]) -> tuple[int, int]:
    stats = season.get("statistics")
    stats = stats if isinstance(stats, dict) else season
    return _int(stats.get("episodeFileCount")), _int(stats.get("episodeCount"))


def series_from_json(item: dict[str, Any]) -> Series | None:
    """A series with at least one episode file, or None. Seasons count as complete when every
    aired, monitored episode Sonarr counts has a file. Specials (season 0) are not counted."""
    stats = object_field(item, "statistics")
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
        sort_title=_sort_title(item, title),
        seasons_complete=sum(1 for have, total in have_total if total > 0 and have >= total),
        seasons_total=len(seasons),
        episodes_have=files,
        episodes_total=max(episodes, files),
    )


class LibrarySource(Generic[Item]):
    """A Radarr or Sonarr library (``/api/v3/{resource}``), fetched whole into a ``CatalogIndex``.

    Memory: the coordinator keeps serving the previous index while a refresh runs, so whatever the
    refresh allocates comes on top of it, and Python's allocator cannot give that space back
    afterwards (small objects pin their arenas). Measured on 10,000 films: 10,000 new title objects
    per refresh, compared and dropped, kept ~4 MiB more resident after three refreshes whatever the
    malloc arena count; asyncio also kept the last worker result (the whole list) alive. So each
    converted title that did not change is replaced at once by the previous object, an unchanged
    library returns the previous index itself from the worker thread (the usual refresh leaves
    nothing behind), and a changed one is indexed from the previous objects where it can.
    """

    name: str

    def __init__(
        self,
        config: ArrConfig,
        app: str,
        resource: str,
        convert: Callable[[dict[str, Any]], Item | None],
    ) -> None:
        self.client = ArrClient(config, app)
        self._resource = resource
        self._convert: Callable[[dict[str, Any]], Item | None] = convert
        self._last: CatalogIndex[Item] | None = None

    async def fetch(self) -> CatalogIndex[Item]:
        last = self._last
        known = {} if last is None else {item: item for item in last.by_title}

        def convert(data: dict[str, Any]) -> Item | None:
            # a title that did not change is the previous object: the new one is dropped at once
            item = self._convert(data)
            return item if item is None else known.get(item, item)

        def unchanged(items: list[Item]) -> CatalogIndex[Item] | list[Item]:
            # in the worker thread: an unchanged answer's list never reaches the event loop
            if (
                last is not None
                and len(items) == len(last) == len(known)
                and all(known.get(item) is item for item in items)
                and len(set(items)) == len(items)
            ):
                return last  # the same titles, every field equal (the index sorts them itself)
            return items

        found = await self.client.get_reduced(self._resource, convert, unchanged)
        if isinstance(found, CatalogIndex):
            return found
        index = CatalogIndex.build(found)
        self._last = index
        release_memory()
        return index


class RadarrSource(LibrarySource[Movie]):
    name = "radarr"

    def __init__(self, config: ArrConfig) -> None:
        super().__init__(config, "Radarr", "movie", movie_from_json)


class SonarrSource(LibrarySource[Series]):
    name = "sonarr"

    def __init__(self, config: ArrConfig) -> None:
        super().__init__(config, "Sonarr", "series", series_from_json)
