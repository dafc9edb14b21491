"""Helpers of the watcher tests: configs in memory, a manual clock, a recording notifier."""

from __future__ import annotations

from typing import Any

import pytest
import qbittorrentapi
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient
from myflix_bot.config import Config, parse_config
from myflix_bot.watchers import settings as _sections  # registers the watchers/exporter/logging sections
from myflix_bot.watchers.notify import Notifier
from myflix_testkit.waiting import wait_until

TOKEN = "123456789:" + "B" * 35
ADMIN = 1001
assert _sections.WATCHER_NAMES


def make_config(overrides: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> Config:
    data: dict[str, Any] = {
        "telegram": {"allowed_users": [42], "admins": [ADMIN]},
        "system": {"docker_socket": None},
    }
    data.update(overrides or {})
    return parse_config(data, {"MYFLIX_TELEGRAM_TOKEN": TOKEN, **(env or {})})


class ManualClock:
    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def notifier() -> Notifier:
    return Notifier(admins=[ADMIN], throttle=0.0, lang="en")  # the English texts; French: e2e tests


def collection_client(service: Any) -> QBittorrentClient:
    """The collection's stdlib client (what the watchers use) for a test qbittorrent-nox."""
    return QBittorrentClient(service.url, username=service.username, password=service.password)


def api_client(service: Any) -> qbittorrentapi.Client:
    return service.client()


def make_data(root: Any, name: str, size: int = 200_000, files: int = 1) -> Any:
    """A directory ``root/name`` with ``files`` files of random bytes (the first is the big one)."""
    import os  # noqa: PLC0415

    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(files):
        n = size if index == 0 else max(1000, size // 50)
        (folder / f"part{index}.mkv" if index == 0 else folder / f"extra{index}.nfo").write_bytes(
            os.urandom(n)
        )
    return folder


def seed_torrent(
    api: qbittorrentapi.Client, data: Any, *, category: str = "", private: bool = False, paused: bool = False
) -> str:
    """Add a real .torrent of ``data`` (already on disk) and wait until qBittorrent has checked it."""
    from myflix_testkit.torrents import make_torrent  # noqa: PLC0415

    torrent = make_torrent(data, private=private, piece_length=16384)
    if category and category not in api.torrents_categories():
        api.torrents_create_category(name=category, save_path=str(data.parent))
    api.torrents_add(
        torrent_files=torrent.data,
        save_path=str(data.parent),
        category=category or None,
        use_auto_torrent_management=False,
    )

    def checked() -> bool:
        info = api.torrents_info(torrent_hashes=torrent.info_hash)
        return bool(info) and info[0].progress >= 1.0 and not info[0].state.startswith("checking")

    wait_until(checked, what=f"qBittorrent to check {data.name}")
    if paused:  # paused after the check, as a person would
        api.torrents_pause(torrent_hashes=torrent.info_hash)
        wait_until(
            lambda: api.torrents_info(torrent_hashes=torrent.info_hash)[0].state.startswith(
                ("paused", "stopped")
            ),
            what=f"{data.name} paused",
        )
    return torrent.info_hash
