"""Disk admission on a real, small filesystem (a size-limited tmpfs mounted for the test) with a real
qbittorrent-nox: fill the tier below its floor and exactly its downloads pause (tagged), seeding goes on
and a download paused by a person is left alone; free it and exactly the tagged ones resume. A download
too big for the room left waits while the others run. An HDD tier whose mount point is empty is
unavailable: its downloads stay paused. Pressure on the HDD runs the GC early, but never for a floor
the disk cannot meet (misconfigured)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from myflix_bot.watchers.disk import DiskWatcher
from myflix_bot.watchers.pipeline_settings import DiskSettings, TierSettings
from myflix_testkit.services.process import free_port
from myflix_testkit.torrents import make_torrent
from myflix_testkit.waiting import wait_until

from .conftest import collection_client, make_data, seed_torrent

MIB = 1 << 20
TAG = "myflix:waiting-space"


@pytest.fixture
def small_fs(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs of our own (root is needed to mount it; the suite fails loudly without)."""
    if os.geteuid() != 0:
        pytest.fail("mounting the test filesystem needs root (the suites run as root)", pytrace=False)
    mount = tmp_path / "tier"
    mount.mkdir()
    subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m,mode=0755", "myflix-test-tier", str(mount)], check=True
    )
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


class Downloads:
    def __init__(self, qbittorrent, root: Path, save: Path) -> None:
        self.api = qbittorrent.client()
        self.api.app_set_preferences({"queueing_enabled": False})
        self.root = root
        self.save = save
        self.tracker = f"http://127.0.0.1:{free_port()}/announce"  # nobody serves the data

    def add(self, name: str, size: int = 64 * 1024) -> str:
        data = make_data(self.root / "elsewhere", name, size=size)
        torrent = make_torrent(data, announce=self.tracker)
        self.api.torrents_add(
            torrent_files=torrent.data, save_path=str(self.save), use_auto_torrent_management=False
        )
        self.wait(torrent.info_hash, running=True)
        return torrent.info_hash

    def state(self, h: str) -> str:
        return self.api.torrents_info(torrent_hashes=h)[0].state

    def tags(self, h: str) -> str:
        return self.api.torrents_info(torrent_hashes=h)[0].tags

    def wait(self, h: str, *, running: bool) -> None:
        def ok() -> bool:
            info = self.api.torrents_info(torrent_hashes=h)
            return (
                bool(info)
                and info[0].state.startswith("paused") != running
                and info[0].state != "checkingResumeData"
            )

        wait_until(ok, timeout=60, what=f"{h[:8]} {'running' if running else 'paused'}")


def watcher(tier: TierSettings, qbittorrent, notifier, clock, **kw) -> DiskWatcher:
    return DiskWatcher(
        DiskSettings(tiers=(tier,)), collection_client(qbittorrent), notifier=notifier, clock=clock, **kw
    )


async def test_fill_pause_free_resume_exactly_those(qbittorrent, small_fs, tmp_path, notifier, clock) -> None:
    downloads = Downloads(qbittorrent, tmp_path, small_fs)
    a, b = downloads.add("Film.A"), downloads.add("Film.B")
    mine = downloads.add("Paused.By.Someone")
    downloads.api.torrents_pause(torrent_hashes=mine)
    downloads.wait(mine, running=False)
    seed_data = make_data(small_fs, "Seeding.Film", size=64 * 1024)
    seeding = seed_torrent(downloads.api, seed_data)
    tier = TierSettings("hdd", str(small_fs), floor_percent=0, floor_bytes=4 * MIB, hysteresis_bytes=MIB)
    pressure: list[int] = []
    w = watcher(tier, qbittorrent, notifier, clock, on_pressure=pressure.append)

    await w.run()  # 16 MiB, ~15.8 free: room for all
    assert w.plan.pause == ()
    filler = small_fs / "filler"
    filler.write_bytes(b"\0" * (13 * MIB))  # below the 4 MiB floor
    await w.run()
    assert sorted(w.plan.pause) == sorted([a, b])
    for h in (a, b):
        downloads.wait(h, running=False)
        assert downloads.tags(h) == TAG
    assert downloads.tags(mine) == ""  # a person's pause is not ours
    assert not downloads.state(seeding).startswith("paused")  # uploads keep going
    short = w.tiers[0]  # back above the 4 MiB floor with the 1 MiB margin: what the GC is asked to free
    assert pressure == [4 * MIB + MIB - (short.free or 0)]
    assert 0 < pressure[0] <= 5 * MIB
    assert any("hdd below its floor" in t and "paused 2 download(s)" in t for t in notifier.sent)

    await w.run()  # still full: nothing more to do, nothing resumed
    assert (w.plan.pause, w.plan.resume) == ((), ())
    filler.unlink()
    await w.run()
    assert sorted(w.plan.resume) == sorted([a, b])
    for h in (a, b):
        downloads.wait(h, running=True)
        assert downloads.tags(h) == ""
    assert downloads.state(mine).startswith("paused")  # never resumed by us
    assert any("resumed 2 download(s)" in t for t in notifier.sent)


