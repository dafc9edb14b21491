"""The shared fault switches, proven against the *arr fakes through pyarr and httpx."""

from __future__ import annotations

import json

import httpx
import pytest
from myflix_testkit.fakes.arr_common import ArrFake
from myflix_testkit.fakes.server import unreachable_url
from pyarr import Radarr, Sonarr
from pyarr.exceptions import PyarrConnectionError, PyarrServerError


def radarr_client(fake: ArrFake) -> Radarr:
    return Radarr(fake.url, fake.api_key, tls=False, api_ver="v3")


def test_injected_5xx(fake_radarr: ArrFake) -> None:
    fake_radarr.faults.set(status=500, only_paths=("/api/v3/movie",))
    with radarr_client(fake_radarr) as radarr:
        with pytest.raises(PyarrServerError):
            radarr.movie.get()
        assert radarr.system.get_status()["appName"] == "Radarr"  # other paths unaffected
    fake_radarr.faults.set(status=503, only_paths=())
    with fake_radarr.client() as client:
        assert client.get("movie").status_code == 503
    fake_radarr.faults.clear()
    with fake_radarr.client() as client:
        assert client.get("movie").status_code == 200


def test_malformed_json(fake_sonarr: ArrFake) -> None:
    fake_sonarr.faults.set(malformed_json=True)
    sonarr = Sonarr(fake_sonarr.url, fake_sonarr.api_key, tls=False, api_ver="v3")
    with sonarr, pytest.raises(json.JSONDecodeError):
        sonarr.series.get()
    with fake_sonarr.client() as client, pytest.raises(json.JSONDecodeError):
        client.get("series").json()


def test_connection_closed_mid_response(fake_radarr: ArrFake) -> None:
    fake_radarr.faults.set(close_mid_response=True, count=1)
    with fake_radarr.client() as client, pytest.raises(httpx.RemoteProtocolError):
        client.get("movie")
    fake_radarr.faults.set(close_mid_response=True, count=1)
    with radarr_client(fake_radarr) as radarr:
        with pytest.raises(PyarrConnectionError):
            radarr.movie.get()
        # the fault was spent on one answer: the next call is served normally
        assert [m["tmdbId"] for m in radarr.movie.get()] == [438631, 77338, 603]
    assert fake_radarr.faults.close_mid_response is False


def test_added_latency_trips_a_client_timeout(fake_radarr: ArrFake) -> None:
    fake_radarr.faults.set(latency=2.0, count=1)
    with fake_radarr.client(timeout=0.2) as client, pytest.raises(httpx.ReadTimeout):
        client.get("movie")


def test_unreachable_port() -> None:
    url = unreachable_url()
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{url}/api/v3/system/status", timeout=5)
    radarr = Radarr(url, "key", tls=False, api_ver="v3", request_timeout=5)
    with radarr, pytest.raises(PyarrConnectionError):
        radarr.system.get_status()
