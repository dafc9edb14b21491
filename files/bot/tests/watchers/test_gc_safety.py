"""The GC's safety rules against a real qbittorrent-nox with real files (issue 14, points 1-4): data a
cross-seed still uses stays, a failing *arr stops the pass for its categories, a missing main file
keeps the torrent, and a dry-run refuses what the real pass would refuse. Each with its positive twin."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from myflix_bot.config import ArrConfig
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient
from myflix_bot.watchers.gc import GcWatcher, arr_history_lookup
from myflix_bot.watchers.settings import GcCategory, GcSettings
from myflix_testkit.torrents import make_torrent
from myflix_testkit.waiting import wait_until

from .conftest import collection_client, make_data, seed_torrent

NOBODY = 65534


def settings(root: Path, **kw) -> GcSettings:
    return GcSettings(
        categories=(GcCategory("radarr", "radarr", min_ratio=0.0),),  # the goal is met at once
        roots=(str(root),),
        **kw,
    )


def link_into_library(data: Path, library: Path) -> None:
    target = library / data.name
    target.mkdir(parents=True, exist_ok=True)
    for f in data.iterdir():
        if f.suffix == ".mkv":
            os.link(f, target / f.name)


def cross_seed(api, data: Path, *, category: str) -> str:
    """A second torrent over the same files with another infohash (another piece size), as
    cross-seeding tools add them."""
    torrent = make_torrent(data, piece_length=65536)
    if category not in api.torrents_categories():
        api.torrents_create_category(name=category, save_path=str(data.parent))
    api.torrents_add(
        torrent_files=torrent.data,
        save_path=str(data.parent),
        category=category,
        use_auto_torrent_management=False,
    )
    wait_until(
        lambda: (
            (info := api.torrents_info(torrent_hashes=torrent.info_hash))
            and info[0].progress >= 1.0
            and not info[0].state.startswith("checking")
        ),
        what="the cross-seed checked",
    )
    return torrent.info_hash


def gc_of(qbittorrent, root: Path, notifier, clock, *, history=None, **kw) -> GcWatcher:
    return GcWatcher(
        settings(root, **kw),
        collection_client(qbittorrent),
        history=history or {},
        notifier=notifier,
        clock=clock,
    )


def verdicts(gc: GcWatcher) -> dict[str, str]:
    return {a.facts.hash: a.error or a.verdict.reason for a in gc.last}


# point 1 ------------------------------------------------------------------------------------------
def cross_seeded(qbittorrent, name: str, second_category: str) -> tuple[Any, Path, Path, str, str]:
    """Imported data (hardlinked into the library) seeded by a radarr torrent and a cross-seed of it
    (same files, another infohash) in ``second_category``: (api, root, data, first hash, second hash)."""
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    data = make_data(root / "torrents", name)
    link_into_library(data, root / "library")
    first = seed_torrent(api, data, category="radarr")
    second = cross_seed(api, data, category=second_category)
    assert first != second
    return api, root, data, first, second


async def test_cross_seed_in_another_category_keeps_the_data(qbittorrent, clock, notifier) -> None:
    api, root, data, h_radarr, h_manual = cross_seeded(qbittorrent, "Shared.Film.2020", "manual")
    gc = gc_of(qbittorrent, root, notifier, clock, dry_run=False)
    await gc.run()
    assert {t.hash for t in api.torrents_info()} == {h_radarr, h_manual}
    assert (data / "part0.mkv").is_file()
    assert verdicts(gc)[h_radarr] == "data shared with a torrent that stays"
    api.torrents_recheck(torrent_hashes=h_manual)
    wait_until(
        lambda: (
            (t := api.torrents_info(torrent_hashes=h_manual)[0]).progress >= 1.0
            and not t.state.startswith("checking")
        ),
        what="the cross-seed rechecked complete",
    )


async def test_cross_seeds_that_all_go_are_removed_together(qbittorrent, clock, notifier) -> None:
    """The twin: both torrents over the shared data qualify, so both go, and the data moves once."""
    api, root, data, h_one, h_two = cross_seeded(qbittorrent, "Shared.Both.2020", "radarr")
    gc = gc_of(qbittorrent, root, notifier, clock, dry_run=False)
    await gc.run()
    assert api.torrents_info() == []
    assert not data.exists()
    entries = list((root / ".myflix-recycle").iterdir())
    assert len(entries) == 1
    assert {p.name for p in entries[0].glob("*.torrent")} == {f"{h_one}.torrent", f"{h_two}.torrent"}
    assert (entries[0] / data.name / "part0.mkv").is_file()


# point 2 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("radarr_fails", [True, False], ids=["radarr-500", "radarr-ok"])
async def test_failing_arr_stops_the_pass_for_its_categories(
    qbittorrent, fake_radarr, clock, notifier, radarr_fails: bool
) -> None:
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    linked = make_data(root / "torrents", "Linked.Film.2020")
    link_into_library(linked, root / "library")  # hardlinked: today's rule skips the history lookup
    h = seed_torrent(api, linked, category="radarr")
    if radarr_fails:
        fake_radarr.faults.set(status=500, count=1000)
    radarr = ArrClient(ArrConfig(fake_radarr.url, Secret(fake_radarr.api_key)), "Radarr")
    gc = gc_of(
        qbittorrent, root, notifier, clock, history={"radarr": arr_history_lookup(radarr)}, dry_run=False
    )
    await gc.run()
    notices = [m for m in notifier.sent if "radarr is not answering" in m]
    if radarr_fails:
        assert {t.hash for t in api.torrents_info()} == {h}
        assert (linked / "part0.mkv").is_file()
        assert verdicts(gc)[h].startswith("radarr is failing")
        assert len(notices) == 1
    else:
        assert api.torrents_info() == []
        assert not linked.exists()
        assert notices == []


# point 3 ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("main_file", ["missing", "symlink", "present"])
async def test_missing_main_file_keeps_the_torrent(
    qbittorrent, fake_radarr, clock, notifier, main_file: str
) -> None:
    api = qbittorrent.client()
    root = qbittorrent.download_dir
    data = make_data(root / "torrents", "Imported.Film.2021", files=2)
    h = seed_torrent(api, data, category="radarr")
    movie_id = next(iter(fake_radarr.state.movies))
    fake_radarr.state.add_history(movie_id, event_type="downloadFolderImported", download_id=h.upper())
    main = data / "part0.mkv"
    if main_file != "present":
        kept_copy = root / "elsewhere.mkv"
        os.replace(main, kept_copy)
        if main_file == "symlink":
            main.symlink_to(kept_copy)
    radarr = ArrClient(ArrConfig(fake_radarr.url, Secret(fake_radarr.api_key)), "Radarr")
    gc = gc_of(
        qbittorrent, root, notifier, clock, history={"radarr": arr_history_lookup(radarr)}, dry_run=False
    )
    await gc.run()
    if main_file == "present":  # the twin: imported by history, file there -> removed
        assert api.torrents_info() == []
        assert not data.exists()
    else:
        assert {t.hash for t in api.torrents_info()} == {h}
        assert (data / "extra1.nfo").is_file()
        assert verdicts(gc)[h] == "main file missing, unreadable or not a regular file"


# point 4 ------------------------------------------------------------------------------------------
@contextlib.contextmanager
def as_user(uid: int) -> Iterator[None]:
    """Run the block with effective uid ``uid`` (the GC as an unprivileged service user)."""
    os.seteuid(uid)
    try:
        yield
    finally:
        os.seteuid(0)


@pytest.fixture
def open_root() -> Iterator[Path]:
    """A download root that an unprivileged user can reach (pytest's own temp dirs are 0700)."""
    path = Path(tempfile.mkdtemp(prefix="myflix-gc-"))
    path.chmod(0o755)
    try:
        yield path
    finally:
        import shutil  # noqa: PLC0415

        shutil.rmtree(path, ignore_errors=True)


@pytest.mark.parametrize("writable", [False, True], ids=["root-owned", "writable"])
async def test_dry_run_refuses_what_the_real_pass_refuses(
    qbittorrent, clock, notifier, open_root: Path, writable: bool
) -> None:
    if os.geteuid() != 0:
        pytest.fail("this test drops privileges with seteuid: run it as root", pytrace=False)
    api = qbittorrent.client()
    downloads = open_root / "torrents"
    data = make_data(downloads, "Locked.Film.2020")
    link_into_library(data, open_root / "library")
    for folder in (open_root, downloads, data):
        folder.chmod(0o777 if writable else 0o755)
    h = seed_torrent(api, data, category="radarr")

    dry = gc_of(qbittorrent, open_root, notifier, clock)
    with as_user(NOBODY):
        await dry.run()
    real = gc_of(qbittorrent, open_root, notifier, clock, dry_run=False)
    with as_user(NOBODY):
        await real.run()

    dry_said = [a for a in dry.last if a.verdict.delete]
    real_did = [a for a in real.last if a.removed]
    assert [a.facts.hash for a in dry_said] == [a.facts.hash for a in real_did]
    if writable:
        assert [a.facts.hash for a in dry_said] == [h]
        assert api.torrents_info() == []
        assert not data.exists()
    else:
        assert dry_said == []
        assert "permission denied" in (dry.last[0].error or "")
        assert {t.hash for t in api.torrents_info()} == {h}
        assert (data / "part0.mkv").is_file()
