"""A process that runs only the watcher supervisor (thermal, port sync, leak guard with their default
intervals) against a qbittorrent-nox and a Gluetun given on the command line: what bench_watchers
measures the idle CPU of.

    python bench/watchers_loop.py QBT_URL USER GLUETUN_URL SENSOR_FILE   (password in $QBT_PASSWORD)
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

from ansible_collections.myflix.media.plugins.module_utils.gluetun import GluetunClient
from ansible_collections.myflix.media.plugins.module_utils.qbittorrent import QBittorrentClient
from myflix_bot.watchers.leak_guard import LeakGuardWatcher
from myflix_bot.watchers.metrics import WatcherMetrics
from myflix_bot.watchers.port_sync import PortSyncWatcher
from myflix_bot.watchers.settings import LeakGuardSettings, PortSyncSettings, ThermalSettings
from myflix_bot.watchers.supervisor import Supervisor
from myflix_bot.watchers.thermal import ThermalWatcher
from prometheus_client import CollectorRegistry


async def main(qbt_url: str, user: str, gluetun_url: str, sensor: str) -> None:
    qbt = QBittorrentClient(qbt_url, username=user, password=os.environ["QBT_PASSWORD"])
    state = Path(tempfile.mkdtemp()) / "leak.json"
    watchers = [
        ThermalWatcher(ThermalSettings(), qbt, sensor_path=sensor),
        PortSyncWatcher(PortSyncSettings(), GluetunClient(gluetun_url), qbt),
        LeakGuardWatcher(
            LeakGuardSettings(), GluetunClient(gluetun_url), qbt, home_ip="203.0.113.7", state_path=state
        ),
    ]
    sup = Supervisor(watchers, WatcherMetrics(CollectorRegistry()))
    sup.start()
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
