"""A Docker engine for the tests: the one that answers on the socket, else a private dockerd.

    with acquire_docker_engine() as engine:
        engine.client.ping()

A private dockerd is started only when no engine answers and we are root. It gets its own
``--data-root``, ``--exec-root``, ``--pidfile`` and socket under a temporary directory, and is
stopped by its PID. When neither is possible, :class:`DockerEngineUnavailable` says what to do.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import docker
import docker.constants
import docker.errors
import docker.utils

from myflix_testkit.services.process import (
    ManagedProcess,
    ServiceStartError,
    require_binary,
    state_directory,
    wait_until,
)

DOCKERD_BINARY = "dockerd"
START_TIMEOUT = 60.0
MAX_SOCKET_PATH = 107  # sun_path is 108 bytes with the final NUL
WHAT_TO_DO = (
    "run `make test` as root (it starts dockerd when none answers), or start an engine with "
    "`scripts/dockerd.sh start` (as root), or point DOCKER_HOST at a running engine"
)


class DockerEngineUnavailable(RuntimeError):
    """No Docker engine answers and none can be started here."""


@dataclass
class DockerEngine:
    """A Docker engine and a client for it. ``pid`` is set only when we started the dockerd."""

    client: docker.DockerClient
    base_url: str
    pid: int | None
    started_here: bool
    state_dir: Path | None = None


def environment_base_url() -> str:
    """Where ``docker.from_env()`` connects: DOCKER_HOST, else the default Unix socket."""
    url = str(docker.utils.kwargs_from_env().get("base_url") or docker.constants.DEFAULT_UNIX_SOCKET)
    return url.replace("http+unix://", "unix://", 1)


def connect_existing(timeout: float = 10.0) -> docker.DockerClient | None:
    """A client for the engine of the environment (DOCKER_HOST or the default socket), if it answers."""
    try:
        client = docker.from_env(timeout=int(timeout))
        client.ping()
    except (docker.errors.DockerException, OSError):
        return None
    return client


@contextmanager
def start_dockerd(
    *,
    state_dir: Path | None = None,
    extra_args: Sequence[str] = (),
    binary: str = DOCKERD_BINARY,
    timeout: float = START_TIMEOUT,
    isolate_network: bool = False,
) -> Iterator[DockerEngine]:
    """Start a private dockerd (root only) with its own data root, exec root, pidfile and socket.

    The state directory must be short: the containerd socket lives under the exec root and Unix
    socket paths are limited to 107 bytes. ``extra_args`` go to dockerd (e.g. ``--bridge=none``).

    ``isolate_network`` runs it in a network namespace of its own (``unshare --net``, which execs
    dockerd under the same PID). Use it whenever another engine runs on the machine: a second
    dockerd in the host namespace deletes the host's ``docker0`` bridge even with
    ``--bridge=none``, and every container on the default network then fails to start.
    """
    if os.geteuid() != 0:
        raise DockerEngineUnavailable(f"starting dockerd needs root; {WHAT_TO_DO}")
    exe = require_binary(binary)
    with state_directory(state_dir, "myflix-dockerd-") as root:
        socket_path = root / "docker.sock"
        containerd_socket = root / "exec" / "containerd" / "containerd.sock"
        if len(str(containerd_socket)) > MAX_SOCKET_PATH:
            raise DockerEngineUnavailable(f"state directory {root} is too long for a Unix socket path")
        base_url = f"unix://{socket_path}"
        prefix = [require_binary("unshare"), "--net", "--"] if isolate_network else []
        process = ManagedProcess(
            [
                *prefix,
                exe,
                f"--host={base_url}",
                f"--data-root={root / 'data'}",
                f"--exec-root={root / 'exec'}",
                f"--pidfile={root / 'dockerd.pid'}",
                *extra_args,
            ],
            root / "dockerd.log",
            stop_timeout=30.0,
        )
        with process:

            def answers() -> docker.DockerClient | None:
                client = docker.DockerClient(base_url=base_url, timeout=5)
                client.ping()
                return client

            client = wait_until(answers, timeout=timeout, what="dockerd", process=process, interval=0.2)
            try:
                yield DockerEngine(
                    client=client, base_url=base_url, pid=process.pid, started_here=True, state_dir=root
                )
            finally:
                client.close()


@contextmanager
def acquire_docker_engine(*, allow_start: bool = True) -> Iterator[DockerEngine]:
    """The engine that answers, else (root only) a private dockerd; else DockerEngineUnavailable."""
    client = connect_existing()
    if client is not None:
        try:
            yield DockerEngine(client=client, base_url=environment_base_url(), pid=None, started_here=False)
        finally:
            client.close()
        return
    if not allow_start:
        raise DockerEngineUnavailable(f"no Docker engine answers; {WHAT_TO_DO}")
    if os.geteuid() != 0:
        raise DockerEngineUnavailable(f"no Docker engine answers and we are not root; {WHAT_TO_DO}")
    with ExitStack() as stack:
        try:
            engine = stack.enter_context(start_dockerd())
        except ServiceStartError as exc:
            raise DockerEngineUnavailable(
                f"no Docker engine answers and dockerd did not start: {exc}"
            ) from exc
        yield engine
