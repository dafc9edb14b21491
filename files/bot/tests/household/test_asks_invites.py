"""Asks (approve once, atomically; refuse; merge) and one-time invitations, on real SQLite files."""

from __future__ import annotations

import threading
from pathlib import Path

from myflix_bot.household.asks import AskStore
from myflix_bot.household.invites import Invites
from myflix_bot.search.store import RequestStore

TITLE = {
    "kind": "movie",
    "ext_id": 841,
    "season": None,
    "title": "Dune",
    "year": 1984,
    "candidate": {"tmdbId": 841},
}


def request(store: RequestStore, user: int, ask_id: int) -> int:
    r = store.add(
        user_id=user,
        chat_id=user,
        kind="movie",
        ext_id=841,
        library_id=None,
        title="Dune",
        year=1984,
        state="pending",
        ask_id=ask_id,
        lang="en" if user == 2 else "fr",
    )
    return r.id


def test_two_admins_claiming_at_once_from_two_connections_one_wins(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    first = RequestStore(path)
    asks = AskStore(first)
    ask = asks.open(**TITLE)
    request(first, 1, ask.id)
    stores = [RequestStore(path) for _ in range(8)]  # eight connections, as separate processes would be
    barrier = threading.Barrier(len(stores))
    wins: list[int] = []

    def tap(i: int) -> None:
        mine = AskStore(stores[i])
        barrier.wait()
        if mine.claim(ask.id, ask.nonce, 100 + i):
            wins.append(i)

    threads = [threading.Thread(target=tap, args=(i,)) for i in range(len(stores))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(wins) == 1
    got = asks.get(ask.id)
    assert got is not None
    assert (got.status, got.decided_by) == ("adding", 100 + wins[0])
    assert not asks.claim(ask.id, ask.nonce, 1)  # and a replay afterwards does nothing


def test_approval_moves_every_merged_requester_and_voids_the_buttons(tmp_path: Path) -> None:
    store = RequestStore(tmp_path / "r.sqlite")
    asks = AskStore(store)
    ask = asks.open(**TITLE)
    assert asks.open(**TITLE).id == ask.id  # a second member's request merges into the same ask
    ids = [request(store, 1, ask.id), request(store, 2, ask.id)]
    assert not asks.claim(ask.id, "forged12", 9)  # a guessed nonce
    assert asks.claim(ask.id, ask.nonce, 9)
    waiting = asks.approved(ask.id, library_id=77)
    assert sorted(r.id for r in waiting) == ids
    for rid in ids:
        r = store.get(rid)
        assert r is not None
        assert (r.state, r.library_id) == ("requested", 77)
    assert [r.id for r in store.open_for("movie", 77)] == ids  # the lifecycle follows both
    assert not asks.claim(ask.id, ask.nonce, 9)  # a replayed Approve
    assert asks.refuse(ask.id, ask.nonce, 9, "no") is None  # a replayed Refuse after approval
    assert asks.open(**TITLE).id != ask.id  # asked again later: a new ask


def test_refusal_with_reason_and_a_failed_add_releases_the_claim(tmp_path: Path) -> None:
    store = RequestStore(tmp_path / "r.sqlite")
    asks = AskStore(store)
    ask = asks.open(**TITLE)
    rid = request(store, 1, ask.id)
    assert asks.claim(ask.id, ask.nonce, 9)
    asks.release(ask.id)  # Radarr failed: the same buttons work again
    waiting = asks.refuse(ask.id, ask.nonce, 9, "déjà vu")
    assert waiting is not None
    assert [r.id for r in waiting] == [rid]
    r = store.get(rid)
    assert r is not None
    assert (r.state, r.reason) == ("refused", "déjà vu")
    assert store.counted_since(1, "movie", 0) == 0  # a refused request gives its quota back
    assert asks.refuse(ask.id, ask.nonce, 9, None) is None  # replayed
    assert not store.advance(rid, "grabbed")  # a refused request is never followed


def test_a_claim_left_by_a_crash_is_released_on_open(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    asks = AskStore(RequestStore(path))
    ask = asks.open(**TITLE)
    assert asks.claim(ask.id, ask.nonce, 9)
    again = AskStore(RequestStore(path))
    got = again.get(ask.id)
    assert got is not None
    assert got.status == "pending"


def test_invitation_codes_work_once_and_expire(tmp_path: Path) -> None:
    now = [1000.0]
    store = RequestStore(tmp_path / "r.sqlite", clock=lambda: now[0])
    invites = Invites(store)
    code, expires = invites.create(by=1, ttl=3600)
    assert expires == 4600.0
    assert invites.member(50) is None
    assert not invites.redeem(code[:-1] + ("A" if code[-1] != "A" else "B"), 50, "Eve", "en")  # a near miss
    assert invites.redeem(code, 50, "Carol", "en")
    member = invites.member(50)
    assert member is not None
    assert (member.name, member.lang, member.invited_by) == ("Carol", "en", 1)
    assert not invites.redeem(code, 51, "Mallory", "fr")  # used
    assert invites.member(51) is None
    late, _ = invites.create(by=1, ttl=3600)
    now[0] += 3601
    assert not invites.redeem(late, 52, "Late", "fr")  # expired
    assert invites.member(52) is None
    stored = store.db.execute("SELECT code_hash FROM invites").fetchall()
    assert code not in {row[0] for row in stored}  # only hashes are kept
