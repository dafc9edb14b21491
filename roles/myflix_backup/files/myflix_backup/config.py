"""The tool's configuration: one JSON file rendered by the myflix_backup role (no secrets in it).

The restic password is read by restic itself from ``password_file`` (RESTIC_PASSWORD_FILE); the offsite
backend's credentials, if any, come from ``offsite_env_file`` (KEY=VALUE, mode 0600).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Source:
    """One directory to save. ``sqlite`` globs are copied with the SQLite online backup API, the rest of
    the files matching ``include`` (all when empty) are copied as they are, minus ``exclude``."""

    name: str
    path: str
    sqlite: tuple[str, ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    # a user or group name, or a numeric id (the role's defaults are the PUID and PGID, integers)
    owner: str | int | None = None
    group: str | int | None = None
    optional: bool = True


@dataclass(frozen=True)
class Count:
    """A library count written to the manifest: rows of a table of a saved SQLite database, or files
    matching a glob. ``path`` is relative to the save (``<source>/<file>``)."""

    name: str
    kind: str  # "sqlite" or "files"
    path: str
    table: str = ""


@dataclass(frozen=True)
class Tier:
    name: str
    path: str
    floor_bytes: int


@dataclass(frozen=True)
class Config:
    repository: str
    password_file: str
    staging_dir: str
    drill_dir: str
    state_dir: str
    metrics_dir: str
    sources: tuple[Source, ...]
    counts: tuple[Count, ...]
    tiers: tuple[Tier, ...] = ()
    retention: tuple[str, ...] = ("--keep-daily", "7", "--keep-weekly", "4", "--keep-monthly", "6")
    offsite_repository: str = ""
    offsite_env_file: str = ""
    host: str = "myflix"
    tag: str = "myflix"
    max_temperature_c: float = 80.0
    temperature_path: str = "/sys/class/thermal/thermal_zone0/temp"
    throttled_path: str = ""
    drill_read_data_subset: str = "5%"
    restic: str = "restic"


def _source(raw: dict[str, Any]) -> Source:
    return Source(
        name=str(raw["name"]),
        path=str(raw["path"]),
        sqlite=tuple(raw.get("sqlite", ())),
        include=tuple(raw.get("include", ())),
        exclude=tuple(raw.get("exclude", ())),
        owner=raw.get("owner"),
        group=raw.get("group"),
        optional=bool(raw.get("optional", True)),
    )


def _retention(raw: dict[str, Any]) -> tuple[str, ...]:
    args: list[str] = []
    for key, value in sorted(raw.items()):
        if int(value) > 0:
            args += [f"--keep-{key}", str(int(value))]
    if not args:
        raise ValueError("retention keeps nothing: set at least one of daily, weekly, monthly, ...")
    return tuple(args)


def load(path: str | Path) -> Config:
    raw = json.loads(Path(path).read_text())
    known = {f for f in Config.__dataclass_fields__}
    nested = {"sources", "counts", "tiers", "retention"}
    simple = {k: v for k, v in raw.items() if k in known and k not in nested}
    names = [s["name"] for s in raw["sources"]]
    if len(names) != len(set(names)):
        raise ValueError(f"source names must be unique: {names}")
    return Config(
        **simple,
        sources=tuple(_source(s) for s in raw["sources"]),
        counts=tuple(Count(**c) for c in raw.get("counts", ())),
        tiers=tuple(Tier(**t) for t in raw.get("tiers", ())),
        retention=_retention(raw["retention"]) if "retention" in raw else Config.retention,
    )
