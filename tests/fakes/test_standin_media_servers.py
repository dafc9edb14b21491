"""The Jellyfin and Plex stand-ins of the lab images (molecule/images/standins/standin.py) answer the bot's
own /status probe as the real servers do: `make try` showed "❌ Jellyfin injoignable" because the stand-in
served only the compose healthcheck's route, and Plex's answered XML to a probe that asks for JSON."""

from __future__ import annotations

import asyncio
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from myflix_bot.sources.arr import SourceError
from myflix_bot.sources.health import MediaServerProbe
from myflix_testkit.fakes.server import FakeServer

STANDINS = Path(__file__).resolve().parents[2] / "molecule" / "images" / "standins"
VERSIONS = [("jellyfin", "JELLYFIN_VERSION"), ("plex", "PLEX_VERSION")]


@pytest.fixture(scope="module")
def standin() -> Iterator[object]:
    sys.path.insert(0, str(STANDINS))
    try:
        import standin  # noqa: PLC0415 - the image's entrypoint, importable beside its helpers

        yield standin
    finally:
        sys.path.remove(str(STANDINS))
        sys.modules.pop("standin", None)
        sys.modules.pop("arr_sqlite", None)


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return answer.read()


@pytest.mark.parametrize(("kind", "version_attr"), VERSIONS)
def test_the_bot_reads_the_media_servers_version(standin, kind: str, version_attr: str) -> None:
    with FakeServer(standin.media_server_app(kind)) as server:
        health = asyncio.run(MediaServerProbe(kind, server.url).fetch())
    assert health.version == getattr(standin, version_attr)


def test_the_healthcheck_routes_still_answer(standin) -> None:
    with FakeServer(standin.media_server_app("jellyfin")) as server:
        assert get(f"{server.url}/health") == b"Healthy"
    with FakeServer(standin.media_server_app("plex")) as server:
        body = get(f"{server.url}/identity").decode()
    assert body.startswith("<?xml")
    assert f'version="{standin.PLEX_VERSION}"' in body


def test_a_server_without_the_route_is_unreachable_for_the_probe(standin) -> None:
    """The counterpart: a health-only app (what the stand-in was) is no media server to the probe."""
    with FakeServer(standin.health_app("/health", "Healthy")) as server, pytest.raises(SourceError) as caught:
        asyncio.run(MediaServerProbe("jellyfin", server.url).fetch())
    assert str(caught.value).startswith("Jellyfin: ")
    assert "404" in str(caught.value)
