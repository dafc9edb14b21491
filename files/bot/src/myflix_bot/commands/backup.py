"""``/backup [now]``: the backups at a glance, for admins only; ``now`` asks for a run.

The bot has no privilege over the backups: it reads the ``status.json`` that ``myflix-backup`` writes after
every run and drill (no secret in it), and "run now" creates a request file that the
``myflix-backup-request.path`` unit turns into a ``myflix-backup.service`` start (roles/myflix_backup).
Config section ``backup`` (optional): ``status_file``, ``request_dir``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from myflix_bot import i18n
from myflix_bot.access import Role
from myflix_bot.commands.registry import Command, Registry, Request
from myflix_bot.config import Config, Reader
from myflix_bot.render.text import esc, trim
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime

log = logging.getLogger(__name__)
SECTION = "backup"


@dataclass(frozen=True, slots=True)
class BackupSettings:
    status_file: str = "/var/lib/myflix-backup/status.json"
    request_dir: str = "/run/myflix/backup-request"


def parse(r: Reader, secrets: Any) -> BackupSettings:
    default = BackupSettings()  # a slots dataclass's class attributes are descriptors, not the defaults
    settings = BackupSettings(
        status_file=r.str("status_file", default.status_file),
        request_dir=r.str("request_dir", default.request_dir),
    )
    r.finish()
    return settings


def settings_of(config: Config) -> BackupSettings:
    value: Any = config.sections.get(SECTION)
    return value if isinstance(value, BackupSettings) else BackupSettings()


MESSAGES: dict[str, dict[str, str]] = {
    "cmd.backup": {"fr": "Sauvegardes (admin)", "en": "Backups (admin)"},
    "backup.title": {"fr": "💾 <b>Sauvegardes</b>", "en": "💾 <b>Backups</b>"},
    "backup.none": {
        "fr": "Aucune sauvegarde n'a encore tourné sur cet hôte.",
        "en": "No backup has run on this host yet.",
    },
    "backup.repo_ok": {
        "fr": "✅ {repo} : dernier succès il y a {age} (instantané {snap}, {count} gardés), {size}",
        "en": "✅ {repo}: last success {age} ago (snapshot {snap}, {count} kept), {size}",
    },
    "backup.repo_error": {"fr": "❌ {repo} : {error}", "en": "❌ {repo}: {error}"},
    "backup.skipped": {
        "fr": "⏸️ Dernière tentative reportée : {reasons}",
        "en": "⏸️ Last attempt skipped: {reasons}",
    },
    "backup.counts": {"fr": "Contenu : {counts}", "en": "Contents: {counts}"},
    "backup.drill_ok": {
        "fr": "🧪 Exercice de restauration réussi il y a {age}",
        "en": "🧪 Restore drill passed {age} ago",
    },
    "backup.drill_failed": {
        "fr": "🧪❌ Exercice de restauration échoué il y a {age} : {problems}",
        "en": "🧪❌ Restore drill failed {age} ago: {problems}",
    },
    "backup.drill_never": {
        "fr": "🧪 Aucun exercice de restauration encore",
        "en": "🧪 No restore drill yet",
    },
    "backup.unreadable": {
        "fr": "⚠️ Fichier d'état illisible ({path}, {why}) : l'état des sauvegardes est inconnu.",
        "en": "⚠️ Status file unreadable ({path}, {why}): the state of the backups is unknown.",
    },
    "backup.why.io": {"fr": "lecture impossible", "en": "cannot be read"},
    "backup.why.format": {"fr": "contenu invalide", "en": "invalid content"},
    "backup.hint": {"fr": "/backup now lance une sauvegarde.", "en": "/backup now starts a backup."},
    "backup.requested": {
        "fr": "💾 Sauvegarde demandée ; /backup dans quelques minutes pour le résultat.",
        "en": "💾 Backup requested; /backup in a few minutes shows the result.",
    },
    "backup.request_failed": {
        "fr": "💾 Impossible de demander une sauvegarde : {error}",
        "en": "💾 Could not ask for a backup: {error}",
    },
}


def render_backup(status: dict[str, Any], now: float, lang: str) -> View:
    """The status file as a message: each repository, the last skip, the library counts, the drill."""
    out = [i18n.t(lang, "backup.title"), ""]
    repos: dict[str, Any] = status.get("repositories") or {}
    if not repos and not status.get("last_run"):
        out.append(i18n.t(lang, "backup.none"))
    for name, info in sorted(repos.items()):
        if info.get("error"):
            out.append(i18n.t(lang, "backup.repo_error", repo=esc(name), error=esc(trim(info["error"], 160))))
        if info.get("last_success"):
            out.append(
                i18n.t(
                    lang,
                    "backup.repo_ok",
                    repo=esc(name),
                    age=i18n.duration(now - float(info["last_success"]), lang),
                    snap=esc(str(info.get("last_snapshot") or "?")),
                    count=int(info.get("snapshots") or 0),
                    size=i18n.size(info.get("bytes"), lang),
                )
            )
    if status.get("skipped"):
        reasons = "; ".join(str(r) for r in status.get("skip_reasons") or [])
        out.append(i18n.t(lang, "backup.skipped", reasons=esc(trim(reasons, 200))))
    counts = (status.get("last_manifest") or {}).get("counts") or {}
    if counts:
        listed = ", ".join(f"{esc(str(k))} {int(v)}" for k, v in sorted(counts.items()))
        out.append(i18n.t(lang, "backup.counts", counts=listed))
    drill = status.get("drill") or {}
    if drill.get("at"):
        age = i18n.duration(now - float(drill["at"]), lang)
        if drill.get("ok"):
            out.append(i18n.t(lang, "backup.drill_ok", age=age))
        else:
            problems = "; ".join(str(p) for p in drill.get("problems") or [])
            out.append(i18n.t(lang, "backup.drill_failed", age=age, problems=esc(trim(problems, 200))))
    else:
        out.append(i18n.t(lang, "backup.drill_never"))
    out += ["", i18n.t(lang, "backup.hint")]
    return View("\n".join(out))


class StatusUnreadable(Exception):
    """The status file exists but cannot be read (``io``: permissions, an I/O error, a directory) or is
    not the JSON object ``myflix-backup`` writes (``format``: a torn or corrupt write). The backups'
    state is then unknown, which is not "no backup yet"."""

    def __init__(self, path: str, kind: str) -> None:
        super().__init__(f"{path} ({kind})")
        self.path = path
        self.kind = kind


def read_status(path: str) -> dict[str, Any]:
    """The backup status; ``{}`` when the file does not exist (no backup has run on this host yet).
    Raises :class:`StatusUnreadable` when it exists but cannot be used."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    except OSError:
        raise StatusUnreadable(path, "io") from None
    except UnicodeDecodeError:
        raise StatusUnreadable(path, "format") from None
    try:
        value = json.loads(text)
    except ValueError:
        raise StatusUnreadable(path, "format") from None
    if not isinstance(value, dict):
        raise StatusUnreadable(path, "format")
    return value


