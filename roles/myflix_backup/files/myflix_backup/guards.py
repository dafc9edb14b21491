"""When a backup must wait: the CPU is hot or throttled (the thermal governor is braking), or a storage
tier is below its space floor. A skipped backup is a notice, not a failure; the 36 h alert catches a
backup that keeps being skipped."""

from __future__ import annotations

import os
from pathlib import Path

from .config import Config

# Raspberry Pi firmware flags (vcgencmd get_throttled): bit 2 currently throttled, bit 3 soft temp limit.
THROTTLED_NOW = 0x4 | 0x8


def read_temperature(path: str) -> float | None:
    try:
        return int(Path(path).read_text().strip()) / 1000.0
    except (OSError, ValueError):
        return None


def read_throttled(path: str) -> int | None:
    if not path:
        return None
    try:
        return int(Path(path).read_text().strip(), 16)
    except (OSError, ValueError):
        return None


def free_bytes(path: str) -> int:
    st = os.statvfs(path)
    return st.f_bavail * st.f_frsize


def reasons_to_skip(config: Config) -> list[str]:
    reasons: list[str] = []
    temp = read_temperature(config.temperature_path)
    if temp is not None and temp >= config.max_temperature_c:
        limit = config.max_temperature_c
        reasons.append(f"CPU at {temp:.1f} °C (limit {limit:.0f} °C): the governor throttles")
    flags = read_throttled(config.throttled_path)
    if flags is not None and flags & THROTTLED_NOW:
        reasons.append(f"the firmware reports throttling (get_throttled=0x{flags:x})")
    for tier in config.tiers:
        try:
            free = free_bytes(tier.path)
        except OSError as exc:
            reasons.append(f"tier {tier.name} ({tier.path}) unreadable: {exc.strerror}")
            continue
        if free < tier.floor_bytes:
            reasons.append(
                f"tier {tier.name} has {free // 2**20} MiB free, "
                f"below its floor of {tier.floor_bytes // 2**20} MiB"
            )
    return reasons
