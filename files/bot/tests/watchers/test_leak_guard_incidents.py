"""Leak-guard notices (issue 14, point 10): every incident is announced, even 30 s after the previous
one ended; only repeats within one ongoing incident are throttled. Real qbittorrent-nox, fake Gluetun,
the notifier's throttle on a manual clock."""

from __future__ import annotations

from ansible_collections.myflix.media.plugins.module_utils.gluetun import GluetunClient
from myflix_bot.watchers.leak_guard import LeakGuardWatcher
from myflix_bot.watchers.notify import Notifier
from myflix_bot.watchers.settings import LeakGuardSettings

from .conftest import ADMIN, ManualClock, collection_client, make_data, seed_torrent

HOME = "203.0.113.7"
VPN = "198.51.100.23"


async def test_second_incident_is_announced_repeats_are_not(qbittorrent, fake_gluetun, tmp_path) -> None:
    api = qbittorrent.client()
    seed_torrent(api, make_data(qbittorrent.download_dir, "A"))
    clock = ManualClock()
    notifier = Notifier(admins=[ADMIN], throttle=900.0, clock=clock, lang="en")
    guard = LeakGuardWatcher(
        LeakGuardSettings(healthy_checks=1),
        GluetunClient(fake_gluetun.url),
        collection_client(qbittorrent),
        home_ip=HOME,
        state_path=tmp_path / "leak_guard.json",
        notifier=notifier,
    )
    holds = lambda: [m for m in notifier.sent if m.startswith("🛑")]  # noqa: E731

    fake_gluetun.set_public_ip(HOME)  # incident 1
    await guard.run()
    assert len(holds()) == 1
    clock.advance(15)
    seed_torrent(api, make_data(qbittorrent.download_dir, "B"))  # more stopped, same incident
    await guard.run()
    assert len(holds()) == 1, "a repeat of the ongoing incident is throttled"

    fake_gluetun.set_public_ip(VPN)
    clock.advance(15)
    await guard.run()
    assert notifier.sent[-1].startswith("✅ VPN healthy again")

    clock.advance(30)  # incident 2, 30 s later: announced
    fake_gluetun.set_vpn("stopped")
    await guard.run()
    assert len(holds()) == 2
    assert "VPN is stopped" in holds()[-1]
    fake_gluetun.set_vpn("running")
    clock.advance(15)
    await guard.run()
    assert sum(m.startswith("✅ VPN healthy again") for m in notifier.sent) == 2
