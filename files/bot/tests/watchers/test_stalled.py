"""The stalled-download doctor against a real qbittorrent-nox, the Radarr fake and the Gluetun fake,
with an injected clock (never a sleep for "6 hours"): downloads whose only tracker is a closed
loopback port and that have no peers stay stalled; a magnet with no peers stays on metadata.

- a Radarr download is removed through the queue with blocklisting and searched again; a private one
  is tagged and kept; an unmanaged one is reported only;
- while the forwarded port and the listen port differ, or the VPN is down, nothing is done but an
  alert, and the stall clock starts again once the network is fine (the positive twin: it acts then);
- Radarr answering 500 or garbage, or qBittorrent going away mid-run: nothing removed, reported.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from ansible_collections.myflix.media.plugins.module_utils.gluetun import GluetunClient
from ansible_collections.myflix.media.plugins.module_utils.http_client import HttpError
from myflix_bot.access import Role
from myflix_bot.commands.pipeline import cb_confirm
from myflix_bot.commands.registry import Request
from myflix_bot.config import ArrConfig
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient
from myflix_bot.sources.gluetun import poll
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.pipeline import NetworkProbe
from myflix_bot.watchers.pipeline_settings import PipelineSettings, StalledSettings
from myflix_bot.watchers.stalled import StalledWatcher
from myflix_testkit.services.process import free_port
from myflix_testkit.torrents import make_torrent
from myflix_testkit.waiting import wait_until
from prometheus_client import CollectorRegistry

from .conftest import callback_of, collection_client, make_data, runtime_with

HOUR = 3600.0
STALLED_STATES = ("stalledDL", "downloading")


class Lab:
    """qBittorrent with downloads nobody can serve, Radarr knowing some of them, Gluetun forwarding
    qBittorrent's own listen port."""

    def __init__(self, qbittorrent: Any, radarr: Any, gluetun: Any, root: Path) -> None:
        self.qbt = qbittorrent
        self.api = qbittorrent.client()
        self.radarr = radarr
        self.gluetun = gluetun
        self.root = root
        self.dead_tracker = f"http://127.0.0.1:{free_port()}/announce"  # nothing listens there
        self.movie = next(iter(radarr.state.movies))
        gluetun.set_ports(qbittorrent.listen_port)
        self.api.app_set_preferences({"queueing_enabled": False})  # else the 4th waits in queuedDL
        for category in ("radarr", "manual"):
            self.api.torrents_create_category(name=category, save_path=str(root / "downloads"))

    def add(self, name: str, *, category: str, private: bool = False, in_radarr: bool = False) -> str:
        data = make_data(self.root / "elsewhere", name)  # the data is not where qBittorrent looks
        info_hash = self.download(data, category=category, private=private)
        if in_radarr:
            self.radarr.state.add_queue_item(self.movie, title=name, download_id=info_hash.upper())
        return info_hash

    def download(self, data: Path, *, category: str, private: bool = False) -> str:
        """A download of ``data`` nobody serves (a dead tracker, saved elsewhere): it stays stalled."""
        torrent = make_torrent(data, announce=self.dead_tracker, private=private)
        self.api.torrents_add(
            torrent_files=torrent.data,
            save_path=str(self.root / "downloads"),
            category=category,
            use_auto_torrent_management=False,
        )
        self.wait_state(torrent.info_hash, STALLED_STATES)
        return torrent.info_hash

    def add_magnet(self, info_hash: str, *, in_radarr: bool) -> str:
        self.api.torrents_add(
            urls=f"magnet:?xt=urn:btih:{info_hash}&dn=Ghost&tr={self.dead_tracker}",
            save_path=str(self.root / "downloads"),
            category="radarr",
        )
        self.wait_state(info_hash, ("metaDL",))
        if in_radarr:
            self.radarr.state.add_queue_item(self.movie, title="Ghost", download_id=info_hash.upper())
        return info_hash

    def wait_state(self, info_hash: str, states: tuple[str, ...]) -> None:
        wait_until(
            lambda: (info := self.api.torrents_info(torrent_hashes=info_hash)) and info[0].state in states,
            timeout=60,
            what=f"{info_hash[:8]} in {states}",
        )

    def clients(self, *more_arrs: Any) -> tuple[Any, dict[str, Any], NetworkProbe]:
        """qBittorrent's client, the *arr runners (Radarr's, then each fake of ``more_arrs`` by its
        app name) and the network probe through the Gluetun fake, as the bot builds them."""
        client = collection_client(self.qbt)
        arrs = {}
        for fake in (self.radarr, *more_arrs):
            app = fake.state.app_name
            arrs[app.lower()] = ArrClient(ArrConfig(url=fake.url, api_key=Secret(fake.api_key)), app).run
        gluetun = GluetunClient(self.gluetun.url)

        async def vpn():
            return await asyncio.to_thread(poll, gluetun)

        return client, arrs, NetworkProbe(client, vpn)

    def watcher(
        self, clock, notifier, *, arrs: dict | None = None, registry: Any = None, **settings: Any
    ) -> StalledWatcher:
        client, radarr, network = self.clients()
        return StalledWatcher(
            StalledSettings(
                **{"dry_run": False, **{k: v for k, v in settings.items() if k != "max_removals"}}
            ),
            PipelineSettings(max_removals=settings.pop("max_removals", 10), max_share=1.0),
            client,
            categories={"radarr": "radarr"},
            arrs=arrs if arrs is not None else radarr,
            network=network,
            counters=WatcherMetrics(registry or CollectorRegistry()).pipeline("stalled"),
            notifier=notifier,
            clock=clock,
        )

    def tags(self, info_hash: str) -> str:
        return self.api.torrents_info(torrent_hashes=info_hash)[0].tags

    def present(self, info_hash: str) -> bool:
        return bool(self.api.torrents_info(torrent_hashes=info_hash))


