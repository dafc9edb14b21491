"""pytest fixtures for the *arr fakes: ``fake_radarr``, ``fake_sonarr``, ``fake_prowlarr``.

Each is function-scoped and yields an ``ArrFake`` with ``.url``, ``.api_key``, ``.state`` (seed and inspect),
``.faults`` and ``.client()`` (an httpx client on the API prefix). Radarr and Sonarr start with the small
realistic catalog in ``myflix_testkit/data/catalog.json``.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from myflix_testkit.fakes import prowlarr, radarr, sonarr
from myflix_testkit.fakes.arr_common import ArrFake
from myflix_testkit.fakes.server import FakeServer


@pytest.fixture
def fake_radarr() -> Iterator[ArrFake]:
    state = radarr.RadarrState()
    with FakeServer(radarr.create_app(state)) as server:
        yield ArrFake(server, state)


@pytest.fixture
def fake_sonarr() -> Iterator[ArrFake]:
    state = sonarr.SonarrState()
    with FakeServer(sonarr.create_app(state)) as server:
        yield ArrFake(server, state)


@pytest.fixture
def fake_prowlarr() -> Iterator[ArrFake]:
    state = prowlarr.ProwlarrState()
    with FakeServer(prowlarr.create_app(state)) as server:
        yield ArrFake(server, state)
