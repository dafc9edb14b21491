"""Local system stats: storage tiers, CPU temperature, the Pi's throttled flags, RAM and load.

Read from the kernel's files (paths configurable, so tests use a fake tree) in a worker thread: a
``statvfs`` on a spun-down USB disk can block for seconds and must never block the event loop.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from myflix_bot.config import SystemConfig
from myflix_bot.models import StorageUsage, SystemData

# Bits of the firmware's get_throttled value.
UNDERVOLTAGE_NOW, CAPPED_NOW, THROTTLED_NOW, SOFT_TEMP_NOW = 1 << 0, 1 << 1, 1 << 2, 1 << 3
PAST_SHIFT = 16


def read_storage(name: str, path: str) -> StorageUsage | None:
    try:
        st = os.statvfs(path)
    except OSError:
        return None
    total = st.f_blocks * st.f_frsize
    free = st.f_bavail * st.f_frsize
    used = total - st.f_bfree * st.f_frsize
    return StorageUsage(name=name, used=used, total=used + free if total else 0)


def read_temperature(path: str) -> float | None:
    try:
        return int(Path(path).read_text().strip()) / 1000.0
    except (OSError, ValueError):
        return None


def read_throttled(path: str) -> int | None:
    """The firmware's get_throttled value (``0x50005`` from vcgencmd, or a plain number in sysfs)."""
    try:
        text = Path(path).read_text().strip()
    except OSError:
        return None
    # sysfs prints hex digits without a prefix ("50005"); vcgencmd prints "throttled=0x50005".
    text = text.split("=", 1)[-1].strip().lower().removeprefix("0x")
    try:
        return int(text, 16)
    except ValueError:
        return None


def read_meminfo(path: str = "/proc/meminfo") -> tuple[int | None, int | None]:
    try:
        fields = {}
        for line in Path(path).read_text().splitlines():
            key, _, rest = line.partition(":")
            parts = rest.split()
            if parts and parts[0].isdigit():
                fields[key] = int(parts[0]) * 1024
    except OSError:
        return None, None
    total = fields.get("MemTotal")
    avail = fields.get("MemAvailable")
    if total is None or avail is None:
        return None, total
    return total - avail, total


class SystemSource:
    name = "system"

    def __init__(self, config: SystemConfig, meminfo_path: str = "/proc/meminfo") -> None:
        self._config = config
        self._meminfo = meminfo_path

    def read(self) -> SystemData:
        used, total = read_meminfo(self._meminfo)
        try:
            load = os.getloadavg()
        except OSError:
            load = None
        return SystemData(
            storage=tuple(read_storage(t.name, t.path) for t in self._config.storage),
            storage_names=tuple(t.name for t in self._config.storage),
            cpu_temp=read_temperature(self._config.thermal_path),
            throttled=read_throttled(self._config.throttled_path),
            mem_used=used,
            mem_total=total,
            load=load,
        )

    async def fetch(self) -> SystemData:
        return await asyncio.to_thread(self.read)
