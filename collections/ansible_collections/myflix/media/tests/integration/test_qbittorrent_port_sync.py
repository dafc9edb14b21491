"""qbittorrent_port_sync against a real qbittorrent-nox and the fake Gluetun (both generations, all auth)."""

from __future__ import annotations

import pytest

from .conftest import assert_no_secret

GENERATIONS = ("v3.40", "v3.41")
AUTH_MODES = ("none", "apikey", "basic")


def qbt_args(qbt):
    return {
        "qbittorrent_url": qbt.url,
        "qbittorrent_username": qbt.username,
        "qbittorrent_password": qbt.password,
    }


def gluetun_args(fake):
    args = {"gluetun_url": fake.url, "gluetun_auth": fake.auth, "wait_timeout": 5, "wait_interval": 0.2}
    if fake.auth == "apikey":
        args["gluetun_api_key"] = fake.api_key
    elif fake.auth == "basic":
        args.update(gluetun_username=fake.username, gluetun_password=fake.password)
    return args


def listen_port(qbt):
    return qbt.client().app_preferences()["listen_port"]


@pytest.fixture
def qbt(qbittorrent_session):
    client = qbittorrent_session.client()
    client.app_set_preferences({"listen_port": 41001, "random_port": False, "upnp": False})
    return qbittorrent_session


@pytest.mark.parametrize(
    "fake_gluetun",
    [{"generation": g, "auth": a} for g in GENERATIONS for a in AUTH_MODES],
    indirect=True,
    ids=[f"{g}-{a}" for g in GENERATIONS for a in AUTH_MODES],
)
def test_sync_then_idempotent(run_module, fake_gluetun, qbt):
    fake_gluetun.set_ports(45123)
    first = run_module("qbittorrent_port_sync", {**gluetun_args(fake_gluetun), **qbt_args(qbt)})
    first.assert_ok()
    assert first.changed
    assert (first.result["port"], first.result["previous_port"]) == (45123, 41001)
    expected_route = "/v1/portforward" if fake_gluetun.generation == "v3.41" else "/v1/openvpn/portforwarded"
    assert first.result["gluetun_route"] == expected_route
    assert listen_port(qbt) == 45123
    second = run_module("qbittorrent_port_sync", {**gluetun_args(fake_gluetun), **qbt_args(qbt)})
    second.assert_ok()
    assert not second.changed
    assert second.stats["changed"] == 0
    assert_no_secret(first, qbt.password, fake_gluetun.api_key, fake_gluetun.password)


@pytest.mark.parametrize("fake_gluetun", [{"generation": "v3.41"}], indirect=True)
def test_pinned_old_route_follows_the_301(run_module, fake_gluetun, qbt):
    fake_gluetun.set_ports(45124)
    run = run_module(
        "qbittorrent_port_sync", {**gluetun_args(fake_gluetun), **qbt_args(qbt), "gluetun_route": "v3.40"}
    )
    run.assert_ok()
    assert run.result["gluetun_route"] == "/v1/portforward"  # the route that answered, after the 301
    assert listen_port(qbt) == 45124
    assert ("GET", "/v1/portforward") in [(m, p.split("?")[0]) for m, p in fake_gluetun.requests]


@pytest.mark.parametrize("fake_gluetun", [{"generation": "v3.40"}], indirect=True)
def test_several_ports_and_port_index(run_module, fake_gluetun, qbt):
    fake_gluetun.set_ports(46001, 46002)  # v3.40 answers {"ports": [...]} without "port"
    run = run_module(
        "qbittorrent_port_sync", {**gluetun_args(fake_gluetun), **qbt_args(qbt), "port_index": 1}
    )
    run.assert_ok()
    assert run.result["forwarded_ports"] == [46001, 46002]
    assert listen_port(qbt) == 46002


def test_check_mode_and_diff_change_nothing(run_module, fake_gluetun, qbt):
    qbt.client().app_set_preferences({"upnp": True})
    fake_gluetun.set_ports(45200)
    run = run_module(
        "qbittorrent_port_sync", {**gluetun_args(fake_gluetun), **qbt_args(qbt)}, check=True, diff=True
    )
    run.assert_ok()
    assert run.changed
    assert run.result["changes"] == {"listen_port": 45200, "upnp": False}
    assert run.result["diff"]["before"] == {"listen_port": 41001, "random_port": False, "upnp": True}
    assert run.result["diff"]["after"] == {"listen_port": 45200, "random_port": False, "upnp": False}
    prefs = qbt.client().app_preferences()
    assert (prefs["listen_port"], prefs["upnp"]) == (41001, True)


def test_port_never_ready_fails_clearly(run_module, fake_gluetun, qbt):
    fake_gluetun.set_ports(0)
    run = run_module(
        "qbittorrent_port_sync", {**gluetun_args(fake_gluetun), **qbt_args(qbt), "wait_timeout": 1}
    )
    run.assert_failed_cleanly("forwarded no port (port 0)")
    assert listen_port(qbt) == 41001


def test_gluetun_down_fails_clearly(run_module, qbt, closed_port_url):
    run = run_module(
        "qbittorrent_port_sync", {"gluetun_url": closed_port_url, "wait_timeout": 0, **qbt_args(qbt)}
    )
    run.assert_failed_cleanly("Gluetun control server is not reachable")


@pytest.mark.parametrize(
    "fake_gluetun", [{"auth": "apikey"}, {"auth": "basic"}], indirect=True, ids=["apikey", "basic"]
)
def test_wrong_gluetun_credentials_fail_clearly(run_module, fake_gluetun, qbt):
    fake_gluetun.set_ports(45300)
    args = gluetun_args(fake_gluetun)
    wrong = "definitely-wrong-credential-77"
    args.update({"gluetun_api_key": wrong} if fake_gluetun.auth == "apikey" else {"gluetun_password": wrong})
    run = run_module("qbittorrent_port_sync", {**args, **qbt_args(qbt)}, verbosity=3)
    run.assert_failed_cleanly("refused the credentials (HTTP 401")
    assert_no_secret(run, wrong, qbt.password)


def test_wrong_qbittorrent_password_fails_clearly(run_module, fake_gluetun, qbt):
    fake_gluetun.set_ports(45400)
    wrong = "not-the-qbt-password-91"
    args = {**gluetun_args(fake_gluetun), **qbt_args(qbt), "qbittorrent_password": wrong}
    run = run_module("qbittorrent_port_sync", args, verbosity=3)
    run.assert_failed_cleanly("rejected the username or password")
    assert_no_secret(run, wrong)


@pytest.mark.parametrize("fake_gluetun", [{"auth": "apikey"}], indirect=True)
def test_no_secret_in_vvv_default_output(run_module, fake_gluetun, qbt):
    fake_gluetun.set_ports(45500)
    run = run_module(
        "qbittorrent_port_sync",
        {**gluetun_args(fake_gluetun), **qbt_args(qbt)},
        verbosity=3,
        diff=True,
        json_output=False,
    )
    assert run.rc == 0, run.output[-3000:]
    assert "changed=1" in run.output
    assert "Using module file" in run.output  # really -vvv
    assert "port: 45500" in run.output
    assert_no_secret(run, qbt.password, fake_gluetun.api_key)
