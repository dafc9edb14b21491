"""Start-up with Telegram unreachable (issue 14, point 8): the watchers and the exporter start and keep
working, the bot retries with backoff and says so in the log and the metrics, then connects once the
Bot API answers. The fake Bot API answers 502 (python-telegram-bot's NetworkError, what an outage or
a wrong proxy gives); a real qbittorrent-nox for the thermal watcher."""

from __future__ import annotations

import asyncio
import time

import httpx
from myflix_bot.app import BotService, build_application
from myflix_bot.assembly import build_runtime
from myflix_testkit.fakes.telegram import TgUser
from myflix_testkit.waiting import async_wait_until

from ..harness import FIXED_SYSTEM, FixedSource
from .conftest import ADMIN, make_config


async def sample(port: int, name: str) -> float | None:
    async with httpx.AsyncClient() as http:
        text = (await http.get(f"http://127.0.0.1:{port}/metrics", timeout=10)).text
    for line in text.splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    return None


async def test_watchers_and_exporter_work_while_telegram_is_down(
    fake_telegram, qbittorrent, tmp_path, unused_tcp_port, caplog
) -> None:
    from myflix_bot.assembly import install_operations as install  # noqa: PLC0415

    sensor = tmp_path / "temp"
    sensor.write_text("50000\n")
    config = make_config(
        {
            "telegram": {"allowed_users": [424242], "admins": [ADMIN], "base_url": fake_telegram.base_url},
            "qbittorrent": {"url": qbittorrent.url, "username": qbittorrent.username},
            "system": {"docker_socket": None, "thermal_path": str(sensor)},
            "exporter": {"port": unused_tcp_port},
            "watchers": {"state_dir": str(tmp_path / "state"), "thermal": {"interval": 1}},
        },
        env={
            "MYFLIX_TELEGRAM_TOKEN": fake_telegram.token,
            "MYFLIX_QBITTORRENT_PASSWORD": qbittorrent.password,
        },
    )
    fake_telegram.faults.set(status=502)  # the Bot API is unreachable
    rt = build_runtime(config, source_overrides={"system": FixedSource(FIXED_SYSTEM)})
    ws = install(rt)
    service = BotService(rt, build_application(rt), retry_base=0.2, retry_max=0.5)
    await service.start(poll_interval=0.0, polling_timeout=1)  # does not raise
    try:
        assert not service.connected.is_set()
        thermal = ws.watchers["thermal"]
        await async_wait_until(lambda: thermal.health.runs >= 2 and thermal.health.ok, 30, what="thermal")
        assert await sample(unused_tcp_port, "myflix_bot_telegram_connected") == 0.0
        failures: list[float] = []

        async def count() -> float:
            failures.append(await sample(unused_tcp_port, "myflix_bot_telegram_connect_failures_total") or 0)
            return failures[-1]

        deadline = time.monotonic() + 30
        while await count() < 3:  # retried, with backoff
            assert time.monotonic() < deadline, failures
            await asyncio.sleep(0.1)
        assert any("Telegram unreachable" in r.getMessage() for r in caplog.records)

        fake_telegram.faults.clear()  # the Bot API is back
        await asyncio.wait_for(service.connected.wait(), timeout=30)
        assert await sample(unused_tcp_port, "myflix_bot_telegram_connected") == 1.0
        fake_telegram.send_text("/start", user=TgUser(id=ADMIN, first_name="Admin"))
        reply = await fake_telegram.wait_for_call(
            "sendMessage", timeout=30, predicate=lambda c: c.params.get("chat_id") == ADMIN
        )
        assert reply.ok
    finally:
        await service.stop()
