"""Tracker injection on a real qbittorrent-nox: public torrents get the list, private ones never;
the list comes from a URL and falls back to the cached copy when the URL fails."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest
from myflix_bot.watchers.base import WatcherError
from myflix_bot.watchers.settings import TrackersSettings
from myflix_bot.watchers.trackers import TrackersWatcher

from .conftest import collection_client, make_data, seed_torrent

LIST = "udp://tracker.example.invalid:1337/announce\n\nhttp://tracker2.example.invalid:80/announce\n"


@pytest.fixture
def list_server():
    state = {"status": 200}

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            return

        def do_GET(self) -> None:
            body = LIST.encode() if state["status"] == 200 else b"down"
            self.send_response(state["status"])
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}/trackers_best.txt"
    yield state
    server.shutdown()
    server.server_close()


def urls(api, h) -> set[str]:
    return {t.url for t in api.torrents_trackers(torrent_hash=h) if not t.url.startswith("** [")}


async def test_public_only_with_cached_fallback(
    qbittorrent, list_server, tmp_path: Path, clock, notifier
) -> None:
    api = qbittorrent.client()
    public = seed_torrent(api, make_data(qbittorrent.download_dir, "Public.Linux.Iso"))
    private = seed_torrent(api, make_data(qbittorrent.download_dir, "Private.Thing"), private=True)
    cache = tmp_path / "trackers.txt"
    watcher = TrackersWatcher(
        TrackersSettings(list_url=list_server["url"]),
        collection_client(qbittorrent),
        cache_path=cache,
        notifier=notifier,
        clock=clock,
    )
    await watcher.run()
    assert urls(api, public) == {
        "udp://tracker.example.invalid:1337/announce",
        "http://tracker2.example.invalid:80/announce",
    }
    assert urls(api, private) == set(), "a private torrent must never get public trackers"
    assert watcher.list_source == "url"
    assert cache.read_text().count("announce") == 2

    # the next day the URL fails: the cached copy is used, the private torrent still gets nothing
    list_server["status"] = 503
    clock.advance(86400 + 1)
    later = seed_torrent(api, make_data(qbittorrent.download_dir, "Public.Later"))
    await watcher.run()
    assert watcher.list_source == "cache"
    assert len(urls(api, later)) == 2
    assert urls(api, private) == set()


async def test_no_list_at_all_fails_the_step(qbittorrent, list_server, tmp_path, clock, notifier) -> None:
    list_server["status"] = 500
    watcher = TrackersWatcher(
        TrackersSettings(list_url=list_server["url"]),
        collection_client(qbittorrent),
        cache_path=tmp_path / "none.txt",
        notifier=notifier,
        clock=clock,
    )
    with pytest.raises(WatcherError, match="no tracker list"):
        await watcher.run()
