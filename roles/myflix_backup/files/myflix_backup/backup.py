"""``myflix-backup run``: guards, consistent saves, manifest, restic backup, retention, offsite, report."""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from . import guards, manifest, report
from .config import Config
from .restic import Restic, ResticError, read_env_file
from .saves import save_source


def local_restic(config: Config) -> Restic:
    return Restic(config.repository, config.password_file, config.restic)


def offsite_restic(config: Config) -> Restic | None:
    if not config.offsite_repository:
        return None
    env = tuple(sorted(read_env_file(config.offsite_env_file).items()))
    return Restic(config.offsite_repository, config.password_file, config.restic, env)


def stage(config: Config) -> tuple[Path, dict[str, Any]]:
    """Every source copied consistently into a fresh staging directory, with the manifest."""
    staging = Path(config.staging_dir)
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True, mode=0o700)
    files = databases = size = 0
    missing: list[str] = []
    for source in config.sources:
        saved = save_source(source, staging)
        files += saved.files
        databases += saved.databases
        size += saved.bytes
        missing += saved.missing
    counts = manifest.measure(staging, config.counts)
    built = manifest.build(config.host, counts, files, databases, size)
    built["missing"] = missing
    built["count_specs"] = [asdict(c) for c in config.counts]
    manifest.write(staging, built)
    return staging, built


def snapshot(restic: Restic, config: Config, staging: Path, at: str | None) -> None:
    restic.ensure_initialised()
    args = ["backup", str(staging), "--tag", config.tag, "--host", config.host]
    if at:
        args += ["--time", at]
    restic.run(*args)


def forget(restic: Restic, config: Config) -> list[dict[str, Any]]:
    """Apply the retention policy; returns the snapshots kept, oldest first."""
    selection = ("--tag", config.tag, "--host", config.host)
    out = restic.run("forget", *selection, *config.retention, "--prune", "--json")
    groups = json.loads(out.splitlines()[0]) if out.strip() else []  # prune's notes follow the JSON line
    kept = [snap for group in groups or [] for snap in group.get("keep") or []]
    return sorted(kept, key=lambda s: s["time"])


def run(config: Config, *, at: str | None = None, now: float | None = None) -> int:
    """0 on success or a skip (a notice is printed), 1 when any repository failed."""
    state_dir = Path(config.state_dir)
    status = report.load_status(state_dir)
    status["last_run"] = now or time.time()
    reasons = guards.reasons_to_skip(config)
    if reasons:
        status.update(skipped=True, skip_reasons=reasons)
        report.publish(state_dir, Path(config.metrics_dir), status)
        print("backup skipped: " + "; ".join(reasons))
        return 0
    status.update(skipped=False, skip_reasons=[])
    failures: list[str] = []
    staging, built = stage(config)
    try:
        targets = [("local", local_restic(config))]
        offsite = offsite_restic(config)
        if offsite:
            targets.append(("offsite", offsite))
        for name, restic in targets:
            info = status.setdefault("repositories", {}).setdefault(name, {})
            try:
                snapshot(restic, config, staging, at)
                snaps = forget(restic, config)
                size = restic.size()
            except ResticError as exc:
                info["error"] = str(exc)
                failures.append(f"{name}: {exc}")
                continue
            info.update(
                last_success=time.time(),
                bytes=size,
                snapshots=len(snaps),
                last_snapshot=snaps[-1]["short_id"] if snaps else None,
                error=None,
            )
        status["last_manifest"] = built
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    report.publish(state_dir, Path(config.metrics_dir), status)
    for failure in failures:
        print(f"backup failed: {failure}")
    if not failures:
        print(f"backup done: {built['files']} files, {built['databases']} databases, {built['counts']}")
    return 1 if failures else 0
