"""Shared helpers of the bot tests: configs built in memory, fixed clocks, snapshots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from myflix_bot.assembly import parse_config, prepare
from myflix_bot.config import Config
from myflix_bot.coordinator import Snapshot

NOW = 1_750_000_000.0
TOKEN = "123456789:" + "A" * 35
ADMIN = 1001
USER = 424242  # the fake Telegram's default user (Alice)
STRANGER = 666

prepare()  # every feature's texts in the i18n catalog, as in the running bot


def make_config(overrides: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> Config:
    data: dict[str, Any] = {
        "telegram": {"allowed_users": [USER], "admins": [ADMIN]},
        "system": {"docker_socket": None},
    }
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    environment = {"MYFLIX_TELEGRAM_TOKEN": TOKEN, **(env or {})}
    return parse_config(data, environment)


def snap(
    source: str,
    data: Any = None,
    *,
    age: float = 0.0,
    error: str | None = None,
    interval: float = 60.0,
    never: bool = False,
) -> Snapshot:
    return Snapshot(
        source=source,
        data=data,
        updated_at=None if never else NOW - age,
        error=error,
        failed_at=NOW if error else None,
        interval=interval,
    )


@pytest.fixture
def config_factory() -> Callable[..., Config]:
    return make_config
