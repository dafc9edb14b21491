"""The shared clients' calls the pipeline watchers use, against the *arr fakes (every exchange checked
against the contract files) and the real qbittorrent-nox: the *arr queue with its tracked state and
messages, removal with blocklisting, the blocklist, a new search; qBittorrent's tags and file lists."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from ansible_collections.myflix.media.plugins.module_utils.arr import ArrClient, ArrError
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentError
from myflix_bot.config import ArrConfig
from myflix_bot.secrets import Secret
from myflix_bot.sources.arr import ArrClient as BotArrClient
from myflix_bot.sources.arr import SourceError
from myflix_testkit.fakes import radarr, sonarr
from myflix_testkit.fakes.contract import ContractRecorder, ContractValidator
from myflix_testkit.fakes.server import FakeServer

from .conftest import collection_client, make_data, seed_torrent


def recorded(module: Any, state: Any, spec: str) -> Iterator[tuple[FakeServer, ContractRecorder]]:
    recorder = ContractRecorder(ContractValidator.named(spec))
    with FakeServer(module.create_app(state, middlewares=[recorder.middleware])) as server:
        yield server, recorder


@pytest.fixture
def radarr_fake() -> Iterator[tuple[FakeServer, radarr.RadarrState, ContractRecorder]]:
    state = radarr.RadarrState()
    for server, recorder in recorded(radarr, state, "radarr-v3"):
        yield server, state, recorder


def test_radarr_queue_removal_blocklist_and_search(radarr_fake) -> None:
    server, state, recorder = radarr_fake
    movie = next(iter(state.movies))
    for n in range(25):  # more than one page of 10
        state.add_queue_item(movie, title=f"Film.{n}.1080p-FAKE")
    stuck = state.add_queue_item(
        movie,
        title="Film.Stuck.1080p-FAKE",
        tracked_state="importBlocked",
        tracked_status="warning",
        status_messages=[{"title": "x", "messages": ["No files found are eligible for import"]}],
    )
    client = ArrClient(server.url, state.api_key, app="radarr")
    records = client.all_records("queue", page_size=10)
    assert len(records) == 26
    mine = next(r for r in records if r["id"] == stuck["id"])
    assert mine["trackedDownloadState"] == "importBlocked"
    assert mine["statusMessages"][0]["messages"] == ["No files found are eligible for import"]

    client.remove_queue_item(stuck["id"], remove_from_client=True, blocklist=True)
    assert state.queue_removals == [
        {"id": stuck["id"], "removeFromClient": True, "blocklist": True, "skipRedownload": True}
    ]
    assert [b["sourceTitle"] for b in client.blocklist()] == ["Film.Stuck.1080p-FAKE"]
    command = client.search_for(mine)
    assert command is not None
    assert command["name"] == "MoviesSearch"
    assert state.commands_named("MoviesSearch")[0]["body"]["movieIds"] == [movie]
    assert client.search_for({"id": 1}) is None  # a record that names no movie starts nothing
    with pytest.raises(ArrError, match="404"):
        client.remove_queue_item(stuck["id"], remove_from_client=True, blocklist=True)
    assert recorder.violations == []


def test_sonarr_search_is_for_the_episode() -> None:
    state = sonarr.SonarrState()
    for server, recorder in recorded(sonarr, state, "sonarr-v3"):
        series = next(iter(state.series))
        record = state.add_queue_item(series, season_number=2, tracked_state="failed", tracked_status="error")
        client = ArrClient(server.url, state.api_key, app="sonarr")
        [listed] = client.queue()
        assert listed["trackedDownloadStatus"] == "error"
        client.search_for(listed)
        assert state.commands_named("EpisodeSearch")[0]["body"]["episodeIds"] == [record["episodeId"]]
        assert recorder.violations == []


def test_the_bots_wrapper_runs_the_shared_client_and_names_failures(radarr_fake) -> None:
    server, state, _ = radarr_fake
    movie = next(iter(state.movies))
    state.add_queue_item(movie, title="Film.A-FAKE")
    wrapper = BotArrClient(ArrConfig(url=server.url, api_key=Secret(state.api_key)), "Radarr")
    records = asyncio.run(wrapper.run(lambda c: c.queue()))
    assert [r["title"] for r in records] == ["Film.A-FAKE"]
    with pytest.raises(SourceError, match=r"^Radarr: .*404"):
        asyncio.run(wrapper.run(lambda c: c.remove_queue_item(999, remove_from_client=True, blocklist=True)))
    server.faults.set(malformed_json=True)
    with pytest.raises(SourceError, match=r"^Radarr: "):
        asyncio.run(wrapper.run(lambda c: c.queue()))
    server.faults.set(malformed_json=False, status=500)
    with pytest.raises(SourceError, match=r"^Radarr: .*500"):
        asyncio.run(wrapper.run(lambda c: c.queue()))


def test_qbittorrent_tags_and_files(qbittorrent, tmp_path) -> None:
    api = qbittorrent.client()
    data = make_data(tmp_path, "Tagged", files=2)
    h = seed_torrent(api, data)
    client = collection_client(qbittorrent)
    assert sorted(f["name"] for f in client.files(h)) == ["Tagged/extra1.nfo", "Tagged/part0.mkv"]
    client.add_tags([h], ["myflix:stalled", "myflix:noHL"])
    assert set(client.torrents(hashes=[h])[0]["tags"].split(", ")) == {"myflix:stalled", "myflix:noHL"}
    assert [t["hash"] for t in client.torrents(tag="myflix:stalled")] == [h]
    client.remove_tags([h], ["myflix:stalled"])
    assert client.torrents(hashes=[h])[0]["tags"] == "myflix:noHL"
    with pytest.raises(QBittorrentError, match="404"):  # an unknown hash
        client.files("0" * 40)
