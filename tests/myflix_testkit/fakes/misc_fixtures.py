"""pytest fixtures for the Gluetun, Telegram Bot API and Gemini fakes.

Each fixture serves its fake on an ephemeral 127.0.0.1 port for one test and stops it afterwards.
Parametrize with ``indirect=True`` to change the options, for example::

    @pytest.mark.parametrize("fake_gluetun", [{"generation": "v3.40", "auth": "basic"}], indirect=True)
    def test_x(fake_gluetun): ...
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from myflix_testkit.fakes.gemini import GeminiFake
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.telegram import TelegramFake


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    options = getattr(request, "param", None) or {}
    if not isinstance(options, dict):
        raise TypeError(f"{request.fixturename}: parametrize with a dict of options, not {options!r}")
    return options


@pytest.fixture
def fake_gluetun(request: pytest.FixtureRequest) -> Iterator[GluetunFake]:
    """A running fake Gluetun control server (default: generation v3.41, auth none, no port forwarded).

    Options: generation ("v3.40" | "v3.41"), auth ("none" | "apikey" | "basic"), api_key, username,
    password, ports (list), vpn ("running" | "stopped"), public_ip (str)."""
    options = _options(request)
    ports = options.pop("ports", [])
    vpn = options.pop("vpn", "running")
    public_ip = options.pop("public_ip", None)
    fake = GluetunFake(**options)
    fake.set_ports(ports)
    fake.set_vpn(vpn)
    if public_ip:
        fake.set_public_ip(public_ip)
    server = fake.serve()
    try:
        yield fake
    finally:
        server.stop()


@pytest.fixture
def fake_telegram(request: pytest.FixtureRequest) -> Iterator[TelegramFake]:
    """A running fake Telegram Bot API. Options: token, bot_username, bot_first_name, chats (ids of
    private chats the bot may write to before anyone wrote to it)."""
    options = _options(request)
    chats = options.pop("chats", [])
    fake = TelegramFake(**options)
    for chat_id in chats:
        fake.add_chat(chat_id)
    server = fake.serve()
    try:
        yield fake
    finally:
        server.stop()


@pytest.fixture
def fake_gemini(request: pytest.FixtureRequest) -> Iterator[GeminiFake]:
    """A running fake Gemini generateContent. Options: api_key. At teardown the test fails if any secret
    was sent outside the x-goog-api-key header."""
    fake = GeminiFake(**_options(request))
    server = fake.serve()
    try:
        yield fake
    finally:
        server.stop()
    fake.assert_no_secret_leak()
