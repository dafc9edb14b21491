"""The live monitoring stack of the panel tests, everything real on 127.0.0.1 except the contract fakes.

- the real Myflix bot runtime (:mod:`mon_bot`): cache coordinator, all six watchers (every one in
  dry-run, so nothing acts) and the exporter on a free port;
- what feeds it: a real qbittorrent-nox with one seeded torrent, the Gluetun, Radarr and Sonarr
  fakes, a fake sysfs (thermal zone, firmware ``get_throttled``), a fake ``/proc/<pid>/net/dev`` for
  the VPN tunnel, two storage tiers on temporary directories, a tracker list served over HTTP, and
  one container on the real Docker engine carrying this run's auto-heal label;
- a real node-exporter with the role's collector flags and a real Prometheus scraping both.
"""

from __future__ import annotations

import functools
import io
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import docker
import docker.errors
import pytest
from mon_bot import RunningBot, run_bot
from mon_render import env_file_args
from myflix_bot.assembly import parse_config
from myflix_bot.config import Config
from myflix_bot.watchers.settings import WATCHER_NAMES
from myflix_testkit.fakes import radarr, sonarr
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.server import FakeServer
from myflix_testkit.services.docker_engine import DockerEngineUnavailable, acquire_docker_engine
from myflix_testkit.services.node_exporter import start_node_exporter
from myflix_testkit.services.prometheus import PrometheusService, start_prometheus
from myflix_testkit.services.qbittorrent import QBittorrentService
from myflix_testkit.torrents import make_torrent
from prometheus_client.parser import text_string_to_metric_families

HOME_IP = "203.0.113.7"  # TEST-NET-3; the Gluetun fake answers 198.51.100.23: no leak
CPU_MILLIDEGREES = 52_500
THROTTLED = "50000"  # sysfs hex: throttling and under-voltage happened since boot, nothing now
TUNNEL_RX, TUNNEL_TX = 7_340_032, 1_048_576
BASE_IMAGE = "myflix-test/debian:trixie"  # built by scripts/build-test-images.sh
SAMPLES_NEEDED = 6  # one-second scrapes: enough for rate() over the 15 s $__rate_interval
READY_TIMEOUT = 60.0


@dataclass(frozen=True)
class LiveStack:
    prometheus: PrometheusService
    bot: RunningBot
    qbittorrent: QBittorrentService
    tiers: dict[str, Path]
    container: str  # the auto-heal-labelled container's name


def served_samples(url: str) -> dict[str, list[dict[str, str]]]:
    """Sample name (as exposed, counters with ``_total``) -> the label sets served at ``url``."""
    with urllib.request.urlopen(url, timeout=10) as response:
        text = response.read().decode()
    samples: dict[str, list[dict[str, str]]] = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append(dict(sample.labels))
    return samples


def fake_sysfs(root: Path) -> dict[str, Path]:
    """A thermal zone, the firmware's throttled flags and Gluetun's ``net/dev``, like the real files."""
    paths = {
        "thermal": root / "sys/class/thermal/thermal_zone0/temp",
        "throttled": root / "sys/devices/platform/soc/soc:firmware/get_throttled",
        "netdev": root / "proc/4242/net/dev",
    }
    for path in paths.values():
        path.parent.mkdir(parents=True, exist_ok=True)
    paths["thermal"].write_text(f"{CPU_MILLIDEGREES}\n")
    paths["throttled"].write_text(f"{THROTTLED}\n")
    paths["netdev"].write_text(
        "Inter-|   Receive                                                |  Transmit\n"
        " face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop"
        " fifo colls carrier compressed\n"
        "    lo:    1200      12    0    0    0     0          0         0     1200      12    0    0"
        "    0     0       0          0\n"
        f"  tun0: {TUNNEL_RX} 5210    0    0    0     0          0         0  {TUNNEL_TX}    4100    0"
        "    0    0     0       0          0\n"
        "  eth0: 99999999 80000    0    0    0     0          0         0 88888888   70000    0    0"
        "    0     0       0          0\n"
    )
    return paths


