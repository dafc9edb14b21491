"""Desired-state comparison of qBittorrent preferences and categories (pure, standard library only)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple


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
    return current == wanted


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
