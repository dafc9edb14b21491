"""One Gluetun client, one poll: /status (the coordinator's ``gluetun`` snapshot) and the port-sync
watcher read the same answer of the collection's ``GluetunClient``, with its rules (the old route's 301
followed, 401 falls back to the v3.40 route, port 0 means none)."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.assembly import build_runtime
from myflix_bot.assembly import install_operations as install
from myflix_bot.models import VpnData
from myflix_bot.sources.gluetun import GluetunSource, SharedGluetunPoll
from myflix_bot.watchers.port_sync import PortSyncWatcher

from .conftest import make_config


def config(qbt: Any, gluetun: Any, tmp_path: Any) -> Any:
    return make_config(
        {
            "qbittorrent": {"url": qbt.url, "username": qbt.username},
            "gluetun": {"url": gluetun.url},
            "watchers": {"state_dir": str(tmp_path), "leak_guard": {"enabled": False}},
            "exporter": {"enabled": False},
        },
        env={"MYFLIX_QBITTORRENT_PASSWORD": qbt.password},
    )


def gluetun_gets(fake: Any) -> int:
    return sum(1 for method, path in fake.requests if method == "GET")


async def test_status_and_port_sync_read_one_poll(qbittorrent, fake_gluetun, tmp_path) -> None:
    fake_gluetun.set_ports(47123)
    rt = build_runtime(config(qbittorrent, fake_gluetun, tmp_path))
    ws = install(rt)
    watcher = ws.watchers["port_sync"]
    assert isinstance(watcher, PortSyncWatcher)
    assert isinstance(watcher.gluetun, SharedGluetunPoll)
    await rt.coordinator.refresh_now("gluetun")  # the poll /status shows
    polled = gluetun_gets(fake_gluetun)
    vpn = rt.coordinator.get("gluetun").data
    assert isinstance(vpn, VpnData)
    assert vpn.forwarded_port == 47123

    await watcher.run()  # reads that snapshot: Gluetun is not asked again
    assert gluetun_gets(fake_gluetun) == polled
    assert watcher.forwarded == vpn.forwarded_port
    assert qbittorrent.client().app_preferences()["listen_port"] == 47123

    # Gluetun's "port changed" hook: the next step polls again and follows the new port
    fake_gluetun.set_ports(47124)
    ws.port_changed()
    await watcher.run()
    assert gluetun_gets(fake_gluetun) > polled
    assert rt.coordinator.get("gluetun").data.forwarded_port == 47124
    assert qbittorrent.client().app_preferences()["listen_port"] == 47124


async def test_an_old_poll_is_refreshed_and_a_failed_one_fails_the_step(
    qbittorrent, fake_gluetun, tmp_path, clock
) -> None:
    fake_gluetun.set_ports(47200)
    rt = build_runtime(config(qbittorrent, fake_gluetun, tmp_path), clock=clock)
    poll = SharedGluetunPoll(rt.coordinator, max_age=30, clock=clock)
    first = await poll.forwarded_ports()  # never polled: polls now
    assert first.ports == (47200,)
    before = gluetun_gets(fake_gluetun)
    clock.advance(10)
    assert (await poll.forwarded_ports()).ports == (47200,)
    assert gluetun_gets(fake_gluetun) == before  # young enough: no new request
    clock.advance(31)
    fake_gluetun.faults.set(status=503, count=1000)
    with pytest.raises(Exception, match="Gluetun"):
        await poll.forwarded_ports()  # too old, and the new poll fails: no stale port is used
    assert rt.coordinator.refresh_count("gluetun") == 2  # it did poll again


@pytest.mark.parametrize(
    ("fake_gluetun", "ports", "expected"),
    [
        ({"generation": "v3.41"}, [51413, 0], (51413,)),
        ({"generation": "v3.40"}, [40000, 40001], (40000, 40001)),
        ({"generation": "v3.41"}, [0], ()),
    ],
    indirect=["fake_gluetun"],
)
async def test_the_poll_follows_the_collection_rules(fake_gluetun, ports, expected, tmp_path) -> None:
    fake_gluetun.set_ports(ports)
    cfg = make_config({"gluetun": {"url": fake_gluetun.url}})
    vpn = await GluetunSource(cfg.gluetun).fetch()
    assert vpn.forwarded_ports == expected
    assert vpn.forwarded_port == (expected[0] if expected else None)
    assert vpn.status == "running"
    assert vpn.public_ip == fake_gluetun.public_ip["public_ip"]


@pytest.mark.parametrize(
    "fake_gluetun", [{"generation": "v3.40", "auth": "apikey"}], indirect=["fake_gluetun"]
)
async def test_the_poll_uses_the_api_key(fake_gluetun) -> None:
    fake_gluetun.set_ports(40100)
    good = make_config(
        {"gluetun": {"url": fake_gluetun.url}}, env={"MYFLIX_GLUETUN_API_KEY": fake_gluetun.api_key}
    )
    assert (await GluetunSource(good.gluetun).fetch()).forwarded_port == 40100
    bad = make_config(
        {"gluetun": {"url": fake_gluetun.url}}, env={"MYFLIX_GLUETUN_API_KEY": "wrong-key-0123"}
    )
    with pytest.raises(Exception, match="401"):
        await GluetunSource(bad.gluetun).fetch()
