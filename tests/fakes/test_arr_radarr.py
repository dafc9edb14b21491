"""Behaviour of the Radarr fake: auth, lookups, library, activity; driven through httpx and pyarr."""

from __future__ import annotations

import httpx
import pytest
from myflix_testkit.fakes.arr_common import MASK, ArrFake
from myflix_testkit.fakes.catalog import CatalogItem
from pyarr import Radarr
from pyarr.exceptions import PyarrBadRequest, PyarrResourceNotFound, PyarrUnauthorizedError


def titles(results: list[dict]) -> list[tuple[str, int]]:
    return [(m["title"], m["year"]) for m in results]


# ---- auth and status ----


@pytest.mark.parametrize(
    ("params", "headers", "status"),
    [
        ({}, {}, 401),
        ({}, {"X-Api-Key": "wrong"}, 401),
        ({}, {"X-Api-Key": "KEY"}, 200),
        ({"apikey": "KEY"}, {}, 200),
        ({}, {"Authorization": "Bearer KEY"}, 200),
        ({"apikey": "wrong"}, {"X-Api-Key": "KEY"}, 401),  # the query is read first
        ({"apikey": "KEY"}, {"X-Api-Key": "wrong"}, 200),
    ],
)
def test_api_key_sources_and_precedence(
    fake_radarr: ArrFake, params: dict, headers: dict, status: int
) -> None:
    params = {k: v.replace("KEY", fake_radarr.api_key) for k, v in params.items()}
    headers = {k: v.replace("KEY", fake_radarr.api_key) for k, v in headers.items()}
    response = httpx.get(f"{fake_radarr.url}/api/v3/system/status", params=params, headers=headers)
    assert response.status_code == status
    assert response.headers["X-Application-Version"] == fake_radarr.state.version
    if status == 401:
        assert response.content == b""
        assert fake_radarr.state.rejected == 1
    else:
        assert response.json()["appName"] == "Radarr"


def test_ping_needs_no_key_and_answers_head(fake_radarr: ArrFake) -> None:
    assert httpx.get(f"{fake_radarr.url}/ping").json() == {"status": "OK"}
    head = httpx.head(f"{fake_radarr.url}/ping")
    assert head.status_code == 200
    assert head.content == b""
    assert "X-Application-Version" not in head.headers  # only /api answers carry it


# ---- lookups ----


def test_text_lookup_is_token_based_popular_first_and_marks_library_items(fake_radarr: ArrFake) -> None:
    with fake_radarr.client() as client:
        results = client.get("movie/lookup", params={"term": "DUNE"}).json()
    assert titles(results) == [
        ("Dune: Part Two", 2024),
        ("Dune", 2021),
        ("Dune", 1984),
        ("Dune: Part Three", 2027),
    ]
    library = {m["year"]: m.get("id") for m in results if m["title"] == "Dune"}
    assert library[2021] == fake_radarr.state.find_movie(438631)["id"]
    assert library[1984] is None
    assert "path" not in results[0]


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("amelie", ("Amélie", 2001)),
        ("Le fabuleux destin d'amélie", ("Amélie", 2001)),
        ("intouchables", ("The Intouchables", 2011)),
        ("the intouchables", ("The Intouchables", 2011)),
        ("le voyage de chihiro", ("Spirited Away", 2001)),
        ("dune 1984", ("Dune", 1984)),
        ("matr", ("The Matrix", 1999)),
        ("le roi lion", ("The Lion King", 1994)),
    ],
)
def test_text_lookup_matches_accents_french_titles_prefixes_and_years(
    fake_radarr: ArrFake, term: str, expected: tuple[str, int]
) -> None:
    with fake_radarr.client() as client:
        results = client.get("movie/lookup", params={"term": term}).json()
    assert titles(results)[0] == expected