@pytest.fixture
def lab(qbittorrent, fake_radarr, fake_gluetun, tmp_path) -> Lab:
    return Lab(qbittorrent, fake_radarr, fake_gluetun, tmp_path)


async def checks(watcher: StalledWatcher, clock, times: int, step: float) -> None:
    """``times`` runs, the injected clock moving ``step`` s before each one after the first."""
    for n in range(times):
        if n:
            clock.advance(step)
        await watcher.run()


def removed_ids(lab: Lab) -> list[dict]:
    return list(lab.radarr.state.queue_removals)


async def test_stalled_downloads_are_replaced_tagged_or_reported(lab: Lab, clock, notifier) -> None:
    public = lab.add("Public.Film", category="radarr", in_radarr=True)
    private = lab.add("Private.Film", category="radarr", private=True, in_radarr=True)
    manual = lab.add("Manual.Thing", category="manual")
    ghost = lab.add_magnet("ab" * 20, in_radarr=True)
    queue = {r["downloadId"]: r["id"] for r in lab.radarr.state.queue.values()}
    registry = CollectorRegistry()
    watcher = lab.watcher(clock, notifier, registry=registry)
    assert registry.get_sample_value("myflix_pipeline_removed_total", {"watcher": "stalled"}) == 0

    await checks(watcher, clock, 4, HOUR)  # 3 h, 3 strikes: the magnet (30 min) is stalled, not the rest
    assert watcher.stalled == [ghost]
    assert removed_ids(lab) == [
        {"id": queue[ghost.upper()], "removeFromClient": True, "blocklist": True, "skipRedownload": True}
    ]
    clock.advance(HOUR)
    await checks(watcher, clock, 3, HOUR)  # 6 h without progress: the others are stalled too
    assert sorted(watcher.stalled) == sorted([public, private, manual, ghost])
    assert [r["id"] for r in removed_ids(lab)] == [queue[ghost.upper()], queue[public.upper()]]
    assert registry.get_sample_value("myflix_pipeline_removed_total", {"watcher": "stalled"}) == 2
    assert registry.get_sample_value("myflix_pipeline_flagged", {"watcher": "stalled"}) == 4
    searches = lab.radarr.state.commands_named("MoviesSearch")
    assert [c["body"]["movieIds"] for c in searches] == [[lab.movie], [lab.movie]]
    assert [b["sourceTitle"] for b in lab.radarr.state.blocklist.values()] == ["Ghost", "Public.Film"]
    # the private torrent: tagged, never removed; the unmanaged one: reported and untouched
    assert lab.tags(private) == "myflix:stalled"
    assert lab.present(private)
    assert lab.present(manual)
    assert lab.tags(manual) == ""
    assert queue[private.upper()] in lab.radarr.state.queue
    sent = "\n".join(notifier.sent)
    assert "Private.Film: no progress for" in sent
    assert "never removed" in sent
    assert "Manual.Thing" in sent
    assert "neither Radarr nor Sonarr" in sent
    assert "Public.Film: no progress for" in sent


