"""Run the real bot (python-telegram-bot polling the fake Bot API) against the fakes and a real
qbittorrent-nox, with a deterministic system source."""

from __future__ import annotations

import html
import re
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from myflix_bot.app import BotService, build_application
from myflix_bot.assembly import build_runtime
from myflix_bot.config import Config
from myflix_bot.models import ContainerInfo, StorageUsage, SystemData
from myflix_bot.render.text import LINE_WIDTH, display_width
from myflix_bot.runtime import Runtime
from myflix_testkit.fakes.telegram import BotCall, TelegramFake

from .conftest import ADMIN, USER, make_config
from .language import assert_one_language, sent_texts

GB = 1024**3
FIXED_SYSTEM = SystemData(
    storage=(StorageUsage("NVMe", 120 * GB, 480 * GB), StorageUsage("HDD", 3_700 * GB, 4_000 * GB)),
    storage_names=("NVMe", "HDD"),
    cpu_temp=61.5,
    throttled=0,
    mem_used=3 * GB,
    mem_total=8 * GB,
    load=(0.25, 0.5, 1.0),
)
FIXED_CONTAINERS = (
    ContainerInfo("gluetun", "running", "healthy"),
    ContainerInfo("qbittorrent", "running", None),
    ContainerInfo("radarr", "restarting", None),
)


class FixedSource:
    def __init__(self, data: Any) -> None:
        self.data = data
        self.fail: BaseException | None = None

    async def fetch(self) -> Any:
        if self.fail is not None:
            raise self.fail
        return self.data


@dataclass
class Bot:
    rt: Runtime
    service: BotService
    tg: TelegramFake
    system: FixedSource
    containers: FixedSource

    async def send(self, command: str, *args: str, **kwargs: Any) -> BotCall:
        self.tg.send_command(command, *args, **kwargs)
        return await self.tg.wait_for_call("sendMessage", timeout=15)

    async def press(self, message: dict[str, Any], data: str, **kwargs: Any) -> tuple[BotCall, BotCall]:
        query_id = self.tg.press_button(message, data, **kwargs)
        answer = await self.tg.wait_for_call(
            "answerCallbackQuery",
            timeout=15,
            predicate=lambda c: c.params.get("callback_query_id") == query_id,
        )
        edit = await self.tg.wait_for_call("editMessageText", timeout=15)
        return answer, edit

    def message(self, call: BotCall) -> dict[str, Any]:
        found = self.tg.message(call.params["chat_id"], call.result["message_id"])
        assert found is not None
        return found


def keyboard(call: BotCall) -> list[list[tuple[str, str]]]:
    markup = call.params.get("reply_markup") or {}
    return [[(b["text"], b["callback_data"]) for b in row] for row in markup.get("inline_keyboard", [])]


def bot_config(
    tg: TelegramFake,
    *,
    radarr: Any = None,
    sonarr: Any = None,
    prowlarr: Any = None,
    gluetun: Any = None,
    qbittorrent: Any = None,
    extra: dict[str, Any] | None = None,
    env_extra: dict[str, str] | None = None,
) -> Config:
    data: dict[str, Any] = {
        "telegram": {"allowed_users": [USER], "admins": [ADMIN], "base_url": tg.base_url},
        "system": {"docker_socket": None, "warn_percent": 90},
        "cache": {"catalog_interval": 300, "queue_idle_interval": 60, "queue_live_interval": 0.5},
        "ui": {"queue_live_seconds": 3},
    }
    env = {"MYFLIX_TELEGRAM_TOKEN": tg.token}
    if radarr is not None:
        data["radarr"] = {"url": radarr.url}
        env["MYFLIX_RADARR_API_KEY"] = radarr.api_key
    if sonarr is not None:
        data["sonarr"] = {"url": sonarr.url}
        env["MYFLIX_SONARR_API_KEY"] = sonarr.api_key
    if prowlarr is not None:
        data["prowlarr"] = {"url": prowlarr.url}
        env["MYFLIX_PROWLARR_API_KEY"] = prowlarr.api_key
    if gluetun is not None:
        data["gluetun"] = {"url": gluetun.url, "home_ip": "82.1.1.1"}
    if qbittorrent is not None:
        data["qbittorrent"] = {"url": qbittorrent.url, "username": qbittorrent.username}
        env["MYFLIX_QBITTORRENT_PASSWORD"] = qbittorrent.password
    for key, value in (extra or {}).items():
        data[key] = {**data.get(key, {}), **value}
    return make_config(data, {**env, **(env_extra or {})})


@asynccontextmanager
async def running_bot(
    config: Config,
    tg: TelegramFake,
    *,
    registry: Any = None,
    setup: Any = None,
    clock: Callable[[], float] = time.time,
    languages: dict[int, str] | None = None,
) -> AsyncIterator[Bot]:
    """The bot running against ``tg``; ``setup(rt)`` runs before it starts (e.g. installs watchers);
    ``clock`` is its wall clock (a frozen one makes data ages exact).
    On a clean exit, every text the bot sent is checked for words of the other UI language
    (``languages``: chat id -> the language of that chat's reader, when it is not the UI's)."""
    system = FixedSource(FIXED_SYSTEM)
    containers = FixedSource(FIXED_CONTAINERS)
    rt = build_runtime(
        config, registry=registry, clock=clock, source_overrides={"system": system, "containers": containers}
    )
    if setup is not None:
        setup(rt)
    await rt.coordinator.refresh_all()
    service = BotService(rt, build_application(rt))
    await service.start(poll_interval=0.0, polling_timeout=1)
    try:
        yield Bot(rt, service, tg, system, containers)
    finally:
        await service.stop()
    assert_one_language(tg, config.ui.language, languages)
    assert_phone_width(tg)


_PRE = re.compile(r"<pre>(.*?)</pre>", re.S)


def assert_phone_width(tg: TelegramFake) -> None:
    """Every monospace block the bot sent keeps within one phone width (LINE_WIDTH cells); /logs
    (raw log lines, which may wrap) is not a table and is left out."""
    for text in sent_texts(tg):
        if text.startswith("📜"):
            continue
        for block in _PRE.findall(text):
            for line in html.unescape(block).split("\n"):
                assert display_width(line) <= LINE_WIDTH, f"{display_width(line)} cells: {line!r}"


def frozen_clock(at: float = 1_800_000_000.0) -> Callable[[], float]:
    """A wall clock that does not move: "data from 0 s ago" stays exact on a busy machine."""
    return lambda: at


def write_file(path: Path, text: str) -> Path:
    path.write_text(text)
    return path
