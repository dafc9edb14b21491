"""Who may use the bot: an allowlist of user and chat ids, and an admin role.

- admins (by user id) may browse, request and trigger actions (adds, restarts, GC runs);
- users (by user id, or any member of an allowed chat) may browse and request;
- anyone else gets nothing, or at most one short refusal per ``refusal_interval`` (and a global cap
  per minute, so a flood of fresh accounts cannot make the bot spam); attempts are counted by kind in
  the metrics, never with their text or ids.
"""

from __future__ import annotations

import enum
import time
from collections import OrderedDict, deque
from collections.abc import Callable

from myflix_bot.metrics import BotMetrics


class Role(enum.IntEnum):
    NONE = 0
    USER = 1
    ADMIN = 2


class AccessControl:
    def __init__(
        self,
        *,
        users: frozenset[int],
        chats: frozenset[int],
        admins: frozenset[int],
        metrics: BotMetrics,
        refusal_interval: float = 3600.0,
        refusals_per_minute: int = 5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._users = users
        self._chats = chats
        self._admins = admins
        self._metrics = metrics
        self._interval = refusal_interval
        self._per_minute = refusals_per_minute
        self._clock = clock
        # who else is in: the household directory (members who joined with an invitation)
        self.lookup: Callable[[int], Role] | None = None
        # the language a person reads (their household setting), None = the bot's
        self.language: Callable[[int], str | None] | None = None
        self._last_refusal: OrderedDict[int, float] = OrderedDict()
        self._recent: deque[float] = deque()

    def role(self, user_id: int | None, chat_id: int | None, *, private: bool = True) -> Role:
        """The role of ``user_id`` in ``chat_id``. In a group or channel, the chat itself must be
        allowlisted too: the bot never posts data into a chat nobody approved."""
        if user_id is None:
            return Role.NONE
        if not private and chat_id not in self._chats:
            return Role.NONE
        if user_id in self._admins:
            return Role.ADMIN
        if user_id in self._users or (chat_id is not None and chat_id in self._chats):
            return max(Role.USER, self.lookup(user_id) if self.lookup is not None else Role.NONE)
        return self.lookup(user_id) if self.lookup is not None else Role.NONE

    def language_of(self, user_id: int | None) -> str | None:
        return self.language(user_id) if self.language is not None and user_id is not None else None

    def denied(self, kind: str) -> None:
        self._metrics.denied.labels(kind=kind).inc()

    def may_refuse(self, user_id: int | None) -> bool:
        """True when a refusal may be sent to this stranger now (and records it)."""
        if user_id is None or self._interval <= 0:
            return False
        now = self._clock()
        last = self._last_refusal.get(user_id)
        if last is not None and now - last < self._interval:
            return False
        while self._recent and now - self._recent[0] > 60:
            self._recent.popleft()
        if len(self._recent) >= self._per_minute:
            return False
        self._recent.append(now)
        self._last_refusal[user_id] = now
        self._last_refusal.move_to_end(user_id)
        while len(self._last_refusal) > 4096:
            self._last_refusal.popitem(last=False)
        self._metrics.refusals.inc()
        return True
