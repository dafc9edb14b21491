"""Shared set-up of the bot benchmarks: the fakes with a catalog of N downloaded titles, a real
qbittorrent-nox, the myflix bot and the echo bot each in their own subprocess, and the measurement
of reply latency (update queued on the fake Bot API -> sendMessage received) and of RSS."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from myflix_testkit.fakes import radarr, sonarr
from myflix_testkit.fakes.catalog import Catalog, CatalogItem, Season, generate
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.fakes.server import FakeServer
from myflix_testkit.fakes.telegram import TelegramFake
from myflix_testkit.services.qbittorrent import QBittorrentService, start_qbittorrent

ROOT = Path(__file__).resolve().parent.parent
USER_ID = 424242  # the fake's default user, who asks
ADMIN_ID = 1001  # gets the watchers' notices, in its own chat (never mistaken for a reply)


def library_catalog(titles: int, seed: int = 7) -> Catalog:
    """A catalog where ``titles`` movies have a file and about a third as many series have episodes."""
    catalog = generate(int(titles * 1.6) + 50, seed)
    movies = [i for i in catalog if i.type == "movie"]
    series = [i for i in catalog if i.type == "series"]
    item: CatalogItem
    for n, item in enumerate(movies):
        item.inLibrary = item.hasFile = n < titles
    for n, item in enumerate(series):
        item.inLibrary = n < titles // 3
        if item.inLibrary and not item.seasons:
            item.seasons = [Season(1, 10, 10)]
        for season in item.seasons:
            season.episodeFileCount = season.episodeCount if item.inLibrary else 0
    return catalog


@dataclass
class Services:
    tg: TelegramFake  # the myflix bot's Bot API
    tg_echo: TelegramFake  # the echo bot's: the same fake, its own token, so both bots run at once
    radarr: FakeServer
    radarr_key: str
    sonarr: FakeServer
    sonarr_key: str
    gluetun: GluetunFake
    qbittorrent: QBittorrentService
    workdir: Path


@contextlib.contextmanager
def services(titles: int) -> Iterator[Services]:
    catalog = library_catalog(titles)
    r_state = radarr.RadarrState(catalog=catalog)
    s_state = sonarr.SonarrState(catalog=catalog)
    tg = TelegramFake()
    tg_server = tg.serve()
    tg_echo = TelegramFake()
    tg_echo_server = tg_echo.serve()
    gluetun = GluetunFake()
    g_server = gluetun.serve()
    with (
        tempfile.TemporaryDirectory(prefix="bench-bot-") as tmp,
        FakeServer(radarr.create_app(r_state)) as r_server,
        FakeServer(sonarr.create_app(s_state)) as s_server,
        start_qbittorrent(state_dir=Path(tmp) / "qbt") as qbt,
    ):
        gluetun.set_ports([qbt.listen_port])
        try:
            yield Services(
                tg, tg_echo, r_server, r_state.api_key, s_server, s_state.api_key, gluetun, qbt, Path(tmp)
            )
        finally:
            g_server.stop()
            tg_server.stop()
            tg_echo_server.stop()


class BotProcess:
    def __init__(self, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.popen = subprocess.Popen(argv, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.popen.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=15)


def start_echo(s: Services) -> BotProcess:
    env = {**os.environ, "MYFLIX_TELEGRAM_TOKEN": s.tg_echo.token}
    argv = [sys.executable, "-m", "bench.bot_echo", s.tg_echo.base_url]
    return BotProcess(argv, env, s.workdir / "echo.log")


def myflix_config(s: Services) -> dict[str, object]:
    """The production config (what roles/myflix_bot renders into bot.yml, French UI) with the watchers
    and the exporter as they run by default: thermal governor, port sync and leak guard on (qBittorrent
    and Gluetun are configured), the exporter serving; plus the GC (dry-run) for two categories, as the
    README's example enables it. Differences, all for a shared test machine: a fake sysfs temperature
    (61.5 °C), the exporter on a free port, state in the bench's temp dir, no Docker socket (auto-heal
    and the container summary would load the docker SDK, a heavy library loaded lazily), no trackers
    list URL (nothing to fetch on loopback)."""
    s.tg.add_chat(ADMIN_ID)
    sensor = s.workdir / "thermal_zone0_temp"
    sensor.write_text("61500\n")
    return {
        "telegram": {"allowed_users": [USER_ID], "admins": [ADMIN_ID], "base_url": s.tg.base_url},
        "radarr": {"url": s.radarr.url},
        "sonarr": {"url": s.sonarr.url},
        "qbittorrent": {"url": s.qbittorrent.url, "username": s.qbittorrent.username},
        "gluetun": {"url": s.gluetun.url, "home_ip": "82.1.1.1"},
        "system": {
            "storage": [{"name": "NVMe", "path": "/"}, {"name": "HDD", "path": str(s.workdir)}],
            "docker_socket": None,
            "thermal_path": str(sensor),
            "throttled_path": str(s.workdir / "no_throttled_flags"),
        },
        "ui": {"language": "fr"},
        "watchers": {
            "state_dir": str(s.workdir),
            "gc": {
                "categories": [
                    {"name": "radarr", "arr": "radarr", "min_ratio": 1.0},
                    {"name": "tv-sonarr", "arr": "sonarr", "min_ratio": 1.0},
                ]
            },
        },
        "exporter": {"enabled": True, "host": "127.0.0.1", "port": 0},
    }


def start_myflix(s: Services, extra: dict[str, object] | None = None) -> BotProcess:
    """The bot with the production config, plus ``extra`` top-level sections (e.g. ``preview``)."""
    config = {**myflix_config(s), **(extra or {})}
    path = s.workdir / "bot.yml"
    path.write_text(yaml.safe_dump(config))
    env = {
        **os.environ,
        "MYFLIX_TELEGRAM_TOKEN": s.tg.token,
        "MYFLIX_RADARR_API_KEY": s.radarr_key,
        "MYFLIX_SONARR_API_KEY": s.sonarr_key,
        "MYFLIX_QBITTORRENT_PASSWORD": s.qbittorrent.password,
    }
    argv = [sys.executable, "-m", "myflix_bot.cli", "run", "--config", str(path), "--log-level", "WARNING"]
    return BotProcess(argv, env, s.workdir / "myflix.log")


def ask(tg: TelegramFake, text: str, timeout: float = 30.0) -> tuple[float, str]:
    """Queue a message from the user and wait for the bot's sendMessage. Returns (seconds, text)."""
    t0 = time.perf_counter()
    tg.send_text(text)
    call = tg.wait_for_call_sync(
        "sendMessage", timeout=timeout, predicate=lambda c: c.params.get("chat_id") == USER_ID
    )
    return time.perf_counter() - t0, str(call.params.get("text", ""))


def wait_ready(tg: TelegramFake, command: str, needle: str, timeout: float = 120.0) -> None:
    """Ask until the answer contains ``needle`` (the cache has loaded)."""
    deadline = time.monotonic() + timeout
    while True:
        _, text = ask(tg, command)
        if needle in text:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"{command}: never got {needle!r}; last answer {text[:200]!r}")
        time.sleep(0.5)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    idx = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[idx]
