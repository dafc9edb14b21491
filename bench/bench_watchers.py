"""Watcher benchmarks:

- port-sync convergence: seconds from a forwarded-port change in (fake) Gluetun until a real
  qbittorrent-nox listens on it, with the default 30 s interval, changes made at several phases of the
  interval (target: <= 30 s worst case); and through ``port-sync-now`` (the instant path);
- log bytes written to disk (file + stderr, which the journal keeps) per simulated day of normal
  operation: every watcher step of a day against in-memory services, a few ordinary incidents
  (two port changes, a hot afternoon, Gluetun restarting once), with the frugal logging setup
  (target: <= 64 KiB);
- idle CPU of the watcher loop: a process running only the supervisor with thermal, port sync and
  leak guard at their default intervals against real qbittorrent-nox and the Gluetun fake.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from ansible_collections.myflix.media.plugins.module_utils.gluetun import (
    ForwardedPorts,
    GluetunClient,
    GluetunError,
    PortNotReadyError,
)
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient
from myflix_bot import logs
from myflix_bot.exporter import ExporterServer
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.leak_guard import LeakGuardWatcher
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.notify import Notifier
from myflix_bot.watchers.port_sync import PortSyncWatcher
from myflix_bot.watchers.settings import LeakGuardSettings, PortSyncSettings, ThermalSettings
from myflix_bot.watchers.supervisor import Supervisor
from myflix_bot.watchers.thermal import ThermalWatcher
from myflix_testkit.fakes.gluetun import GluetunFake
from myflix_testkit.services.qbittorrent import start_qbittorrent
from prometheus_client import CollectorRegistry

from bench.figures import Figure

REPO = Path(__file__).resolve().parent.parent
PHASES = (0.1, 0.5, 0.9)
IDLE_SECONDS = 60.0
DAY = 86400


# ---- port-sync convergence ----------------------------------------------------------------------
async def _convergence(qbt: Any, gluetun: Any) -> tuple[list[float], float]:
    client = qbt.client()

    async def converge(port: int, start: float) -> float:
        while client.app_preferences()["listen_port"] != port:
            await asyncio.sleep(0.05)
        return time.monotonic() - start

    watcher = PortSyncWatcher(
        PortSyncSettings(),
        GluetunClient(gluetun.url),
        QBittorrentClient(qbt.url, username=qbt.username, password=qbt.password),
    )
    sup = Supervisor([watcher], WatcherMetrics(CollectorRegistry()))
    gluetun.set_ports(41000)
    sup.start()
    server = ExporterServer(
        "127.0.0.1", 0, CollectorRegistry(), on_port_sync=lambda: sup.wake("port_sync")
    ).start()
    try:
        await converge(41000, time.monotonic())
        step_at = time.monotonic()  # a step just ran: phases are measured from here
        samples = []
        for index, phase in enumerate(PHASES):
            port = 41001 + index
            target = step_at + phase * watcher.interval
            while time.monotonic() < target:
                await asyncio.sleep(0.01)
            gluetun.set_ports(port)
            samples.append(await converge(port, time.monotonic()))
            step_at = time.monotonic() - 0.05  # the step that converged just ran
        gluetun.set_ports(41100)
        start = time.monotonic()
        request = urllib.request.Request(
            f"http://127.0.0.1:{server.port}/-/port-sync", data=b"", method="POST"
        )
        await asyncio.to_thread(urllib.request.urlopen, request, None, 5)
        instant = await converge(41100, start)
    finally:
        server.stop()
        await sup.stop()
    return samples, instant


# ---- log bytes per simulated day ----------------------------------------------------------------
class _Clock:
    def __init__(self) -> None:
        self.now = 1_750_000_000.0

    def __call__(self) -> float:
        return self.now


class _Qbt:
    """In-memory qBittorrent with the collection client's methods the watchers use."""

    def __init__(self) -> None:
        self.prefs = {"listen_port": 6881, "random_port": False, "upnp": False}
        self.alt = False
        self.torrents_ = [{"hash": f"{i:040x}", "state": "uploading", "name": f"t{i}"} for i in range(40)]

    def preferences(self) -> dict:
        return dict(self.prefs)

    def set_preferences(self, changes: dict) -> None:
        self.prefs.update(changes)

    def request(self, method: str, path: str, **_: Any) -> Any:
        return SimpleNamespace(text="1" if self.alt else "0")

    def post(self, path: str, form: Any = None) -> str:
        if path == "transfer/toggleSpeedLimitsMode":
            self.alt = not self.alt
        return "Ok."

    def torrents(self, **_: Any) -> list[dict]:
        return [dict(t) for t in self.torrents_]

    def stop(self, hashes: list[str]) -> None:
        for t in self.torrents_:
            if t["hash"] in hashes:
                t["state"] = "pausedUP"

    def start(self, hashes: list[str]) -> None:
        for t in self.torrents_:
            if t["hash"] in hashes:
                t["state"] = "uploading"


