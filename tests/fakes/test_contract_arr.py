"""Contract tests of the *arr fakes: every route they serve is exercised, and every answer (success and
error) is validated against the project's contract files (tests/contracts/), which carry the status codes of
CONTRACT-NOTES.md."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from myflix_testkit.fakes import contract_files, prowlarr, radarr, sonarr
from myflix_testkit.fakes.contract import (
    ContractRecorder,
    ContractValidator,
    ContractViolation,
    served_routes,
)
from myflix_testkit.fakes.contract_files import ContractFileError, contracts_dir
from myflix_testkit.fakes.server import FakeServer


@contextmanager
def recorded(module: Any, state: Any, spec: str) -> Iterator[tuple[httpx.Client, ContractRecorder, Any]]:
    recorder = ContractRecorder(ContractValidator.named(spec))
    app = module.create_app(state, middlewares=[recorder.middleware])
    with (
        FakeServer(app) as server,
        httpx.Client(
            base_url=f"{server.url}/api/{state.api_version}", headers={"X-Api-Key": state.api_key}, timeout=10
        ) as client,
    ):
        yield client, recorder, app


def call(client: httpx.Client, method: str, path: str, status: int, **kwargs: Any) -> Any:
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, (method, path, response.status_code, response.text[:300])
    return response.json() if response.content else None


def tour_base(client: httpx.Client) -> None:
    root = str(client.base_url).rsplit("/api/", 1)[0]
    assert httpx.get(f"{root}/ping").json() == {"status": "OK"}
    assert httpx.head(f"{root}/ping").status_code == 200
    assert httpx.get(f"{root}/api").status_code == 401
    assert call(client, "GET", f"{root}/api", 200)["current"] in ("v1", "v3")
    call(client, "GET", "system/status", 200)
    assert httpx.get(f"{client.base_url}system/status").status_code == 401


def tour_tags(client: httpx.Client) -> None:
    tag = call(client, "POST", "tag", 201, json={"label": "Myflix"})
    assert tag["label"] == "myflix"
    call(client, "POST", "tag", 400, json={"label": ""})
    assert call(client, "GET", "tag", 200) == [tag]
    call(client, "GET", f"tag/{tag['id']}", 200)
    call(client, "GET", "tag/999", 404)
    call(client, "DELETE", f"tag/{tag['id']}", 200)
    call(client, "DELETE", "tag/999", 404)


def tour_commands(client: httpx.Client, name: str) -> None:
    command = call(client, "POST", "command", 201, json={"name": name})
    call(client, "POST", "command", 400, json={"name": "NoSuchCommand"})
    call(client, "POST", "command", 400, content=b"{not json", headers={"Content-Type": "application/json"})
    assert call(client, "GET", "command", 200)[0]["name"] == name
    call(client, "GET", f"command/{command['id']}", 200)
    call(client, "GET", "command/999", 404)


def tour_media_config(client: httpx.Client, flavour: str) -> None:
    folder = call(client, "POST", "rootfolder", 201, json={"path": "/data/media/extra"})
    call(client, "POST", "rootfolder", 400, json={"path": "/data/media/extra"})
    call(client, "POST", "rootfolder", 400, json={"path": "relative"})
    call(client, "GET", "rootfolder", 200)
    call(client, "GET", f"rootfolder/{folder['id']}", 200)
    call(client, "GET", "rootfolder/999", 404)
    call(client, "DELETE", f"rootfolder/{folder['id']}", 200)
    call(client, "DELETE", "rootfolder/999", 404)
    call(client, "GET", "qualityprofile", 200)
    call(client, "GET", "diskspace", 200)
    schema = call(client, "GET", "downloadclient/schema", 200)[0]
    schema["name"] = "qBittorrent"
    for item in schema["fields"]:
        if item["name"] == "password":
            item["value"] = "secret"
    dc = call(client, "POST", "downloadclient", 201, json=schema)
    call(client, "POST", "downloadclient", 400, json=schema)
    call(client, "GET", "downloadclient", 200)
    call(client, "GET", f"downloadclient/{dc['id']}", 200)
    call(client, "GET", "downloadclient/999", 404)
    dc["enable"] = False
    call(client, "PUT", f"downloadclient/{dc['id']}", 202, json=dc)
    call(client, "PUT", "downloadclient/999", 404, json=dc)
    call(client, "DELETE", f"downloadclient/{dc['id']}", 200)
    call(client, "DELETE", "downloadclient/999", 404)
    assert flavour in schema["infoLink"]


def assert_covered(recorder: ContractRecorder, app: Any) -> None:
    assert recorder.violations == []
    missing = served_routes(app) - recorder.seen
    assert not missing, f"routes served but never exercised: {sorted(missing)}"


def test_radarr_contract() -> None:
    state = radarr.RadarrState()
    with recorded(radarr, state, "radarr-v3") as (client, recorder, app):
        tour_base(client)
        tour_tags(client)
        tour_commands(client, "MoviesSearch")
        tour_media_config(client, "radarr")
        movies = call(client, "GET", "movie", 200)
        assert call(client, "GET", "movie", 200, params={"tmdbId": 438631})[0]["title"] == "Dune"
        call(client, "GET", f"movie/{movies[0]['id']}", 200)
        call(client, "GET", "movie/999", 404)
        found = call(client, "GET", "movie/lookup", 200, params={"term": "blade runner"})
        call(client, "GET", "movie/lookup", 200, params={"term": "tmdb:603"})
        call(client, "GET", "movie/lookup", 200, params={"term": "imdb:tt0087182"})
        call(client, "GET", "movie/lookup/tmdb", 200, params={"tmdbId": 841})
        call(client, "GET", "movie/lookup/tmdb", 404, params={"tmdbId": 1})
        call(client, "GET", "movie/lookup/imdb", 200, params={"imdbId": "tt0087182"})
        call(client, "GET", "movie/lookup/imdb", 404, params={"imdbId": "tt0000001"})
        new = dict(found[0], qualityProfileId=1, rootFolderPath="/data/media/movies", monitored=True)
        new["addOptions"] = {"searchForMovie": True, "monitor": "movieOnly"}
        added = call(client, "POST", "movie", 201, json=new)
        call(client, "POST", "movie", 400, json=new)
        call(client, "POST", "movie", 400, json={"title": "x"})
        added["monitored"] = False
        call(client, "PUT", f"movie/{added['id']}", 202, json=added)
        call(client, "PUT", "movie", 202, json=added)
        call(client, "PUT", "movie/999", 404, json=added)
        call(client, "PUT", f"movie/{added['id']}", 400, json=dict(added, path=""))
        call(client, "DELETE", f"movie/{added['id']}", 200)
        call(client, "DELETE", "movie/999", 404)
        queued = state.add_queue_item(movies[0]["id"])
        blocked = state.add_queue_item(
            movies[0]["id"],
            title="Dune.2021.SAMPLE-FAKE",
            status="completed",
            tracked_state="importBlocked",
            tracked_status="warning",
            status_messages=[{"title": "Dune.2021.SAMPLE-FAKE", "messages": ["No files found are eligible"]}],
        )
        state.add_history(movies[0]["id"], event_type="grabbed")
        state.add_history(movies[0]["id"], event_type="downloadFolderImported")
        page = call(client, "GET", "queue", 200, params={"includeMovie": "true"})
        listed = {r["id"]: r for r in page["records"]}
        assert listed[blocked["id"]]["trackedDownloadState"] == "importBlocked"
        assert listed[blocked["id"]]["statusMessages"][0]["messages"] == ["No files found are eligible"]
        # the malware guard's runtime: the embedded movie's minutes, a contract field
        assert listed[queued["id"]]["movie"]["runtime"] == movies[0]["runtime"] > 0
        call(client, "DELETE", f"queue/{queued['id']}", 200)
        call(
            client,
            "DELETE",
            f"queue/{blocked['id']}",
            200,
            params={"removeFromClient": "true", "blocklist": "true", "skipRedownload": "true"},
        )
        assert state.queue_removals[-1] == {
            "id": blocked["id"],
            "removeFromClient": True,
            "blocklist": True,
            "skipRedownload": True,
        }
        call(client, "DELETE", "queue/999", 404)
        blocklist = call(client, "GET", "blocklist", 200, params={"movieIds": movies[0]["id"]})
        assert [b["sourceTitle"] for b in blocklist["records"]] == ["Dune.2021.SAMPLE-FAKE"]
        assert call(client, "GET", "blocklist", 200, params={"movieIds": 999})["totalRecords"] == 0
        search = call(
            client, "POST", "command", 201, json={"name": "MoviesSearch", "movieIds": [movies[0]["id"]]}
        )
        assert state.commands[search["id"]]["body"]["movieIds"] == [movies[0]["id"]]
        call(client, "GET", "history", 200, params={"includeMovie": "true", "pageSize": 1})
        call(client, "GET", "history/movie", 200, params={"movieId": movies[0]["id"]})
    assert_covered(recorder, app)


def test_sonarr_contract() -> None:
    state = sonarr.SonarrState()
    with recorded(sonarr, state, "sonarr-v3") as (client, recorder, app):
        tour_base(client)
        tour_tags(client)
        tour_commands(client, "SeriesSearch")
        tour_media_config(client, "sonarr")
        series = call(client, "GET", "series", 200)
        assert call(client, "GET", "series", 200, params={"tvdbId": 73244})[0]["year"] == 2005
        call(client, "GET", f"series/{series[0]['id']}", 200)
        call(client, "GET", "series/999", 404)
        found = call(client, "GET", "series/lookup", 200, params={"term": "sherlock"})
        call(client, "GET", "series/lookup", 200, params={"term": "tvdb:78107"})
        new = dict(found[0], qualityProfileId=1, rootFolderPath="/data/media/tv", monitored=True)
        new["addOptions"] = {"monitor": "all", "searchForMissingEpisodes": True}
        added = call(client, "POST", "series", 201, json=new)
        call(client, "POST", "series", 400, json=new)
        call(client, "POST", "series", 400, json={"title": "x"})
        call(client, "PUT", f"series/{added['id']}", 202, json=dict(added, monitored=False))
        call(client, "PUT", "series", 202, json=added)
        call(client, "PUT", "series/999", 404, json=added)
        call(client, "DELETE", f"series/{added['id']}", 200)
        call(client, "DELETE", "series/999", 404)
        queued = state.add_queue_item(series[0]["id"], season_number=3)
        failed = state.add_queue_item(
            series[0]["id"],
            season_number=2,
            status="failed",
            tracked_state="failed",
            tracked_status="error",
            status_messages=[{"title": "ep.mkv", "messages": ["Not a valid video file"]}],
            error_message="Import failed",
        )
        state.add_history(series[0]["id"])
        page = call(client, "GET", "queue", 200, params={"includeSeries": "true"})
        assert {r["trackedDownloadStatus"] for r in page["records"]} == {"ok", "error"}
        # the malware guard's runtime: the embedded series' (one episode's minutes), a contract field
        assert {r["series"]["runtime"] for r in page["records"]} == {series[0]["runtime"]} != {0}
        call(client, "DELETE", f"queue/{queued['id']}", 200)
        call(client, "DELETE", f"queue/{failed['id']}", 200, params={"blocklist": "true"})
        assert state.queue_removals[-1]["removeFromClient"] is True  # the servers' default
        call(client, "DELETE", "queue/999", 404)
        blocklist = call(client, "GET", "blocklist", 200, params={"seriesIds": series[0]["id"]})
        assert blocklist["records"][0]["episodeIds"] == [failed["episodeId"]]
        search = call(
            client,
            "POST",
            "command",
            201,
            json={"name": "EpisodeSearch", "episodeIds": [failed["episodeId"]]},
        )
        assert state.commands[search["id"]]["body"]["episodeIds"] == [failed["episodeId"]]
        call(client, "GET", "history", 200, params={"includeSeries": "true"})
        call(client, "GET", "history/series", 200, params={"seriesId": series[0]["id"]})
        episodes = call(
            client, "GET", "episode", 200, params={"seriesId": series[0]["id"], "includeEpisodeFile": "true"}
        )
        assert any(e["hasFile"] and e["episodeFile"]["path"] for e in episodes)
        call(client, "GET", "episode", 404, params={"seriesId": 999})
        files = call(client, "GET", "episodefile", 200, params={"seriesId": series[0]["id"]})
        call(client, "GET", "episodefile", 200, params={"episodeFileIds": files[0]["id"]})
        call(client, "GET", "episodefile", 404, params={"seriesId": 999})
        call(client, "GET", "episodefile", 400)
    assert_covered(recorder, app)


def test_prowlarr_contract() -> None:
    state = prowlarr.ProwlarrState()
    state.test_on_save = False
    state.add_indexer("Fake Tracker")
    with recorded(prowlarr, state, "prowlarr-v1") as (client, recorder, app):
        tour_base(client)
        tour_tags(client)
        tour_commands(client, "ApplicationIndexerSync")
        call(client, "GET", "indexer", 200)
        call(client, "GET", "appprofile", 200)
        schema = {s["implementation"]: s for s in call(client, "GET", "applications/schema", 200)}
        body = dict(schema["Radarr"], name="Radarr")
        for item in body["fields"]:
            if item["name"] == "apiKey":
                item["value"] = "radarr-key"
        app_res = call(client, "POST", "applications", 201, json=body)
        call(client, "POST", "applications", 400, json=body)
        call(client, "GET", "applications", 200)
        call(client, "GET", f"applications/{app_res['id']}", 200)
        call(client, "GET", "applications/999", 404)
        call(client, "PUT", f"applications/{app_res['id']}", 202, json=dict(app_res, syncLevel="addOnly"))
        call(client, "PUT", "applications/999", 404, json=app_res)
        call(client, "DELETE", f"applications/{app_res['id']}", 200)
        call(client, "DELETE", "applications/999", 404)
    assert_covered(recorder, app)


# ---- the validator itself must catch drift, or the tests above prove nothing ----


def movie_body() -> bytes:
    state = radarr.RadarrState()
    return json.dumps(state.movie_resource(1)).encode()


def test_validator_accepts_a_real_shape_and_rejects_drift() -> None:
    validator = ContractValidator.named("radarr-v3")
    validator.check("GET", "/api/v3/movie/1", 200, movie_body())
    drifted = json.loads(movie_body())
    drifted["hasFiles"] = True  # a misspelt property
    with pytest.raises(ContractViolation, match="hasFiles"):
        validator.check("GET", "/api/v3/movie/1", 200, json.dumps(drifted).encode())
    drifted = json.loads(movie_body())
    drifted["status"] = "available"  # not in MovieStatusType
    with pytest.raises(ContractViolation, match="status"):
        validator.check("GET", "/api/v3/movie/1", 200, json.dumps(drifted).encode())
    drifted = json.loads(movie_body())
    drifted["title"] = None  # nullable: fine
    validator.check("GET", "/api/v3/movie/1", 200, json.dumps(drifted).encode())
    drifted["year"] = None  # not nullable
    with pytest.raises(ContractViolation, match="year"):
        validator.check("GET", "/api/v3/movie/1", 200, json.dumps(drifted).encode())


def test_validator_enforces_contract_notes_status_codes() -> None:
    validator = ContractValidator.named("radarr-v3")
    with pytest.raises(ContractViolation, match="not 201"):
        validator.check("GET", "/api/v3/movie/1", 201, movie_body())
    with pytest.raises(ContractViolation, match="not 202"):
        validator.check("POST", "/api/v3/movie", 202, movie_body())
    with pytest.raises(ContractViolation, match="empty body"):
        validator.check("GET", "/api/v3/movie", 401, b'{"error": "no"}')
    with pytest.raises(ContractViolation, match="schema error"):
        validator.check("POST", "/api/v3/movie", 400, b'{"message": "not an array"}')
    with pytest.raises(ContractViolation, match="not a path"):
        validator.check("GET", "/api/v3/moviez", 200, b"[]")
    with pytest.raises(ContractViolation, match="not an operation"):
        validator.check("PATCH", "/api/v3/movie/1", 200, b"{}")
    with pytest.raises(ContractViolation, match="no body"):
        validator.check("DELETE", "/api/v3/movie/1", 200, b"{}")
    with pytest.raises(ContractViolation, match="not one the"):
        validator.check("GET", "/api/v3/movie", 418, b"")


def test_contract_files_are_in_the_repository_and_a_missing_one_fails_loudly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    assert contracts_dir() == Path(__file__).resolve().parents[1] / "contracts"
    monkeypatch.setattr(contract_files, "contracts_dir", lambda: tmp_path)
    with pytest.raises(ContractFileError, match="missing"):
        contract_files.load("no-such-api")
    (tmp_path / "typo.json").write_text('{"routes": {"GET /x": {"answer": "Nothing"}}}')
    with pytest.raises(ContractFileError, match="undefined type"):
        contract_files.load("typo")


def test_request_query_is_checked_against_the_contract() -> None:
    validator = ContractValidator.named("radarr-v3")
    validator.check_request("GET", "/api/v3/movie/lookup/tmdb", {"tmdbId": "841"})
    validator.check_request("GET", "/api/v3/movie", {"tmdbId": "841", "unknownIsIgnored": "x"})
    with pytest.raises(ContractViolation, match="not an integer"):
        validator.check_request("GET", "/api/v3/movie/lookup/tmdb", {"tmdbId": "dune"})
    with pytest.raises(ContractViolation, match="not a boolean"):
        validator.check_request("GET", "/api/v3/queue", {"includeMovie": "yes"})
