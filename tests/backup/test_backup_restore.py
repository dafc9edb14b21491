"""The backup tool against a real restic repository: a backup that the drill and a restore prove,
skips, retention, the refusal to overwrite newer data, a wrong password, and no secret in any output."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from backup_host import PASSWORD, Host, make_library
from myflix_backup import backup, drill, restore

DEADLINE = 60.0


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_backup_saves_the_libraries_and_the_drill_proves_it(host: Host) -> None:
    run = host.cli("run", check=True)
    assert "backup done" in run.stdout
    snaps = host.snapshots()
    assert len(snaps) == 1
    assert snaps[0]["hostname"] == "testpi"
    listed = host.restic("ls", "latest").stdout
    assert "radarr.db" in listed
    assert "BT_backup" in listed
    assert "requests.sqlite" in listed
    assert "logs.db" not in listed
    assert "MediaCover" not in listed
    status = json.loads((host.root / "state" / "status.json").read_text())
    assert status["last_manifest"]["counts"] == {"movies": 3, "series": 2, "torrents": 4, "requests": 5}
    metrics = (host.root / "textfile" / "myflix_backup.prom").read_text()
    assert 'myflix_backup_last_success_timestamp_seconds{repository="local"}' in metrics
    assert 'myflix_backup_bytes{repository="local"}' in metrics

    drilled = host.cli("drill", check=True)
    assert "restore drill ok" in drilled.stdout
    metrics = (host.root / "textfile" / "myflix_backup.prom").read_text()
    assert "myflix_restore_drill_ok 1" in metrics
    assert not (host.root / "work" / "drill").exists()  # the scratch copy is removed after a pass


@pytest.mark.parametrize("stored", ["null", "[]", '"done"'])
def test_a_status_file_that_is_not_an_object_is_replaced_not_a_crash(host: Host, stored: str) -> None:
    # valid JSON of another type (an edit, another tool): every run crashed on it before
    status_file = host.root / "state" / "status.json"
    status_file.parent.mkdir(parents=True, exist_ok=True)
    status_file.write_text(stored)
    run = host.cli("run", check=True)
    assert "backup done" in run.stdout
    assert json.loads(status_file.read_text())["last_manifest"]["counts"]["movies"] == 3


def test_the_drill_fails_on_a_corrupt_database_and_says_so_in_the_metric(host: Host) -> None:
    db = host.path("bot/requests.sqlite")
    make_library(db, "requests", 400)  # several pages, so a damaged b-tree page is detectable
    sqlite3.connect(db).execute("PRAGMA wal_checkpoint(TRUNCATE)").close()
    data = bytearray(db.read_bytes())
    page = 4096
    data[2 * page + 8 : 2 * page + 200] = b"\x07" * 192  # scribble over the second table page's cells
    db.write_bytes(bytes(data))
    host.cli("run", check=True)
    drilled = host.cli("drill")
    assert drilled.returncode == 1
    assert "restore drill FAILED" in drilled.stdout
    assert "requests.sqlite" in drilled.stdout
    assert "myflix_restore_drill_ok 0" in (host.root / "textfile" / "myflix_backup.prom").read_text()


def test_a_database_written_during_the_backup_restores_with_a_clean_integrity_check(host: Host) -> None:
    db_path = host.path("appdata/radarr/radarr.db")
    written = 0
    stop = threading.Event()
    progressed = threading.Condition()

    def writer() -> None:
        nonlocal written
        db = sqlite3.connect(db_path, timeout=30)
        while not stop.is_set():
            db.execute('INSERT INTO "Movies" (Title, Added) VALUES (?, 1)', ("x" * 2000,))
            db.commit()
            with progressed:
                written += 1
                progressed.notify_all()
        db.close()

    def wait_for(rows: int) -> None:
        with progressed:
            assert progressed.wait_for(lambda: written >= rows, timeout=DEADLINE), "the writer stalled"

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    try:
        wait_for(50)
        before = written
        assert backup.run(host.cfg) == 0
        wait_for(written + 50)  # the app kept writing after the save
    finally:
        stop.set()
        thread.join(DEADLINE)
    saved = json.loads((host.root / "state" / "status.json").read_text())["last_manifest"]["counts"]["movies"]
    assert 3 + before <= saved < host.rows("appdata/radarr/radarr.db", "Movies")
    assert drill.run(host.cfg) == 0  # integrity_check ok and the saved count found again


def test_a_hot_cpu_or_a_full_tier_skips_the_backup_with_a_notice(host: Host) -> None:
    (host.root / "thermal_temp").write_text("85000\n")
    hot = host.cli("run", check=True)
    assert "backup skipped" in hot.stdout
    assert "85.0 °C" in hot.stdout
    assert not (host.root / "repo").exists()
    assert "myflix_backup_skipped 1" in (host.root / "textfile" / "myflix_backup.prom").read_text()

    (host.root / "thermal_temp").write_text("50000\n")
    host.update_config(tiers=[{"name": "HDD", "path": str(host.root), "floor_bytes": 2**62}])
    full = host.cli("run", check=True)
    assert "backup skipped" in full.stdout
    assert "below its floor" in full.stdout
    assert not (host.root / "repo").exists()

    host.update_config(tiers=[{"name": "HDD", "path": str(host.root), "floor_bytes": 2**20}])
    host.cli("run", check=True)
    assert len(host.snapshots()) == 1
    assert "myflix_backup_skipped 0" in (host.root / "textfile" / "myflix_backup.prom").read_text()


def test_retention_forgets_old_snapshots_as_the_policy_says(host: Host) -> None:
    host.update_config(retention={"daily": 3, "weekly": 2, "monthly": 2})
    days = ["2025-12-20", "2026-01-20", "2026-02-15"] + [f"2026-03-{d:02d}" for d in range(1, 11)]
    for day in days:
        assert backup.run(host.cfg, at=f"{day} 03:00:00") == 0
    kept = [s["time"][:10] for s in host.snapshots()]
    # daily: Mar 10, 9, 8; weekly (ISO weeks of Mar 9 and Mar 2): Mar 10, Mar 8; monthly: Mar 10, Feb 15.
    assert kept == ["2026-02-15", "2026-03-08", "2026-03-09", "2026-03-10"]


def test_a_dead_disk_comes_back_from_the_snapshot(host: Host) -> None:
    host.cli("run", check=True)
    original = digest(host.path("appdata/qbittorrent/qBittorrent/BT_backup/" + f"{2:040x}.fastresume"))
    for app in ("radarr", "sonarr", "qbittorrent"):
        for p in sorted(host.path(f"appdata/{app}").rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
    host.path("bot/requests.sqlite").unlink()
    make_library(host.path("appdata/radarr/radarr.db"), "Movies", 0)  # a fresh app's empty library
    (host.path("appdata/radarr/radarr.db-wal")).write_bytes(b"stale")

    done = host.cli("restore", check=True)
    result = json.loads(done.stdout)
    assert result["counts"] == {"movies": 3, "series": 2, "torrents": 4, "requests": 5}
    assert not host.path("appdata/radarr/radarr.db-wal").exists()  # before any connection could tidy it
    assert host.rows("appdata/radarr/radarr.db", "Movies") == 3
    assert host.rows("appdata/sonarr/sonarr.db", "Series") == 2
    assert host.rows("bot/requests.sqlite", "requests") == 5
    bt = host.path("appdata/qbittorrent/qBittorrent/BT_backup")
    assert len(list(bt.glob("*.fastresume"))) == 4
    assert digest(bt / f"{2:040x}.fastresume") == original
    assert not host.path("appdata/radarr/MediaCover").exists()  # caches are not restored


def crash_with_uncheckpointed_writes(db_path: Path, table: str, rows: int) -> None:
    """An app killed mid-life: its last transactions live only in the -wal (never checkpointed), and the
    -wal and -shm stay behind on the disk."""
    code = (
        "import os, sqlite3, sys\n"
        "db = sqlite3.connect(sys.argv[1])\n"
        "db.execute('PRAGMA wal_autocheckpoint=0')\n"
        "sql = 'INSERT INTO \"%s\" (Title, Added) VALUES (?, 9)' % sys.argv[2]\n"
        "db.executemany(sql, [('lost',)] * int(sys.argv[3]))\n"
        "db.commit()\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(db_path), table, str(rows)], check=True, timeout=DEADLINE)
    assert Path(f"{db_path}-wal").stat().st_size > 0
    assert Path(f"{db_path}-shm").exists()


def test_restored_databases_carry_no_stale_wal_and_the_host_restores_again(host: Host) -> None:
    host.cli("run", check=True)
    saved = host.restic_dump(host.root / "work/staging/radarr/radarr.db")
    radarr = host.path("appdata/radarr/radarr.db")
    crash_with_uncheckpointed_writes(radarr, "Movies", 40)  # the dead disk's app left a live WAL behind
    radarr.unlink()
    later = host.path("bot/later.sqlite")  # a database the snapshot does not know, with its side files
    make_library(later, "requests", 2)
    crash_with_uncheckpointed_writes(later, "requests", 3)

    host.cli("restore", check=True)
    # Looked at before any SQLite connection could tidy up: a -wal beside a restored database is the dead
    # app's (replayed onto the restore) or the scratch copy's; beside a removed one it is an orphan.
    sides = sorted(p.name for p in host.root.rglob("*") if p.name.endswith(("-wal", "-shm", "-journal")))
    assert sides == []
    assert not later.exists()
    assert radarr.read_bytes() == saved  # byte for byte the snapshot's copy
    assert host.rows("appdata/radarr/radarr.db", "Movies") == 3
    check = sqlite3.connect(radarr)
    assert check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    check.close()

    again = host.cli("restore")  # the same snapshot again: the host it just restored holds nothing newer
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["newer_data_overwritten"] == []


def test_restore_refuses_a_host_with_newer_data_unless_forced(host: Host) -> None:
    host.cli("run", check=True)
    db = sqlite3.connect(host.path("appdata/radarr/radarr.db"))
    db.execute("INSERT INTO \"Movies\" (Title, Added) VALUES ('added after the backup', 2)")
    db.commit()
    db.close()
    before = digest(host.path("appdata/radarr/radarr.db"))

    refused = host.cli("restore")
    assert refused.returncode == 2
    assert "newer data" in refused.stderr
    assert "movies: 4 on the host" in refused.stderr
    assert "myflix_restore_force=true" in refused.stderr
    assert digest(host.path("appdata/radarr/radarr.db")) == before
    assert host.rows("appdata/radarr/radarr.db", "Movies") == 4

    checked = host.cli("restore", "--check-only", "--force", check=True)
    assert json.loads(checked.stdout)["applied"] is False
    assert host.rows("appdata/radarr/radarr.db", "Movies") == 4

    forced = host.cli("restore", "--force", check=True)
    assert json.loads(forced.stdout)["newer_data_overwritten"] == [
        "movies: 4 on the host, changed after the snapshot"
    ]
    assert host.rows("appdata/radarr/radarr.db", "Movies") == 3


def test_a_wrong_password_is_a_clear_error_and_touches_nothing(host: Host) -> None:
    host.cli("run", check=True)
    repo_config = digest(host.root / "repo" / "config")
    host.password_file.write_text("not-the-password\n")
    make_library(host.path("appdata/radarr/radarr.db"), "Movies", 0)  # looks like a fresh host
    before = digest(host.path("appdata/radarr/radarr.db"))

    restored = host.cli("restore")
    assert restored.returncode == 2
    assert "wrong password" in restored.stderr
    assert "vault_restic_password" in restored.stderr
    assert "Traceback" not in restored.stderr
    assert digest(host.path("appdata/radarr/radarr.db")) == before

    backed_up = host.cli("run")
    assert backed_up.returncode == 1
    assert "wrong password" in backed_up.stdout
    assert digest(host.root / "repo" / "config") == repo_config  # never re-initialised
    drilled = host.cli("drill")
    assert drilled.returncode == 1
    assert "wrong password" in drilled.stdout

    host.password_file.write_text(PASSWORD + "\n")
    assert len(host.snapshots()) == 1


@pytest.mark.parametrize("args", [("run",), ("drill",), ("status",), ("restore", "--check-only")])
def test_no_secret_reaches_the_output(host: Host, args: tuple[str, ...]) -> None:
    host.cli("run", check=True)
    proc = host.cli(*args)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    for secret in (PASSWORD, "radarr-key-test-0000"):
        assert secret not in out
    for written in (host.root / "state").rglob("*"):
        assert PASSWORD not in written.read_text()
    assert PASSWORD not in (host.root / "textfile" / "myflix_backup.prom").read_text()


def test_restore_rejects_an_unknown_snapshot(host: Host) -> None:
    host.cli("run", check=True)
    proc = host.cli("restore", "--snapshot", "deadbeef")
    assert proc.returncode == 2
    assert "matches 0 snapshots" in proc.stderr
    assert restore.pick([{"id": "ab", "short_id": "ab"}], "latest")["id"] == "ab"
