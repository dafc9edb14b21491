"""``/logs [N] [warn]``: the tail of the RAM log ring buffer, for admins only.

The ring buffer holds every level (DEBUG/INFO never reach the disk); ``warn`` keeps WARNING and up.
At most 100 lines, cut to fit one Telegram message.
"""

from __future__ import annotations

import logging

from myflix_bot import frugal_log, i18n
from myflix_bot.access import Role
from myflix_bot.commands.registry import Command, Registry, Request
from myflix_bot.render.text import esc
from myflix_bot.render.view import View
from myflix_bot.runtime import Runtime

MAX_LINES = 100
DEFAULT_LINES = 30
MESSAGE_BUDGET = 3800  # characters of log text in one message (Telegram allows 4096 with markup)

MESSAGES: dict[str, dict[str, str]] = {
    "cmd.logs": {"fr": "Derniers journaux (admin)", "en": "Latest logs (admin)"},
    "logs.empty": {"fr": "Aucun journal en mémoire.", "en": "No log lines in memory."},
    "logs.title": {"fr": "📜 <b>Journaux</b> ({n} lignes)", "en": "📜 <b>Logs</b> ({n} lines)"},
}


def parse_args(args: str) -> tuple[int, int]:
    count, level = DEFAULT_LINES, logging.NOTSET
    for word in args.lower().split():
        if word.isdigit():
            count = max(1, min(MAX_LINES, int(word)))
        elif word in ("warn", "warning", "w"):
            level = logging.WARNING
    return count, level


def render_logs(lines: list[str], lang: str) -> View:
    if not lines:
        return View(i18n.t(lang, "logs.empty"))
    kept: list[str] = []
    used = 0
    for line in reversed(lines):
        cut = esc(line if len(line) <= 300 else line[:299] + "…")
        if used + len(cut) + 1 > MESSAGE_BUDGET:
            break
        kept.append(cut)
        used += len(cut) + 1
    kept.reverse()
    body = "\n".join(kept)
    return View(f"{i18n.t(lang, 'logs.title', n=len(kept))}\n<pre>{body}</pre>")


async def logs_command(rt: Runtime, req: Request) -> View:
    ring = frugal_log.ring()
    count, level = parse_args(req.args)
    return render_logs(ring.tail(count, level) if ring is not None else [], req.lang)


def register_logs(registry: Registry) -> None:
    if registry.command("logs") is None:
        registry.add_command(
            Command(name="logs", description_key="cmd.logs", handler=logs_command, role=Role.ADMIN, order=900)
        )
