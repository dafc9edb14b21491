"""VPN port sync: a real qbittorrent-nox follows the fake Gluetun's forwarded port, on its interval
and at once through the local endpoint that ``myflix-bot port-sync-now`` calls."""

from __future__ import annotations

import asyncio
import urllib.request

from ansible_collections.myflix.media.plugins.module_utils.gluetun import GluetunClient
from myflix_bot.exporter import ExporterServer
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.port_sync import PortSyncWatcher
from myflix_bot.watchers.settings import PortSyncSettings
from myflix_bot.watchers.supervisor import Supervisor
from myflix_testkit.waiting import async_wait_until
from prometheus_client import CollectorRegistry

from .conftest import collection_client


def listen_port(service) -> int:
    return int(service.client().app_preferences()["listen_port"])


async def wait_port(service, port: int, timeout: float = 20.0) -> None:
    await async_wait_until(
        lambda: listen_port(service) == port, timeout, what=f"qBittorrent to listen on {port}"
    )


async def test_listen_port_follows_gluetun(qbittorrent, fake_gluetun, notifier) -> None:
    fake_gluetun.set_ports(45678)
    refreshed = []
    watcher = PortSyncWatcher(
        PortSyncSettings(interval=1),
        GluetunClient(fake_gluetun.url),
        collection_client(qbittorrent),
        notifier=notifier,
        on_change=lambda: refreshed.append(1),
    )
    sup = Supervisor([watcher], WatcherMetrics(CollectorRegistry()))
    sup.start()
    try:
        await wait_port(qbittorrent, 45678)
        prefs = qbittorrent.client().app_preferences()
        assert prefs["random_port"] is False
        assert prefs["upnp"] is False
        fake_gluetun.set_ports(51413)
        await wait_port(qbittorrent, 51413)
        # qBittorrent moves before the watcher's step ends: wait for the notice, not for the port alone
        await async_wait_until(
            lambda: any("45678 → 51413" in text for text in notifier.sent),
            what="the admin notice of the move",
        )
        await async_wait_until(lambda: watcher.syncs == 2 and len(refreshed) == 2, what="the second sync")
    finally:
        await sup.stop()
    assert watcher.in_sync is True


async def test_no_port_yet_is_not_an_error(qbittorrent, fake_gluetun, notifier) -> None:
    before = listen_port(qbittorrent)
    watcher = PortSyncWatcher(
        PortSyncSettings(), GluetunClient(fake_gluetun.url), collection_client(qbittorrent), notifier=notifier
    )
    await watcher.run()  # Gluetun forwards nothing: no exception, nothing changed
    assert listen_port(qbittorrent) == before
    assert watcher.forwarded is None


async def test_wake_through_the_endpoint_syncs_at_once(qbittorrent, fake_gluetun, notifier) -> None:
    fake_gluetun.set_ports(40001)
    watcher = PortSyncWatcher(
        PortSyncSettings(interval=3600),
        GluetunClient(fake_gluetun.url),
        collection_client(qbittorrent),
        notifier=notifier,
    )
    registry = CollectorRegistry()
    sup = Supervisor([watcher], WatcherMetrics(registry))
    sup.start()
    server = ExporterServer("127.0.0.1", 0, registry, on_port_sync=lambda: sup.wake("port_sync")).start()
    try:
        await wait_port(qbittorrent, 40001)  # the first step runs at start
        await async_wait_until(lambda: watcher.in_sync, what="the first step to end")
        steps = watcher.health.runs
        assert sup.delay_after(watcher, ok=True) == 3600  # without a wake, the next step is an hour away
        fake_gluetun.set_ports(40002)
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.port}/-/port-sync", data=b"", method="POST"
        )
        status = await asyncio.to_thread(lambda: urllib.request.urlopen(request, timeout=5).status)
        assert status == 202
        await wait_port(qbittorrent, 40002)
        await async_wait_until(lambda: watcher.in_sync, what="the woken step to end")
        assert watcher.health.runs == steps + 1  # exactly one step more: the one the wake asked for
    finally:
        server.stop()
        await sup.stop()


async def test_dry_run_reports_without_changing(qbittorrent, fake_gluetun, notifier) -> None:
    before = listen_port(qbittorrent)
    fake_gluetun.set_ports(before + 1)
    watcher = PortSyncWatcher(
        PortSyncSettings(dry_run=True),
        GluetunClient(fake_gluetun.url),
        collection_client(qbittorrent),
        notifier=notifier,
    )
    await watcher.run()
    assert listen_port(qbittorrent) == before
    assert watcher.in_sync is False
    assert notifier.sent[-1].startswith("[dry-run]")