@contextmanager
def serve_tracker_list(root: Path) -> Iterator[str]:
    """A ngosang-style tracker list over HTTP on 127.0.0.1 (what ``watchers.trackers.list_url`` reads)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "trackers_best.txt").write_text(
        "udp://127.0.0.1:6969/announce\n\nhttp://127.0.0.1:6970/announce\n"
    )

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, name="tracker-list", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/trackers_best.txt"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@contextmanager
def labelled_container(client: docker.DockerClient, label: str) -> Iterator[str]:
    """One idle container (no network) carrying ``label=true``; removed by its id at the end."""
    try:
        client.images.get(BASE_IMAGE)
    except docker.errors.ImageNotFound:
        pytest.fail(f"{BASE_IMAGE} is missing: run scripts/build-test-images.sh first", pytrace=False)
    name = f"myflix-monitoring-{uuid.uuid4().hex[:8]}"
    container = client.containers.run(
        BASE_IMAGE,
        ["sleep", "infinity"],
        name=name,
        detach=True,
        labels={label: "true", "myflix.test": "monitoring"},
        network_mode="none",
        init=True,
        mem_limit="64m",  # so the exporter serves its memory against the limit
    )
    try:
        yield name
    finally:
        container.remove(force=True)


def seed_one_torrent(qbt: QBittorrentService) -> str:
    """A real torrent of local data in the radarr category, checked and seeding."""
    api = qbt.client()
    data = qbt.download_dir / "Panel.Test.2024.1080p"
    data.mkdir(parents=True, exist_ok=True)
    (data / "Panel.Test.2024.1080p.mkv").write_bytes(bytes(range(256)) * 1024)
    torrent = make_torrent(data, piece_length=16384)
    if "radarr" not in api.torrents_categories():
        api.torrents_create_category(name="radarr", save_path=str(qbt.download_dir))
    api.torrents_add(
        torrent_files=io.BytesIO(torrent.data),
        save_path=str(qbt.download_dir),
        category="radarr",
        use_auto_torrent_management=False,
    )
    deadline = time.monotonic() + READY_TIMEOUT
    while True:
        info = api.torrents_info(torrent_hashes=torrent.info_hash)
        if info and info[0].progress >= 1.0 and not info[0].state.startswith("checking"):
            return torrent.info_hash
        if time.monotonic() > deadline:
            raise TimeoutError(f"qBittorrent did not finish checking the test torrent: {info}")
        time.sleep(0.1)


def bot_config(
    *,
    qbt: QBittorrentService,
    gluetun: GluetunFake,
    radarr_server: FakeServer,
    sonarr_server: FakeServer,
    radarr_key: str,
    sonarr_key: str,
    sysfs: dict[str, Path],
    tiers: dict[str, Path],
    docker_socket: str,
    autoheal_label: str,
    tracker_list: str,
    state_dir: Path,
) -> Config:
    """The bot's config: every service configured, every watcher enabled and in dry-run."""
    data = {
        "telegram": {"allowed_users": [42], "admins": [1001]},
        "qbittorrent": {"url": qbt.url, "username": qbt.username},
        "gluetun": {"url": gluetun.url, "home_ip": HOME_IP},
        "radarr": {"url": radarr_server.url},
        "sonarr": {"url": sonarr_server.url},
        "system": {
            "storage": [{"name": name, "path": str(path)} for name, path in tiers.items()],
            "thermal_path": str(sysfs["thermal"]),
            "throttled_path": str(sysfs["throttled"]),
            "docker_socket": docker_socket,
        },
        "watchers": {
            "state_dir": str(state_dir),
            "thermal": {"dry_run": True},
            "port_sync": {"dry_run": True},
            "leak_guard": {"dry_run": True},
            "gc": {
                "dry_run": True,
                "categories": [{"name": "radarr", "arr": "radarr"}],
                "roots": [str(qbt.download_dir)],
            },
            "trackers": {"dry_run": True, "list_url": tracker_list},
            "autoheal": {"dry_run": True, "label": autoheal_label},
            "stalled": {"dry_run": True},
            "malware": {"dry_run": True},
            "imports": {"dry_run": True},
            "disk": {
                "dry_run": True,
                "tiers": [{"name": "fast", "path": str(qbt.download_dir), "floor_percent": 1}],
            },
        },
        "exporter": {"host": "127.0.0.1", "port": 0, "vpn_netdev_path": str(sysfs["netdev"])},
    }
    env = {
        "MYFLIX_TELEGRAM_TOKEN": "123456789:" + "M" * 35,
        "MYFLIX_QBITTORRENT_PASSWORD": qbt.password,
        "MYFLIX_RADARR_API_KEY": radarr_key,
        "MYFLIX_SONARR_API_KEY": sonarr_key,
    }
    return parse_config(data, env)


