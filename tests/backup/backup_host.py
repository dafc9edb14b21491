"""Helpers of the backup tests: a miniature Myflix host in a temporary directory (the *arr apps' SQLite
libraries, qBittorrent's fast-resume files, the bot's requests database, a real restic repository and the
tool's configuration).

The tool under test is the role's own code (roles/myflix_backup/files/myflix_backup), imported or run
with ``python -m myflix_backup`` exactly as the systemd units run it."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

TOOL_DIR = Path(__file__).resolve().parents[2] / "roles" / "myflix_backup" / "files"
sys.path.insert(0, str(TOOL_DIR))

from myflix_backup import config as backup_config  # noqa: E402

PASSWORD = "correct-horse-restic-test-7f3a9c"


def _require_restic() -> None:
    if shutil.which("restic") is None:
        pytest.fail("restic is not installed: run `make test` as root (scripts/test-deps.sh installs it)")


def make_library(path: Path, table: str, rows: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f'CREATE TABLE IF NOT EXISTS "{table}" (Id INTEGER PRIMARY KEY, Title TEXT, Added REAL)')
    db.executemany(f'INSERT INTO "{table}" (Title, Added) VALUES (?, 0)', [(f"t{i}",) for i in range(rows)])
    db.commit()
    db.close()


@dataclass
class Host:
    root: Path
    config_path: Path
    password_file: Path

    @property
    def cfg(self) -> backup_config.Config:
        return backup_config.load(self.config_path)

    def path(self, rel: str) -> Path:
        return self.root / rel

    def rows(self, rel: str, table: str) -> int:
        db = sqlite3.connect(self.path(rel))
        try:
            return int(db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0])
        finally:
            db.close()

    def cli(self, *args: str, check: bool = False) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "PYTHONPATH": str(TOOL_DIR)}
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "myflix_backup",
                "--config",
                str(self.config_path),
                "--lock-file",
                str(self.root / "lock"),
                *args,
            ],
            capture_output=True,
            text=True,
            env=env,
            check=False,
            timeout=300,
        )
        if check:
            assert proc.returncode == 0, proc.stdout + proc.stderr
        return proc

    def _restic_env(self) -> dict[str, str]:
        return {
            **os.environ,
            "RESTIC_REPOSITORY": str(self.root / "repo"),
            "RESTIC_PASSWORD_FILE": str(self.password_file),
            "RESTIC_CACHE_DIR": str(self.root / "cache"),
        }

    def restic(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["restic", *args], capture_output=True, text=True, env=self._restic_env(), check=False
        )

    def restic_dump(self, path: Path, snapshot: str = "latest") -> bytes:
        """One file of a snapshot, byte for byte as restic stored it."""
        proc = subprocess.run(
            ["restic", "dump", snapshot, str(path)], capture_output=True, env=self._restic_env(), check=False
        )
        assert proc.returncode == 0, proc.stderr
        return proc.stdout

    def snapshots(self) -> list[dict[str, Any]]:
        proc = self.restic("snapshots", "--json")
        assert proc.returncode == 0, proc.stderr
        return sorted(json.loads(proc.stdout) or [], key=lambda s: s["time"])

    def update_config(self, **changes: Any) -> None:
        raw = json.loads(self.config_path.read_text())
        raw.update(changes)
        self.config_path.write_text(json.dumps(raw))


def build_host(tmp_path: Path) -> Host:
    _require_restic()
    root = tmp_path
    appdata = root / "appdata"
    make_library(appdata / "radarr" / "radarr.db", "Movies", 3)
    make_library(appdata / "sonarr" / "sonarr.db", "Series", 2)
    make_library(appdata / "radarr" / "logs.db", "Logs", 50)
    (appdata / "radarr" / "config.xml").write_text("<Config><ApiKey>radarr-key-test-0000</ApiKey></Config>")
    (appdata / "radarr" / "MediaCover").mkdir()
    (appdata / "radarr" / "MediaCover" / "poster.jpg").write_bytes(b"\xff\xd8cache")
    bt = appdata / "qbittorrent" / "qBittorrent" / "BT_backup"
    bt.mkdir(parents=True)
    for i in range(4):
        (bt / f"{i:040x}.fastresume").write_bytes(b"d8:progressi100ee")
        (bt / f"{i:040x}.torrent").write_bytes(b"d4:infod4:name1:xee")
    (appdata / "qbittorrent" / "qBittorrent" / "qBittorrent.conf").write_text("[Preferences]\n")
    make_library(root / "bot" / "requests.sqlite", "requests", 5)
    secrets = root / "secrets"
    secrets.mkdir(mode=0o700)
    password_file = secrets / "restic-password"
    password_file.write_text(PASSWORD + "\n")
    password_file.chmod(0o600)
    temp = root / "thermal_temp"
    temp.write_text("45000\n")
    config = {
        "repository": str(root / "repo"),
        "password_file": str(password_file),
        "staging_dir": str(root / "work" / "staging"),
        "drill_dir": str(root / "work" / "drill"),
        "state_dir": str(root / "state"),
        "metrics_dir": str(root / "textfile"),
        "temperature_path": str(temp),
        "max_temperature_c": 80,
        "host": "testpi",
        "retention": {"daily": 7, "weekly": 4, "monthly": 6},
        "tiers": [{"name": "HDD", "path": str(root), "floor_bytes": 1}],
        "sources": [
            {
                "name": "radarr",
                "path": str(appdata / "radarr"),
                "sqlite": ["*.db"],
                "exclude": ["logs.db", "MediaCover", "Backups", "logs"],
            },
            {
                "name": "sonarr",
                "path": str(appdata / "sonarr"),
                "sqlite": ["*.db"],
                "exclude": ["logs.db", "MediaCover", "Backups", "logs"],
            },
            {
                "name": "qbittorrent",
                "path": str(appdata / "qbittorrent"),
                "include": ["qBittorrent/qBittorrent.conf", "qBittorrent/BT_backup/*"],
            },
            {"name": "bot", "path": str(root / "bot"), "sqlite": ["*.sqlite"]},
        ],
        "counts": [
            {"name": "movies", "kind": "sqlite", "path": "radarr/radarr.db", "table": "Movies"},
            {"name": "series", "kind": "sqlite", "path": "sonarr/sonarr.db", "table": "Series"},
            {"name": "torrents", "kind": "files", "path": "qbittorrent/qBittorrent/BT_backup/*.fastresume"},
            {"name": "requests", "kind": "sqlite", "path": "bot/requests.sqlite", "table": "requests"},
        ],
    }
    (root / "textfile").mkdir()
    config_path = root / "backup.json"
    config_path.write_text(json.dumps(config))
    return Host(root, config_path, password_file)
