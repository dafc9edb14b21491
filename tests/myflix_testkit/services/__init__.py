"""Real services for the tests, on 127.0.0.1 with private temporary state, stopped by their PID.

Each launcher is a context manager usable outside pytest (other suites, ``bench/``):

- :func:`start_qbittorrent` -> :class:`QBittorrentService`
- :func:`start_prometheus` -> :class:`PrometheusService`
- :func:`start_node_exporter` -> :class:`NodeExporterService`
- :func:`acquire_docker_engine` / :func:`start_dockerd` -> :class:`DockerEngine`

The pytest fixtures are in :mod:`myflix_testkit.services.fixtures`; ``python -m
myflix_testkit.services NAME`` runs one service in the foreground until Ctrl-C.
"""

from __future__ import annotations

from myflix_testkit.services.docker_engine import (
    DockerEngine,
    DockerEngineUnavailable,
    acquire_docker_engine,
    start_dockerd,
)
from myflix_testkit.services.node_exporter import NodeExporterService, start_node_exporter
from myflix_testkit.services.process import ServiceStartError, free_port
from myflix_testkit.services.prometheus import PrometheusQueryError, PrometheusService, start_prometheus
from myflix_testkit.services.qbittorrent import QBittorrentService, hash_password, start_qbittorrent

__all__ = [
    "DockerEngine",
    "DockerEngineUnavailable",
    "NodeExporterService",
    "PrometheusQueryError",
    "PrometheusService",
    "QBittorrentService",
    "ServiceStartError",
    "acquire_docker_engine",
    "free_port",
    "hash_password",
    "start_dockerd",
    "start_node_exporter",
    "start_prometheus",
    "start_qbittorrent",
]
