"""Desired-state comparison of qBittorrent preferences and categories (pure, standard library only).

Speed limits: the WebUI API's ``dl_limit``, ``up_limit``, ``alt_dl_limit`` and ``alt_up_limit`` are in
**bytes/s** (0 = unlimited), although the 4.x wiki says KiB/s: qBittorrent 4.5.2 stores the value divided by
1024 in ``qBittorrent.conf`` (``Session\\AlternativeGlobalDLSpeedLimit``, KiB/s), so a byte value below
1024 becomes 0 and only whole KiB/s survive a round trip. People think in KiB/s: :func:`limit_to_api` is the
one conversion, at the boundary, for every module and watcher that sets or reads a limit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

BYTES_PER_KIB = 1024
SPEED_LIMIT_KEYS = ("dl_limit", "up_limit", "alt_dl_limit", "alt_up_limit")


def limit_to_api(kib_per_second: int) -> int:
    """A speed limit in KiB/s (0 = unlimited) as the WebUI API takes it: bytes/s."""
    if isinstance(kib_per_second, bool) or not isinstance(kib_per_second, int) or kib_per_second < 0:
        raise ValueError(f"a speed limit is a whole number of KiB/s, 0 for unlimited; not {kib_per_second!r}")
    return kib_per_second * BYTES_PER_KIB


def limit_from_api(bytes_per_second: float) -> int:
    """A WebUI API speed limit (bytes/s; 0 or less = unlimited) in whole KiB/s (0 = unlimited)."""
    return max(0, int(bytes_per_second) // BYTES_PER_KIB)


class CategoryChange(NamedTuple):
    """One category to create (``before`` is None) or whose save path to change."""

    name: str
    save_path: str
    before: str | None


def same_value(key: str, current: Any, wanted: Any) -> bool:
    """qBittorrent equality: numbers by value, paths without a trailing slash, lists as sets of lines."""
    if isinstance(wanted, bool) or isinstance(current, bool):
        return current is wanted
    if isinstance(wanted, (int, float)) and isinstance(current, (int, float)):
        return float(current) == float(wanted)
    if isinstance(wanted, str) and isinstance(current, str):
        if key.endswith("_path") or key == "savePath":
            return normalize_path(current) == normalize_path(wanted)
        return current == wanted
    return bool(current == wanted)  # JSON values: lists, objects or null


def normalize_path(path: str) -> str:
    """A path without trailing slashes (except the root)."""
    stripped = path.rstrip("/")
    return stripped or ("/" if path.startswith("/") else "")


def preference_changes(current: Mapping[str, Any], wanted: Mapping[str, Any]) -> dict[str, Any]:
    """The subset of ``wanted`` that differs from ``current``."""
    return {
        key: value
        for key, value in wanted.items()
        if key not in current or not same_value(key, current[key], value)
    }


def unknown_keys(
    current: Mapping[str, Any], wanted: Mapping[str, Any], write_only: Sequence[str] = ()
) -> list[str]:
    """Keys of ``wanted`` that this qBittorrent does not report (typos, or another version's keys)."""
    return sorted(key for key in wanted if key not in current and key not in write_only)


def category_changes(
    current: Mapping[str, Mapping[str, Any]], wanted: Mapping[str, str]
) -> list[CategoryChange]:
    """Categories to create or to move: ``wanted`` maps a name to its save path."""
    changes = []
    for name, save_path in wanted.items():
        existing = current.get(name)
        if existing is None:
            changes.append(CategoryChange(name, save_path, None))
            continue
        before = str(existing.get("savePath", ""))
        if not same_value("savePath", before, save_path):
            changes.append(CategoryChange(name, save_path, before))
    return changes
