"""The media server's health probe (sources/health.py): Jellyfin's public system info and Plex's
identity (JSON when asked), both without a login; an error status is a SourceError naming the server."""

from __future__ import annotations

import pytest
from aiohttp import web
from myflix_bot.sources.arr import SourceError
from myflix_bot.sources.health import MediaServerProbe
from myflix_testkit.fakes.server import FakeServer

PLEX_VERSION = "1.42.1.10060-4e8b05daf"


def media_server() -> web.Application:
    async def plex_identity(request: web.Request) -> web.Response:
        if "application/json" not in request.headers.get("Accept", ""):
            return web.Response(text=f'<MediaContainer size="0" version="{PLEX_VERSION}"/>')
        return web.json_response({"MediaContainer": {"size": 0, "claimed": True, "version": PLEX_VERSION}})

    async def jellyfin_info(_request: web.Request) -> web.Response:
        return web.json_response({"ServerName": "pi", "Version": "10.10.7", "ProductName": "Jellyfin Server"})

    async def down(_request: web.Request) -> web.Response:
        return web.Response(status=503)

    app = web.Application()
    app.router.add_get("/identity", plex_identity)
    app.router.add_get("/System/Info/Public", jellyfin_info)
    app.router.add_get("/down/identity", down)
    return app


async def test_plex_and_jellyfin_versions() -> None:
    with FakeServer(media_server()) as server:
        assert (await MediaServerProbe("plex", server.url).fetch()).version == PLEX_VERSION
        assert (await MediaServerProbe("jellyfin", server.url).fetch()).version == "10.10.7"
        with pytest.raises(SourceError, match=r"^Plex: .*503"):
            await MediaServerProbe("plex", f"{server.url}/down").fetch()
