"""/backup: the status file rendered for admins, "now" drops the request file, strangers and users get no
command (admin role)."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from myflix_bot.access import Role
from myflix_bot.assembly import parse_config
from myflix_bot.commands.backup import (
    SECTION,
    BackupSettings,
    StatusUnreadable,
    backup_command,
    read_status,
    register_backup,
    render_backup,
    request_run,
    settings_of,
)
from myflix_bot.commands.registry import Registry, Request

from .test_config import GOOD, SECRET_VALUES

NOW = 1_800_000_000.0
STATUS = {
    "last_run": NOW - 7200,
    "skipped": False,
    "repositories": {
        "local": {
            "last_success": NOW - 7200,
            "bytes": 3 * 2**30,
            "snapshots": 17,
            "last_snapshot": "ab12cd34",
        },
        "offsite": {"error": "restic backup failed: <connection refused>"},
    },
    "last_manifest": {"counts": {"movies": 812, "series": 97, "torrents": 240}},
    "drill": {"at": NOW - 86400 * 3, "ok": True, "problems": []},
}


def request(args: str = "") -> Request:
    return Request(user_id=1, chat_id=1, role=Role.ADMIN, lang="en", args=args)


def runtime(tmp_path: Path, status: dict | None) -> SimpleNamespace:
    status_file = tmp_path / "status.json"
    if status is not None:
        status_file.write_text(json.dumps(status))
    settings = BackupSettings(status_file=str(status_file), request_dir=str(tmp_path / "req"))
    return SimpleNamespace(config=SimpleNamespace(sections={SECTION: settings}), clock=lambda: NOW)


def test_the_status_shows_each_repository_the_counts_and_the_drill() -> None:
    text = render_backup(STATUS, NOW, "en").text
    assert "local: last success 2" in text
    assert "ab12cd34" in text
    assert "17 kept" in text
    assert "offsite: restic backup failed: &lt;connection refused&gt;" in text  # escaped, shown as an error
    assert "movies 812" in text
    assert "series 97" in text
    assert "Restore drill passed" in text


def test_a_failed_drill_and_a_skip_are_shown() -> None:
    status = {
        **STATUS,
        "skipped": True,
        "skip_reasons": ["tier HDD has 10 MiB free, below its floor of 10240 MiB"],
        "drill": {"at": NOW - 60, "ok": False, "problems": ["radarr/radarr.db: page 4 corrupt"]},
    }
    text = render_backup(status, NOW, "en").text
    assert "Last attempt skipped: tier HDD" in text
    assert "Restore drill failed" in text
    assert "radarr/radarr.db: page 4 corrupt" in text


def test_a_host_without_backups_says_so(tmp_path: Path) -> None:
    text = render_backup({}, NOW, "en").text
    assert "No backup has run" in text
    assert "No restore drill yet" in text


async def test_the_command_reads_the_status_file(tmp_path: Path) -> None:
    view = await backup_command(runtime(tmp_path, STATUS), request())
    assert view is not None
    assert "ab12cd34" in view.text
    missing = await backup_command(runtime(tmp_path / "nowhere", None), request())
    assert missing is not None
    assert "No backup has run" in missing.text


@pytest.mark.parametrize(
    ("content", "kind"),
    [(b'{"last_run": 17', "format"), (b"[1, 2]", "format"), (b"\xff\xfe", "format"), (None, "io")],
)
async def test_an_unreadable_status_file_is_not_no_backup(
    tmp_path: Path, content: bytes | None, kind: str
) -> None:
    rt = runtime(tmp_path, None)
    status_file = Path(rt.config.sections[SECTION].status_file)
    if content is None:
        status_file.mkdir()  # exists, cannot be read as a file (root reads through permissions)
    else:
        status_file.write_bytes(content)
    with pytest.raises(StatusUnreadable) as caught:
        read_status(str(status_file))
    assert caught.value.kind == kind
    for lang, unreadable, no_backup in (
        ("en", "Status file unreadable", "No backup has run"),
        ("fr", "Fichier d'état illisible", "Aucune sauvegarde"),
    ):
        view = await backup_command(rt, Request(user_id=1, chat_id=1, role=Role.ADMIN, lang=lang))
        assert view is not None
        assert unreadable in view.text
        assert str(status_file) in view.text
        assert no_backup not in view.text


def test_a_missing_status_file_is_no_backup_yet(tmp_path: Path) -> None:
    """The twin: only a file that does not exist reads as "no backup has run"."""
    assert read_status(str(tmp_path / "status.json")) == {}
    (tmp_path / "status.json").write_text(json.dumps(STATUS))
    assert read_status(str(tmp_path / "status.json"))["drill"]["ok"] is True


async def test_now_drops_the_request_file_and_says_when_it_cannot(tmp_path: Path) -> None:
    rt = runtime(tmp_path, STATUS)
    (tmp_path / "req").mkdir()
    view = await backup_command(rt, request("now"))
    assert view is not None
    assert "Backup requested" in view.text
    assert (tmp_path / "req" / "now").exists()
    (tmp_path / "req" / "now").unlink()
    (tmp_path / "req").rmdir()  # the path unit's directory is missing: no silent success
    failed = await backup_command(rt, request("now"))
    assert failed is not None
    assert "Could not ask for a backup" in failed.text
    assert request_run(str(tmp_path / "req")) is not None


def test_the_command_is_for_admins_only() -> None:
    registry = Registry()
    register_backup(registry)
    register_backup(registry)  # idempotent
    command = registry.command("backup")
    assert command is not None
    assert command.role is Role.ADMIN


def test_a_partial_backup_section_keeps_the_other_defaults() -> None:
    """A ``backup`` section naming one key keeps the documented default of the other, as strings
    (a slots dataclass's class attribute is a descriptor, which once reached the drill watcher)."""
    only_dir = parse_config({**GOOD, "backup": {"request_dir": "/run/x"}}, SECRET_VALUES)
    only_file = parse_config({**GOOD, "backup": {"status_file": "/srv/s.json"}}, SECRET_VALUES)
    default = BackupSettings()
    assert settings_of(only_dir) == BackupSettings(status_file=default.status_file, request_dir="/run/x")
    expected = BackupSettings(status_file="/srv/s.json", request_dir=default.request_dir)
    assert settings_of(only_file) == expected
    assert isinstance(settings_of(only_dir).status_file, str)
