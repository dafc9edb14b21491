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
from .saves import ALWAYS_SKIPPED, selected


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


def newer_data(config: Config, saved: dict[str, Any]) -> list[str]:
    """Why the host's data is newer than the snapshot: it holds a library and it changed after the save.
    A freshly provisioned host (empty libraries) is never newer."""
    findings: list[str] = []
    for spec in saved.get("count_specs", []):
        count = Count(**spec)
        path = live_path(config, count.path)
        if path is None:
            continue
        live = manifest.count_one(Path("/"), Count(count.name, count.kind, str(path), count.table))
        if live == 0:
            continue
        files = list(path.parent.glob(path.name)) if count.kind == "files" else [path]
        mtimes = [p.stat().st_mtime for p in files if p.exists()]
        for side in (Path(f"{path}-wal"),) if count.kind == "sqlite" else ():
            if side.exists():
                mtimes.append(side.stat().st_mtime)
        if mtimes and max(mtimes) > saved["created_at"]:
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


def mirror(source: Source, saved: Path) -> int:
    """The source's saved subset made equal to the snapshot: files the snapshot lacks are removed, the
    others copied with their owners; what the save never covers (logs, caches) is left alone."""
    root = Path(source.path)
    root.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(saved).as_posix() for p in saved.rglob("*") if p.is_file()}
    for rel, path, _ in list(selected(source)):
        if rel not in wanted:
            path.unlink()
    restored = 0
    for rel in sorted(wanted):
        src, dst = saved / rel, root / rel
        for parent in reversed(Path(rel).parents[:-1]):
            if not (root / parent).exists():
                (root / parent).mkdir()
                _chown_like(saved / parent, root / parent)
        for pattern in ALWAYS_SKIPPED:
            Path(f"{dst}{pattern.lstrip('*')}").unlink(missing_ok=True)
        shutil.copy2(src, dst)
        _chown_like(src, dst)
        restored += 1
    _chown_like(saved, root)
    if source.owner or source.group:
        for dirpath, _, filenames in os.walk(root):
            for name in [".", *filenames]:
                shutil.chown(Path(dirpath) / name, source.owner, source.group)
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
