"""The manifest saved with every snapshot: when, from which host, and the library counts that a restore
and the drill check against (movies, series, torrents, requests, ...)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path
from typing import Any

from .config import Count

MANIFEST = "myflix-manifest.json"


def count_one(root: Path, count: Count) -> int:
    """The count measured in a save (or in the live data: ``root`` is then ``/`` plus absolute paths)."""
    path = root / count.path
    if count.kind == "files":
        return sum(1 for p in path.parent.glob(path.name) if p.is_file())
    if count.kind == "sqlite":
        if not path.is_file():
            return 0
        if not count.table.replace("_", "").isalnum():
            raise ValueError(f"count {count.name}: table name {count.table!r} is not a plain identifier")
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        try:
            exists = db.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (count.table,)
            ).fetchone()
            if not exists:
                return 0
            return int(db.execute(f'SELECT COUNT(*) FROM "{count.table}"').fetchone()[0])  # noqa: S608
        finally:
            db.close()
    raise ValueError(f"count {count.name}: unknown kind {count.kind!r} (sqlite or files)")


def measure(root: Path, counts: tuple[Count, ...]) -> dict[str, int]:
    return {c.name: count_one(root, c) for c in counts}


def build(host: str, counts: dict[str, int], files: int, databases: int, size: int) -> dict[str, Any]:
    return {
        "version": 1,
        "host": host,
        "created_at": time.time(),
        "counts": counts,
        "files": files,
        "databases": databases,
        "bytes": size,
    }


def write(staging: Path, manifest: dict[str, Any]) -> Path:
    path = staging / MANIFEST
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return path


def find(restored: Path) -> Path:
    """The manifest in a restored tree (restic restores the staging directory under its absolute path)."""
    found = sorted(restored.rglob(MANIFEST))
    if len(found) != 1:
        raise FileNotFoundError(f"expected one {MANIFEST} in the restored snapshot, found {len(found)}")
    return found[0]


def mismatches(expected: dict[str, int], measured: dict[str, int]) -> list[str]:
    return [
        f"{name}: manifest {want}, found {measured.get(name)}"
        for name, want in sorted(expected.items())
        if measured.get(name) != want
    ]