def test_text_lookup_is_not_exact_match_and_is_bounded(fake_radarr: ArrFake) -> None:
    for n in range(30):
        fake_radarr.state.catalog.add(
            CatalogItem(type="movie", tmdbId=7_000_000 + n, title=f"Star Quest {n}", year=2000, popularity=n)
        )
    with fake_radarr.client() as client:
        results = client.get("movie/lookup", params={"term": "star"}).json()
        nothing = client.get("movie/lookup", params={"term": "zzqx"}).json()
    assert len(results) == 20
    assert results[0]["title"] == "Star Wars"  # 85.4 beats every Star Quest
    assert [m["popularity"] for m in results] == sorted((m["popularity"] for m in results), reverse=True)
    assert nothing == []


def test_id_lookups(fake_radarr: ArrFake) -> None:
    with fake_radarr.client() as client:
        assert titles(client.get("movie/lookup", params={"term": "tmdb:841"}).json()) == [("Dune", 1984)]
        assert titles(client.get("movie/lookup", params={"term": "imdb:tt0211915"}).json()) == [
            ("Amélie", 2001)
        ]
        assert client.get("movie/lookup", params={"term": "tmdb:1"}).json() == []
        by_tmdb = client.get("movie/lookup/tmdb", params={"tmdbId": 77338}).json()
        assert by_tmdb["originalTitle"] == "Intouchables"
        assert by_tmdb["id"] == fake_radarr.state.find_movie(77338)["id"]
        missing = client.get("movie/lookup/tmdb", params={"tmdbId": 1})
    assert missing.status_code == 404
    assert "was not found" in missing.json()["message"]


# ---- library ----


def test_add_duplicate_and_validation_errors(fake_radarr: ArrFake) -> None:
    with fake_radarr.client() as client:
        movie = client.get("movie/lookup/tmdb", params={"tmdbId": 841}).json()
        body = dict(movie, qualityProfileId=4, rootFolderPath="/data/media/movies", monitored=True)
        body["addOptions"] = {"searchForMovie": True}
        first = client.post("movie", json=body)
        again = client.post("movie", json=body)
        bad = client.post("movie", json={"tmdbId": 348, "qualityProfileId": 0})
        unknown_root = client.post("movie", json=dict(body, tmdbId=603, rootFolderPath="/nope"))
    assert first.status_code == 201
    added = first.json()
    assert first.headers["Location"].endswith(f"/api/v3/movie/{added['id']}")
    assert added["path"] == "/data/media/movies/Dune (1984)"
    assert added["qualityProfileId"] == 4
    assert added["hasFile"] is False
    assert again.status_code == 400
    assert again.json()[0] | {"formattedMessagePlaceholderValues": None} == {
        "propertyName": "TmdbId",
        "errorMessage": "This movie has already been added",
        "attemptedValue": 841,
        "severity": "error",
        "errorCode": "MovieExistsValidator",
        "formattedMessagePlaceholderValues": None,
    }
    assert bad.status_code == 400
    assert {f["propertyName"] for f in bad.json()} == {"Path", "RootFolderPath", "QualityProfileId"}
    assert unknown_root.status_code == 400
    assert unknown_root.json()[0]["errorCode"] == "RootFolderExistsValidator"
    searches = fake_radarr.state.commands_named("MoviesSearch")
    assert [c["body"]["movieIds"] for c in searches] == [[added["id"]]]


def test_update_is_202_and_delete_removes(fake_radarr: ArrFake) -> None:
    movie_id = fake_radarr.state.find_movie(603)["id"]
    with fake_radarr.client() as client:
        movie = client.get(f"movie/{movie_id}").json()
        movie.update(monitored=False, qualityProfileId=2, tags=[3, 1])
        updated = client.put(f"movie/{movie_id}", json=movie)
        assert updated.status_code == 202
        assert (updated.json()["monitored"], updated.json()["tags"]) == (False, [1, 3])
        deleted = client.delete(f"movie/{movie_id}", params={"deleteFiles": "true"})
        assert deleted.status_code == 200
        assert deleted.content == b""
        assert client.get(f"movie/{movie_id}").status_code == 404
        assert client.delete(f"movie/{movie_id}").status_code == 404
    assert fake_radarr.state.deletions == [{"id": movie_id, "deleteFiles": True, "addImportExclusion": False}]


