"""The request store: who asked for what, and when, in a small SQLite file on the NVMe.

``requests`` has one row per requester and title. States move forward only:
``pending -> requested -> grabbed -> downloading -> imported`` (or ``failed``, which a new grab can
revive; or ``refused``, from ``pending`` only). The household tables (``asks``: one row per title an
admin approves once; ``members``, ``invites``) live in the same file and connection
(:mod:`myflix_bot.household`). All calls are short local transactions, fine to run on the event loop.

The schema is versioned with ``PRAGMA user_version``: a new file is created at version 0 (the schema
deployed before household requests) and then migrated forward like any old file, so every database
takes the same path. A migration runs in one transaction: it is applied whole or not at all.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

STATES = ("pending", "requested", "grabbed", "downloading", "imported", "failed", "refused")
OPEN_STATES = ("requested", "grabbed", "downloading", "failed")  # followed to "available"
WAITING_STATES = ("pending", *OPEN_STATES)  # a second request of the same title is a duplicate
_ORDER = {s: i for i, s in enumerate(("requested", "grabbed", "downloading", "imported"))}

# Version 0: the schema deployed before household requests (never changed: old files have it).
SCHEMA_V0 = """
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

# MIGRATIONS[n] takes a file from version n to n + 1.
MIGRATIONS: tuple[str, ...] = (
    """
    ALTER TABLE requests ADD COLUMN lang TEXT;
    ALTER TABLE requests ADD COLUMN ask_id INTEGER;
    ALTER TABLE requests ADD COLUMN reason TEXT;
    ALTER TABLE requests ADD COLUMN notice_id INTEGER;
    ALTER TABLE requests ADD COLUMN notice_at REAL;
    ALTER TABLE requests ADD COLUMN notice_pct INTEGER;
    CREATE INDEX requests_ask ON requests (ask_id);
    CREATE TABLE asks (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('movie', 'series')),
        ext_id INTEGER NOT NULL,
        season INTEGER,
        title TEXT NOT NULL,
        year INTEGER,
        candidate TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'pending'
            CHECK (status IN ('pending', 'adding', 'approved', 'refused')),
        nonce TEXT NOT NULL,
        decided_by INTEGER,
        reason TEXT,
        library_id INTEGER,
        created REAL NOT NULL,
        updated REAL NOT NULL
    );
    CREATE UNIQUE INDEX asks_one_open ON asks (kind, ext_id, IFNULL(season, -1))
        WHERE status IN ('pending', 'adding');
    CREATE TABLE ask_notices (
        ask_id INTEGER NOT NULL,
        chat_id INTEGER NOT NULL,
        message_id INTEGER NOT NULL,
        PRIMARY KEY (ask_id, chat_id)
    );
    CREATE TABLE members (
        user_id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        lang TEXT,
        invited_by INTEGER,
        created REAL NOT NULL
    );
    CREATE TABLE invites (
        code_hash TEXT PRIMARY KEY,
        created_by INTEGER NOT NULL,
        created REAL NOT NULL,
        expires REAL NOT NULL,
        used_by INTEGER,
        used_at REAL
    );
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    return int(db.execute("PRAGMA user_version").fetchone()[0])


def migrate(db: sqlite3.Connection) -> int:
    """Bring the file to :data:`SCHEMA_VERSION`, one transaction per step; returns the version it
    had. A file newer than this code is refused rather than guessed at."""
    db.executescript(SCHEMA_V0)
    found = schema_version(db)
    if found > SCHEMA_VERSION:
        raise RuntimeError(f"request store schema {found} is newer than this bot ({SCHEMA_VERSION})")
    for version in range(found, SCHEMA_VERSION):
        db.execute("BEGIN IMMEDIATE")
        try:
            if schema_version(db) == version:  # another process may have migrated meanwhile
                for statement in _statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {version + 1}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return found


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


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
    lang: str | None = None  # the requester's language when the request was made
    ask_id: int | None = None  # the household ask it belongs to (None: added before households)
    reason: str | None = None  # why an admin refused it
    notice_id: int | None = None  # the progress message edited in place
    notice_at: float | None = None  # when it was last sent or edited
    notice_pct: int | None = None  # the percentage it shows


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
        self._db.execute("PRAGMA busy_timeout=5000")
        self.migrated_from = migrate(self._db)

    @property
    def db(self) -> sqlite3.Connection:
        """The connection, shared by the household tables (one file, one writer)."""
        return self._db

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
        ask_id: int | None = None,
        lang: str | None = None,
    ) -> Request:
        """Record a request, once: the same user asking for the same title (and season) while an
        earlier request of it is still open gets that request (its library id filled in if it was
        missing), never a second row, so every lifecycle notice and /requests line comes once."""
        if state not in ("pending", "requested"):
            raise ValueError(f"a request starts pending or requested, not {state!r}")
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
                " state, created, updated, ask_id, lang) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    user_id,
                    chat_id,
                    kind,
                    ext_id,
                    library_id,
                    title,
                    year,
                    season,
                    state,
                    now,
                    now,
                    ask_id,
                    lang,
                ),
            )
            found = self.get(int(cur.lastrowid or 0))
        assert found is not None
        return found

    def open_request(self, user_id: int, kind: str, ext_id: int, season: int | None) -> Request | None:
        """The user's waiting request of this title (and season), if any (pending counts)."""
        placeholders = ",".join("?" * len(WAITING_STATES))
        same = "user_id = ? AND kind = ? AND ext_id = ? AND season IS ?"
        query = f"SELECT * FROM requests WHERE {same} AND state IN ({placeholders})"  # noqa: S608
        row = self._db.execute(query, (user_id, kind, ext_id, season, *WAITING_STATES)).fetchone()
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

    def by_ask(self, ask_id: int) -> list[Request]:
        rows = self._db.execute("SELECT * FROM requests WHERE ask_id = ? ORDER BY id", (ask_id,)).fetchall()
        return [Request(**dict(r)) for r in rows]

    def counted_since(self, user_id: int, kind: str, since: float) -> int:
        """The user's requests of ``kind`` made since ``since`` that count against a quota: every
        one but the refused ones."""
        row = self._db.execute(
            "SELECT COUNT(*) FROM requests WHERE user_id = ? AND kind = ? AND created >= ?"
            " AND state != 'refused'",
            (user_id, kind, since),
        ).fetchone()
        return int(row[0])

    def set_notice(self, request_id: int, message_id: int, percent: int) -> None:
        """Remember the progress message of a request and what it shows now."""
        self._db.execute(
            "UPDATE requests SET notice_id = ?, notice_at = ?, notice_pct = ? WHERE id = ?",
            (message_id, self.clock(), percent, request_id),
        )

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
        if current.state in ("pending", "refused") or state in ("pending", "refused"):
            return False  # approval and refusal go through the household asks, never here
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
