"""Helpers of the watcher tests: configs in memory, a manual clock, a recording notifier."""

from __future__ import annotations

import contextlib
import io
import uuid
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import docker
import pytest
import qbittorrentapi
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient
from myflix_bot.assembly import build_runtime, parse_config
from myflix_bot.callbacks import Callback, parse
from myflix_bot.config import Config
from myflix_bot.runtime import Runtime
from myflix_bot.watchers import settings as _sections  # registers the watchers/exporter/logging sections
from myflix_bot.watchers.autoheal import docker_time
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.install import Builder, build_watchers
from myflix_bot.watchers.notify import Notifier
from myflix_bot.watchers.supervisor import Supervisor
from myflix_bot.watchers.watcher_set import WatcherSet
from myflix_testkit.waiting import wait_until

TOKEN = "123456789:" + "B" * 35
ADMIN = 1001
assert _sections.WATCHER_NAMES


def make_config(overrides: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> Config:
    data: dict[str, Any] = {
        "telegram": {"allowed_users": [42], "admins": [ADMIN]},
        "system": {"docker_socket": None},
    }
    data.update(overrides or {})
    return parse_config(data, {"MYFLIX_TELEGRAM_TOKEN": TOKEN, **(env or {})})


class WakeLog(Supervisor):
    """The watcher set's supervisor, never started: it records each watcher it is asked to run now."""

    def __init__(self, watchers: WatcherSet) -> None:
        super().__init__(watchers.watchers.values(), watchers.metrics)
        self.woken: list[str] = []

    def wake(self, name: str) -> bool:
        self.woken.append(name)
        return super().wake(name)


def _given(watcher: Watcher) -> Builder:
    return lambda _build: watcher


def runtime_with(watchers: Mapping[str, Watcher]) -> tuple[Runtime, WakeLog]:
    """The bot's typed runtime (no feature installed, nothing started) whose watcher set holds
    ``watchers``, put together by the bot's own ``build_watchers``, and that set's supervisor (a
    :class:`WakeLog`). A handler reading a field the runtime lacks fails here and under mypy, where a
    ``SimpleNamespace`` answered whatever it was asked."""
    rt = build_runtime(make_config({"exporter": {"enabled": False}}), features=())
    ws = build_watchers(rt, [(name, _given(watcher)) for name, watcher in watchers.items()])
    ws.supervisor = wakes = WakeLog(ws)
    rt.watchers = ws
    return rt, wakes


def callback_of(data: str) -> Callback:
    """A button's callback data as the bot parses a press (data it cannot parse fails the test)."""
    callback = parse(data)
    assert callback is not None, data
    return callback


class ManualClock:
    def __init__(self, start: float = 1_750_000_000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def notifier() -> Notifier:
    return Notifier(admins=[ADMIN], throttle=0.0, lang="en")  # the English texts; French: e2e tests


def collection_client(service: Any) -> QBittorrentClient:
    """The collection's stdlib client (what the watchers use) for a test qbittorrent-nox."""
    return QBittorrentClient(service.url, username=service.username, password=service.password)


def api_client(service: Any) -> qbittorrentapi.Client:
    return service.client()


def make_data(root: Any, name: str, size: int = 200_000, files: int = 1) -> Any:
    """A directory ``root/name`` with ``files`` files of random bytes (the first is the big one)."""
    import os  # noqa: PLC0415

    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(files):
        n = size if index == 0 else max(1000, size // 50)
        (folder / f"part{index}.mkv" if index == 0 else folder / f"extra{index}.nfo").write_bytes(
            os.urandom(n)
        )
    return folder


def seed_torrent(
    api: qbittorrentapi.Client, data: Any, *, category: str = "", private: bool = False, paused: bool = False
) -> str:
    """Add a real .torrent of ``data`` (already on disk) and wait until qBittorrent has checked it."""
    from myflix_testkit.torrents import make_torrent  # noqa: PLC0415

    torrent = make_torrent(data, private=private, piece_length=16384)
    if category and category not in api.torrents_categories():
        api.torrents_create_category(name=category, save_path=str(data.parent))
    api.torrents_add(
        torrent_files=torrent.data,
        save_path=str(data.parent),
        category=category or None,
        use_auto_torrent_management=False,
    )

    def checked() -> bool:
        info = api.torrents_info(torrent_hashes=torrent.info_hash)
        return bool(info) and info[0].progress >= 1.0 and not info[0].state.startswith("checking")

    wait_until(checked, what=f"qBittorrent to check {data.name}")
    if paused:  # paused after the check, as a person would
        api.torrents_pause(torrent_hashes=torrent.info_hash)
        wait_until(
            lambda: api.torrents_info(torrent_hashes=torrent.info_hash)[0].state.startswith(
                ("paused", "stopped")
            ),
            what=f"{data.name} paused",
        )
    return torrent.info_hash


# auto-heal's lab on the real Docker engine -------------------------------------------------------
BASE_IMAGE = "myflix-test/debian:trixie"  # built by scripts/build-test-images.sh
IMAGE = "myflix-test/autoheal-probe:latest"
DOCKERFILE = f"""
FROM {BASE_IMAGE}
STOPSIGNAL SIGTERM
ENTRYPOINT []
CMD ["sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.2; done"]
HEALTHCHECK --interval=1s --timeout=2s --retries=1 CMD test -f /ctl/healthy
"""


@pytest.fixture(scope="module")
def image(docker_engine: docker.DockerClient) -> str:
    try:
        docker_engine.images.get(BASE_IMAGE)
    except docker.errors.ImageNotFound:
        pytest.fail(f"{BASE_IMAGE} is missing: run scripts/build-test-images.sh first", pytrace=False)
    docker_engine.images.build(fileobj=io.BytesIO(DOCKERFILE.encode()), tag=IMAGE, rm=True, pull=False)
    return IMAGE


class Lab:
    def __init__(self, client: docker.DockerClient, image: str, root: Path) -> None:
        self.client = client
        self.image = image
        self.root = root
        self.run_id = uuid.uuid4().hex[:10]
        self.ids: list[str] = []
        self.label = f"myflix.autoheal.{self.run_id}"

    def start(
        self,
        name: str,
        *,
        healthy: bool = True,
        network_of: str | None = None,
        label: bool = True,
        healthcheck: dict | None = None,
    ):
        ctl = self.root / name
        ctl.mkdir(parents=True, exist_ok=True)
        self.set_healthy(name, healthy)
        labels = {"myflix.test": self.run_id}
        if label:
            # this run's label only: an auto-heal elsewhere on the engine (another test run, a bot
            # following the default myflix.autoheal label) must never restart the lab's containers
            labels[self.label] = "true"
        kwargs = {"network_mode": f"container:{network_of}"} if network_of else {"network_mode": "none"}
        container = self.client.containers.run(
            self.image,
            name=f"{name}-{self.run_id}",
            detach=True,
            labels=labels,
            volumes={str(ctl): {"bind": "/ctl", "mode": "ro"}},
            stop_signal="SIGTERM",
            **({"healthcheck": healthcheck} if healthcheck else {}),
            **kwargs,
        )
        self.ids.append(container.id)
        return container

    def set_healthy(self, name: str, healthy: bool) -> None:
        flag = self.root / name / "healthy"
        if healthy:
            flag.touch()
        else:
            flag.unlink(missing_ok=True)

    def state(self, container) -> dict:
        container.reload()
        return container.attrs["State"]

    def health(self, container) -> str | None:
        return (self.state(container).get("Health") or {}).get("Status")

    def wait_health(self, container, status: str, timeout: float = 30) -> None:
        wait_until(
            lambda: self.health(container) == status, timeout=timeout, what=f"{container.name} {status}"
        )

    def started(self, container) -> float:
        return docker_time(self.state(container)["StartedAt"]) or 0.0

    def cleanup(self) -> None:
        for cid in self.ids:
            with contextlib.suppress(docker.errors.NotFound):
                self.client.containers.get(cid).remove(force=True)


@pytest.fixture
def lab(docker_engine, image, tmp_path) -> Iterator[Lab]:
    lab = Lab(docker_engine, image, tmp_path)
    try:
        yield lab
    finally:
        lab.cleanup()