def test_has_file_is_seeded_and_controlled_from_the_state(fake_radarr: ArrFake) -> None:
    state = fake_radarr.state
    intouchables = state.find_movie(77338)["id"]
    with fake_radarr.client() as client:
        before = client.get(f"movie/{intouchables}").json()
        state.set_has_file(intouchables, True, size=1234)
        after = client.get(f"movie/{intouchables}").json()
    assert (before["hasFile"], after["hasFile"]) == (False, True)
    assert after["movieFile"]["size"] == after["sizeOnDisk"] == 1234
    assert after["statistics"]["movieFileCount"] == 1


def test_queue_is_paged_and_history_filters(fake_radarr: ArrFake) -> None:
    state = fake_radarr.state
    dune = state.find_movie(438631)["id"]
    for n in range(12):
        state.add_queue_item(dune, title=f"Dune.2021.part{n:02d}", sizeleft=n)
    state.add_history(dune, event_type="grabbed", download_id="ABC")
    state.add_history(dune, event_type="downloadFolderImported", download_id="ABC")
    with fake_radarr.client() as client:
        first = client.get("queue", params={"page": 1, "pageSize": 5, "sortKey": "title"}).json()
        last = client.get("queue", params={"page": 3, "pageSize": 5, "sortKey": "title"}).json()
        imported = client.get("history", params={"eventType": 3}).json()
        everything = client.get("history", params={"includeMovie": "true"}).json()
    assert (first["totalRecords"], len(first["records"]), len(last["records"])) == (12, 5, 2)
    assert first["records"][0]["title"] == "Dune.2021.part00"
    assert last["records"][-1]["title"] == "Dune.2021.part11"
    assert [r["eventType"] for r in imported["records"]] == ["downloadFolderImported"]
    assert everything["totalRecords"] == 2
    assert everything["records"][0]["movie"]["tmdbId"] == 438631


def test_download_client_secrets_are_masked_and_kept(fake_radarr: ArrFake) -> None:
    with fake_radarr.client() as client:
        body = client.get("downloadclient/schema").json()[0]
        body["name"] = "qBittorrent"
        values = {"host": "gluetun", "port": 8080, "username": "admin", "password": "s3cret"}
        for item in body["fields"]:
            item["value"] = values.get(item["name"], item["value"])
        created = client.post("downloadclient", json=body).json()
        shown = {f["name"]: f["value"] for f in created["fields"]}
        assert (shown["host"], shown["password"]) == ("gluetun", MASK)
        created["fields"] = [{"name": "host", "value": "127.0.0.1"}, {"name": "password", "value": MASK}]
        assert client.put(f"downloadclient/{created['id']}", json=created).status_code == 202
    assert fake_radarr.state.download_clients[created["id"]]["implementation"] == "QBittorrent"


def test_driven_through_pyarr(fake_radarr: ArrFake) -> None:
    with Radarr(fake_radarr.url, fake_radarr.api_key, tls=False) as radarr:
        assert radarr.system.get_status()["version"] == fake_radarr.state.version
        found = radarr.movie.lookup("le parrain")
        assert found[0]["tmdbId"] == 238
        added = radarr.movie.add(found[0], "/data/media/movies", 1, search_for_movie=False)
        assert radarr.movie.get(tmdb_id=238)[0]["id"] == added["id"]
        added["monitored"] = False
        assert radarr.movie.update(added)["monitored"] is False
        with pytest.raises(PyarrBadRequest, match="already been added"):
            radarr.movie.add(found[0], "/data/media/movies", 1)
        tag = radarr.tag.create("kids")
        assert radarr.tag.get() == [tag]
        command = radarr.command.execute("MoviesSearch", movieIds=[added["id"]])
        assert command["status"] == "queued"
        queue = radarr.queue.get(page_size=5)
        assert queue["records"] == []
        radarr.movie.delete(added["id"])
        with pytest.raises(PyarrResourceNotFound):
            radarr.movie.get(added["id"])
    assert fake_radarr.state.commands_named("MoviesSearch")[0]["body"]["movieIds"] == [added["id"]]
    with (
        Radarr(fake_radarr.url, "wrong", tls=False, api_ver="v3") as radarr,
        pytest.raises(PyarrUnauthorizedError),
    ):
        radarr.system.get_status()