def not_ready(bot: RunningBot) -> list[str]:
    """What the bot has not done yet: a first good refresh of each cache source, a first successful
    step of each watcher. (Whether that makes a complete contract is for the tests to say.)"""
    coordinator = bot.runtime.coordinator
    waiting = [f"source {n}" for n in coordinator.names() if coordinator.get(n).updated_at is None]
    watchers = bot.watchers.watchers
    waiting += [f"watcher {w}" for w in WATCHER_NAMES if w not in watchers]
    waiting += [f"watcher {n}" for n, w in watchers.items() if w.health.last_success is None]
    return waiting


def wait_until_ready(bot: RunningBot) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while waiting := not_ready(bot):
        if time.monotonic() > deadline:
            coordinator = bot.runtime.coordinator
            errors = {n: coordinator.get(n).error for n in coordinator.names()}
            errors |= {n: w.health.last_error for n, w in bot.watchers.watchers.items()}
            raise AssertionError(
                f"the bot is still waiting for {waiting} after {READY_TIMEOUT:.0f} s; last errors: {errors}"
            )
        time.sleep(0.1)


@contextmanager
def start_live_stack(
    root: Path, qbt: QBittorrentService, node_exporter_flags: list[str]
) -> Iterator[LiveStack]:
    with ExitStack() as stack:
        try:
            engine = stack.enter_context(acquire_docker_engine())
        except DockerEngineUnavailable as exc:
            pytest.fail(str(exc), pytrace=False)
        if not engine.base_url.startswith("unix://"):
            pytest.fail(f"the bot reads Docker through a Unix socket; DOCKER_HOST is {engine.base_url}")
        autoheal_label = f"myflix.test.autoheal.{uuid.uuid4().hex[:8]}"
        container = stack.enter_context(labelled_container(engine.client, autoheal_label))

        qbt.reset()
        seed_one_torrent(qbt)
        gluetun = GluetunFake()
        gluetun.set_ports(qbt.listen_port)  # qBittorrent already listens on the forwarded port
        stack.callback(gluetun.serve().stop)
        radarr_state, sonarr_state = radarr.RadarrState(), sonarr.SonarrState()
        radarr_server = stack.enter_context(FakeServer(radarr.create_app(radarr_state)))
        sonarr_server = stack.enter_context(FakeServer(sonarr.create_app(sonarr_state)))
        tracker_list = stack.enter_context(serve_tracker_list(root / "www"))

        tiers = {"fast": root / "nvme", "mass": root / "hdd"}
        for path in tiers.values():
            path.mkdir()
        config = bot_config(
            qbt=qbt,
            gluetun=gluetun,
            radarr_server=radarr_server,
            sonarr_server=sonarr_server,
            radarr_key=radarr_state.api_key,
            sonarr_key=sonarr_state.api_key,
            sysfs=fake_sysfs(root / "fs"),
            tiers=tiers,
            docker_socket=engine.base_url.removeprefix("unix://"),
            autoheal_label=autoheal_label,
            tracker_list=tracker_list,
            state_dir=root / "state",
        )
        bot = stack.enter_context(run_bot(config))
        wait_until_ready(bot)

        node = stack.enter_context(
            start_node_exporter(state_dir=root / "node", extra_args=node_exporter_flags)
        )
        prometheus = stack.enter_context(
            start_prometheus({"node": [node.target], "myflix": [bot.target]}, state_dir=root / "prometheus")
        )
        # Every source and watcher had its first success before Prometheus started, so each series
        # has as many samples as there were scrapes.
        for job in ("node", "myflix"):
            prometheus.wait_for(
                f'count_over_time(up{{job="{job}"}}[1m]) >= {SAMPLES_NEEDED}', timeout=READY_TIMEOUT
            )
        yield LiveStack(prometheus, bot, qbt, tiers, container)


def role_node_exporter_flags(node_exporter_default: Path) -> list[str]:
    """The role's node-exporter flags, without the listen address (the test picks a free port)."""
    return [arg for arg in env_file_args(node_exporter_default) if not arg.startswith("--web.")]
