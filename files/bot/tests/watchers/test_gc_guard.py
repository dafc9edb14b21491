"""The GC's part of the never-stuck pipeline, on a real qbittorrent-nox with real files and hardlinks:
the mass-deletion guard (above the limit nothing goes and the admins get the list, whose Confirm button
runs the next pass at once; the twin: within it, all go), the ``myflix:noHL`` tag on complete managed
torrents without a hardlink into the library (and off again once linked), and the recycle bin's size cap
(oldest entries first)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from myflix_bot import i18n
from myflix_bot.access import Role
from myflix_bot.commands.pipeline import cb_confirm
from myflix_bot.commands.registry import Request
from myflix_bot.config import ArrConfig
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.gc import GcWatcher, arr_history_lookup
from myflix_bot.watchers.recycle import RecycleBin
from myflix_bot.watchers.settings import GcCategory, GcSettings

from .conftest import callback_of, collection_client, make_data, runtime_with, seed_torrent
from .test_gc import link_into_library

DAY = 86400.0


class NoList(Watcher):
    """A watcher that holds no removal list (a forged Confirm for it is ignored)."""

    name = "thermal"


def gc(qbittorrent, fake_radarr, root: Path, notifier, clock, *, guard=None, min_ratio=0.0) -> GcWatcher:
    radarr = ArrClient(ArrConfig(fake_radarr.url, Secret(fake_radarr.api_key)), "Radarr")
    return GcWatcher(
        GcSettings(
            dry_run=False,
            categories=(GcCategory("radarr", "radarr", min_ratio=min_ratio),),
            roots=(str(root),),
        ),
        collection_client(qbittorrent),
        history={"radarr": arr_history_lookup(radarr)},
        guard=guard,
        notifier=notifier,
        clock=clock,
    )


@pytest.mark.parametrize(
    "case", [((2, 1.0), 0), ((5, 1.0), 3), ((5, 0.5), 0)], ids=["count", "within", "share"]
)
async def test_the_guard_stops_a_mass_removal(qbittorrent, fake_radarr, notifier, clock, case) -> None:
    guard, removed = case
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    hashes = []
    for n in range(3):
        data = make_data(root / "torrents", f"Film.{n}")
        link_into_library(data, root / "library")
        hashes.append(seed_torrent(api, data, category="radarr"))
    buttons: list[tuple[tuple[str, str], ...]] = []

    async def sender(chat_id: int, text: str, keyboard: tuple[tuple[str, str], ...] = ()) -> None:
        if keyboard:
            buttons.append(keyboard)

    notifier.sender = sender
    watcher = gc(qbittorrent, fake_radarr, root, notifier, clock, guard=guard)
    await watcher.run()
    left = {t.hash for t in api.torrents_info()}
    assert len(set(hashes) - left) == removed
    if removed == 0:  # 3 > 2, or 3 > half of 3 (rounded up: 2)
        assert left == set(hashes)
        assert len(watcher.held_for_confirmation) == 3
        assert any("3 removals in one run, above the limit" in t and "Film.2" in t for t in notifier.sent)
        assert any("CONFIRM" in line for line in watcher.verdicts("en"))
        # the admin presses the notice's Confirm (pc:gc:c:<token>): the GC answers and its next pass runs now
        [[(_, confirm), (_, cancel)]] = buttons
        rt, wakes = runtime_with({"gc": watcher, "thermal": NoList(interval=60.0)})
        admin = Request(user_id=1, chat_id=1, role=Role.ADMIN, lang="en")
        answer = await cb_confirm(rt, admin, callback_of(confirm))
        assert answer is not None
        assert answer.text == "Confirmed: the cleanup runs again now, past the limit this once"
        assert wakes.woken == ["gc"]
        late = await cb_confirm(rt, admin, callback_of(cancel))
        assert late is not None
        assert late.text.startswith("Already handled")  # one press, one action; a Cancel wakes nothing
        assert wakes.woken == ["gc"]
        forged = callback_of(confirm.replace(":gc:", ":thermal:"))
        assert await cb_confirm(rt, admin, forged) is None
        assert wakes.woken == ["gc"]
        await watcher.run()
        assert not {t.hash for t in api.torrents_info()} & set(hashes)
    else:
        assert watcher.held_for_confirmation == []


async def test_no_hardlink_tag(qbittorrent, fake_radarr, notifier, clock) -> None:
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    copied = make_data(root / "torrents", "Copied.Film")  # the *arr copied it: no link into the library
    linked = make_data(root / "torrents", "Linked.Film")
    link_into_library(linked, root / "library")
    h_copied = seed_torrent(api, copied, category="radarr")
    h_linked = seed_torrent(api, linked, category="radarr")
    h_manual = seed_torrent(api, make_data(root / "other", "Manual.Thing"), category="manual")
    watcher = gc(qbittorrent, fake_radarr, root, notifier, clock, min_ratio=99.0)  # nothing is removed
    await watcher.run()

    def tags(h: str) -> str:
        return api.torrents_info(torrent_hashes=h)[0].tags

    assert tags(h_copied) == "myflix:noHL"
    assert tags(h_linked) == ""
    assert tags(h_manual) == ""  # not a Radarr/Sonarr category
    link_into_library(copied, root / "library2")  # linked at last: the tag goes
    await watcher.run()
    assert tags(h_copied) == ""


def test_recycle_bin_size_cap_purges_the_oldest_first(tmp_path: Path) -> None:
    bin_ = RecycleBin(tmp_path / "bin")
    entries = []
    for n, size in enumerate((4000, 3000, 2000)):
        data = tmp_path / "data" / f"Film.{n}"
        data.mkdir(parents=True)
        (data / "f.mkv").write_bytes(os.urandom(size))
        entries.append(bin_.put(data, b"d4:infoe", {"hash": f"{n}" * 40}, now=1000.0 + n * DAY))
    # nothing old enough for the 7-day age limit; 9,000+ bytes against a 6,000-byte cap
    gone = bin_.purge(7 * DAY, 1000.0 + 3 * DAY, max_bytes=6000)
    assert gone == [entries[0]]  # the oldest, 4,000 bytes: 5,000 left
    assert [e for e, _ in sorted(bin_.entries(), key=lambda e: e[1])] == entries[1:]
    assert bin_.purge(7 * DAY, 1000.0 + 3 * DAY, max_bytes=6000) == []  # under the cap: nothing more
    assert bin_.purge(7 * DAY, 1000.0 + 3 * DAY) == []  # no cap: only age counts
    (tmp_path / "bin" / "not-ours").mkdir()  # an entry without our manifest is never touched
    assert bin_.purge(0, 1e12, max_bytes=0) == entries[1:]
    assert (tmp_path / "bin" / "not-ours").is_dir()


async def test_under_hdd_pressure_the_bin_then_the_oldest_go_as_far_as_needed(
    qbittorrent, fake_radarr, notifier, clock
) -> None:
    """The disk watcher found the HDD 230 KB short (``press``): the recycle bin's entry of an earlier
    pass (~60 KB) is purged first, then, of what the GC's rules delete, the oldest completed first
    until enough is freed (Film.Old and Film.Mid, 100 KB each), removed in that order; Film.New
    waits for a normal pass. Fresh.Oldest, completed before all of them but never imported, stays:
    the order never reaches past the rules. The twin: the next normal pass takes Film.New too."""
    import time  # noqa: PLC0415

    from myflix_testkit.waiting import wait_until  # noqa: PLC0415

    api = qbittorrent.client()
    root = qbittorrent.download_dir
    earlier = make_data(root / "torrents", "Removed.Earlier", size=60_000)
    RecycleBin(root / ".myflix-recycle").put(
        earlier, b"d4:infod4:name1:xee", {"hash": "e" * 40, "name": earlier.name}, clock() - 3600
    )
    hashes = {}
    for name in ("Fresh.Oldest", "Film.Old", "Film.Mid", "Film.New"):
        data = make_data(root / "torrents", name, size=100_000)
        if name != "Fresh.Oldest":
            link_into_library(data, root / "library")
        hashes[name] = h = seed_torrent(api, data, category="radarr")
        done = api.torrents_info(torrent_hashes=h)[0].completion_on
        assert done > 0
        # the next one completes in a later second (completion_on counts seconds)
        wait_until(lambda done=done: time.time() >= done + 1.05, what="the next second")
    watcher = gc(qbittorrent, fake_radarr, root, notifier, clock)
    watcher.press(230_000)
    await watcher.run()

    left = {t.hash for t in api.torrents_info()}
    assert left == {hashes["Fresh.Oldest"], hashes["Film.New"]}
    assert [a.facts.name for a in watcher.last if a.removed] == ["Film.Old", "Film.Mid"]  # in order
    verdicts = {a.facts.name: a.verdict.code for a in watcher.last}
    assert verdicts["Film.New"] == "not_needed"
    assert verdicts["Fresh.Oldest"] == "not_imported"
    entries = [e.name for e, _ in RecycleBin(root / ".myflix-recycle").entries()]
    assert len(entries) == 2  # the earlier entry purged, the two evicted moved in
    assert not any(e.endswith("e" * 12) for e in entries)
    short = f"disk short: {i18n.size(230_000, 'en')} to free, the recycle bin gives"
    assert any(short in t and '2 torrent(s) evicted in "oldest first" order' in t for t in notifier.sent)

    await watcher.run()  # no pressure: a normal pass, everything the rules delete goes
    assert {t.hash for t in api.torrents_info()} == {hashes["Fresh.Oldest"]}
