"""What a run leaves behind for people and Prometheus: ``status.json`` (read by the bot's /backup) and
``myflix_backup.prom`` in node-exporter's textfile collector directory. Both are written atomically and
hold no secret."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

STATUS = "status.json"
METRICS = "myflix_backup.prom"

HELP = {
    "myflix_backup_last_success_timestamp_seconds": "Unix time of the last successful backup.",
    "myflix_backup_bytes": "Bytes stored in the restic repository (raw data), per repository.",
    "myflix_backup_last_run_timestamp_seconds": "Unix time of the last backup attempt (any outcome).",
    "myflix_backup_skipped": "1 when the last backup was skipped (hot CPU or a tier below its floor).",
    "myflix_restore_drill_ok": "1 when the last restore drill passed, 0 when it failed.",
    "myflix_restore_drill_timestamp_seconds": "Unix time of the last restore drill.",
}


def atomic_write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(fd, "w") as handle:
            handle.write(text)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load_status(state_dir: Path) -> dict[str, Any]:
    try:
        status = json.loads((state_dir / STATUS).read_text())
    except (OSError, ValueError):
        return {}
    return status if isinstance(status, dict) else {}


def save_status(state_dir: Path, status: dict[str, Any]) -> None:
    atomic_write(state_dir / STATUS, json.dumps(status, indent=2, sort_keys=True) + "\n")


def render_metrics(status: dict[str, Any]) -> str:
    samples: dict[str, list[tuple[str, float]]] = {name: [] for name in HELP}
    for repo, info in sorted(status.get("repositories", {}).items()):
        label = f'{{repository="{repo}"}}'
        if info.get("last_success"):
            samples["myflix_backup_last_success_timestamp_seconds"].append((label, info["last_success"]))
        if info.get("bytes") is not None:
            samples["myflix_backup_bytes"].append((label, info["bytes"]))
    if status.get("last_run"):
        samples["myflix_backup_last_run_timestamp_seconds"].append(("", status["last_run"]))
        samples["myflix_backup_skipped"].append(("", 1 if status.get("skipped") else 0))
    drill = status.get("drill") or {}
    if drill.get("at"):
        samples["myflix_restore_drill_ok"].append(("", 1 if drill.get("ok") else 0))
        samples["myflix_restore_drill_timestamp_seconds"].append(("", drill["at"]))
    lines: list[str] = []
    for name, values in samples.items():
        if not values:
            continue
        lines += [f"# HELP {name} {HELP[name]}", f"# TYPE {name} gauge"]
        lines += [f"{name}{labels} {value:.0f}" for labels, value in values]
    return "\n".join(lines) + "\n"


def publish(state_dir: Path, metrics_dir: Path, status: dict[str, Any]) -> None:
    save_status(state_dir, status)
    if metrics_dir.is_dir():
        atomic_write(metrics_dir / METRICS, render_metrics(status))
