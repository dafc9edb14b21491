"""The garbage collector over real torrents in a real qbittorrent-nox, real files and real hardlinks,
with the Radarr fake's history: what is removed goes to the recycle bin, everything else survives."""

from __future__ import annotations

import json
import os
from pathlib import Path

from myflix_bot.config import ArrConfig
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient
from myflix_bot.watchers.gc import GcWatcher, arr_history_lookup
from myflix_bot.watchers.settings import GcCategory, GcSettings

from .conftest import collection_client, make_data, seed_torrent

DAY = 86400.0


def settings(root: Path, **kw) -> GcSettings:
    return GcSettings(
        categories=(
            GcCategory("radarr", "radarr", min_ratio=0.0),  # goal met at once (ratio 0 >= 0)
            GcCategory("tv-sonarr", "sonarr", min_ratio=None, min_seed_time=DAY),  # goal: a day of seeding
        ),
        private_min_seed_time=14 * DAY,
        roots=(str(root),),
        **kw,
    )


def link_into_library(data: Path, library: Path) -> Path:
    target = library / data.name
    target.mkdir(parents=True)
    for f in data.iterdir():
        if f.suffix == ".mkv":
            os.link(f, target / f.name)
    return target


async def test_gc_removes_only_imported_seeded_torrents(
    qbittorrent, fake_radarr, tmp_path, clock, notifier
) -> None:
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    library = root / "library"  # same filesystem, as *arr hardlinks require
    dl = root / "torrents"
    linked = make_data(dl, "Linked.Film.2020", files=2)
    by_history = make_data(dl, "History.Film.2021")
    not_imported = make_data(dl, "Fresh.Film.2022")
    private = make_data(dl, "Private.Film.2019")
    manual = make_data(dl, "Manual.Download")
    young_series = make_data(dl, "Series.S01")
    for data in (linked, private, manual, young_series):
        link_into_library(data, library)
    h_linked = seed_torrent(api, linked, category="radarr")
    h_history = seed_torrent(api, by_history, category="radarr")
    h_fresh = seed_torrent(api, not_imported, category="radarr")
    h_private = seed_torrent(api, private, category="radarr", private=True)
    h_manual = seed_torrent(api, manual, category="manual")
    h_series = seed_torrent(api, young_series, category="tv-sonarr")
    movie_id = next(iter(fake_radarr.state.movies))
    fake_radarr.state.add_history(movie_id, event_type="grabbed", download_id=h_fresh.upper())
    fake_radarr.state.add_history(
        movie_id, event_type="downloadFolderImported", download_id=h_history.upper()
    )

    radarr = ArrClient(ArrConfig(fake_radarr.url, Secret(fake_radarr.api_key)), "Radarr")
    removed = []
    gc = GcWatcher(
        settings(root, dry_run=False),
        collection_client(qbittorrent),
        history={"radarr": arr_history_lookup(radarr)},
        on_removed=removed.append,
        notifier=notifier,
        clock=clock,
    )
    await gc.run()

    left = {t.hash for t in api.torrents_info()}
    assert left == {h_fresh, h_private, h_manual, h_series}
    assert sum(removed) == 2
    reasons = {a.facts.hash: a.verdict.reason for a in gc.last}
    assert reasons[h_fresh] == "not imported"
    assert reasons[h_private] == "private: minimum seed time not reached"
    assert reasons[h_series] == "seeding goal not met"
    assert h_manual not in reasons  # not a managed category: never even looked at
    # the data of the removed torrents is in the bin, with their .torrent; the library link survives
    assert not linked.exists()
    assert not by_history.exists()
    assert (library / linked.name / "part0.mkv").stat().st_nlink == 2
    bin_dir = root / ".myflix-recycle"
    entries = sorted(bin_dir.iterdir())
    assert len(entries) == 2
    for entry in entries:
        manifest = json.loads((entry / "manifest.json").read_text())
        assert manifest["hash"] in (h_linked, h_history)
        assert (entry / f"{manifest['hash']}.torrent").read_bytes().startswith(b"d")
        assert (entry / Path(manifest["original_path"]).name / "part0.mkv").is_file()
    for kept in (not_imported, private, manual, young_series):
        assert (kept / "part0.mkv").is_file()
    assert "moved 2 torrent(s)" in notifier.sent[-1]

    # purged after N days, and only our entries
    stranger = bin_dir / "not-ours"
    stranger.mkdir()
    clock.advance(8 * DAY)
    await gc.run()
    assert [p.name for p in bin_dir.iterdir()] == ["not-ours"]
    assert (library / linked.name / "part0.mkv").stat().st_nlink == 1
    assert "purged 2" in notifier.sent[-1]


async def test_dry_run_and_arr_errors_keep_everything(
    qbittorrent, fake_radarr, tmp_path, clock, notifier
) -> None:
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    dl = root / "torrents"
    linked = make_data(dl, "Linked.Again")
    link_into_library(linked, root / "library")
    history_only = make_data(dl, "History.Only")
    h_linked = seed_torrent(api, linked, category="radarr")
    h_history = seed_torrent(api, history_only, category="radarr")
    movie_id = next(iter(fake_radarr.state.movies))
    fake_radarr.state.add_history(
        movie_id, event_type="downloadFolderImported", download_id=h_history.upper()
    )
    fake_radarr.faults.set(status=500, count=1000)  # Radarr is broken: its history is unknown

    radarr = ArrClient(ArrConfig(fake_radarr.url, Secret(fake_radarr.api_key)), "Radarr")
    dry = GcWatcher(
        settings(root),  # dry-run is the default
        collection_client(qbittorrent),
        history={"radarr": arr_history_lookup(radarr)},
        notifier=notifier,
        clock=clock,
    )
    assert dry.dry_run
    await dry.run()
    assert {t.hash for t in api.torrents_info()} == {h_linked, h_history}
    assert linked.exists()
    assert not (root / ".myflix-recycle").exists()
    # Radarr fails: the pass stops for its categories, hardlinked or not (one notice)
    assert dry.failing == ["radarr"]
    reasons = {a.facts.hash: a.verdict.reason for a in dry.last}
    assert reasons[h_history].startswith("radarr is failing")
    assert reasons[h_linked].startswith("radarr is failing")
    assert [m for m in notifier.sent if "radarr is not answering" in m] == [notifier.sent[-1]]


async def test_data_outside_the_roots_is_never_moved(qbittorrent, tmp_path, clock, notifier) -> None:
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    data = make_data(root / "elsewhere", "Linked.Outside")
    link_into_library(data, root / "library")
    h = seed_torrent(api, data, category="radarr")
    gc = GcWatcher(
        settings(root / "torrents", dry_run=False),  # the only allowed root does not hold the data
        collection_client(qbittorrent),
        history={},
        notifier=notifier,
        clock=clock,
    )
    await gc.run()
    assert {t.hash for t in api.torrents_info()} == {h}
    assert data.exists()
    assert gc.last[0].error is not None
    assert "outside the GC roots" in gc.last[0].error
