"""One-time invitation codes and the members who joined with one.

``/invite`` (admins) makes a random code (72 bits, URL-safe, usable as ``t.me/<bot>?start=<code>``);
only its SHA-256 is stored. Redeeming is one conditional UPDATE: a code works once, before it
expires, and two people racing for it cannot both join.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from dataclasses import dataclass

from myflix_bot.search.store import RequestStore

CODE_BYTES = 9  # 12 characters
CODE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass(frozen=True, slots=True)
class InvitedMember:
    user_id: int
    name: str
    lang: str | None
    invited_by: int | None
    created: float


def _hash(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()


def looks_like_code(text: str) -> bool:
    return len(text) == 12 and set(text) <= CODE_CHARS


class Invites:
    def __init__(self, store: RequestStore) -> None:
        self.store = store
        self.db: sqlite3.Connection = store.db

    def create(self, by: int, ttl: float) -> tuple[str, float]:
        """A new code and when it expires."""
        code = secrets.token_urlsafe(CODE_BYTES)
        now = self.store.clock()
        self.db.execute(
            "INSERT INTO invites (code_hash, created_by, created, expires) VALUES (?, ?, ?, ?)",
            (_hash(code), by, now, now + ttl),
        )
        return code, now + ttl

    def redeem(self, code: str, user_id: int, name: str, lang: str | None) -> bool:
        """True when ``code`` was valid (unused, unexpired) and ``user_id`` is now a member."""
        if not looks_like_code(code):
            return False
        now = self.store.clock()
        self.db.execute("BEGIN IMMEDIATE")
        try:
            cur = self.db.execute(
                "UPDATE invites SET used_by = ?, used_at = ?"
                " WHERE code_hash = ? AND used_by IS NULL AND expires > ?",
                (user_id, now, _hash(code), now),
            )
            if cur.rowcount != 1:
                self.db.execute("ROLLBACK")
                return False
            by = self.db.execute(
                "SELECT created_by FROM invites WHERE code_hash = ?", (_hash(code),)
            ).fetchone()
            self.db.execute(
                "INSERT OR IGNORE INTO members (user_id, name, lang, invited_by, created)"
                " VALUES (?, ?, ?, ?, ?)",
                (user_id, name[:64], lang, int(by[0]) if by else None, now),
            )
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise
        return True

    def member(self, user_id: int) -> InvitedMember | None:
        row = self.db.execute("SELECT * FROM members WHERE user_id = ?", (user_id,)).fetchone()
        return InvitedMember(**dict(row)) if row else None
