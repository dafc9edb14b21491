"""Faults of the Gluetun, Telegram and Gemini fakes, observed through the real client libraries."""

from __future__ import annotations

import httpx
import pytest
from google import genai
from google.genai import errors, types
from myflix_testkit.fakes.gemini import GeminiFake
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.server import unreachable_url
from myflix_testkit.fakes.telegram import TelegramFake
from telegram.error import NetworkError, TelegramError
from telegram.ext import Application


def test_gluetun_faults_through_httpx(fake_gluetun: GluetunFake) -> None:
    fake_gluetun.set_ports(51413)
    with httpx.Client(base_url=fake_gluetun.url) as client:
        fake_gluetun.faults.set(status=503, count=1)
        assert client.get("/v1/portforward").status_code == 503
        assert client.get("/v1/portforward").json()["port"] == 51413  # the budget of one is spent
        fake_gluetun.faults.set(malformed_json=True, count=1)
        with pytest.raises(ValueError, match="Expecting"):
            client.get("/v1/portforward").json()
        fake_gluetun.faults.set(close_mid_response=True, count=1)
        with pytest.raises(httpx.RemoteProtocolError):
            client.get("/v1/portforward")
        fake_gluetun.faults.set(latency=0.3, count=1)
        with pytest.raises(httpx.ReadTimeout):
            client.get("/v1/portforward", timeout=0.1)
    with pytest.raises(httpx.ConnectError):
        httpx.get(unreachable_url() + "/v1/portforward")


async def test_telegram_faults_through_python_telegram_bot(fake_telegram: TelegramFake) -> None:
    fake_telegram.add_chat(5)
    app = Application.builder().token(fake_telegram.token).base_url(fake_telegram.base_url).build()
    async with app:
        fake_telegram.faults.set(status=502, count=1, only_paths=("/bot",))
        with pytest.raises(NetworkError):
            await app.bot.send_message(5, "x")
        fake_telegram.faults.set(malformed_json=True, count=1)
        with pytest.raises(TelegramError, match="Invalid server response"):
            await app.bot.send_message(5, "x")
        assert (await app.bot.send_message(5, "back")).text == "back"
    down = Application.builder().token(fake_telegram.token).base_url(unreachable_url() + "/bot").build()
    with pytest.raises(NetworkError):
        await down.bot.get_me()


def test_gemini_faults_through_google_genai(fake_gemini: GeminiFake) -> None:
    client = genai.Client(
        api_key=fake_gemini.api_key, http_options=types.HttpOptions(base_url=fake_gemini.base_url)
    )
    fake_gemini.faults.set(status=503, count=1)
    with pytest.raises(errors.ServerError):
        client.models.generate_content(model="gemini-2.5-flash", contents="x")
    fake_gemini.faults.set(close_mid_response=True, count=1)
    # the fake aborts the socket after a partial body: the client sees either the early close
    # (httpx RemoteProtocolError) or the reset (ECONNRESET), depending on timing
    with pytest.raises(Exception, match=r"peer closed connection|Connection reset by peer"):
        client.models.generate_content(model="gemini-2.5-flash", contents="x")
    fake_gemini.script("fine")
    assert client.models.generate_content(model="gemini-2.5-flash", contents="x").text == "fine"
    assert fake_gemini.requests[-1].api_key_ok
