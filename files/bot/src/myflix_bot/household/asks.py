"""Asks: one row per title (and season) that waits for, or got, an admin's decision.

Every requester of the title points at the ask (``requests.ask_id``): approving it once adds the
title once and moves all of them on. A unique index allows one open ask per title, so two members
asking at the same moment end up in the same ask.

Deciding is a claim: ``UPDATE ... WHERE status = 'pending' AND nonce = ?`` in SQLite, so of two
admins tapping Approve at once (or a replayed button, or a button of a refused ask), exactly one
claim succeeds and only that one adds the title. The nonce is random per ask and travels in the
buttons: a forged button with a guessed ask id does nothing. An add that fails releases the claim
(the ask waits again); a claim left by a crash is released when the store opens.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from myflix_bot.search.store import Request, RequestStore

NONCE_BYTES = 6  # 8 URL-safe characters in the callback data


@dataclass(frozen=True, slots=True)
class Ask:
    id: int
    kind: str
    ext_id: int
    season: int | None
    title: str
    year: int | None
    candidate: str  # JSON: the lookup resource the card showed (what gets added)
    status: str
    nonce: str
    decided_by: int | None
    reason: str | None
    library_id: int | None
    created: float
    updated: float

    def candidate_data(self) -> dict[str, Any]:
        data = json.loads(self.candidate)
        return data if isinstance(data, dict) else {}


class AskStore:
    def __init__(self, store: RequestStore) -> None:
        self.store = store
        self.db: sqlite3.Connection = store.db
        self.db.execute("UPDATE asks SET status = 'pending' WHERE status = 'adding'")  # crash leftovers

    def _now(self) -> float:
        return self.store.clock()

    def get(self, ask_id: int) -> Ask | None:
        row = self.db.execute("SELECT * FROM asks WHERE id = ?", (ask_id,)).fetchone()
        return Ask(**dict(row)) if row else None

    def open_for(self, kind: str, ext_id: int, season: int | None) -> Ask | None:
        row = self.db.execute(
            "SELECT * FROM asks WHERE kind = ? AND ext_id = ? AND season IS ?"
            " AND status IN ('pending', 'adding')",
            (kind, ext_id, season),
        ).fetchone()
        return Ask(**dict(row)) if row else None

    def pending(self) -> list[Ask]:
        rows = self.db.execute("SELECT * FROM asks WHERE status = 'pending' ORDER BY id").fetchall()
        return [Ask(**dict(r)) for r in rows]

    def open(
        self,
        *,
        kind: str,
        ext_id: int,
        season: int | None,
        title: str,
        year: int | None,
        candidate: dict[str, Any],
    ) -> Ask:
        """The open ask of this title, created when there is none (two creators race safely: the
        unique index lets one insert win and the other reads it)."""
        found = self.open_for(kind, ext_id, season)
        if found is not None:
            return found
        now = self._now()
        try:
            cur = self.db.execute(
                "INSERT INTO asks (kind, ext_id, season, title, year, candidate, status, nonce,"
                " created, updated) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)",
                (
                    kind,
                    ext_id,
                    season,
                    title,
                    year,
                    json.dumps(candidate),
                    secrets.token_urlsafe(NONCE_BYTES),
                    now,
                    now,
                ),
            )
        except sqlite3.IntegrityError:
            found = self.open_for(kind, ext_id, season)
            if found is None:
                raise
            return found
        created = self.get(int(cur.lastrowid or 0))
        assert created is not None
        return created

    def claim(self, ask_id: int, nonce: str, by: int) -> bool:
        """Take the decision on a pending ask: True for exactly one caller."""
        cur = self.db.execute(
            "UPDATE asks SET status = 'adding', decided_by = ?, updated = ?"
            " WHERE id = ? AND nonce = ? AND status = 'pending'",
            (by, self._now(), ask_id, nonce),
        )
        return cur.rowcount == 1

    def release(self, ask_id: int) -> None:
        """The add failed: the ask waits for a decision again (the same buttons work); an ask
        nobody waits for (a direct add that failed) is dropped."""
        self.db.execute(
            "DELETE FROM asks WHERE id = ? AND status = 'adding'"
            " AND NOT EXISTS (SELECT 1 FROM requests WHERE ask_id = ?)",
            (ask_id, ask_id),
        )
        self.db.execute(
            "UPDATE asks SET status = 'pending', decided_by = NULL, updated = ?"
            " WHERE id = ? AND status = 'adding'",
            (self._now(), ask_id),
        )

    def approved(self, ask_id: int, library_id: int | None) -> list[Request]:
        """The claimed ask's title is in the library: it and its pending requests move on together.
        Returns the requests that were waiting (each requester hears it once)."""
        now = self._now()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                "UPDATE asks SET status = 'approved', library_id = ?, nonce = ?, updated = ?"
                " WHERE id = ? AND status = 'adding'",
                (library_id, secrets.token_urlsafe(NONCE_BYTES), now, ask_id),
            )
            waiting = [r for r in self.store.by_ask(ask_id) if r.state == "pending"]
            self.db.execute(
                "UPDATE requests SET state = 'requested', library_id = ?, updated = ?"
                " WHERE ask_id = ? AND state = 'pending'",
                (library_id, now, ask_id),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return waiting

    def refuse(self, ask_id: int, nonce: str, by: int, reason: str | None) -> list[Request] | None:
        """Refuse a pending ask; None when it was not pending with that nonce (decided, forged,
        replayed). Returns the requests that were waiting."""
        now = self._now()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cur = self.db.execute(
                "UPDATE asks SET status = 'refused', decided_by = ?, reason = ?, nonce = ?, updated = ?"
                " WHERE id = ? AND nonce = ? AND status = 'pending'",
                (by, reason, secrets.token_urlsafe(NONCE_BYTES), now, ask_id, nonce),
            )
            if cur.rowcount != 1:
                self.db.execute("ROLLBACK")
                return None
            waiting = [r for r in self.store.by_ask(ask_id) if r.state == "pending"]
            self.db.execute(
                "UPDATE requests SET state = 'refused', reason = ?, updated = ?"
                " WHERE ask_id = ? AND state = 'pending'",
                (reason, now, ask_id),
            )
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        return waiting

    # the admins' approval messages, edited when the ask is decided or merged
    def add_notice(self, ask_id: int, chat_id: int, message_id: int) -> None:
        self.db.execute(
            "INSERT OR REPLACE INTO ask_notices (ask_id, chat_id, message_id) VALUES (?, ?, ?)",
            (ask_id, chat_id, message_id),
        )

    def notices(self, ask_id: int) -> list[tuple[int, int]]:
        rows = self.db.execute(
            "SELECT chat_id, message_id FROM ask_notices WHERE ask_id = ? ORDER BY chat_id", (ask_id,)
        ).fetchall()
        return [(int(r[0]), int(r[1])) for r in rows]
