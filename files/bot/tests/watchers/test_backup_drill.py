"""The restore drill's result reaches the admins on Telegram: the real bot (python-telegram-bot against the
Bot API fake) with its watchers installed, and the backup status file written as ``myflix-backup drill``
writes it. A drill passed and a drill failed are both announced, once each; the drill that was already
there when the bot was installed is not; a restart repeats nothing; strangers hear nothing."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from myflix_bot.assembly import install_operations as install
from myflix_bot.runtime import Runtime
from myflix_bot.watchers.backup_drill import drill_notice
from myflix_testkit.fakes.telegram import BotCall, TelegramFake
from myflix_testkit.waiting import async_wait_until

from ..conftest import ADMIN, USER, make_config
from ..harness import running_bot

DEADLINE = 30.0
PASSED = {
    "at": 1_800_000_000.0,
    "ok": True,
    "snapshot": "ab12cd34",
    "databases": 3,
    "counts": {"movies": 812, "series": 97, "torrents": 240},
    "problems": [],
}
FAILED = {
    "at": 1_800_086_400.0,
    "ok": False,
    "snapshot": "ef56ab78",
    "problems": ["radarr/radarr.db: database disk image is malformed", "movies: manifest 812, found 0"],
}


def write_status(path: Path, drill: dict[str, Any]) -> None:
    """As the tool writes it: the whole status, replaced atomically."""
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"last_run": drill["at"] - 3600, "repositories": {}, "drill": drill}))
    tmp.replace(path)


@asynccontextmanager
async def drill_bot(tg: TelegramFake, tmp_path: Path) -> AsyncIterator[Runtime]:
    data = {
        "telegram": {"allowed_users": [USER], "admins": [ADMIN], "base_url": tg.base_url},
        "system": {"docker_socket": None},
        "exporter": {"enabled": False},
        "watchers": {"state_dir": str(tmp_path / "state"), "backup_drill": {"interval": 1}},
        "backup": {"status_file": str(tmp_path / "status.json")},
    }
    tg.add_chat(ADMIN)
    async with running_bot(make_config(data, {"MYFLIX_TELEGRAM_TOKEN": tg.token}), tg, setup=install) as bot:
        yield bot.rt


def drill_messages(tg: TelegramFake) -> list[BotCall]:
    return [c for c in tg.calls("sendMessage") if c.ok and "🧪" in str(c.params.get("text"))]


async def passes_after(rt: Runtime, runs: int) -> None:
    """Wait until the drill watcher has made ``runs`` more passes (each one reads the status file)."""
    watcher = rt.watchers.watchers["backup_drill"]
    target = watcher.health.runs + runs
    await async_wait_until(lambda: watcher.health.runs >= target, DEADLINE, what="drill watcher passes")


async def test_each_drill_result_reaches_the_admins_once(fake_telegram: TelegramFake, tmp_path: Path) -> None:
    status = tmp_path / "status.json"
    write_status(status, {**PASSED, "at": PASSED["at"] - 30 * 86400})  # last month's, before the install
    async with drill_bot(fake_telegram, tmp_path) as rt:
        await passes_after(rt, 2)
        assert drill_messages(fake_telegram) == []  # the drill found at install is only noted

        write_status(status, PASSED)
        passed = await fake_telegram.wait_for_call(
            "sendMessage", DEADLINE, predicate=lambda c: "🧪" in str(c.params.get("text"))
        )
        assert passed.params["chat_id"] == ADMIN
        text = passed.params["text"]
        assert "Exercice de restauration réussi" in text  # the UI's language (French by default)
        assert "instantané ab12cd34" in text
        assert "3 bases intactes" in text
        assert "films 812, séries 97, torrents 240" in text

        write_status(status, FAILED)
        failed = await fake_telegram.wait_for_call(
            "sendMessage", DEADLINE, predicate=lambda c: "🧪" in str(c.params.get("text"))
        )
        assert failed.params["chat_id"] == ADMIN
        assert "ÉCHOUÉ" in failed.params["text"]
        assert "ef56ab78" in failed.params["text"]
        assert "radarr/radarr.db: database disk image is malformed" in failed.params["text"]
        await passes_after(rt, 2)
        assert len(drill_messages(fake_telegram)) == 2  # each result once
        assert {c.params["chat_id"] for c in fake_telegram.calls("sendMessage")} == {ADMIN}  # never the user

    async with drill_bot(fake_telegram, tmp_path) as rt:  # a restart remembers what was announced
        await passes_after(rt, 2)
        assert len(drill_messages(fake_telegram)) == 2


def test_the_notice_says_what_passed_or_what_failed_in_english_too() -> None:
    passed = drill_notice(PASSED, "en")
    assert passed == (
        "🧪 Restore drill passed: snapshot ab12cd34, 3 databases intact, movies 812, series 97, torrents 240."
    )
    failed = drill_notice(FAILED, "en")
    assert "Restore drill FAILED (snapshot ef56ab78)" in failed
    assert "movies: manifest 812, found 0" in failed
    assert "journalctl -u myflix-backup-drill" in failed


async def test_an_unreadable_status_file_fails_the_pass_and_shows_on_status(
    fake_telegram: TelegramFake, tmp_path: Path
) -> None:
    """A corrupt status file is an error of the watcher (its /status line), not "no drill yet"; once it
    is readable again the watcher recovers."""
    status = tmp_path / "status.json"
    status.write_text('{"drill": {"at": 17')  # a torn write
    async with drill_bot(fake_telegram, tmp_path) as rt:
        watcher = rt.watchers.watchers["backup_drill"]
        await async_wait_until(
            lambda: watcher.health.consecutive_errors > 0, DEADLINE, what="the drill watcher's error"
        )
        assert "StatusUnreadable" in (watcher.health.last_error or "")
        (line,) = [ln for ln in rt.watchers.status_lines("fr") if "StatusUnreadable" in ln.text]
        assert line.ok is False
        assert drill_messages(fake_telegram) == []
        write_status(status, PASSED)
        await async_wait_until(
            lambda: watcher.health.consecutive_errors == 0, DEADLINE, what="the drill watcher's recovery"
        )
