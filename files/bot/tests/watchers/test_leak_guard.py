"""VPN leak guard: the fake Gluetun's VPN down or public IP = home IP stops the real qBittorrent's
torrents; healthy again resumes exactly the ones the guard stopped."""

from __future__ import annotations

from pathlib import Path

from ansible_collections.myflix.media.plugins.module_utils.gluetun import GluetunClient
from myflix_bot.watchers.leak_guard import LeakGuardWatcher
from myflix_bot.watchers.settings import LeakGuardSettings
from myflix_testkit.waiting import wait_until

from .conftest import collection_client, make_data, seed_torrent

HOME = "203.0.113.7"  # TEST-NET-3
VPN = "198.51.100.23"


def states(api, hashes) -> dict[str, str]:
    return {t.hash: t.state for t in api.torrents_info(torrent_hashes=hashes)}


def paused(state: str) -> bool:
    return state in ("pausedUP", "pausedDL", "stoppedUP", "stoppedDL")


def guard(fake_gluetun, qbittorrent, tmp_path: Path, notifier, **kw) -> LeakGuardWatcher:
    return LeakGuardWatcher(
        LeakGuardSettings(healthy_checks=2, **kw),
        GluetunClient(fake_gluetun.url),
        collection_client(qbittorrent),
        home_ip=HOME,
        state_path=tmp_path / "state" / "leak_guard.json",
        notifier=notifier,
    )


async def test_leak_then_vpn_down_pause_and_resume(qbittorrent, fake_gluetun, tmp_path, notifier) -> None:
    api = qbittorrent.client()
    a = seed_torrent(api, make_data(qbittorrent.download_dir, "A"))
    b = seed_torrent(api, make_data(qbittorrent.download_dir, "B"))
    mine = seed_torrent(api, make_data(qbittorrent.download_dir, "PausedByHand"), paused=True)
    hashes = [a, b, mine]
    watcher = guard(fake_gluetun, qbittorrent, tmp_path, notifier)

    await watcher.run()  # healthy: nothing happens
    assert watcher.reason is None
    assert not any(paused(s) for h, s in states(api, hashes).items() if h != mine)

    fake_gluetun.set_public_ip(HOME)  # traffic leaves with the home IP
    await watcher.run()
    assert watcher.leak is True
    wait_until(lambda: all(paused(s) for s in states(api, hashes).values()), what="torrents paused")
    assert sorted(watcher.stopped) == sorted([a, b])
    assert "leak" in notifier.sent[-1]
    assert (tmp_path / "state" / "leak_guard.json").exists()

    fake_gluetun.set_public_ip(VPN)
    await watcher.run()  # one healthy check is not enough
    assert all(paused(s) for s in states(api, hashes).values())
    await watcher.run()
    wait_until(lambda: not any(paused(states(api, [h])[h]) for h in (a, b)), what="torrents resumed")
    assert paused(states(api, [mine])[mine]), "a torrent paused by hand stays paused"
    assert watcher.stopped == []
    assert "resumed 2" in notifier.sent[-1]

    fake_gluetun.set_vpn("stopped")
    await watcher.run()
    assert watcher.vpn_up is False
    wait_until(
        lambda: all(paused(s) for s in states(api, hashes).values()), what="torrents paused (VPN down)"
    )
    assert "VPN is stopped" in notifier.sent[-1]
    assert watcher.summary("en").startswith("HOLDING (VPN is stopped), 2 stopped")
    assert watcher.summary("fr").startswith("BLOQUÉ (VPN stopped), 2 torrent(s) arrêté(s)")


async def test_gluetun_unreachable_fails_closed_and_state_survives_restart(
    qbittorrent, fake_gluetun, tmp_path, notifier
) -> None:
    api = qbittorrent.client()
    a = seed_torrent(api, make_data(qbittorrent.download_dir, "C"))
    watcher = guard(fake_gluetun, qbittorrent, tmp_path, notifier)
    fake_gluetun.faults.set(status=503, count=1000)
    await watcher.run()
    wait_until(lambda: paused(states(api, [a])[a]), what="torrent paused while Gluetun is unreachable")
    assert watcher.reason is not None
    # the bot restarts in the middle of the incident: the new guard still knows what it stopped
    fake_gluetun.faults.clear()
    again = guard(fake_gluetun, qbittorrent, tmp_path, notifier)
    assert again.stopped == [a]
    await again.run()
    await again.run()
    wait_until(lambda: not paused(states(api, [a])[a]), what="torrent resumed after the restart")


async def test_dry_run_stops_nothing(qbittorrent, fake_gluetun, tmp_path, notifier) -> None:
    api = qbittorrent.client()
    a = seed_torrent(api, make_data(qbittorrent.download_dir, "D"))
    watcher = guard(fake_gluetun, qbittorrent, tmp_path, notifier, dry_run=True)
    fake_gluetun.set_vpn("stopped")
    await watcher.run()
    assert not paused(states(api, [a])[a])
    assert notifier.sent[-1].startswith("[dry-run]")
