"""Admin notifications, throttled per key: the same alert is sent at most once per ``throttle``
seconds; the suppressed repeats are counted and shown as "×N" on the next one that goes out.

The sender is set once the Telegram bot runs (``Notifier.sender``); without one (the CLI, tests of a
single watcher) messages only go to the log. A failing send never raises into a watcher.
"""

from __future__ import annotations

import html
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field

from myflix_bot.i18n import DEFAULT_LANGUAGE

log = logging.getLogger(__name__)

Sender = Callable[..., Awaitable[object]]  # (chat_id, html) or (chat_id, html, buttons)
Buttons = tuple[tuple[str, str], ...]  # (label, callback_data): one row of inline buttons


@dataclass
class _Seen:
    last_sent: float
    suppressed: int = 0


@dataclass
class Notifier:
    admins: Iterable[int] = ()
    throttle: float = 900.0
    sender: Sender | None = None
    clock: Callable[[], float] = time.monotonic
    lang: str = DEFAULT_LANGUAGE  # the UI language: notices come from the i18n catalog in it
    sent: list[str] = field(default_factory=list)  # the last texts sent (bounded), for /status and tests
    _seen: dict[str, _Seen] = field(default_factory=dict)

    async def notify(self, key: str, text: str, *, force: bool = False, buttons: Buttons = ()) -> bool:
        """Send ``text`` (with one row of ``buttons``) to every admin unless ``key`` was sent less than
        ``throttle`` s ago."""
        now = self.clock()
        seen = self._seen.get(key)
        if seen is not None and not force and now - seen.last_sent < self.throttle:
            seen.suppressed += 1
            return False
        repeats = seen.suppressed if seen is not None else 0
        self._seen[key] = _Seen(last_sent=now)
        body = text + (f" (×{repeats + 1})" if repeats else "")
        log.warning("admin notice: %s", body)
        self.sent.append(body)
        del self.sent[:-50]
        if self.sender is None:
            return True
        for chat_id in self.admins:
            try:
                escaped = html.escape(body, quote=False)
                await (self.sender(chat_id, escaped, buttons) if buttons else self.sender(chat_id, escaped))
            except Exception as exc:  # the network may be down: the log has it
                log.warning("admin notice not delivered: %s", type(exc).__name__)
        return True
