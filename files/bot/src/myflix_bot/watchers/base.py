"""The watcher contract: an interval, one ``run()`` step, its own state and health.

A step does its work and returns; it raises when it failed (the supervisor counts the error and
retries with backoff). ``dry_run`` watchers decide and report, but change nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from myflix_bot import i18n
from myflix_bot.watchers import texts as _texts  # registers the /status texts
from myflix_bot.watchers.notify import Buttons, Notifier

assert _texts.__name__


@dataclass
class WatcherHealth:
    runs: int = 0
    errors: int = 0
    consecutive_errors: int = 0
    last_success: float | None = None  # wall clock
    last_error: str | None = None
    last_error_at: float | None = None
    restarts: int = 0  # steps restarted by the supervisor after a crash
    backoff_until: float | None = None  # wall clock

    @property
    def ok(self) -> bool:
        return self.last_success is not None and self.consecutive_errors == 0


class WatcherError(Exception):
    """A step failed in a known way; the message is short, secret-free and shown to admins."""

    explains_itself = True  # describe_error shows the message without the class name


class Watcher:
    """Subclasses set ``name`` and implement :meth:`run`; :meth:`summary` is their /status line."""

    name = "watcher"
    # a watcher that must keep trying (leak guard, thermal, auto-heal) caps the supervisor's backoff
    max_backoff: float | None = None

    def __init__(
        self,
        *,
        interval: float,
        dry_run: bool = False,
        notifier: Notifier | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.interval = interval
        self.dry_run = dry_run
        self.notifier = notifier or Notifier()
        self.clock = clock
        self.health = WatcherHealth()

    async def run(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def summary(self, lang: str) -> str:
        """One short line of the watcher's own state for /status (no network), in ``lang``."""
        return ""

    def needs_attention(self) -> bool:
        """True when the watcher runs fine but what it watches needs an admin (its /status line shows ⚠️
        instead of ✅: a disk tier full, absent or misconfigured)."""
        return False

    def verdicts(self, lang: str) -> list[str]:
        """What the last pass decided, one line each, in ``lang`` (``myflix-bot watcher run``)."""
        return [i18n.t(lang, "watchers.line", name=self.name, summary=self.summary(lang))]

    def say(self, message_key: str, **values: object) -> str:
        """A notice text from the i18n catalog, in the notifier's (the UI's) language."""
        return i18n.t(self.notifier.lang, message_key, **values)

    async def notify(self, key: str, message_key: str, *, buttons: Buttons = (), **values: object) -> None:
        """Send the catalog message ``message_key`` to the admins (throttled per ``key``)."""
        await self.notify_text(key, self.say(message_key, **values), buttons=buttons)

    async def notify_text(self, key: str, text: str, *, buttons: Buttons = ()) -> None:
        """Send ``text``, already built from catalog messages, to the admins."""
        prefix = self.say("watchers.notice.dry_run") if self.dry_run else ""
        await self.notifier.notify(f"{self.name}:{key}", f"{prefix}{text}", buttons=buttons)
