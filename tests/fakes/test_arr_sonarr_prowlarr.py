"""Behaviour of the Sonarr and Prowlarr fakes, driven through httpx and pyarr."""

from __future__ import annotations

import pytest
from myflix_testkit.fakes.arr_common import MASK, ArrFake
from myflix_testkit.fakes.server import unreachable_url
from pyarr import Prowlarr, Sonarr
from pyarr.exceptions import PyarrBadRequest


def test_series_lookup_homonyms_and_ids(fake_sonarr: ArrFake) -> None:
    with fake_sonarr.client() as client:
        office = client.get("series/lookup", params={"term": "the office"}).json()
        by_tvdb = client.get("series/lookup", params={"term": "tvdb:78107"}).json()
        french = client.get("series/lookup", params={"term": "le trone de fer"}).json()
        unknown = client.get("series/lookup", params={"term": "tvdb:1"}).json()
    assert [(s["title"], s["year"], s["network"]) for s in office] == [
        ("The Office", 2005, "NBC"),
        ("The Office", 2001, "BBC Two"),
    ]
    assert office[0]["id"] == fake_sonarr.state.find_series(73244)["id"]  # in the library
    assert "id" not in office[1]
    assert [s["tvdbId"] for s in by_tvdb] == [78107]
    assert french[0]["title"] == "Game of Thrones"
    assert unknown == []


def test_episode_file_counts_come_from_the_catalog_and_the_state(fake_sonarr: ArrFake) -> None:
    state = fake_sonarr.state
    office = state.find_series(73244)["id"]
    with fake_sonarr.client() as client:
        before = client.get(f"series/{office}").json()
        state.set_episode_files(office, 4, 19)
        after = client.get(f"series/{office}").json()
    seasons = {s["seasonNumber"]: s["statistics"] for s in before["seasons"]}
    assert [seasons[n]["episodeFileCount"] for n in (1, 3, 4)] == [6, 10, 0]
    assert before["statistics"]["episodeFileCount"] == 38
    assert before["statistics"]["totalEpisodeCount"] == 201
    assert after["statistics"]["episodeFileCount"] == 57
    assert {s["seasonNumber"]: s["statistics"]["percentOfEpisodes"] for s in after["seasons"]}[4] == 100.0
    with pytest.raises(ValueError, match="has 19 episodes"):
        state.set_episode_files(office, 4, 20)


def test_episode_files_are_the_episodes_on_disk_named_as_sonarr_names_them(fake_sonarr: ArrFake) -> None:
    state = fake_sonarr.state
    office = state.find_series(73244)["id"]
    state.set_episode_files(office, 4, 2)
    with fake_sonarr.client() as client:
        files = client.get("episodefile", params={"seriesId": office}).json()
        episodes = client.get("episode", params={"seriesId": office, "seasonNumber": 4}).json()
        some = client.get("episodefile", params={"episodeFileIds": files[0]["id"]}).json()
        missing = client.get("episodefile")
    series_path = state.series_resource(office)["path"]
    season_four = [f for f in files if f["seasonNumber"] == 4]
    assert len(files) == 38 + 2
    assert [f["relativePath"] for f in season_four] == [
        "Season 04/The Office - S04E01 - Episode 1 WEBDL-1080p.mkv",
        "Season 04/The Office - S04E02 - Episode 2 WEBDL-1080p.mkv",
    ]
    assert season_four[0]["path"] == f"{series_path}/{season_four[0]['relativePath']}"
    assert [(e["episodeNumber"], e["hasFile"]) for e in episodes[:3]] == [(1, True), (2, True), (3, False)]
    assert episodes[1]["episodeFileId"] == season_four[1]["id"]
    assert episodes[2]["episodeFileId"] == 0
    assert some == [files[0]]
    assert missing.status_code == 400


def test_add_series_duplicate_and_search_command(fake_sonarr: ArrFake) -> None:
    with fake_sonarr.client() as client:
        sherlock = client.get("series/lookup", params={"term": "sherlock"}).json()[0]
        body = dict(sherlock, qualityProfileId=1, rootFolderPath="/data/media/tv")
        body["addOptions"] = {"monitor": "all", "searchForMissingEpisodes": True}
        first = client.post("series", json=body)
        again = client.post("series", json=body)
    assert first.status_code == 201
    assert first.json()["path"] == "/data/media/tv/Sherlock (2010)"
    assert again.status_code == 400
    assert (again.json()[0]["errorMessage"], again.json()[0]["errorCode"]) == (
        "This series has already been added",
        "SeriesExistsValidator",
    )
    searches = fake_sonarr.state.commands_named("MissingEpisodeSearch")
    assert searches[0]["body"]["seriesId"] == first.json()["id"]


