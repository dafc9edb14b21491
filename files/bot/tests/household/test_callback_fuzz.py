"""Fuzzed approval buttons: whatever the callback data, from a member or a stranger nothing is
decided, and from an admin only the exact pending ask with its own nonce is; a replay after the
decision does nothing. Runs the real route handlers on a real store with a recording outbox and a
counting adder (the Telegram round trip is the e2e test's)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from myflix_bot.access import Role
from myflix_bot.callbacks import parse
from myflix_bot.commands import household as routes
from myflix_bot.commands.registry import Request
from myflix_bot.household.directory import Directory
from myflix_bot.household.service import Asker, Household
from myflix_bot.household.settings import HouseholdSettings
from myflix_bot.render.view import View
from myflix_bot.search.add import AddResult
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.store import RequestStore

ADMIN, MEMBER, STRANGER = 1, 2, 3
DUNE = Candidate("movie", 841, "Dune", 1984, raw={"tmdbId": 841})


class Outbox:
    def __init__(self) -> None:
        self.sent: list[tuple[int, View]] = []
        self.edits = 0

    async def send(self, chat_id: int, view: View) -> int:
        self.sent.append((chat_id, view))
        return len(self.sent)

    async def edit(self, chat_id: int, message_id: int, view: View) -> bool:
        self.edits += 1
        return True


class Adder:
    def __init__(self) -> None:
        self.adds = 0

    async def add(
        self, candidate: Candidate, requester: int, season: int | None = None, **_: Any
    ) -> AddResult:
        self.adds += 1
        return AddResult("added", 500 + self.adds)


def household() -> tuple[Household, Outbox, Adder]:
    store = RequestStore(":memory:")
    settings = HouseholdSettings()
    directory = Directory(
        admins=frozenset({ADMIN}),
        users=frozenset({MEMBER}),
        household=settings,
        invited=lambda _: None,
        default_lang="fr",
    )
    outbox, adder = Outbox(), Adder()
    return Household(store, directory, adder, outbox, settings), outbox, adder  # type: ignore[arg-type]


def press(house: Household, user: int, role: Role, data: str) -> None:
    cb = parse(data)
    if cb is None or cb.view not in ("ha", "hr", "hn"):
        return
    req = Request(user_id=user, chat_id=user, role=role, lang="fr")
    handler = {"ha": routes.cb_approve, "hr": routes.cb_refuse, "hn": routes.cb_refuse_now}[cb.view]
    asyncio.run(handler(house, req, cb))  # type: ignore[arg-type] - see the fixture below


DATA = st.one_of(
    st.text(min_size=1, max_size=64).filter(lambda s: 1 <= len(s.encode()) <= 64),
    st.builds(
        lambda v, i, n: f"{v}:{i}:{n}",
        st.sampled_from(["ha", "hr", "hn"]),
        st.one_of(st.integers(-5, 10**8).map(str), st.text(max_size=8)),
        st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", max_size=10),
    ),
)


@pytest.fixture(autouse=True)
def routes_read_the_household_given(monkeypatch: pytest.MonkeyPatch) -> None:
    """The routes reach the household through ``household_of(rt)``; here ``rt`` is the household."""
    monkeypatch.setattr(routes, "household_of", lambda rt: rt)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=st.lists(st.tuples(st.sampled_from([MEMBER, STRANGER, ADMIN]), DATA), max_size=6),
    right=st.booleans(),
)
def test_fuzzed_buttons_decide_nothing_but_the_admins_exact_one(data: list[Any], right: bool) -> None:
    house, _, adder = household()
    asker = Asker(MEMBER, MEMBER, Role.USER, "fr")
    asyncio.run(house.submit(asker, DUNE, None))
    (ask,) = house.asks.pending()
    exact = f"ha:{ask.id}:{ask.nonce}"
    roles = {MEMBER: Role.USER, STRANGER: Role.NONE, ADMIN: Role.ADMIN}
    for user, junk in data:
        if junk == exact and user == ADMIN:
            continue  # the one right press is the positive twin below
        for who in (MEMBER, STRANGER):  # the exact button, forged by a member or a stranger
            press(house, who, roles[who], exact)
        press(house, user, roles[user], junk)
    got = house.asks.get(ask.id)
    assert got is not None
    decided_by_junk = got.status != "pending"
    if decided_by_junk:  # only an admin pressing hn:/hr: with the exact id and nonce may do that
        assert got.decided_by == ADMIN
        assert any(u == ADMIN and j in (f"hn:{ask.id}:{ask.nonce}",) for u, j in data)
        return
    assert adder.adds == 0
    if right:  # positive twin: the admin's exact button adds once, a replay does nothing more
        press(house, ADMIN, Role.ADMIN, exact)
        press(house, ADMIN, Role.ADMIN, exact)
        final = house.asks.get(ask.id)
        assert final is not None
        assert (final.status, adder.adds) == ("approved", 1)
