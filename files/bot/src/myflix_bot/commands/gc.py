"""``/gc``: one garbage-collector pass now, for admins only.

The answer comes at once ("running…"); the pass runs after it is sent and the message is edited with
the result (a slow *arr cannot leave the admin without an answer). The pass is the GC watcher's own
step (same rule, same recycle bin, same dry-run setting: a dry-run GC only says what it would
delete), and the usual admin notice goes out as well. Refused for non-admins by the registry's role
check, answered "not configured" without a GC watcher.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from myflix_bot import i18n
from myflix_bot.access import Role
from myflix_bot.commands.registry import Command, Registry, Request
from myflix_bot.render.text import esc, trim
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime

log = logging.getLogger(__name__)
MAX_NAMES = 15
NAME_WIDTH = 50

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.gc": {"fr": "Nettoyage des torrents maintenant (admin)", "en": "Torrent cleanup now (admin)"},
    "gc.off": {
        "fr": "🧹 Le nettoyage n'est pas configuré (watchers.gc.categories).",
        "en": "🧹 The cleanup is not configured (watchers.gc.categories).",
    },
    "gc.failed": {
        "fr": "🧹 Le nettoyage s'est arrêté : {error}",
        "en": "🧹 The cleanup stopped: {error}",
    },
    "gc.running": {
        "fr": "🧹 Nettoyage en cours… (ce message sera mis à jour)",
        "en": "🧹 Cleanup running… (this message will be updated)",
    },
    "gc.title": {"fr": "🧹 <b>Nettoyage</b>", "en": "🧹 <b>Cleanup</b>"},
    "gc.title_dry": {"fr": "🧹 <b>Nettoyage</b> (simulation)", "en": "🧹 <b>Cleanup</b> (dry-run)"},
    "gc.would": {
        "fr": "Supprimerait {count} torrent(s), {size} (vers la corbeille) :",
        "en": "Would delete {count} torrent(s), {size} (to the recycle bin):",
    },
    "gc.did": {
        "fr": "{count} torrent(s) supprimé(s), {size} (dans la corbeille) :",
        "en": "Deleted {count} torrent(s), {size} (into the recycle bin):",
    },
    "gc.nothing": {"fr": "Rien à supprimer.", "en": "Nothing to delete."},
    "gc.kept": {"fr": "Gardés : {count}", "en": "Kept: {count}"},
    "gc.error": {"fr": "⚠️ gardé {name} : {error}", "en": "⚠️ kept {name}: {error}"},
    "gc.more": {"fr": "• … et {count} de plus", "en": "• … and {count} more"},
}


def render_gc(actions: list[Any], *, dry_run: bool, lang: str) -> View:
    """The pass's result: what it would delete (dry-run) or deleted, what it kept, what failed."""
    chosen = [a for a in actions if a.verdict.delete and (dry_run or a.removed)]
    failed = [a for a in actions if a.error]
    kept = len(actions) - len(chosen)
    out = [i18n.t(lang, "gc.title_dry" if dry_run else "gc.title"), ""]
    if chosen:
        size = i18n.size(sum(a.size for a in chosen), lang)
        out.append(i18n.t(lang, "gc.would" if dry_run else "gc.did", count=len(chosen), size=size))
        out += [f"• {esc(trim(a.facts.name, NAME_WIDTH))}" for a in chosen[:MAX_NAMES]]
        if len(chosen) > MAX_NAMES:
            out.append(i18n.t(lang, "gc.more", count=len(chosen) - MAX_NAMES))
    else:
        out.append(i18n.t(lang, "gc.nothing"))
    out.append(i18n.t(lang, "gc.kept", count=kept))
    out += [
        i18n.t(lang, "gc.error", name=esc(trim(a.facts.name, 40)), error=esc(trim(a.error or "", 120)))
        for a in failed[:5]
    ]
    return View("\n".join(out))


def _gc_of(rt: Runtime) -> Any | None:
    return rt.watchers.watchers.get("gc") if rt.watchers is not None else None


async def gc_command(rt: Runtime, req: Request) -> View:
    if _gc_of(rt) is None:
        return View(i18n.t(req.lang, "gc.off"))
    return View(i18n.t(req.lang, "gc.running"))


async def gc_pass_view(rt: Runtime, req: Request) -> View:
    gc = _gc_of(rt)
    if gc is None:
        return View(i18n.t(req.lang, "gc.off"))
    try:
        await gc.run()
    except Exception as exc:  # the pass stopped (qBittorrent down, ...): unknown keeps the rest
        log.warning("/gc failed: %s", type(exc).__name__)
        return View(i18n.t(req.lang, "gc.failed", error=esc(trim(str(exc) or type(exc).__name__, 160))))
    return render_gc(gc.last, dry_run=gc.dry_run, lang=req.lang)


_running: set[asyncio.Task[None]] = set()  # passes started by /gc (kept referenced until done)


async def gc_sent(rt: Runtime, req: Request, message_id: int, view: View) -> None:
    """After "running…" went out: the pass, then the message edited with its result."""
    if _gc_of(rt) is None or req.chat_id is None or rt.outbox is None:
        return
    chat_id, outbox = req.chat_id, rt.outbox

    async def finish() -> None:
        result = await gc_pass_view(rt, req)
        try:
            await outbox.edit(chat_id, message_id, result)
        except Exception as exc:  # the network may be down: the admin notice and the log have it
            log.warning("/gc result not delivered: %s", type(exc).__name__)

    task = asyncio.create_task(finish(), name="gc-command")
    _running.add(task)
    task.add_done_callback(_running.discard)


def register_gc(registry: Registry) -> None:
    if registry.command("gc") is None:
        registry.add_command(
            Command(
                name="gc",
                description_key="cmd.gc",
                handler=gc_command,
                role=Role.ADMIN,
                order=910,
                after_send=gc_sent,
            )
        )
