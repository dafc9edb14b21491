from __future__ import annotations

import json
import urllib.parse

import pytest
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import (
    QBittorrentAuthError,
    QBittorrentClient,
    QBittorrentError,
    is_stopped,
    parse_version,
    torrent_is_private,
)

PASSWORD = "correct horse"


def qbt_routes(loopback, webapi="2.8.19", sid="SID42"):
    """A scripted qBittorrent: login per the contract, routes that need the SID cookie."""

    def login(seen):
        form = urllib.parse.parse_qs(seen.body.decode())
        if form.get("password") == [PASSWORD]:
            return 200, {"Set-Cookie": f"SID={sid}; HttpOnly; path=/"}, "Ok."
        return 200, {}, "Fails."

    def guarded(reply):
        def route(seen):
            if seen.headers.get("cookie") != f"SID={sid}" and not seen.headers.get("authorization"):
                return 403, {}, "Forbidden"
            return reply(seen) if callable(reply) else reply

        return route

    loopback.route("POST", "/api/v2/auth/login", login)
    loopback.route("GET", "/api/v2/app/webapiVersion", guarded((200, {}, webapi)))
    loopback.route("GET", "/api/v2/app/preferences", guarded((200, {}, {"listen_port": 6881})))
    loopback.route("POST", "/api/v2/app/setPreferences", guarded((200, {}, "")))
    for name in ("pause", "resume", "stop", "start", "addTrackers"):
        loopback.route("POST", f"/api/v2/torrents/{name}", guarded((200, {}, "")))


def test_login_then_cookie_is_used(loopback):
    qbt_routes(loopback)
    client = QBittorrentClient(loopback.url, username="admin", password=PASSWORD)
    assert client.preferences() == {"listen_port": 6881}
    assert loopback.paths() == ["POST /api/v2/auth/login", "GET /api/v2/app/preferences"]
    assert loopback.seen[1].headers["cookie"] == "SID=SID42"


def test_bad_password_is_200_fails_and_a_clear_error(loopback):
    qbt_routes(loopback)
    client = QBittorrentClient(loopback.url, username="admin", password="wrong-pass")
    with pytest.raises(QBittorrentAuthError, match="rejected the username or password") as info:
        client.preferences()
    assert "wrong-pass" not in str(info.value)


def test_banned_ip_is_403_on_login(loopback):
    loopback.route("POST", "/api/v2/auth/login", (403, {}, "Your IP address has been banned"))
    with pytest.raises(QBittorrentAuthError, match="banned"):
        QBittorrentClient(loopback.url, username="a", password="b").login()


def test_expired_session_logs_in_again_once(loopback):
    qbt_routes(loopback)
    client = QBittorrentClient(loopback.url, username="admin", password=PASSWORD)
    client.login()
    client.http.cookies["SID"] = "expired"
    assert client.preferences()["listen_port"] == 6881
    assert loopback.paths() == [
        "POST /api/v2/auth/login",
        "GET /api/v2/app/preferences",
        "POST /api/v2/auth/login",
        "GET /api/v2/app/preferences",
    ]


def test_api_key_is_bearer_and_skips_login(loopback):
    qbt_routes(loopback, webapi="2.14.1")
    client = QBittorrentClient(loopback.url, api_key="qbt_" + "a" * 28)
    client.preferences()
    assert loopback.paths() == ["GET /api/v2/app/preferences"]
    assert loopback.seen[0].headers["authorization"] == "Bearer qbt_" + "a" * 28


def test_refused_api_key_says_so_without_the_key(loopback):
    loopback.route("GET", "/api/v2/app/preferences", (403, {}, "Forbidden"))
    client = QBittorrentClient(loopback.url, api_key="qbt_secretsecretsecretsecretsecr")
    with pytest.raises(QBittorrentAuthError, match="rejected the API key") as info:
        client.preferences()
    assert "qbt_secret" not in str(info.value)


def test_set_preferences_sends_one_json_field(loopback):
    qbt_routes(loopback)
    client = QBittorrentClient(loopback.url, username="admin", password=PASSWORD)
    client.set_preferences({"listen_port": 5, "upnp": False})
    body = urllib.parse.parse_qs(loopback.seen[-1].body.decode())
    assert list(body) == ["json"]
    assert json.loads(body["json"][0]) == {"listen_port": 5, "upnp": False}


def test_set_preferences_with_nothing_sends_nothing(loopback):
    qbt_routes(loopback)
    QBittorrentClient(loopback.url, username="admin", password=PASSWORD).set_preferences({})
    assert loopback.seen == []


@pytest.mark.parametrize(
    ("webapi", "stop_route", "start_route"),
    [("2.8.19", "pause", "resume"), ("2.11.2", "stop", "start"), ("2.14.1", "stop", "start")],
)
def test_stop_start_routes_follow_the_version(loopback, webapi, stop_route, start_route):
    qbt_routes(loopback, webapi=webapi)
    client = QBittorrentClient(loopback.url, username="admin", password=PASSWORD)
    client.stop(["h1", "h2"])
    client.start(["all"])
    posts = [p for p in loopback.paths() if "/torrents/" in p]
    assert posts == [f"POST /api/v2/torrents/{stop_route}", f"POST /api/v2/torrents/{start_route}"]
    assert loopback.seen[-2].body == b"hashes=h1%7Ch2"


def test_401_names_the_host_check_and_the_request_it_refused(loopback):
    qbt_routes(loopback)
    loopback.route("GET", "/api/v2/app/preferences", (401, {}, "Unauthorized"))
    client = QBittorrentClient(loopback.url, username="admin", password=PASSWORD)
    with pytest.raises(QBittorrentError, match="Host/Origin/Referer") as info:
        client.preferences()
    message = str(info.value)
    # the refused request itself, not a template placeholder
    assert "/api/v2/app/preferences answered HTTP 401" in message
    assert "{exc}" not in message
    assert PASSWORD not in message


def test_unreachable_is_a_clear_error(closed_port_url):
    with pytest.raises(QBittorrentError, match="not reachable"):
        QBittorrentClient(closed_port_url, username="a", password="b", timeout=2).preferences()


def test_parse_version_and_states():
    assert parse_version("v4.5.2") == (4, 5, 2)
    assert parse_version("2.11.3\n") == (2, 11, 3)
    assert parse_version("v5.0.0beta1") == (5, 0, 0)
    assert is_stopped("pausedUP")
    assert is_stopped("stoppedDL")
    assert not is_stopped("uploading")


PSEUDO = [{"url": f"** [{name}] **", "msg": ""} for name in ("DHT", "PeX", "LSD")]


@pytest.mark.parametrize(
    ("torrent", "properties", "trackers", "expected"),
    [
        ({"isPrivate": True}, None, None, True),  # 5.x torrents/info
        ({"isPrivate": False}, None, None, False),
        ({}, {"is_private": True}, None, True),  # 4.x properties
        ({}, {"is_private": False}, PSEUDO, False),
        ({}, {}, [dict(t, msg="This torrent is private") for t in PSEUDO], True),  # 4.x pseudo-trackers
        ({}, {}, PSEUDO, False),
        ({}, {}, [dict(t, msg="Ce torrent est privé") for t in PSEUDO], None),  # translated: unknown
        ({}, {}, [{"url": "udp://a:1/announce", "msg": ""}], None),  # no signal at all
        ({}, None, None, None),
        ({"isPrivate": "yes"}, None, None, None),  # not a bool: not trusted
    ],
)
def test_torrent_privacy(torrent, properties, trackers, expected):
    assert torrent_is_private(torrent, properties, trackers) is expected
