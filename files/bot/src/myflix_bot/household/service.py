"""The household feature's actions: a request goes through the one policy, admins approve or refuse
it from their message, requesters hear the answer in their own language.

Sending goes through an :class:`Outbox` (send and edit Views); nothing here knows Telegram.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from myflix_bot.access import Role
from myflix_bot.household import views
from myflix_bot.household.asks import Ask, AskStore
from myflix_bot.household.directory import Directory
from myflix_bot.household.invites import Invites
from myflix_bot.household.policy import Decision, TitleState, decide, may_decide
from myflix_bot.household.settings import HouseholdSettings
from myflix_bot.json_fields import object_field
from myflix_bot.render.view import View
from myflix_bot.search.add import Adder, AddResult
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.query import Kind
from myflix_bot.search.store import Request, RequestStore

log = logging.getLogger(__name__)
PROMPT_SECONDS = 600.0  # how long an admin's "reason?" prompt waits for the reply


class Outbox(Protocol):
    async def send(self, chat_id: int, view: View) -> int: ...

    async def edit(self, chat_id: int, message_id: int, view: View) -> bool: ...


@dataclass(frozen=True, slots=True)
class Asker:
    user_id: int
    chat_id: int
    role: Role
    lang: str


@dataclass(frozen=True, slots=True)
class Submitted:
    decision: Decision
    result: AddResult | None = None  # the add, for the "add" outcome
    view: View | None = None  # the answer for every other outcome


def candidate_json(c: Candidate) -> dict[str, Any]:
    return {"raw": dict(c.raw), "seasons": list(c.seasons), "library_id": c.library_id}


def candidate_of(ask: Ask) -> Candidate:
    data = ask.candidate_data()
    raw = object_field(data, "raw")
    seasons = tuple(s for s in data.get("seasons") or () if isinstance(s, int))
    library_id = data.get("library_id") if isinstance(data.get("library_id"), int) else None
    kind: Kind = "movie" if ask.kind == "movie" else "series"
    return Candidate(kind, ask.ext_id, ask.title, ask.year, seasons=seasons, library_id=library_id, raw=raw)


def available(c: Candidate) -> bool:
    """The requested thing is already there (a series: every episode the library knows of)."""
    if c.library_id is None:
        return False
    if c.kind == "movie":
        return c.has_file
    return c.episodes_total > 0 and c.episodes_have >= c.episodes_total


class Household:
    def __init__(
        self,
        store: RequestStore,
        directory: Directory,
        adder: Adder,
        outbox: Outbox,
        settings: HouseholdSettings,
        *,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.directory = directory
        self.adder = adder
        self.outbox = outbox
        self.settings = settings
        self.clock = clock
        self.asks = AskStore(store)
        self.invites = Invites(store)
        self.prompts: dict[int, tuple[int, str, float]] = {}  # admin -> (ask id, nonce, asked at)

    # ---- a request ------------------------------------------------------------------------------
    def title_state(self, user_id: int, c: Candidate, season: int | None) -> TitleState:
        ask = self.asks.open_for(c.kind, c.id, season)
        status = ask.status if ask is not None and ask.status in ("pending", "adding") else None
        return TitleState(
            own_request=self.store.open_request(user_id, c.kind, c.id, season) is not None,
            in_library=c.library_id is not None,
            has_file=available(c),
            open_ask=status,  # type: ignore[arg-type]
        )

    def decision(self, asker: Asker, c: Candidate, season: int | None) -> Decision:
        profile = self.directory.profile(asker.user_id)
        since = self.clock() - profile.quota.days * 86400
        used = self.store.counted_since(asker.user_id, c.kind, since)
        return decide(asker.role, profile, c.kind, self.title_state(asker.user_id, c, season), used)

    def _record(
        self, asker: Asker, c: Candidate, season: int | None, state: str, ask_id: int | None
    ) -> Request:
        return self.store.add(
            user_id=asker.user_id,
            chat_id=asker.chat_id,
            kind=c.kind,
            ext_id=c.id,
            library_id=c.library_id,
            title=c.title,
            year=c.year,
            season=season,
            state=state,
            ask_id=ask_id,
            lang=asker.lang,
        )

    def _open_ask(self, c: Candidate, season: int | None) -> Ask:
        return self.asks.open(
            kind=c.kind, ext_id=c.id, season=season, title=c.title, year=c.year, candidate=candidate_json(c)
        )

    async def submit(self, asker: Asker, c: Candidate, season: int | None) -> Submitted:
        """A press on Add: decide, record, and add or ask the admins."""
        d = self.decision(asker, c, season)
        quota = self.directory.profile(asker.user_id).quota

        def answer(decision: Decision) -> View:
            return views.answer(
                decision, kind=c.kind, title=c.title, year=c.year, quota=quota, lang=asker.lang
            )

        if d.outcome in ("duplicate", "available", "quota"):
            return Submitted(d, view=answer(d))
        if d.outcome == "follow":
            ask = self.asks.open_for(c.kind, c.id, season)
            self._record(asker, c, season, "pending" if ask else "requested", ask.id if ask else None)
            return Submitted(d, view=answer(d))
        ask = self._open_ask(c, season)
        if d.outcome in ("pending", "join"):
            self._record(asker, c, season, "pending", ask.id)
            await self._tell_admins(ask)
            return Submitted(d, view=answer(d))
        # "add": the asker may add; this approves the ask for everyone who waits for it
        if not self.asks.claim(ask.id, ask.nonce, asker.user_id):  # an admin is adding it right now
            self._record(asker, c, season, "pending", ask.id)
            follow = Decision("follow", d.left, d.limit)
            return Submitted(follow, view=answer(follow))
        result = await self._add(ask, c, asker.user_id)
        if result.outcome == "failed":
            self.asks.release(ask.id)
            return Submitted(d, result=result)
        self._record(asker, c, season, "pending", ask.id)
        await self._approved(ask, asker.user_id, result.library_id, skip=asker.user_id)
        return Submitted(d, result=result)

    async def _add(self, ask: Ask, c: Candidate | None = None, requester: int | None = None) -> AddResult:
        """Add the ask's title, tagged with and placed by the profile of ``requester`` (else the
        first one waiting)."""
        c = c or candidate_of(ask)
        if requester is None:
            waiting = [r for r in self.store.by_ask(ask.id) if r.state == "pending"]
            requester = waiting[0].user_id if waiting else 0
        first = requester
        library = self.directory.profile(first).library(ask.kind)
        return await self.adder.add(
            c, first, ask.season, quality_profile=library.quality_profile, root_folder=library.root_folder
        )

    # ---- admins ---------------------------------------------------------------------------------
    def _names(self, ask_id: int) -> list[str]:
        names: list[str] = []
        for r in self.store.by_ask(ask_id):
            name = self.directory.name(r.user_id)
            if name not in names:
                names.append(name)
        return names

    async def _tell_admins(self, ask: Ask) -> None:
        """Each admin has one message per ask: sent the first time, edited when someone joins."""
        names = self._names(ask.id)
        known = dict(self.asks.notices(ask.id))
        for admin in sorted(self.directory.admins()):
            view = views.ask_message(ask, names, self.directory.lang(admin))
            try:
                if admin in known:
                    await self.outbox.edit(admin, known[admin], view)
                else:
                    self.asks.add_notice(ask.id, admin, await self.outbox.send(admin, view))
            except Exception as exc:  # one unreachable admin must not stop the others
                log.info("approval message not delivered: %s", type(exc).__name__)

    async def _close_admin_messages(self, ask: Ask, status: str, by: int, reason: str | None) -> None:
        names = self._names(ask.id)
        who = self.directory.name(by)
        for chat_id, message_id in self.asks.notices(ask.id):
            lang = self.directory.lang(chat_id)
            view = views.ask_message(ask, names, lang, views.decided_line(status, who, lang, reason))
            try:
                await self.outbox.edit(chat_id, message_id, view)
            except Exception as exc:
                log.info("approval message not updated: %s", type(exc).__name__)

    async def _tell(self, requests: list[Request], status: str, reason: str | None, skip: int | None) -> None:
        for r in requests:
            if r.user_id == skip:
                continue
            lang = self.directory.lang(r.user_id)
            try:
                await self.outbox.send(r.chat_id, views.notice(r, status, lang, reason))
            except Exception as exc:
                log.info("requester notice not delivered: %s", type(exc).__name__)

    async def _approved(self, ask: Ask, by: int, library_id: int | None, skip: int | None = None) -> None:
        waiting = self.asks.approved(ask.id, library_id)
        await self._close_admin_messages(ask, "approved", by, None)
        await self._tell(waiting, "approved", None, skip)

    async def approve(self, admin: Asker, ask_id: int, nonce: str) -> View | None:
        """An admin's Approuver. None when nothing happened (not an admin, forged, replayed,
        decided by another admin meanwhile): the button press then changes nothing."""
        if not may_decide(admin.role) or not self.asks.claim(ask_id, nonce, admin.user_id):
            return None
        ask = self.asks.get(ask_id)
        assert ask is not None
        result = await self._add(ask)
        if result.outcome == "failed":
            log.warning("approved add failed: %s", result.detail)
            self.asks.release(ask_id)
            return views.add_failed(ask, self._names(ask_id), admin.lang)
        await self._approved(ask, admin.user_id, result.library_id)
        return None

    def ask_reason(self, admin: Asker, ask_id: int, nonce: str) -> View | None:
        """An admin's Refuser: the message asks for a reason (the next text) or a tap for none."""
        ask = self.asks.get(ask_id)
        if not may_decide(admin.role) or ask is None or ask.status != "pending" or ask.nonce != nonce:
            return None
        self.prompts[admin.user_id] = (ask_id, nonce, self.clock())
        return views.refuse_prompt(ask, admin.lang)

    def prompt_of(self, admin_id: int) -> tuple[int, str] | None:
        prompt = self.prompts.get(admin_id)
        if prompt is None or self.clock() - prompt[2] > PROMPT_SECONDS:
            self.prompts.pop(admin_id, None)
            return None
        return prompt[0], prompt[1]

    async def refuse(self, admin: Asker, ask_id: int, nonce: str, reason: str | None) -> bool:
        if not may_decide(admin.role):
            return False
        self.prompts.pop(admin.user_id, None)
        reason = reason.strip()[:300] if reason and reason.strip() else None
        waiting = self.asks.refuse(ask_id, nonce, admin.user_id, reason)
        if waiting is None:
            return False
        ask = self.asks.get(ask_id)
        assert ask is not None
        await self._close_admin_messages(ask, "refused", admin.user_id, reason)
        await self._tell(waiting, "refused", reason, None)
        return True

    def pending_view(self, lang: str) -> View:
        return views.pending_list([(a, self._names(a.id)) for a in self.asks.pending()], lang)
