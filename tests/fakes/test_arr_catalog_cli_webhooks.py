"""The catalog (file format, generator), the standalone CLI and the webhook sender of the *arr fakes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from aiohttp import web
from myflix_testkit.fakes.arr_common import ArrFake
from myflix_testkit.fakes.catalog import DEFAULT_CATALOG, Catalog, generate
from myflix_testkit.fakes.server import FakeServer, free_port
from myflix_testkit.fakes.webhooks import radarr_payload, send_webhook, sonarr_payload

TESTKIT = Path(__file__).resolve().parents[1]


def test_seed_catalog_has_the_realistic_cases() -> None:
    catalog = Catalog.default()
    dunes = sorted(i.year for i in catalog if i.type == "movie" and i.title.startswith("Dune"))
    assert dunes == [1984, 2021, 2024, 2027]  # Dune: Part Three is announced
    amelie = catalog.movie(194)
    assert amelie is not None
    assert amelie.originalTitle == "Le Fabuleux Destin d'Amélie Poulain"
    assert any(t["language"] == "fr" for t in catalog.movie(438631).alternativeTitles)
    offices = sorted((i.year, i.network) for i in catalog.of_type("series") if i.title == "The Office")
    assert offices == [(2001, "BBC Two"), (2005, "NBC")]
    assert {i.title for i in catalog if i.inLibrary} >= {"Dune", "The Office", "Breaking Bad"}


def test_catalog_rejects_bad_items(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"items": [{"type": "movie", "title": "No id", "year": 2000}]}))
    with pytest.raises(ValueError, match="no tmdbId"):
        Catalog.load(bad)
    bad.write_text(
        json.dumps({"items": [{"type": "movie", "tmdbId": 1, "title": "x", "year": 1, "oops": 1}]})
    )
    with pytest.raises(ValueError, match="unknown keys"):
        Catalog.load(bad)


def test_generator_is_deterministic_and_mixes_the_seed_items(tmp_path: Path) -> None:
    one, two, other = tmp_path / "1.json", tmp_path / "2.json", tmp_path / "3.json"
    for path, seed in ((one, 1), (two, 1), (other, 2)):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "myflix_testkit.fakes.catalog",
                "--size",
                "12000",
                "--seed",
                str(seed),
                "-o",
                path,
            ],
            check=True,
            capture_output=True,
            cwd=TESTKIT,
        )
    assert one.read_bytes() == two.read_bytes()
    assert one.read_bytes() != other.read_bytes()
    catalog = Catalog.load(one)
    assert len(catalog) == 12000
    assert catalog.movie(693134).title == "Dune: Part Two"
    assert {"movie", "series"} == {i.type for i in catalog}
    assert catalog.search("movie", "dune")[0].title == "Dune: Part Two"
    assert len(catalog.search("movie", "shadow")) == 20  # bounded even with hundreds of matches


def test_generated_catalog_round_trips() -> None:
    catalog = generate(200, seed=7)
    again = Catalog(type(i).from_json(i.to_json()) for i in catalog)
    assert [i.to_json() for i in again] == [i.to_json() for i in catalog]


def test_standalone_cli_serves_a_catalog(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.json"
    data = json.loads(DEFAULT_CATALOG.read_text(encoding="utf-8"))
    data["items"] = [i for i in data["items"] if i["type"] == "movie"][:3]
    catalog.write_text(json.dumps(data), encoding="utf-8")
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "myflix_testkit.fakes",
            "radarr",
            "--port",
            str(port),
            "--catalog",
            str(catalog),
            "--api-key",
            "cli-key",
        ],
        cwd=TESTKIT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.strip() == f"listening on http://127.0.0.1:{port}", proc.stderr.read()
        status = httpx.get(f"http://127.0.0.1:{port}/api/v3/system/status", headers={"X-Api-Key": "cli-key"})
        lookup = httpx.get(
            f"http://127.0.0.1:{port}/api/v3/movie/lookup", params={"term": "matrix", "apikey": "cli-key"}
        )
        assert status.json()["appName"] == "Radarr"
        assert lookup.json() == []  # The Matrix is not among the three catalog items served
    finally:
        # The test is about serving, not how fast a loaded machine tears an interpreter down: ask politely,
        # wait generously, then make sure nothing is left behind (as the Gluetun and Telegram CLI tests do).
        os.kill(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


class Receiver:
    """A loopback webhook endpoint that records what it receives."""

    def __init__(self) -> None:
        self.received: list[tuple[dict, str]] = []
        app = web.Application()
        app.router.add_post("/hook", self.hook)
        self.server = FakeServer(app)

    async def hook(self, request: web.Request) -> web.Response:
        self.received.append((await request.json(), request.headers["User-Agent"]))
        return web.Response(status=200)


def test_radarr_webhooks_reach_the_listener(fake_radarr: ArrFake) -> None:
    receiver = Receiver()
    state = fake_radarr.state
    dune = state.find_movie(438631)["id"]
    state.add_tag("kids")
    with receiver.server:
        for event in ("Test", "Grab", "Download"):
            answer = send_webhook(f"{receiver.server.url}/hook", radarr_payload(state, event, dune))
            assert answer.status_code == 200
    events = [p["eventType"] for p, _ in receiver.received]
    assert events == ["Test", "Grab", "Download"]
    grab, download = receiver.received[1][0], receiver.received[2][0]
    assert grab["movie"]["tmdbId"] == 438631
    assert grab["release"]["releaseTitle"].startswith("Dune.2021")
    assert grab["downloadId"] == download["downloadId"]
    assert download["movieFile"]["path"].startswith("/data/media/movies/Dune (2021)/")
    assert download["isUpgrade"] is False
    assert receiver.received[0][1].startswith("Radarr")


def test_sonarr_webhooks_carry_series_and_episodes(fake_sonarr: ArrFake) -> None:
    receiver = Receiver()
    office = fake_sonarr.state.find_series(73244)["id"]
    with receiver.server:
        send_webhook(
            f"{receiver.server.url}/hook",
            sonarr_payload(fake_sonarr.state, "Download", office, season=3, episodes=[11, 12]),
        )
    payload, agent = receiver.received[0]
    assert agent.startswith("Sonarr")
    assert payload["series"]["tvdbId"] == 73244
    assert [(e["seasonNumber"], e["episodeNumber"]) for e in payload["episodes"]] == [(3, 11), (3, 12)]
    assert "S03E11E12" in payload["episodeFile"]["sceneName"]


def test_webhooks_only_go_to_loopback(fake_radarr: ArrFake) -> None:
    with pytest.raises(ValueError, match="loopback"):
        send_webhook("http://example.com/hook", radarr_payload(fake_radarr.state, "Test"))
    with pytest.raises(ValueError, match="needs a movie_id"):
        radarr_payload(fake_radarr.state, "Grab")
