"""``myflix-backup restore``: put a snapshot back on this host (the stack must be stopped by the caller,
playbooks/restore.yml does it).

Order of safety: restic is asked first (a wrong password stops here, nothing touched); the snapshot is
restored into a scratch directory and checked like the drill does; the host is refused when it holds newer
data than the snapshot (unless forced); only then is each source's saved subset mirrored back in place,
SQLite side files (-wal/-shm/-journal) of every restored database removed, owners restored.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import drill, manifest
from .backup import local_restic
from .config import Config, Count, Source
from .saves import SIDE_SUFFIXES, selected


class RestoreRefused(RuntimeError):
    """The restore would lose data or restore something broken; nothing was changed."""


@dataclass(frozen=True)
class Prepared:
    snapshot: dict[str, Any]
    root: Path  # the restored staging directory (holds one folder per source and the manifest)
    manifest: dict[str, Any]


def pick(snaps: list[dict[str, Any]], wanted: str) -> dict[str, Any]:
    if not snaps:
        raise RestoreRefused("the repository has no snapshot")
    if wanted == "latest":
        return snaps[-1]
    found = [s for s in snaps if s["id"].startswith(wanted) or s["short_id"] == wanted]
    if len(found) != 1:
        raise RestoreRefused(f"snapshot {wanted!r} matches {len(found)} snapshots")
    return found[0]


def live_path(config: Config, count_path: str) -> Path | None:
    source_name, _, rest = count_path.partition("/")
    for source in config.sources:
        if source.name == source_name:
            return Path(source.path) / rest
    return None


def last_change(count: Count, path: Path) -> float | None:
    """When the counted data last changed on the host: the files' mtimes, for a database also its WAL's
    when it holds frames (an empty WAL is only a connection that was opened; reading the database to count
    it creates one, so this is measured before the count)."""
    files = list(path.parent.glob(path.name)) if count.kind == "files" else [path]
    mtimes = [p.stat().st_mtime for p in files if p.exists()]
    wal = Path(f"{path}-wal")
    if count.kind == "sqlite" and wal.exists() and wal.stat().st_size > 0:
        mtimes.append(wal.stat().st_mtime)
    return max(mtimes, default=None)


def newer_data(config: Config, saved: dict[str, Any]) -> list[str]:
    """Why the host's data is newer than the snapshot: it holds a library and it changed after the save.
    A freshly provisioned host (empty libraries) is never newer."""
    findings: list[str] = []
    for spec in saved.get("count_specs", []):
        count = Count(**spec)
        path = live_path(config, count.path)
        if path is None:
            continue
        changed = last_change(count, path)
        live = manifest.count_one(Path("/"), Count(count.name, count.kind, str(path), count.table))
        if live and changed is not None and changed > saved["created_at"]:
            findings.append(f"{count.name}: {live} on the host, changed after the snapshot")
    return findings


def prepare(config: Config, wanted: str, scratch: Path) -> Prepared:
    restic = local_restic(config)
    snap = pick(restic.snapshots(config.tag), wanted)  # a wrong password stops here
    if scratch.exists():
        shutil.rmtree(scratch)
    scratch.mkdir(parents=True, mode=0o700)
    restic.run("restore", snap["id"], "--target", str(scratch))
    _details, problems = drill.verify_restored(scratch)
    if problems:
        raise RestoreRefused(f"snapshot {snap['short_id']} does not check out: " + "; ".join(problems))
    found = manifest.find(scratch)
    return Prepared(snap, found.parent, json.loads(found.read_text()))


def _chown_like(src: Path, dst: Path) -> None:
    st = src.stat()
    os.chmod(dst, st.st_mode & 0o7777)
    if os.geteuid() == 0:
        os.chown(dst, st.st_uid, st.st_gid)


def _drop_side_files(db: Path) -> None:
    """SQLite's -wal/-shm/-journal beside ``db`` removed: left there, the next connection would replay the
    old WAL (or roll back the old journal) onto the restored database, or keep an orphan."""
    for suffix in SIDE_SUFFIXES:
        Path(f"{db}{suffix}").unlink(missing_ok=True)


def mirror(source: Source, saved: Path) -> int:
    """The source's saved subset made equal to the snapshot: files the snapshot lacks are removed, the
    others copied with their owners; what the save never covers (logs, caches) is left alone.

    Every database restored or removed leaves no -wal/-shm/-journal behind, and none is ever copied from
    the restored tree (checking it with SQLite may have created some there): a restored database is
    byte for byte the snapshot's consistent copy. Each file is written beside its target and renamed
    over it, so an interrupted restore never leaves a half-written database."""
    root = Path(source.path)
    root.mkdir(parents=True, exist_ok=True)
    wanted = {
        p.relative_to(saved).as_posix()
        for p in saved.rglob("*")
        if p.is_file() and not p.name.endswith(SIDE_SUFFIXES)
    }
    for rel, path, _ in list(selected(source)):
        if rel not in wanted:
            path.unlink()
            _drop_side_files(path)
    restored = 0
    for rel in sorted(wanted):
        src, dst = saved / rel, root / rel
        for parent in reversed(Path(rel).parents[:-1]):
            if not (root / parent).exists():
                (root / parent).mkdir()
                _chown_like(saved / parent, root / parent)
        partial = dst.with_name(f".{dst.name}.myflix-restore")
        try:
            shutil.copy2(src, partial)
            _chown_like(src, partial)
            _drop_side_files(dst)
            os.replace(partial, dst)
        finally:
            partial.unlink(missing_ok=True)
        restored += 1
    _chown_like(saved, root)
    if source.owner or source.group:
        for dirpath, _, filenames in os.walk(root):
            for name in [".", *filenames]:
                # one of the two is set (tested above); shutil.chown's overloads cannot see it
                shutil.chown(Path(dirpath) / name, source.owner, source.group)  # type: ignore[arg-type]
    return restored


def run(config: Config, wanted: str, *, force: bool, apply: bool) -> dict[str, Any]:
    scratch = Path(config.staging_dir).with_name(Path(config.staging_dir).name + "-restore")
    try:
        prepared = prepare(config, wanted, scratch)
        newer = newer_data(config, prepared.manifest)
        if newer and not force:
            raise RestoreRefused(
                f"the host has newer data than snapshot {prepared.snapshot['short_id']} ("
                + "; ".join(newer)
                + "); rerun with myflix_restore_force=true to overwrite it"
            )
        result: dict[str, Any] = {
            "snapshot": prepared.snapshot["short_id"],
            "snapshot_time": prepared.snapshot["time"],
            "counts": prepared.manifest["counts"],
            "newer_data_overwritten": newer if apply else [],
            "applied": apply,
            "restored_files": 0,
        }
        if apply:
            for source in config.sources:
                saved = prepared.root / source.name
                if saved.is_dir():
                    result["restored_files"] += mirror(source, saved)
            state = Path(config.state_dir)
            state.mkdir(parents=True, exist_ok=True)
            (state / "last-restore.json").write_text(json.dumps(result, indent=2) + "\n")
        return result
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
