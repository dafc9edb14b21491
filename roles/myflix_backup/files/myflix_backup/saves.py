"""Consistent copies of the app state into the staging directory.

SQLite databases are copied with the online backup API (``sqlite3.Connection.backup``): the copy is one
consistent state of the database even while the app writes to it, WAL or not. Every other file is copied
as it is. Owners and modes are kept so that restic records them and a restore puts them back.
"""

from __future__ import annotations

import fnmatch
import os
import shutil
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import Source

SQLITE_MAGIC = b"SQLite format 3\x00"
# Never saved whatever the globs say: SQLite's side files (the online backup has folded them in).
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
ALWAYS_SKIPPED = tuple(f"*{suffix}" for suffix in SIDE_SUFFIXES)


@dataclass
class SaveReport:
    files: int = 0
    databases: int = 0
    bytes: int = 0
    missing: tuple[str, ...] = ()


def is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(16) == SQLITE_MAGIC
    except OSError:
        return False


def _matches(relative: str, patterns: tuple[str, ...]) -> bool:
    name = relative.rsplit("/", 1)[-1]
    return any(
        fnmatch.fnmatch(relative, p) or fnmatch.fnmatch(name, p) or relative.startswith(p.rstrip("/") + "/")
        for p in patterns
    )


def copy_database(source: Path, target: Path) -> None:
    """One consistent copy of a live SQLite database (read-only connection, online backup API)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=1024)
        finally:
            dst.close()
    finally:
        src.close()
    _keep_metadata(source, target)


def _keep_metadata(source: Path, target: Path) -> None:
    st = source.stat()
    os.chmod(target, st.st_mode & 0o7777)
    if os.geteuid() == 0:
        os.chown(target, st.st_uid, st.st_gid)


def selected(source: Source) -> Iterator[tuple[str, Path, bool]]:
    """The files of a source that a save keeps: (relative path, path, is a database to copy online)."""
    root = Path(source.path)
    for dirpath, dirnames, filenames in os.walk(root):
        here = Path(dirpath)
        rel_dir = here.relative_to(root).as_posix()
        dirnames[:] = sorted(d for d in dirnames if not _matches(_join(rel_dir, d), source.exclude))
        for name in sorted(filenames):
            rel = _join(rel_dir, name)
            path = here / name
            if path.is_symlink() or not path.is_file():
                continue
            if _matches(rel, source.exclude) or _matches(rel, ALWAYS_SKIPPED):
                continue
            if _matches(rel, source.sqlite) and is_sqlite(path):
                yield rel, path, True
            elif not source.include or _matches(rel, source.include):
                yield rel, path, False


def save_source(source: Source, staging: Path) -> SaveReport:
    root = Path(source.path)
    out = staging / source.name
    report = SaveReport()
    if not root.is_dir():
        if source.optional:
            report.missing = (source.path,)
            return report
        raise FileNotFoundError(f"{source.name}: {source.path} is missing")
    _keep_dir_metadata(root, out)
    for rel, path, is_db in selected(source):
        target = out / rel
        for parent in reversed(Path(rel).parents[:-1]):
            if not (out / parent).exists():
                _keep_dir_metadata(root / parent, out / parent)
        if is_db:
            copy_database(path, target)
            report.databases += 1
        else:
            shutil.copy2(path, target)
            _keep_metadata(path, target)
        report.files += 1
        report.bytes += target.stat().st_size
    return report


def _join(rel_dir: str, name: str) -> str:
    return name if rel_dir in {"", "."} else f"{rel_dir}/{name}"


def _keep_dir_metadata(source: Path, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    _keep_metadata(source, target)
