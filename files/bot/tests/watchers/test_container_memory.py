"""Per-container memory against its limit, read from the real Docker engine (one-shot stats)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import docker
import pytest
from myflix_bot.sources.containers import ContainersSource, memory_in_use, memory_limit

BASE_IMAGE = "myflix-test/debian:trixie"  # built by scripts/build-test-images.sh
LIMIT = 64 * 1024 * 1024


def test_memory_in_use_leaves_out_the_reclaimable_page_cache() -> None:
    v2 = {"memory_stats": {"usage": 50_000, "limit": 100_000, "stats": {"inactive_file": 20_000}}}
    v1 = {"memory_stats": {"usage": 50_000, "stats": {"total_inactive_file": 5_000}}}
    assert memory_in_use(v2) == 30_000
    assert memory_in_use(v1) == 45_000
    assert memory_in_use({"memory_stats": {"usage": 10, "stats": {}}}) == 10
    assert memory_in_use({"memory_stats": {}}) is None  # a stopped container reports no usage
    assert memory_limit({"HostConfig": {"Memory": LIMIT}}) == LIMIT
    assert memory_limit({"HostConfig": {"Memory": 0}}) is None  # 0 means unlimited


@pytest.fixture
def containers(docker_engine: docker.DockerClient) -> Iterator[tuple[str, str]]:
    """Two idle containers, one with a 64 MiB limit and one without; removed by id at the end."""
    try:
        docker_engine.images.get(BASE_IMAGE)
    except docker.errors.ImageNotFound:
        pytest.fail(f"{BASE_IMAGE} is missing: run scripts/build-test-images.sh first", pytrace=False)
    tag = uuid.uuid4().hex[:8]
    made = []
    try:
        for name, limit in ((f"myflix-mem-limited-{tag}", "64m"), (f"myflix-mem-free-{tag}", None)):
            made.append(
                docker_engine.containers.run(
                    BASE_IMAGE,
                    ["sleep", "infinity"],
                    name=name,
                    detach=True,
                    network_mode="none",
                    init=True,
                    mem_limit=limit,
                    labels={"myflix.test": "memory"},
                )
            )
        yield made[0].name, made[1].name
    finally:
        for container in made:
            container.remove(force=True)


def test_source_reads_use_and_limit_of_a_limited_container(
    docker_engine: docker.DockerClient, containers: tuple[str, str]
) -> None:
    limited, free = containers
    socket = docker_engine.api.base_url.removeprefix("http+docker://").replace("%2F", "/")
    source = ContainersSource(socket.removeprefix("local") or "/var/run/docker.sock")
    source._client = docker_engine  # the engine the fixture answers with (private or the machine's)
    infos = {info.name: info for info in source.read()}

    assert infos[limited].memory_limit_bytes == LIMIT
    assert infos[free].memory_limit_bytes is None  # no limit: nothing to compare with
    assert infos[free].memory_bytes is None  # and no stats call for it
    # The usage is what the engine itself reports (some engines, like Debian bookworm's 20.10 on this
    # CI machine, report empty memory_stats: then None, and the exporter serves the limit alone).
    reported = memory_in_use(docker_engine.containers.get(limited).stats(stream=False, one_shot=True))
    if reported is None:
        assert infos[limited].memory_bytes is None
    else:
        assert infos[limited].memory_bytes is not None
        assert 0 < infos[limited].memory_bytes < LIMIT  # an idle sleep uses a little, well below 64 MiB