@pytest.mark.parametrize("breakage", ["port", "vpn"])
async def test_nothing_is_blamed_while_the_network_is_at_fault(lab: Lab, clock, notifier, breakage) -> None:
    film = lab.add("Public.Film", category="radarr", in_radarr=True)
    if breakage == "port":
        lab.gluetun.set_ports(lab.qbt.listen_port + 1)  # forwarded port != listen port
    else:
        lab.gluetun.set_vpn(False)
    watcher = lab.watcher(clock, notifier)
    await checks(watcher, clock, 6, 2 * HOUR)  # 10 h without progress, all of it our fault
    assert watcher.stalled == []
    assert removed_ids(lab) == []
    assert lab.tags(film) == ""
    assert watcher.fault is not None
    assert any("network at fault" in text for text in notifier.sent)
    # the twin: fixed, the clock starts now, and the full timeout is needed again before it acts
    lab.gluetun.set_vpn(True)
    lab.gluetun.set_ports(lab.qbt.listen_port)
    await checks(watcher, clock, 3, 2 * HOUR)  # 4 h of healthy network
    assert watcher.fault is None
    assert removed_ids(lab) == []
    await checks(watcher, clock, 3, HOUR)  # 6 h of healthy network: now it is the torrent's fault
    assert len(removed_ids(lab)) == 1
    assert removed_ids(lab)[0]["blocklist"] is True


@pytest.mark.parametrize("fault", [{"status": 500}, {"malformed_json": True}])
async def test_a_failing_radarr_removes_nothing_and_says_so(lab: Lab, clock, notifier, fault) -> None:
    film = lab.add("Public.Film", category="radarr", in_radarr=True)
    lab.radarr.faults.set(**fault)
    watcher = lab.watcher(clock, notifier)
    await checks(watcher, clock, 4, 2 * HOUR)
    assert watcher.stalled == [film]
    assert removed_ids(lab) == []
    assert lab.present(film)
    assert any("Public.Film" in t and "neither Radarr nor Sonarr" in t for t in notifier.sent)


async def test_qbittorrent_going_away_mid_run_removes_nothing(lab: Lab, clock, notifier) -> None:
    film = lab.add("Public.Film", category="radarr", in_radarr=True)
    radarr = ArrClient(ArrConfig(url=lab.radarr.url, api_key=Secret(lab.radarr.api_key)), "Radarr")
    gone: list[bool] = []

    async def radarr_then_qbittorrent_dies(call):
        if not gone:  # qBittorrent stops while the watcher asks Radarr for its queue
            lab.api.app_shutdown()
            wait_until(lambda: not _alive(lab), timeout=30, what="qbittorrent-nox to exit")
            gone.append(True)
        return await radarr.run(call)

    watcher = lab.watcher(clock, notifier, arrs={"radarr": radarr_then_qbittorrent_dies})
    await checks(watcher, clock, 3, 2 * HOUR)
    assert watcher.stalled == []  # not yet: Radarr not asked
    clock.advance(2 * HOUR)
    with pytest.raises(HttpError, match="qBittorrent"):
        await watcher.run()
    assert gone
    assert removed_ids(lab) == []  # privacy unknown once qBittorrent is gone: nothing removed
    assert film.upper() in {r["downloadId"] for r in lab.radarr.state.queue.values()}


def _alive(lab: Lab) -> bool:
    try:
        lab.qbt.client(REQUESTS_ARGS={"timeout": 2})
    except Exception:  # any failure means it is gone
        return False
    return True


async def test_above_the_guard_nothing_goes_until_an_admin_confirms(lab: Lab, clock, notifier) -> None:
    one = lab.add("First.Film", category="radarr", in_radarr=True)
    two = lab.add("Second.Film", category="radarr", in_radarr=True)
    buttons: list[tuple] = []

    async def sender(chat_id: int, text: str, keyboard: tuple = ()) -> None:
        if keyboard:
            buttons.append(keyboard)

    notifier.sender = sender
    watcher = lab.watcher(clock, notifier, max_removals=1)
    await checks(watcher, clock, 4, 2 * HOUR)
    assert sorted(watcher.stalled) == sorted([one, two])
    assert removed_ids(lab) == []  # 2 > 1: nothing removed, the admins are asked
    assert any("2 removals in one run, above the limit" in t for t in notifier.sent)
    [[(confirm_label, confirm), (cancel_label, _)]] = buttons
    assert (confirm_label, cancel_label) == ("Confirm", "Cancel")
    rt, _ = runtime_with({"stalled": watcher})
    request = Request(user_id=1, chat_id=1, role=Role.ADMIN, lang="en")
    view = await cb_confirm(rt, request, callback_of(confirm))
    assert view is not None
    assert view.text == "Done: 2 removed through the *arr, 0 refused"
    assert len(removed_ids(lab)) == 2