class _Gluetun:
    def __init__(self) -> None:
        self.ports = (51413,)
        self.up = True

    def wait_for_ports(self, *_: Any, **__: Any) -> Any:
        if not self.up:
            raise GluetunError("Gluetun control server is not reachable: connection refused")
        if not self.ports:
            raise PortNotReadyError("no port")
        return ForwardedPorts(self.ports, "/v1/portforward")

    def vpn_status(self) -> str:
        if not self.up:
            raise GluetunError("Gluetun control server is not reachable: connection refused")
        return "running"

    def public_ip(self) -> dict:
        return {"public_ip": "198.51.100.23"}


async def _simulated_day(log_file: Path) -> tuple[int, int]:
    stderr = io.StringIO()
    saved = sys.stderr
    sys.stderr = stderr
    try:
        logs.setup_logging("INFO", frugal=True, file=str(log_file), stderr_level="WARNING")
        clock = _Clock()
        notifier = Notifier(admins=[1], throttle=900, clock=clock)
        qbt, gluetun = _Qbt(), _Gluetun()
        sensor = log_file.parent / "temp"
        watchers: list[Watcher] = [
            ThermalWatcher(ThermalSettings(), qbt, sensor_path=str(sensor), notifier=notifier, clock=clock),
            PortSyncWatcher(PortSyncSettings(), gluetun, qbt, notifier=notifier, clock=clock),
            LeakGuardWatcher(
                LeakGuardSettings(),
                gluetun,
                qbt,
                home_ip="203.0.113.7",
                state_path=log_file.parent / "leak.json",
                notifier=notifier,
                clock=clock,
            ),
        ]
        sup = Supervisor(watchers, WatcherMetrics(CollectorRegistry()), wall=clock)
        log = logging.getLogger("myflix_bot.coordinator")
        next_run = {w.name: 0.0 for w in watchers}
        start = clock.now
        for second in range(0, DAY, 5):
            clock.now = start + second
            hour = second / 3600
            temp = 77.0 if 14 <= hour < 16 else 55.0  # a hot afternoon
            sensor.write_text(f"{int(temp * 1000)}\n")
            if second in (6 * 3600, 18 * 3600):
                gluetun.ports = (gluetun.ports[0] + 1,)  # the VPN reconnects with a new port
            gluetun.up = not (3 * 3600 <= second < 3 * 3600 + 600)  # Gluetun restarts for 10 minutes
            if not gluetun.up and second % 30 == 0:
                log.warning("source gluetun refresh failed: SourceError: Gluetun: ConnectError")
            for w in watchers:
                if clock.now >= next_run[w.name]:
                    ok = await sup.step(w)
                    next_run[w.name] = clock.now + sup.delay_after(w, ok)
        for handler in logging.getLogger().handlers:
            handler.flush()
            if hasattr(handler, "flush_repeats"):
                handler.flush_repeats()
    finally:
        sys.stderr = saved
        logging.getLogger().handlers[:] = []
    return log_file.stat().st_size if log_file.exists() else 0, len(stderr.getvalue().encode())


# ---- idle CPU -------------------------------------------------------------------------------------
def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _idle_cpu(qbt: Any, gluetun_url: str, tmp: Path) -> float:
    sensor = tmp / "temp"
    sensor.write_text("50000\n")
    env = {**os.environ, "QBT_PASSWORD": qbt.password}
    proc = subprocess.Popen(
        [
            sys.executable,
            str(REPO / "bench/watchers_loop.py"),
            qbt.url,
            qbt.username,
            gluetun_url,
            str(sensor),
        ],
        stdout=subprocess.PIPE,
        env=env,
        text=True,
    )
    try:
        assert proc.stdout is not None
        proc.stdout.readline()
        time.sleep(5)  # warm-up: imports and first steps done
        cpu0, t0 = _cpu_seconds(proc.pid), time.monotonic()
        time.sleep(IDLE_SECONDS)
        return (_cpu_seconds(proc.pid) - cpu0) / (time.monotonic() - t0) * 100
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp_name, start_qbittorrent() as qbt:
        tmp = Path(tmp_name)
        fake = GluetunFake()
        server = fake.serve()
        try:
            samples, instant = asyncio.run(_convergence(qbt, fake))
            disk, journal = asyncio.run(_simulated_day(tmp / "bot.log"))
            fake.set_ports(51413)
            idle = _idle_cpu(qbt, fake.url, tmp)
        finally:
            server.stop()
    return [
        Figure(
            "watchers",
            "port-sync convergence, worst of 3 phases (30 s interval)",
            max(samples),
            "s",
            target_max=30.0,
            note=", ".join(f"{s:.1f}" for s in samples),
        ),
        Figure("watchers", "port-sync convergence, mean", sum(samples) / len(samples), "s"),
        Figure("watchers", "port-sync convergence via port-sync-now", instant, "s"),
        Figure(
            "watchers",
            "log bytes to disk per simulated day (file + journal)",
            (disk + journal) / 1024,
            "KiB",
            target_max=64.0,
            note=f"file {disk} B, stderr {journal} B",
        ),
        Figure(
            "watchers", "idle CPU of the watcher loop (3 watchers, default intervals)", idle, "% of a core"
        ),
    ]


if __name__ == "__main__":
    for figure in run():
        print(figure)
