"""The real Alertmanager (Debian's 0.25) with the role's RENDERED config delivers through the bot and,
for the bot being down, through its own Telegram receiver with the French template; the Telegram
fake accepts what Alertmanager sends. Alerts are posted to Alertmanager's API (Prometheus' side is
covered by the promtool tests)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from mon_bot import RunningBot, run_bot
from mon_render import env_file_args, render_role_templates
from myflix_bot.config import parse_config
from myflix_testkit.fakes.telegram import TelegramFake
from myflix_testkit.services.process import ManagedProcess, free_port, start_and_wait
from telegram import Bot

ADMIN = 1001
SECRET = "alerts-secret-of-the-delivery-test"
WAIT = 60.0


@pytest.fixture
def delivery(fake_telegram: TelegramFake, tmp_path: Path) -> Iterator[tuple[RunningBot, str, TelegramFake]]:
    fake_telegram.add_chat(ADMIN)
    data = {
        "telegram": {"allowed_users": [42], "admins": [ADMIN], "base_url": fake_telegram.base_url},
        "system": {"docker_socket": None},
        "exporter": {"host": "127.0.0.1", "port": 0},
    }
    env = {"MYFLIX_TELEGRAM_TOKEN": fake_telegram.token, "MYFLIX_ALERTS_SECRET": SECRET}
    with run_bot(parse_config(data, env)) as bot:

        async def connect() -> None:  # what BotService does: the Telegram adapter, the endpoint's loop
            telegram = Bot(fake_telegram.token, base_url=fake_telegram.base_url)
            await telegram.initialize()
            bot.runtime.bot = telegram
            await bot.runtime.sources["alerts"].start(bot.runtime)

        asyncio.run_coroutine_threadsafe(connect(), bot.loop).result(timeout=WAIT)
        am_port = free_port()
        out = tmp_path / "rendered"
        rendered = render_role_templates(
            out,
            {
                "myflix_monitoring_telegram_bot_token": fake_telegram.token,
                "myflix_monitoring_telegram_chat_id": ADMIN,
                "myflix_monitoring_telegram_api_url": fake_telegram.base_url.removesuffix("/bot"),
                "myflix_monitoring_alert_webhook_secret": SECRET,
                "myflix_monitoring_exporter_address": bot.target,
                "myflix_monitoring_alertmanager_port": am_port,
                "myflix_monitoring_alertmanager_data_dir": str(tmp_path / "am"),
                "myflix_monitoring_alertmanager_templates_path": str(out / "alertmanager_myflix.tmpl"),
                "myflix_monitoring_alert_group_wait": "1s",
                "myflix_monitoring_alert_group_interval": "2s",
            },
        )
        args = [
            a.replace("/etc/prometheus/alertmanager.yml", str(rendered["alertmanager.yml"]))
            for a in env_file_args(rendered["alertmanager.default"])
        ]
        process = ManagedProcess(["/usr/bin/prometheus-alertmanager", *args], tmp_path / "am.log")
        url = f"http://127.0.0.1:{am_port}"
        start_and_wait(
            process,
            lambda: httpx.get(f"{url}/-/ready", timeout=2).status_code == 200 or None,
            timeout=WAIT,
            what="Alertmanager",
        )
        try:
            yield bot, url, fake_telegram
        finally:
            process.stop()


def post_alert(url: str, name: str, *, resolved: bool = False, **labels: str) -> None:
    alert: dict[str, Any] = {
        "labels": {"alertname": name, "job": "myflix", "instance": "127.0.0.1:9877", **labels},
        "annotations": {"summary": "x"},
        "startsAt": datetime(2026, 12, 6, 14, 0, tzinfo=UTC).isoformat(),
    }
    if resolved:
        alert["endsAt"] = datetime.now(UTC).isoformat()
    httpx.post(f"{url}/api/v2/alerts", json=[alert], timeout=10).raise_for_status()


def texts(fake: TelegramFake) -> list[str]:
    return [m.get("text", "") for m in fake.bot_messages(ADMIN)]


def wait_for_text(fake: TelegramFake, needle: str) -> str:
    call = fake.wait_for_call_sync(
        "sendMessage", timeout=WAIT, predicate=lambda c: c.ok and needle in c.params.get("text", "")
    )
    return str(call.params["text"])


def test_alerts_reach_the_admin_in_french_through_the_bot_and_resolve(delivery: Any) -> None:
    _bot, url, fake = delivery
    post_alert(url, "MyflixGluetunDown", severity="critical", area="vpn", source="gluetun")
    text = wait_for_text(fake, "Gluetun (le VPN) ne répond plus")
    assert "127.0.0.1" not in text
    assert "instance" not in text
    post_alert(url, "MyflixGluetunDown", resolved=True, severity="critical", area="vpn", source="gluetun")
    wait_for_text(fake, "Résolu : Gluetun (le VPN) ne répond plus")


def test_the_bot_being_down_goes_straight_to_telegram_in_french(delivery: Any) -> None:
    _bot, url, fake = delivery
    post_alert(url, "MyflixExporterDown", severity="critical", area="bot")
    text = wait_for_text(fake, "Je ne vois plus le bot Myflix")
    assert "aucune alerte n'est déclarée résolue" in text
    calls = [c for c in fake.calls("sendMessage") if "Je ne vois plus le bot" in c.params.get("text", "")]
    assert calls[0].params.get("disable_web_page_preview") is True  # Alertmanager's deprecated parameter
