"""``myflix-backup drill``: restore the latest snapshot into a scratch directory and prove it usable.

``restic check --read-data-subset``, ``PRAGMA integrity_check`` on every SQLite database, and the
manifest's counts measured again in the restored tree. No container is needed. The result goes to
``status.json`` and the ``myflix_restore_drill_ok`` metric (the MyflixRestoreDrillFailed alert tells the
admins on Telegram through Alertmanager)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from pathlib import Path

from . import manifest, report
from .backup import local_restic
from .config import Config, Count
from .restic import ResticError
from .saves import is_sqlite


def integrity_problems(root: Path) -> tuple[int, list[str]]:
    checked = 0
    problems: list[str] = []
    for path in sorted(p for p in root.rglob("*") if p.is_file() and is_sqlite(p)):
        checked += 1
        try:
            db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            try:
                rows = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
            finally:
                db.close()
        except sqlite3.DatabaseError as exc:
            rows = [str(exc)]
        if rows != ["ok"]:
            problems.append(f"{path.relative_to(root)}: {'; '.join(rows[:3])}")
    return checked, problems


def verify_restored(root: Path) -> tuple[dict[str, object], list[str]]:
    """Checks of a restored tree: every database intact, the manifest's counts found again."""
    saved_manifest = manifest.find(root)
    data = json.loads(saved_manifest.read_text())
    save_root = saved_manifest.parent
    counts = tuple(Count(**c) for c in data.get("count_specs", []))
    checked, problems = integrity_problems(save_root)
    problems += manifest.mismatches(data["counts"], manifest.measure(save_root, counts))
    return {"databases": checked, "counts": data["counts"], "created_at": data["created_at"]}, problems


def run(config: Config) -> int:
    restic = local_restic(config)
    scratch = Path(config.drill_dir)
    result: dict[str, object] = {"at": time.time(), "ok": False}
    problems: list[str] = []
    try:
        if scratch.exists():
            shutil.rmtree(scratch)
        scratch.mkdir(parents=True, mode=0o700)
        snaps = restic.snapshots(config.tag)
        if not snaps:
            raise ResticError("the repository has no snapshot yet")
        result["snapshot"] = snaps[-1]["short_id"]
        restic.run("check", f"--read-data-subset={config.drill_read_data_subset}")
        restic.run("restore", snaps[-1]["id"], "--target", str(scratch))
        details, problems = verify_restored(scratch)
        result.update(details)
    except (ResticError, FileNotFoundError, ValueError) as exc:
        problems.append(str(exc))
    result["ok"] = not problems
    result["problems"] = problems
    state_dir = Path(config.state_dir)
    status = report.load_status(state_dir)
    status["drill"] = result
    report.publish(state_dir, Path(config.metrics_dir), status)
    if problems:
        print("restore drill FAILED: " + "; ".join(problems))
        return 1
    shutil.rmtree(scratch, ignore_errors=True)
    print(
        f"restore drill ok: snapshot {result['snapshot']}, {result['databases']} databases intact, "
        f"counts {result['counts']}"
    )
    return 0
