"""The search feature inside the running bot: one object per runtime, built on first use (it knows
nothing of the runtime: ``search.hooks`` builds it with what it needs).

It holds the resolver, the adder, the request store, the lifecycle poller, the webhook endpoint and
the pending cards (what an Add button refers to: the exact candidate that was shown, by a short
token, for the user who asked). A button only ever adds the candidate behind its token.
"""

from __future__ import annotations

import itertools
import logging
from collections import OrderedDict
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from myflix_bot.config import Config
from myflix_bot.household.settings import HouseholdSettings, household_of
from myflix_bot.outbox import Outbox
from myflix_bot.render.view import View
from myflix_bot.search.add import Adder
from myflix_bot.search.candidates import ArrLookup
from myflix_bot.search.pending import Pending
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.service import build_understander, memory_of
from myflix_bot.search.settings import SearchSettings, settings_of
from myflix_bot.sources.arr import ArrClient

if TYPE_CHECKING:
    from myflix_bot.household.directory import Directory
    from myflix_bot.household.service import Household
    from myflix_bot.search.lifecycle import Lifecycle
    from myflix_bot.search.store import Request, RequestStore

log = logging.getLogger(__name__)
MAX_PENDING = 512


class LateOutbox:
    """The runtime's outbox as it is when a message goes out (it is set once Telegram is reached): the
    lifecycle poller and the household are built before that."""

    def __init__(self, current: Callable[[], Outbox | None]) -> None:
        self.current = current

    async def send(self, chat_id: int, view: View) -> int:
        outbox = self.current()
        if outbox is None:
            raise ConnectionError("Telegram is not connected")
        return await outbox.send(chat_id, view)

    async def edit(self, chat_id: int, message_id: int, view: View) -> bool:
        outbox = self.current()
        return False if outbox is None else await outbox.edit(chat_id, message_id, view)


class SearchFeature:
    """One per runtime (``search.hooks.feature_of`` builds it on first use). ``clients``: kind
    (movie|series) -> the Radarr/Sonarr source's client; ``directory``: the household directory."""

    def __init__(
        self,
        config: Config,
        clients: dict[str, ArrClient | None],
        outbox: Callable[[], Outbox | None],
        directory: Directory,
        *,
        clock: Callable[[], float],
    ) -> None:
        self.settings: SearchSettings = settings_of(config)
        self.household_settings: HouseholdSettings = household_of(config)
        self.outbox = LateOutbox(outbox)
        self.clients = clients
        self.directory = directory
        self.clock = clock
        self.adding: set[tuple[int, str, int, int | None]] = set()  # (user, kind, id, season) in flight
        self.card_of: dict[str, int] = {}  # pending token -> message id of its card
        self.resolver = Resolver(
            ArrLookup(clients["movie"], clients["series"]),
            build_understander(self.settings, config.gemini_api_key),
            memory_of(self.settings),
        )
        self.adder = Adder(clients, self.settings)
        self._store: RequestStore | None = None
        self._lifecycle: Lifecycle | None = None
        self._household: Household | None = None
        self.webhook: Any = None
        self._pending: OrderedDict[str, Pending] = OrderedDict()
        self._tokens = itertools.count(1)
        self._started = False

    @property
    def store(self) -> RequestStore:
        if self._store is None:
            from myflix_bot.search.store import RequestStore  # noqa: PLC0415 - sqlite3 on first use

            self._store = RequestStore(self.settings.requests_db, clock=self.clock)
        return self._store

    @property
    def has_household(self) -> bool:
        return self._household is not None

    @property
    def household(self) -> Household:
        if self._household is None:
            from myflix_bot.household.service import Household  # noqa: PLC0415 - lazy with the store

            self._household = Household(
                self.store,
                self.directory,
                self.adder,
                self.outbox,
                self.household_settings,
                clock=self.clock,
            )
        return self._household

    def lang_of(self, req: Request) -> str:
        """A requester's language: their household setting, else the bot's."""
        return self.directory.lang(req.user_id)

    @property
    def lifecycle(self) -> Lifecycle:
        from myflix_bot.search.lifecycle import Lifecycle  # noqa: PLC0415 - lazy with the store

        if self._lifecycle is None:
            self._lifecycle = Lifecycle(
                self.store,
                self.clients,
                self.settings,
                self.outbox,
                self.lang_of,
                edit_interval=self.household_settings.progress_edit_interval,
            )
        return self._lifecycle

    def remember(self, pending: Pending) -> str:
        token = format(next(self._tokens), "x")
        self._pending[token] = pending
        while len(self._pending) > MAX_PENDING:
            old, _ = self._pending.popitem(last=False)
            self.card_of.pop(old, None)
        return token

    def pending(self, token: str) -> Pending | None:
        return self._pending.get(token)

    async def start(self) -> None:
        if not any(self.clients.values()) or self._started:
            return
        self._started = True
        self.lifecycle.start()
        if self.settings.webhook is not None:
            from myflix_bot.search.webhook import WebhookServer  # noqa: PLC0415 - aiohttp server, lazy

            self.webhook = WebhookServer(self.settings.webhook, self.lifecycle)
            await self.webhook.start()

    async def stop(self) -> None:
        if self.webhook is not None:
            await self.webhook.stop()
            self.webhook = None
        if self._lifecycle is not None:
            await self._lifecycle.stop()
        model = self.resolver.understander.model
        if model is not None and hasattr(model, "aclose"):
            await model.aclose()
        if self._store is not None:
            self._store.close()
            self._store = None