def test_sonarr_driven_through_pyarr(fake_sonarr: ArrFake) -> None:
    with Sonarr(fake_sonarr.url, fake_sonarr.api_key, tls=False) as sonarr:
        found = sonarr.series.lookup("lupin")
        assert found[0]["originalLanguage"]["name"] == "French"
        added = sonarr.series.add(found[0], 1, 1, "/data/media/tv", search_for_missing_episodes=False)
        added["monitored"] = False
        assert sonarr.series.update(added)["monitored"] is False
        with pytest.raises(PyarrBadRequest, match="already been added"):
            sonarr.series.add(found[0], 1, 1, "/data/media/tv")
        assert sonarr.root_folder.add("/data/media/anime")["path"] == "/data/media/anime"
        assert sonarr.command.execute("SeriesSearch", seriesId=added["id"])["name"] == "SeriesSearch"
        assert len(sonarr.series.get()) == 3
    assert fake_sonarr.state.commands_named("SeriesSearch")[0]["body"]["seriesId"] == added["id"]


def radarr_application(fake_radarr: ArrFake, api_key: str, base_url: str | None = None) -> dict:
    fields = {
        "prowlarrUrl": "http://prowlarr:9696",
        "baseUrl": base_url or fake_radarr.url,
        "apiKey": api_key,
    }
    return {
        "name": "Radarr",
        "implementation": "Radarr",
        "configContract": "RadarrSettings",
        "syncLevel": "fullSync",
        "tags": [],
        "fields": [{"name": k, "value": v} for k, v in fields.items()],
    }


def test_application_is_tested_on_save_like_the_real_prowlarr(
    fake_prowlarr: ArrFake, fake_radarr: ArrFake
) -> None:
    with fake_prowlarr.client() as client:
        wrong_key = client.post("applications", json=radarr_application(fake_radarr, "nope"))
        down = client.post("applications", json=radarr_application(fake_radarr, "k", unreachable_url()))
        remote = client.post("applications", json=radarr_application(fake_radarr, "k", "http://radarr:7878"))
        forced = client.post(
            "applications",
            params={"forceSave": "true"},
            json=radarr_application(fake_radarr, "k", "http://radarr:7878"),
        )
        good = client.post(
            "applications", json=dict(radarr_application(fake_radarr, fake_radarr.api_key), name="Radarr 2")
        )
    assert (wrong_key.status_code, wrong_key.json()[0]["propertyName"]) == (400, "ApiKey")
    assert (down.status_code, down.json()[0]["propertyName"]) == (400, "BaseUrl")
    assert remote.status_code == 400  # never contacted: not loopback
    assert forced.status_code == 201
    assert good.status_code == 201
    shown = {f["name"]: f["value"] for f in good.json()["fields"]}
    assert shown["apiKey"] == MASK
    stored = fake_prowlarr.state.application_fields(good.json()["id"])
    assert stored["apiKey"] == fake_radarr.api_key
    assert all("radarr:7878" not in u for u in fake_prowlarr.state.tested_urls)


def test_prowlarr_driven_through_pyarr(fake_prowlarr: ArrFake, fake_sonarr: ArrFake) -> None:
    with Prowlarr(fake_prowlarr.url, fake_prowlarr.api_key, tls=False) as prowlarr:
        assert prowlarr.system.get_status()["appName"] == "Prowlarr"
        body = radarr_application(fake_sonarr, fake_sonarr.api_key)
        body.update(name="Sonarr", implementation="Sonarr", configContract="SonarrSettings")
        created = prowlarr.applications.add(body)
        created["syncLevel"] = "addOnly"
        updated = prowlarr.applications.update(created["id"], created)  # apiKey sent back masked
        assert updated["syncLevel"] == "addOnly"
        assert [a["name"] for a in prowlarr.applications.get()] == ["Sonarr"]
        assert prowlarr.indexer.get() == []
        prowlarr.applications.delete(created["id"])
        assert prowlarr.applications.get() == []
    assert fake_prowlarr.state.tested_urls == [f"{fake_sonarr.url}/api/v3/system/status"] * 2