async def test_hysteresis_and_admission_of_a_too_big_download(
    qbittorrent, small_fs, tmp_path, notifier, clock
) -> None:
    downloads = Downloads(qbittorrent, tmp_path, small_fs)
    small = downloads.add("Small", size=64 * 1024)
    big = downloads.add("Big", size=6 * MIB)
    tier = TierSettings("hdd", str(small_fs), floor_percent=0, floor_bytes=8 * MIB, hysteresis_bytes=MIB)
    (small_fs / "filler").write_bytes(b"\0" * (3 * MIB))  # ~13 MiB free: room for 5 above the floor
    w = watcher(tier, qbittorrent, notifier, clock)
    await w.run()
    assert w.plan.pause == (big,)  # 6 MiB does not fit in 5; the small one runs
    downloads.wait(big, running=False)
    assert any("hdd has no room" in t and "paused 1 download(s)" in t for t in notifier.sent)
    assert not downloads.state(small).startswith("paused")
    (small_fs / "filler").unlink()
    (small_fs / "filler2").write_bytes(b"\0" * (3 * MIB // 2))  # 6.5 above the floor: 6 fit, 6 + 1 do not
    await w.run()
    assert w.plan.resume == ()
    (small_fs / "filler2").unlink()  # 8 above the floor: 6 + 1 of hysteresis fit
    await w.run()
    assert w.plan.resume == (big,)
    downloads.wait(big, running=True)


async def test_a_floor_above_the_disk_size_deletes_nothing_and_says_what_to_set(
    qbittorrent, small_fs, tmp_path, notifier, clock
) -> None:
    """A 32 MiB floor on the 16 MiB disk can never be met: no pressure (so no early eviction or purge
    by the GC), no "below its floor" notice, its downloads held, one notice naming what to set; so does
    an 8 MiB floor whose 8 MiB margin takes it to the disk's size (the GC would be asked to empty the
    disk, a held download would wait for more than it holds). The twin: the same full disk with a floor
    and margin it can meet asks the GC for the shortfall."""
    downloads = Downloads(qbittorrent, tmp_path, small_fs)
    a = downloads.add("Film.A")
    (small_fs / "filler").write_bytes(b"\0" * (13 * MIB))  # full too: only the floor differs below
    tier = TierSettings("hdd", str(small_fs), floor_percent=0, floor_bytes=32 * MIB, hysteresis_bytes=MIB)
    pressure: list[int] = []
    w = watcher(tier, qbittorrent, notifier, clock, on_pressure=pressure.append)
    await w.run()
    assert w.plan.pause == (a,)  # held as on an unavailable tier: nothing more is written there
    downloads.wait(a, running=False)
    assert downloads.tags(a) == TAG
    for _ in range(2):  # told once, not every pass
        clock.advance(3600)
        await w.run()
    assert w.plan.misconfigured == ("hdd",)
    assert pressure == []
    told = [t for t in notifier.sent if "misconfigured" in t]
    assert len(told) == 1, notifier.sent
    assert "hdd" in told[0]
    assert "32" in told[0]
    assert "16" in told[0]
    assert "floor_bytes" in told[0]
    assert "myflix_bot_disk_tiers" in told[0]
    assert not any("below its floor" in t or "has no room" in t for t in notifier.sent)
    assert "hdd misconfigured" in w.summary("en")
    assert w.needs_attention()  # /status marks it ⚠️, not ✅
    assert any(line.startswith("MISCONFIG") and line.endswith("hdd") for line in w.verdicts("en"))

    margin = TierSettings(
        "hdd", str(small_fs), floor_percent=0, floor_bytes=8 * MIB, hysteresis_bytes=8 * MIB
    )
    w1 = watcher(margin, qbittorrent, notifier, clock, on_pressure=pressure.append)
    await w1.run()
    assert w1.plan.misconfigured == ("hdd",)
    assert (w1.plan.pause, w1.plan.resume) == ((), ())  # still held
    assert pressure == []
    told = [t for t in notifier.sent if "misconfigured" in t]
    assert len(told) == 2, notifier.sent
    assert "8.0 MB" in told[1]  # its floor and its margin
    assert "hysteresis_bytes" in told[1]
    assert "hdd misconfigured" in w1.summary("en")

    fixed = TierSettings("hdd", str(small_fs), floor_percent=0, floor_bytes=4 * MIB, hysteresis_bytes=MIB)
    w2 = watcher(fixed, qbittorrent, notifier, clock, on_pressure=pressure.append)
    await w2.run()
    assert w2.plan.misconfigured == ()
    assert w2.plan.short == ("hdd",)
    assert len(pressure) == 1
    assert 0 < pressure[0] <= 5 * MIB
    assert (w2.plan.pause, w2.plan.resume) == ((), ())  # still held, now below a floor it can meet
    assert downloads.tags(a) == TAG
    assert "hdd below its floor" in w2.summary("en")
    assert w2.needs_attention()


async def test_an_empty_hdd_mount_point_is_unavailable(qbittorrent, tmp_path, notifier, clock) -> None:
    mount_point = tmp_path / "hdd"  # the HDD is unplugged: an empty directory, not a mount point
    mount_point.mkdir()
    downloads = Downloads(qbittorrent, tmp_path, mount_point)
    h = downloads.add("Film.To.HDD")
    tier = TierSettings("hdd", str(mount_point), floor_percent=5, must_be_mount=True)
    w = watcher(tier, qbittorrent, notifier, clock)
    await w.run()
    assert w.plan.pause == (h,)
    assert w.plan.short == ("hdd",)
    downloads.wait(h, running=False)
    assert any("hdd is unavailable" in t for t in notifier.sent)
    assert "unavailable" in w.summary("en")
    assert w.needs_attention()
    # the twin: the same directory as a plain tier (no mount required) lets it run again
    w2 = DiskWatcher(
        DiskSettings(tiers=(TierSettings("hdd", str(mount_point), floor_percent=0),)),
        collection_client(qbittorrent),
        notifier=notifier,
        clock=clock,
    )
    await w2.run()
    assert w2.plan.resume == (h,)
    downloads.wait(h, running=True)
    assert not w2.needs_attention()  # a tier with room is ✅ on /status


async def test_hdd_pressure_asks_the_installed_gc_to_free_the_shortfall(tmp_path) -> None:
    """Wiring: the installed disk watcher's pressure reaches the installed GC with the bytes to free."""
    from myflix_bot.assembly import build_runtime, install_operations  # noqa: PLC0415

    from .conftest import make_config  # noqa: PLC0415

    config = make_config(
        {
            "qbittorrent": {"url": "http://127.0.0.1:9"},
            "watchers": {
                "state_dir": str(tmp_path),
                "gc": {"categories": [{"name": "radarr", "arr": "radarr"}]},
                "disk": {"tiers": [{"name": "hdd", "path": "/data", "host_path": str(tmp_path)}]},
            },
            "exporter": {"enabled": False},
        }
    )
    rt = build_runtime(config)
    ws = install_operations(rt)
    assert ws.watchers["gc"].pressure is None
    ws.watchers["disk"].on_pressure(123_456)
    assert ws.watchers["gc"].pressure == 123_456
    ws.watchers["disk"].on_pressure(1_000)  # a smaller shortfall does not lower what is asked
    assert ws.watchers["gc"].pressure == 123_456
    for close in rt.closers:
        await close()