def render_unreadable(error: StatusUnreadable, lang: str) -> View:
    why = i18n.t(lang, f"backup.why.{error.kind}")
    text = i18n.t(lang, "backup.unreadable", path=esc(trim(error.path, 80)), why=why)
    return View("\n".join([i18n.t(lang, "backup.title"), "", text, "", i18n.t(lang, "backup.hint")]))


def request_run(request_dir: str) -> str | None:
    """Drop the request file; None on success, else why not."""
    try:
        (Path(request_dir) / "now").touch()
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


async def backup_command(rt: Runtime, req: Request) -> View:
    settings = settings_of(rt.config)
    if req.args.strip().lower() in {"now", "run", "maintenant"}:
        error = request_run(settings.request_dir)
        if error is not None:
            log.warning("/backup now: cannot write the request: %s", error)
            return View(i18n.t(req.lang, "backup.request_failed", error=esc(error)))
        return View(i18n.t(req.lang, "backup.requested"))
    try:
        status = read_status(settings.status_file)
    except StatusUnreadable as exc:
        log.warning("/backup: the status file is unreadable: %s", exc)
        return render_unreadable(exc, req.lang)
    return render_backup(status, rt.clock(), req.lang)


def register_backup(registry: Registry) -> None:
    if registry.command("backup") is None:
        registry.add_command(
            Command(
                name="backup",
                description_key="cmd.backup",
                handler=backup_command,
                role=Role.ADMIN,
                order=920,
            )
        )
