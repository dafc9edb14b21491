"""Backup drill watcher: tells the admins the result of each restore drill, passed or failed.

``myflix-backup drill`` (the monthly ``myflix-backup-drill.timer``, or on demand) writes its result into
the backup status file that /backup reads (roles/myflix_backup; no secret in it). Each pass reads that
file; a drill newer than the last one announced is sent to the admins: the snapshot, the databases found
intact and the library counts, or the problems. The last announced drill is kept in the state directory,
so a restart neither repeats nor loses one; on the very first pass the current drill is only noted (an
install does not announce a drill from months ago). A missing status file is no error: no backup yet.
A failed drill also raises the MyflixRestoreDrillFailed alert through Prometheus (the metric); this is
the result itself, every time.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from myflix_bot import i18n
from myflix_bot.commands.backup import read_status
from myflix_bot.render.text import trim
from myflix_bot.watchers.base import Watcher
from myflix_bot.watchers.settings import BackupDrillSettings

# the manifest's count names (roles/myflix_backup myflix_backup_counts) in the UI's words; others as they are
COUNT_NAMES = {
    "movies": {"fr": "films", "en": "movies"},
    "series": {"fr": "séries", "en": "series"},
    "indexers": {"fr": "indexeurs", "en": "indexers"},
    "torrents": {"fr": "torrents", "en": "torrents"},
    "requests": {"fr": "demandes", "en": "requests"},
}

MESSAGES: dict[str, dict[str, str]] = {
    "watchers.backup_drill.passed": {
        "fr": "🧪 Exercice de restauration réussi : instantané {snapshot}, "
        "{databases} bases intactes, {counts}.",
        "en": "🧪 Restore drill passed: snapshot {snapshot}, {databases} databases intact, {counts}.",
    },
    "watchers.backup_drill.failed": {
        # the problems are the tool's own words (paths, SQLite's messages): quoted as they are
        "fr": "🧪❌ Exercice de restauration ÉCHOUÉ (instantané {snapshot}) : «{problems}». "
        "journalctl -u myflix-backup-drill sur le Pi donne le détail ; /backup résume.",
        "en": "🧪❌ Restore drill FAILED (snapshot {snapshot}): “{problems}”. "
        "journalctl -u myflix-backup-drill on the Pi has the details; /backup sums up.",
    },
    "watchers.backup_drill.summary": {"fr": "dernier exercice : {result}", "en": "last drill: {result}"},
    "watchers.backup_drill.none": {"fr": "aucun exercice", "en": "no drill yet"},
    "watchers.backup_drill.ok": {"fr": "réussi", "en": "passed"},
    "watchers.backup_drill.ko": {"fr": "échoué", "en": "failed"},
    **{f"watchers.backup_drill.count.{name}": words for name, words in COUNT_NAMES.items()},
}


def _count_name(name: str, lang: str) -> str:
    return i18n.t(lang, f"watchers.backup_drill.count.{name}") if name in COUNT_NAMES else name


def drill_notice(drill: Mapping[str, Any], lang: str) -> str:
    """The drill's result as the admins' message (no I/O)."""
    snapshot = str(drill.get("snapshot") or "?")
    if drill.get("ok"):
        counts = drill.get("counts") or {}
        listed = ", ".join(f"{_count_name(k, lang)} {v}" for k, v in sorted(counts.items())) or "-"
        return i18n.t(
            lang,
            "watchers.backup_drill.passed",
            snapshot=snapshot,
            databases=int(drill.get("databases") or 0),
            counts=listed,
        )
    problems = "; ".join(str(p) for p in drill.get("problems") or []) or "?"
    return i18n.t(lang, "watchers.backup_drill.failed", snapshot=snapshot, problems=trim(problems, 600))


class BackupDrillWatcher(Watcher):
    name = "backup_drill"

    def __init__(
        self, settings: BackupDrillSettings, status_file: str, state_path: Path, **kwargs: Any
    ) -> None:
        super().__init__(interval=settings.interval, dry_run=settings.dry_run, **kwargs)
        self.status_file = status_file
        self.state_path = state_path
        self.last: Mapping[str, Any] = {}

    def _announced(self) -> float | None:
        try:
            value = json.loads(self.state_path.read_text()).get("announced_at")
        except (OSError, ValueError, AttributeError):
            return None
        return float(value) if isinstance(value, int | float) else None

    def _remember(self, at: float) -> None:
        self.state_path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.state_path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"announced_at": at}))
        os.replace(tmp, self.state_path)

    async def run(self) -> None:
        # a missing file is "no drill yet"; an unreadable one fails the pass (StatusUnreadable): the
        # watcher's /status line and its error metric say so, and the drills already seen stay remembered
        drill = read_status(self.status_file).get("drill") or {}
        at = drill.get("at")
        if not isinstance(drill, dict) or not isinstance(at, int | float):
            return
        self.last = drill
        announced = self._announced()
        if announced is not None and at <= announced:
            return
        if announced is not None:  # the first pass only notes where the history starts
            await self.notify_text(f"drill:{at:.0f}", drill_notice(drill, self.notifier.lang))
        self._remember(float(at))

    def summary(self, lang: str) -> str:
        if not self.last:
            return i18n.t(lang, "watchers.backup_drill.none")
        result = i18n.t(
            lang, "watchers.backup_drill.ok" if self.last.get("ok") else "watchers.backup_drill.ko"
        )
        return i18n.t(lang, "watchers.backup_drill.summary", result=result)
