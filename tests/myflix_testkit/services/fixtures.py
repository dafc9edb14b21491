"""pytest fixtures for the real services (registered by ``myflix_testkit.pytest_plugin``).

- ``qbittorrent``: a fresh qbittorrent-nox per test (:class:`QBittorrentService`);
- ``qbittorrent_session``: one qbittorrent-nox shared by the session (call ``.reset()`` to clean it);
- ``qbittorrent_client``: a logged-in ``qbittorrentapi.Client`` of the per-test instance;
- ``node_exporter``: one node-exporter shared by the session (:class:`NodeExporterService`);
- ``prometheus_factory``: ``prometheus_factory({"job": ["127.0.0.1:port"]})`` starts a Prometheus
  scraping those targets, stopped at the end of the test;
- ``prometheus``: a Prometheus that scrapes ``node_exporter`` as job ``node``;
- ``docker_engine``: a ``docker.DockerClient`` of the engine that answers (or of a private dockerd we
  started as root); FAILS with what to do when neither is possible.

State lives under pytest's ``tmp_path_factory`` so logs stay around after a failure.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack
from typing import Any

import docker
import pytest
import qbittorrentapi

from myflix_testkit.services.docker_engine import DockerEngineUnavailable, acquire_docker_engine
from myflix_testkit.services.node_exporter import NodeExporterService, start_node_exporter
from myflix_testkit.services.prometheus import PrometheusService, Targets, start_prometheus
from myflix_testkit.services.qbittorrent import QBittorrentService, start_qbittorrent

PrometheusFactory = Callable[..., PrometheusService]


@pytest.fixture
def qbittorrent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QBittorrentService]:
    with start_qbittorrent(state_dir=tmp_path_factory.mktemp("qbittorrent")) as service:
        yield service


@pytest.fixture(scope="session")
def qbittorrent_session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[QBittorrentService]:
    with start_qbittorrent(state_dir=tmp_path_factory.mktemp("qbittorrent-session")) as service:
        yield service


@pytest.fixture
def qbittorrent_client(qbittorrent: QBittorrentService) -> qbittorrentapi.Client:
    return qbittorrent.client()


@pytest.fixture(scope="session")
def node_exporter(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NodeExporterService]:
    with start_node_exporter(state_dir=tmp_path_factory.mktemp("node-exporter")) as service:
        yield service


@pytest.fixture
def prometheus_factory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrometheusFactory]:
    with ExitStack() as stack:

        def start(targets: Targets | None = None, **kwargs: Any) -> PrometheusService:
            kwargs.setdefault("state_dir", tmp_path_factory.mktemp("prometheus"))
            return stack.enter_context(start_prometheus(targets, **kwargs))

        yield start


@pytest.fixture
def prometheus(
    prometheus_factory: PrometheusFactory, node_exporter: NodeExporterService
) -> PrometheusService:
    return prometheus_factory({"node": [node_exporter.target]})


@pytest.fixture(scope="session")
def docker_engine() -> Iterator[docker.DockerClient]:
    with ExitStack() as stack:
        try:
            engine = stack.enter_context(acquire_docker_engine())
        except DockerEngineUnavailable as exc:
            pytest.fail(str(exc), pytrace=False)
        yield engine.client
