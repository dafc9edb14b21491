"""The request store: who asked for what, and when, in a small SQLite file on the NVMe.

One table, one row per request. States move forward only:
``requested -> grabbed -> downloading -> imported`` (or ``failed``, which a new grab can revive).
All calls are short local transactions, fine to run on the event loop.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STATES = ("requested", "grabbed", "downloading", "imported", "failed")
OPEN_STATES = ("requested", "grabbed", "downloading", "failed")
_ORDER = {s: i for i, s in enumerate(("requested", "grabbed", "downloading", "imported"))}

SCHEMA = """
CREATE TABLE IF NOT EXISTS requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL,
    chat_id INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('movie', 'series')),
    ext_id INTEGER NOT NULL,
    library_id INTEGER,
    title TEXT NOT NULL,
    year INTEGER,
    season INTEGER,
    state TEXT NOT NULL DEFAULT 'requested',
    progress INTEGER NOT NULL DEFAULT 0,
    created REAL NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_user ON requests (user_id, created);
CREATE INDEX IF NOT EXISTS requests_item ON requests (kind, library_id);
CREATE INDEX IF NOT EXISTS requests_title ON requests (user_id, kind, ext_id);
"""


@dataclass(frozen=True, slots=True)
class Request:
    id: int
    user_id: int
    chat_id: int
    kind: str
    ext_id: int
    library_id: int | None
    title: str
    year: int | None
    season: int | None
    state: str
    progress: int
    created: float
    updated: float


class RequestStore:
    def __init__(self, path: str | Path, clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.clock = clock
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.executescript(SCHEMA)

    def close(self) -> None:
        self._db.close()

    def add(
        self,
        *,
        user_id: int,
        chat_id: int,
        kind: str,
        ext_id: int,
        library_id: int | None,
        title: str,
        year: int | None,
        season: int | None = None,
        state: str = "requested",
    ) -> Request:
        """Record a request, once: the same user asking for the same title (and season) while an
        earlier request of it is still open gets that request (its library id filled in if it was
        missing), never a second row, so every lifecycle notice and /requests line comes once."""
        now = self.clock()
        existing = self.open_request(user_id, kind, ext_id, season)
        if existing is not None:
            if existing.library_id is None and library_id is not None:
                self._db.execute(
                    "UPDATE requests SET library_id = ?, updated = ? WHERE id = ?",
                    (library_id, now, existing.id),
                )
            found = self.get(existing.id)
        else:
            cur = self._db.execute(
                "INSERT INTO requests (user_id, chat_id, kind, ext_id, library_id, title, year, season,"
                " state, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, chat_id, kind, ext_id, library_id, title, year, season, state, now, now),
            )
            found = self.get(int(cur.lastrowid or 0))
        assert found is not None
        return found

    def open_request(self, user_id: int, kind: str, ext_id: int, season: int | None) -> Request | None:
        """The user's open request of this title (and season), if any."""
        placeholders = ",".join("?" * len(OPEN_STATES))
        same = "user_id = ? AND kind = ? AND ext_id = ? AND season IS ?"
        query = f"SELECT * FROM requests WHERE {same} AND state IN ({placeholders})"  # noqa: S608
        row = self._db.execute(query, (user_id, kind, ext_id, season, *OPEN_STATES)).fetchone()
        return Request(**dict(row)) if row else None

    def get(self, request_id: int) -> Request | None:
        row = self._db.execute("SELECT * FROM requests WHERE id = ?", (request_id,)).fetchone()
        return Request(**dict(row)) if row else None

    def by_user(self, user_id: int, limit: int = 10) -> list[Request]:
        rows = self._db.execute(
            "SELECT * FROM requests WHERE user_id = ? ORDER BY created DESC, id DESC LIMIT ?",
            (user_id, limit),
        ).fetchall()
        return [Request(**dict(r)) for r in rows]

    def open_for(self, kind: str, library_id: int) -> list[Request]:
        placeholders = ",".join("?" * len(OPEN_STATES))
        rows = self._db.execute(
            f"SELECT * FROM requests WHERE kind = ? AND library_id = ? AND state IN ({placeholders})",  # noqa: S608
            (kind, library_id, *OPEN_STATES),
        ).fetchall()
        return [Request(**dict(r)) for r in rows]

    def open_requests(self) -> list[Request]:
        placeholders = ",".join("?" * len(OPEN_STATES))
        rows = self._db.execute(
            f"SELECT * FROM requests WHERE state IN ({placeholders}) ORDER BY id",  # noqa: S608
            OPEN_STATES,
        ).fetchall()
        return [Request(**dict(r)) for r in rows]

    def advance(self, request_id: int, state: str, progress: int | None = None) -> bool:
        """Move a request forward (never back, except failed -> grabbed). True when it changed."""
        current = self.get(request_id)
        if current is None or state not in STATES:
            return False
        if state == "failed":
            allowed = current.state in ("grabbed", "downloading", "requested")
        elif current.state == "failed":
            allowed = state in ("grabbed", "downloading", "imported")
        else:
            allowed = _ORDER[state] > _ORDER[current.state] or (
                state == current.state and progress is not None and progress > current.progress
            )
        if not allowed:
            return False
        self._db.execute(
            "UPDATE requests SET state = ?, progress = ?, updated = ? WHERE id = ?",
            (state, progress if progress is not None else current.progress, self.clock(), request_id),
        )
        return True
