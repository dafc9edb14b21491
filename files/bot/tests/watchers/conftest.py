"""Helpers of the watcher tests: configs in memory, a manual clock, a recording notifier."""

from __future__ import annotations

from typing import Any

import pytest
import qbittorrentapi
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient
from myflix_bot.config import Config, parse_config
from myflix_bot.watchers import settings as _sections  # registers the watchers/exporter/logging sections
from myflix_bot.watchers.notify import Notifier

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
    return Notifier(admins=[ADMIN], throttle=0.0)


def collection_client(service: Any) -> QBittorrentClient:
    """The collection's stdlib client (what the watchers use) for a test qbittorrent-nox."""
    return QBittorrentClient(service.url, username=service.username, password=service.password)


def api_client(service: Any) -> qbittorrentapi.Client:
    return service.client()
