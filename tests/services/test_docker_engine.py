"""The docker_engine fixture and the private-dockerd launcher, against real engines."""

from __future__ import annotations

import os
from pathlib import Path

import docker
import pytest
from myflix_testkit.services import start_dockerd
from myflix_testkit.services.docker_engine import WHAT_TO_DO, DockerEngineUnavailable, acquire_docker_engine


def test_docker_engine_answers_and_lists_images(docker_engine: docker.DockerClient) -> None:
    assert docker_engine.ping() is True
    images = docker_engine.images.list()
    assert isinstance(images, list)
    assert all(isinstance(image, docker.models.images.Image) for image in images)
    assert docker_engine.version()["ApiVersion"]


def test_the_engine_that_answers_is_used_and_not_ours() -> None:
    with acquire_docker_engine() as engine:
        assert engine.client.ping() is True
        assert engine.started_here is False
        assert engine.pid is None
        assert engine.base_url.startswith(("unix://", "tcp://", "ssh://"))


def test_no_engine_and_no_start_fails_with_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    with pytest.raises(DockerEngineUnavailable) as raised, acquire_docker_engine(allow_start=False):
        pass
    assert WHAT_TO_DO in str(raised.value)
    assert "make test" in WHAT_TO_DO
    assert "scripts/dockerd.sh start" in WHAT_TO_DO


def test_private_dockerd_has_its_own_state_and_is_stopped_by_pid() -> None:
    assert os.geteuid() == 0, "starting a private dockerd needs root: run `make test` as root"
    # another engine already runs here: ours gets a network namespace of its own, or it would
    # delete the host's docker0 bridge (seen with --bridge=none too) and break the other engine
    isolation = ["--bridge=none", "--iptables=false", "--ip6tables=false"]
    bridge_before = Path("/sys/class/net/docker0").exists()
    with start_dockerd(extra_args=isolation, isolate_network=True) as engine:
        assert engine.started_here is True
        assert engine.client.ping() is True
        info = engine.client.info()
        assert engine.state_dir is not None
        assert info["DockerRootDir"] == str(engine.state_dir / "data")
        assert engine.client.images.list() == []  # a fresh data root
        assert (engine.state_dir / "dockerd.pid").read_text().strip() == str(engine.pid)
        pid, root = engine.pid, engine.state_dir
    assert pid is not None
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    assert not root.exists()
    assert Path("/sys/class/net/docker0").exists() == bridge_before, "the private dockerd touched docker0"
