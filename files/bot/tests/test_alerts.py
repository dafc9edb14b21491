"""Alerts through the bot: Alertmanager's webhook body -> the catalog's French (or English) message,
sent to the admins by the real bot through the Telegram fake; the endpoint's authentication."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from myflix_bot.alerts.payload import PayloadError, parse
from myflix_bot.alerts.render import render_group
from myflix_bot.app import BotService, build_application
from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import install_operations as install
from myflix_bot.runtime import Runtime
from myflix_testkit.fakes.telegram import TelegramFake, TgUser

from .conftest import ADMIN, make_config
from .harness import FIXED_SYSTEM, FixedSource, keyboard

SECRET = "alerts-secret-for-the-test-0123"
NOW = datetime(2026, 12, 6, 15, 0, tzinfo=UTC)


def alert(
    name: str, status: str = "firing", starts: str = "2026-12-06T14:20:00.123456789Z", **labels: str
) -> dict[str, Any]:
    return {
        "status": status,
        "labels": {
            "alertname": name,
            "severity": "critical",
            "job": "myflix",
            "instance": "127.0.0.1:9877",
            **labels,
        },
        "annotations": {"summary": "ignored: the catalog speaks"},
        "startsAt": starts,
        "endsAt": "2026-12-06T14:50:00Z" if status == "resolved" else "0001-01-01T00:00:00Z",
        "generatorURL": "http://vm:19090/graph?g0.expr=up",
        "fingerprint": "0123456789abcdef",
    }


def body(*alerts: dict[str, Any], status: str = "firing") -> dict[str, Any]:
    return {
        "version": "4",
        "groupKey": '{}:{area="vpn"}',
        "truncatedAlerts": 0,
        "status": status,
        "receiver": "myflix-bot",
        "groupLabels": {"area": "vpn"},
        "commonLabels": {},
        "commonAnnotations": {},
        "externalURL": "http://127.0.0.1:9093",
        "alerts": list(alerts),
    }


def test_a_group_renders_in_french_with_what_since_and_what_to_do() -> None:
    group = parse(body(alert("MyflixGluetunDown", source="gluetun"), alert("MyflixVpnDown")))
    view = render_group(group, "fr", NOW, tz=UTC)
    assert "🔴 <b>Gluetun (le VPN) ne répond plus</b>" in view.text
    assert "🔴 <b>Le VPN est coupé</b>" in view.text
    assert "depuis 14:20 (il y a 39 min)" in view.text
    assert "👉 Les torrents restent arrêtés" in view.text
    for leaked in ("instance", "127.0.0.1", "job", "vm:19090", "ignored"):
        assert leaked not in view.text
    (row,) = view.keyboard
    assert [(b.text, b.data) for b in row] == [("📊 État du serveur", "as")]


def test_english_on_request_and_a_resolution_says_how_long_it_lasted() -> None:
    group = parse(body(alert("MyflixStorageFull", status="resolved", tier="mass"), status="resolved"))
    assert (
        render_group(group, "en", NOW, tz=UTC).text == "✅ <b>Resolved: Disk mass is full</b>\nlasted 29 min"
    )
    french = render_group(group, "fr", NOW, tz=UTC).text
    assert french == "✅ <b>Résolu : Le disque mass est plein</b>\na duré 29 min"


def test_label_values_are_escaped_and_unknown_alerts_still_render() -> None:
    group = parse(body(alert("MyflixArrDown", source="<b>radarr</b>"), alert("SomethingNew")))
    text = render_group(group, "fr", NOW, tz=UTC).text
    assert "&lt;b&gt;radarr&lt;/b&gt; ne répond plus" in text
    assert "Alerte SomethingNew" in text


@pytest.mark.parametrize(
    "bad",
    [
        [],
        {"version": "3", "status": "firing", "alerts": [alert("X")]},
        body(status="firing"),
        body({"status": "x"}),
    ],
)
def test_anything_but_an_alertmanager_message_is_refused(bad: Any) -> None:
    with pytest.raises(PayloadError):
        parse(bad)


@pytest.fixture
async def bot_with_alerts(fake_telegram: TelegramFake) -> AsyncIterator[Runtime]:
    async with alert_bot(fake_telegram, SECRET) as rt:
        yield rt


@asynccontextmanager
async def alert_bot(fake_telegram: TelegramFake, secret: str | None) -> AsyncIterator[Runtime]:
    data = {
        "telegram": {"allowed_users": [424242], "admins": [ADMIN, 1002], "base_url": fake_telegram.base_url},
        "system": {"docker_socket": None},
        "exporter": {"host": "127.0.0.1", "port": 0},
    }
    env = {"MYFLIX_TELEGRAM_TOKEN": fake_telegram.token}
    if secret is not None:
        env["MYFLIX_ALERTS_SECRET"] = secret
    config = make_config(data, env)
    rt = build_runtime(config, source_overrides={"system": FixedSource(FIXED_SYSTEM)})
    install(rt)
    fake_telegram.add_chat(ADMIN)  # admin 1002 never wrote to the bot: Telegram refuses that chat
    service = BotService(rt, build_application(rt))
    await service.start(poll_interval=0.0, polling_timeout=1)
    try:
        yield rt
    finally:
        await service.stop()


def url(rt: Runtime) -> str:
    exporter = rt.watchers.exporter
    assert exporter is not None
    return f"http://127.0.0.1:{exporter.port}/-/alerts"


def basic(password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"alertmanager:{password}".encode()).decode()}


async def post(rt: Runtime, payload: Any, headers: dict[str, str]) -> httpx.Response:
    # The endpoint blocks its HTTP thread until the bot's loop delivered: post from another thread.
    def call() -> httpx.Response:
        return httpx.post(url(rt), content=json.dumps(payload), headers=headers, timeout=30)

    return await asyncio.to_thread(call)


async def test_alertmanager_posts_reach_every_reachable_admin(
    bot_with_alerts: Runtime, fake_telegram: TelegramFake
) -> None:
    answer = await post(bot_with_alerts, body(alert("MyflixVpnDown")), basic(SECRET))
    assert answer.status_code == 200, answer.text
    calls = [c for c in fake_telegram.calls("sendMessage") if c.ok]
    assert [c.params["chat_id"] for c in calls] == [ADMIN]
    assert "Le VPN est coupé" in calls[0].params["text"]
    assert keyboard(calls[0]) == [[("📊 État du serveur", "as")]]


async def test_the_status_button_answers_below_the_alert_and_keeps_it(
    bot_with_alerts: Runtime, fake_telegram: TelegramFake
) -> None:
    answer = await post(bot_with_alerts, body(alert("MyflixVpnDown")), basic(SECRET))
    assert answer.status_code == 200, answer.text
    (sent,) = [c for c in fake_telegram.calls("sendMessage") if c.ok]
    alert_message = fake_telegram.message(ADMIN, sent.result["message_id"])
    assert alert_message is not None
    fake_telegram.press_button(alert_message, "as", user=TgUser(id=ADMIN, first_name="Admin"))
    status = await fake_telegram.wait_for_call(
        "sendMessage", timeout=15, predicate=lambda c: c.ok and "État du serveur" in c.params["text"]
    )
    assert status.params["chat_id"] == ADMIN
    assert fake_telegram.calls("editMessageText") == []  # the alert stays as it was
    kept = fake_telegram.message(ADMIN, sent.result["message_id"])
    assert kept is not None
    assert "Le VPN est coupé" in kept["text"]


async def test_the_endpoint_refuses_wrong_secrets_and_bad_bodies(
    bot_with_alerts: Runtime, fake_telegram: TelegramFake
) -> None:
    before = len(fake_telegram.calls("sendMessage"))
    assert (await post(bot_with_alerts, body(alert("MyflixVpnDown")), basic("wrong"))).status_code == 401
    assert (await post(bot_with_alerts, body(alert("MyflixVpnDown")), {})).status_code == 401
    assert (await post(bot_with_alerts, {"version": "4"}, basic(SECRET))).status_code == 400
    assert len(fake_telegram.calls("sendMessage")) == before  # nothing reached Telegram


async def test_a_telegram_failure_asks_alertmanager_to_retry(
    bot_with_alerts: Runtime, fake_telegram: TelegramFake
) -> None:
    fake_telegram.inject_error("sendMessage", (500, "Internal Server Error"), count=5)
    answer = await post(bot_with_alerts, body(alert("MyflixVpnDown")), basic(SECRET))
    assert answer.status_code == 503  # Alertmanager retries a 5xx


async def test_without_a_secret_the_endpoint_does_not_exist(fake_telegram: TelegramFake) -> None:
    async with alert_bot(fake_telegram, None) as rt:
        assert (await post(rt, body(alert("MyflixVpnDown")), basic(""))).status_code == 404
        assert fake_telegram.calls("sendMessage") == []
