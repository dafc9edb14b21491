"""The *arr stand-ins keep their library in SQLite under /config, as the real apps do: Radarr's movies in
radarr.db (table Movies), Sonarr's series in sonarr.db (Series), Prowlarr's indexers in prowlarr.db
(Indexers). WAL journal and one connection held while the app runs, like the real apps, so a backup of
/config meets a live -wal/-shm and a restore must leave the database consistent.

At start the library is read from the database (a restored /config brings its library back, a new
database is a new install's empty library); every request that may change the library (POST, PUT,
DELETE) writes the whole library back in one transaction. The fakes themselves stay in memory; this is
the stand-in images' persistence only."""

from __future__ import annotations

import itertools
import json
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from aiohttp import web

# app -> (database file, table, the state's attribute, the state's id counter)
LIBRARIES = {
    "radarr": ("radarr.db", "Movies", "movies", "movie"),
    "sonarr": ("sonarr.db", "Series", "series", "series"),
    "prowlarr": ("prowlarr.db", "Indexers", "indexers", "indexer"),
}
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def _int_keys(pairs: list[tuple[str, Any]]) -> dict[Any, Any]:
    """JSON objects keyed by numbers (Sonarr's seasons) come back with int keys, as the fake keeps them."""
    return {int(k) if k.isdigit() else k: v for k, v in pairs}


class Library:
    def __init__(self, app: str, state: Any, config_dir: Path = Path("/config")) -> None:
        filename, self.table, self.attribute, self.counter = LIBRARIES[app]
        self.state = state
        self.lock = threading.Lock()
        self.db = sqlite3.connect(config_dir / filename, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute(
            f'CREATE TABLE IF NOT EXISTS "{self.table}" (Id INTEGER PRIMARY KEY, Data TEXT NOT NULL)'
        )

    @property
    def records(self) -> dict[int, Any]:
        return getattr(self.state, self.attribute)  # type: ignore[no-any-return]

    def load(self) -> int:
        """The library from the database; a new database is a new install: an empty library (the fake's
        catalog seeds are dropped). Returns the library's size."""
        rows = self.db.execute(f'SELECT Id, Data FROM "{self.table}" ORDER BY Id').fetchall()  # noqa: S608
        with self.state.lock:
            self.records.clear()
            self.records.update({i: json.loads(d, object_pairs_hook=_int_keys) for i, d in rows})
            if rows:
                self.state._counters[self.counter] = itertools.count(max(self.records) + 1)
        return len(rows)

    def save(self) -> None:
        with self.state.lock:
            rows = [(i, json.dumps(r, sort_keys=True)) for i, r in sorted(self.records.items())]
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.execute(f'DELETE FROM "{self.table}"')  # noqa: S608
                self.db.executemany(f'INSERT INTO "{self.table}" (Id, Data) VALUES (?, ?)', rows)  # noqa: S608
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    def middleware(self) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
        @web.middleware
        async def persist(request: web.Request, handler: Handler) -> web.StreamResponse:
            response = await handler(request)
            if request.method in {"POST", "PUT", "DELETE"}:
                self.save()
            return response

        return persist
