"""The request store migrates forward from the schema deployed before households, keeping every
request, and a new file takes the same path."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from myflix_bot.search import store as store_module
from myflix_bot.search.store import SCHEMA_VERSION, RequestStore, migrate, schema_version

V0 = Path(__file__).parent.parent / "data" / "requests_v0.sqlite"


def rows(path: Path) -> list[tuple[object, ...]]:
    db = sqlite3.connect(path)
    try:
        return db.execute(
            "SELECT id, user_id, chat_id, kind, ext_id, library_id, title, year, season, state, progress,"
            " created, updated FROM requests ORDER BY id"
        ).fetchall()
    finally:
        db.close()


def test_a_database_made_by_todays_code_migrates_without_losing_a_request(tmp_path: Path) -> None:
    path = tmp_path / "requests.sqlite"
    shutil.copy(V0, path)
    before = rows(path)
    assert len(before) == 5
    store = RequestStore(path)
    assert (store.migrated_from, schema_version(store.db)) == (0, SCHEMA_VERSION)
    assert rows(path) == before  # every column of every old request kept
    dune = store.by_user(424242)[-1]
    assert (dune.title, dune.state, dune.progress, dune.ask_id, dune.lang) == (
        "Dune",
        "downloading",
        50,
        None,
        None,
    )
    # the old requests are still followed: the lifecycle finds the open ones by library id
    assert [r.title for r in store.open_for("movie", 1)] == ["Dune"]
    assert [r.title for r in store.open_for("series", 7)] == ["Game of Thrones"]
    assert store.advance(dune.id, "imported", 100)
    # and the new tables work on the migrated file
    store.add(
        user_id=9, chat_id=9, kind="movie", ext_id=1, library_id=None, title="X", year=None, state="pending"
    )
    assert store.counted_since(9, "movie", 0) == 1
    store.close()
    again = RequestStore(path)  # reopening a migrated file changes nothing
    assert again.migrated_from == SCHEMA_VERSION
    assert len(again.by_user(424242)) == 3
    again.close()


def test_a_new_file_takes_the_same_path_and_ends_with_the_same_schema(tmp_path: Path) -> None:
    old = tmp_path / "old.sqlite"
    shutil.copy(V0, old)
    RequestStore(old).close()
    fresh = RequestStore(tmp_path / "new.sqlite")
    assert fresh.migrated_from == 0
    fresh.close()

    def schema(path: Path) -> list[tuple[str, str]]:
        db = sqlite3.connect(path)
        try:
            return db.execute(
                "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name"
            ).fetchall()
        finally:
            db.close()

    assert schema(old) == schema(tmp_path / "new.sqlite")


def test_a_failing_migration_leaves_the_old_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "requests.sqlite"
    shutil.copy(V0, path)
    before = rows(path)
    broken = (store_module.MIGRATIONS[0] + ";\nCREATE TABLE requests (x INTEGER)",)  # fails at the end
    monkeypatch.setattr(store_module, "MIGRATIONS", broken)
    db = sqlite3.connect(path, isolation_level=None)
    with pytest.raises(sqlite3.OperationalError):
        migrate(db)
    assert schema_version(db) == 0
    columns = [r[1] for r in db.execute("PRAGMA table_info(requests)")]
    assert "ask_id" not in columns  # the ALTERs before the failure were rolled back
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'asks'").fetchone() is None
    db.close()
    assert rows(path) == before
    monkeypatch.undo()
    assert RequestStore(path).migrated_from == 0  # the real migration still works afterwards


def test_a_file_from_a_newer_bot_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "requests.sqlite"
    db = sqlite3.connect(path)
    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    db.close()
    with pytest.raises(RuntimeError, match="newer than this bot"):
        RequestStore(path)
