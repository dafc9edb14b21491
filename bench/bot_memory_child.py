"""One process, one way of reading the Radarr library: prints its memory around three refreshes.

    python -m bench.bot_memory_child {streamed|whole} URL API_KEY

``streamed`` is the bot's :class:`~myflix_bot.sources.arr.RadarrSource` as it is. ``whole`` is the
previous way, kept here as the baseline: over httpx, the whole answer read into bytes, decoded into one
string, then its elements decoded one at a time, and a new catalog index built at every refresh (today
an unchanged library keeps its index, and a changed one reuses the unchanged titles). Both convert with
the same function and build the same catalog index. Output: one JSON line with ``base_kib``
(before the first refresh), ``hwm_kib`` (VmHWM after the first refresh: its peak),
``settled_kib`` (VmRSS after three refreshes) and ``titles``.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
from myflix_bot.catalog_index import CatalogIndex
from myflix_bot.config import ArrConfig
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient, RadarrSource, SourceError, movie_from_json, release_memory

_WS = re.compile(r"[ \t\n\r]*")


def status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field}")


def iter_json_array(text: str) -> Iterator[Any]:
    """The baseline's decoder: the elements of a JSON array held whole in ``text``."""
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
        if text[pos : pos + 1] == "]":
            return
        pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]


def whole_body(client: ArrClient, http: httpx.AsyncClient, url: str, key: str) -> Any:
    async def get_converted(path: str, convert: Callable[[dict[str, Any]], Any]) -> list[Any]:
        resp = await http.get(f"{url}/api/v3/{path}", headers={"X-Api-Key": key})
        if resp.status_code >= 400:
            raise SourceError(f"HTTP {resp.status_code}")
        body = resp.content
        del resp

        def decode() -> list[Any]:
            text = body.decode("utf-8")
            return [c for c in (convert(i) for i in iter_json_array(text) if isinstance(i, dict)) if c]

        return await asyncio.to_thread(decode)

    return get_converted


async def main(variant: str, url: str, key: str) -> None:
    http = httpx.AsyncClient(timeout=120.0, verify=False)
    source = RadarrSource(ArrConfig(url=url, api_key=Secret(key), timeout=120.0))
    if variant == "whole":
        get_converted = whole_body(source.client, http, url, key)

        async def previous_fetch() -> CatalogIndex[Any]:  # the source's fetch before the reuse
            index = CatalogIndex.build(await get_converted("movie", movie_from_json))
            release_memory()
            return index

        source.fetch = previous_fetch  # type: ignore[method-assign]
    elif variant != "streamed":
        raise SystemExit(f"unknown variant {variant!r}")
    base = status_kib("VmRSS")
    index = await source.fetch()
    hwm = status_kib("VmHWM")
    for _ in range(2):
        index = await source.fetch()
    settled = status_kib("VmRSS")
    await http.aclose()
    print(json.dumps({"base_kib": base, "hwm_kib": hwm, "settled_kib": settled, "titles": len(index)}))


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:4]))
