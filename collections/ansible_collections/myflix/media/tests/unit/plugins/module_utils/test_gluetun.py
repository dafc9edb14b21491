from __future__ import annotations

import pytest
from ansible_collections.myflix.media.plugins.module_utils.gluetun import (
    GluetunAuthError,
    GluetunClient,
    GluetunError,
    PortNotReadyError,
    parse_forwarded,
)
from ansible_collections.myflix.media.plugins.module_utils.http_client import ResponseFormatError


@pytest.mark.parametrize(
    ("body", "ports"),
    [
        ({"port": 5914}, (5914,)),
        ({"port": 0}, ()),
        ({"port": 5914, "ports": [5914, 6000]}, (5914, 6000)),
        ({"ports": [7000, 7001]}, (7000, 7001)),  # v3.40 with several ports: no "port" key
        ({"ports": []}, ()),
        ({"ports": [0, 8000, 8000]}, (8000,)),
        ({}, ()),
    ],
)
def test_parse_forwarded(body, ports):
    assert parse_forwarded(body) == ports


@pytest.mark.parametrize("body", [[1], {"ports": "1"}, {"port": "1"}, {"port": 70000}, {"port": True}])
def test_parse_forwarded_rejects_garbage(body):
    with pytest.raises(ResponseFormatError):
        parse_forwarded(body)


def test_v341_route_answers_first(loopback):
    loopback.route("GET", "/v1/portforward", (200, {}, {"port": 1234, "ports": [1234]}))
    result = GluetunClient(loopback.url).forwarded_ports()
    assert result.ports == (1234,)
    assert result.route == "/v1/portforward"
    assert loopback.paths() == ["GET /v1/portforward"]


def test_auto_falls_back_to_v340_route_on_404(loopback):
    loopback.route("GET", "/v1/openvpn/portforwarded", (200, {}, {"port": 4321}))
    result = GluetunClient(loopback.url).forwarded_ports()
    assert result == ((4321,), "/v1/openvpn/portforwarded")
    assert loopback.paths() == ["GET /v1/portforward", "GET /v1/openvpn/portforwarded"]


def test_pinned_v340_route_follows_the_301_of_v341(loopback):
    loopback.route("GET", "/v1/openvpn/portforwarded", (301, {"Location": "/v1/portforward"}, ""))
    loopback.route("GET", "/v1/portforward", (200, {}, {"port": 99, "ports": [99]}))
    client = GluetunClient(loopback.url, route="v3.40", auth="apikey", api_key="k")
    answer = client.forwarded_ports()
    assert answer.ports == (99,)
    assert answer.route == "/v1/portforward"  # the route that answered, not the one asked
    assert loopback.seen[1].headers["x-api-key"] == "k"


def test_wrong_api_key_is_an_auth_error_without_the_key(loopback):
    loopback.route("GET", "/v1/portforward", (401, {}, "Unauthorized\n"))
    loopback.route("GET", "/v1/openvpn/portforwarded", (401, {}, "Unauthorized\n"))
    with pytest.raises(GluetunAuthError, match="refused the credentials") as info:
        GluetunClient(loopback.url, auth="apikey", api_key="not-the-key").forwarded_ports()
    assert "not-the-key" not in str(info.value)


def test_401_on_new_route_then_old_route_works(loopback):
    loopback.route("GET", "/v1/portforward", (401, {}, "Unauthorized\n"))
    loopback.route("GET", "/v1/openvpn/portforwarded", (200, {}, {"port": 77}))
    client = GluetunClient(loopback.url, auth="basic", username="u", password="p")
    assert client.forwarded_ports().ports == (77,)


def test_server_error_is_a_gluetun_error(loopback):
    loopback.route("GET", "/v1/portforward", (500, {}, "internal\n"))
    with pytest.raises(GluetunError, match="HTTP 500"):
        GluetunClient(loopback.url, route="v3.41").forwarded_ports()


def test_down_is_a_clear_error(closed_port_url):
    with pytest.raises(GluetunError, match="not reachable"):
        GluetunClient(closed_port_url, timeout=2).forwarded_ports()


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"auth": "apikey"}, "needs an API key"),
        ({"auth": "basic", "username": "u"}, "username and a password"),
        ({"auth": "token"}, "unknown Gluetun auth"),
        ({"route": "v2"}, "unknown Gluetun route"),
    ],
)
def test_bad_settings(kwargs, match):
    with pytest.raises(GluetunError, match=match):
        GluetunClient("http://127.0.0.1:8000", **kwargs)


class FakeClock:
    def __init__(self):
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_wait_for_ports_polls_until_a_port_appears(loopback):
    answers = iter([{"port": 0}, {"port": 0}, {"port": 5555}])
    loopback.route("GET", "/v1/portforward", lambda _s: (200, {}, next(answers)))
    clock = FakeClock()
    result = GluetunClient(loopback.url).wait_for_ports(10, 2, sleep=clock.sleep, clock=clock)
    assert result.ports == (5555,)
    assert clock.sleeps == [2, 2]


def test_wait_for_ports_gives_up_with_a_clear_message(loopback):
    loopback.route("GET", "/v1/portforward", (200, {}, {"port": 0, "ports": []}))
    clock = FakeClock()
    with pytest.raises(PortNotReadyError, match=r"forwarded no port \(port 0\) after 4 attempt"):
        GluetunClient(loopback.url).wait_for_ports(5, 2, sleep=clock.sleep, clock=clock)
    assert clock.sleeps == [2, 2, 1]


def test_vpn_status_and_public_ip(loopback):
    loopback.route("GET", "/v1/vpn/status", (200, {}, {"status": "running"}))
    loopback.route("GET", "/v1/publicip/ip", (200, {}, {"public_ip": "198.51.100.2"}))
    client = GluetunClient(loopback.url)
    assert client.vpn_status() == "running"
    assert client.public_ip()["public_ip"] == "198.51.100.2"
