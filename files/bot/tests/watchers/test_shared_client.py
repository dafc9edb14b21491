"""One qBittorrent session per bot: the /queue source and every watcher share the collection's client
(no qbittorrent-api in the bot), and that client is safe to use from several worker threads at once."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import install_operations as install
from myflix_bot.sources.qbittorrent import QbittorrentSource, SharedQBittorrentClient

from .conftest import make_config


def qbt_config(service, tmp_path, **extra):
    return make_config(
        {
            "qbittorrent": {"url": service.url, "username": service.username},
            "gluetun": {"url": "http://127.0.0.1:9", "home_ip": "203.0.113.7"},
            "watchers": {
                "state_dir": str(tmp_path),
                "gc": {"categories": [{"name": "radarr", "arr": "radarr"}]},
                "trackers": {"list_url": "http://127.0.0.1:9/list"},
            },
            "exporter": {"enabled": False},
            **extra,
        },
        env={"MYFLIX_QBITTORRENT_PASSWORD": service.password},
    )


async def test_source_and_watchers_share_one_client(qbittorrent_session, tmp_path) -> None:
    rt = build_runtime(qbt_config(qbittorrent_session, tmp_path))
    ws = install(rt)
    source = rt.sources.qbittorrent
    assert isinstance(source, QbittorrentSource)
    assert isinstance(source.client, SharedQBittorrentClient)
    users = {name: w.qbt for name, w in ws.watchers.items() if hasattr(w, "qbt")}
    assert sorted(users) == ["gc", "leak_guard", "malware", "port_sync", "stalled", "thermal", "trackers"]
    assert ws.watchers["stalled"].network.qbt is source.client  # the own-fault probe reads it too
    assert all(client is source.client for client in users.values())
    queue = await source.fetch()  # the source reads the real qbittorrent-nox through that client
    assert queue.listen_port == source.client.preferences()["listen_port"]
    for close in rt.closers:
        await close()


async def test_shared_client_serves_concurrent_threads(qbittorrent_session, tmp_path) -> None:
    """Many threads, one logged-out client: they all log in through one session and get answers."""
    rt = build_runtime(qbt_config(qbittorrent_session, tmp_path))
    source = rt.sources.qbittorrent
    client = source.client
    transfer = lambda: client.get_json("transfer/info")  # noqa: E731
    calls = [client.preferences, client.torrents, client.app_version, transfer]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda n: calls[n % len(calls)](), range(64)))
    assert all(isinstance(r, dict) for r in results[0::4])
    assert all(isinstance(r, list) for r in results[1::4])
    assert all(isinstance(r, str) and r.startswith("v") for r in results[2::4])
    assert len(client.http.cookies) == 1  # one SID: nobody logged in over another thread's session
    queues = await asyncio.gather(*(source.fetch() for _ in range(6)))
    assert len({q.listen_port for q in queues}) == 1
    for close in rt.closers:
        await close()


def test_the_bot_never_imports_qbittorrent_api(tmp_path) -> None:
    """qbittorrent-api (and requests) stay test-only: a built bot with every watcher has not loaded them."""
    script = """
import sys
from myflix_bot.app import build_application
from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import parse_config
from myflix_bot.assembly import install_operations as install
config = parse_config(
    {"telegram": {"allowed_users": [1]}, "qbittorrent": {"url": "http://127.0.0.1:9"},
     "gluetun": {"url": "http://127.0.0.1:9", "home_ip": "203.0.113.7"},
     "system": {"docker_socket": None}, "exporter": {"enabled": False},
     "watchers": {"state_dir": sys.argv[1], "gc": {"categories": [{"name": "radarr", "arr": "radarr"}]}}},
    {"MYFLIX_TELEGRAM_TOKEN": "123456789:" + "C" * 35},
)
rt = build_runtime(config)
install(rt)
build_application(rt)
print(sorted(m for m in ("qbittorrentapi", "requests", "urllib3") if m in sys.modules))
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
