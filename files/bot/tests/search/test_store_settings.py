"""The request store's state machine, the webhook secret check and the search config section."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from myflix_bot.config import ConfigError
from myflix_bot.search.settings import settings_of
from myflix_bot.search.store import RequestStore
from myflix_bot.search.webhook import authorized

from ..conftest import make_config


def test_states_only_move_forward(tmp_path: Path) -> None:
    now = [100.0]
    store = RequestStore(tmp_path / "deep" / "dir" / "r.sqlite", clock=lambda: now[0])
    r = store.add(user_id=1, chat_id=1, kind="movie", ext_id=841, library_id=7, title="Dune", year=1984)
    assert store.advance(r.id, "grabbed")
    assert not store.advance(r.id, "requested")  # never back
    assert store.advance(r.id, "downloading", 25)
    assert not store.advance(r.id, "downloading", 25)  # same milestone twice: no news
    assert store.advance(r.id, "downloading", 50)
    assert store.advance(r.id, "failed")
    assert store.advance(r.id, "grabbed")  # a new grab revives a failed request
    assert store.advance(r.id, "imported", 100)
    assert not store.advance(r.id, "failed")
    assert store.open_for("movie", 7) == []
    got = store.get(r.id)
    assert got is not None
    assert (got.state, got.progress) == ("imported", 100)
    store.close()
    reopened = RequestStore(tmp_path / "deep" / "dir" / "r.sqlite")
    assert [x.title for x in reopened.by_user(1)] == ["Dune"]  # it is a file, it survives restarts


def test_one_open_request_per_user_and_title(tmp_path: Path) -> None:
    store = RequestStore(tmp_path / "r.sqlite")
    ask = {"chat_id": 1, "kind": "series", "ext_id": 9, "title": "Fargo", "year": 2014, "season": 2}
    first = store.add(user_id=1, library_id=None, **ask)
    again = store.add(user_id=1, library_id=5, **ask)  # a second tap on Add
    assert again.id == first.id
    assert again.library_id == 5
    assert [r.id for r in store.by_user(1)] == [first.id]
    other_season = store.add(user_id=1, library_id=5, **{**ask, "season": 3})
    someone_else = store.add(user_id=2, library_id=5, **ask)
    assert len({first.id, other_season.id, someone_else.id}) == 3  # positive twins: distinct asks
    assert store.advance(first.id, "imported", 100)
    later = store.add(user_id=1, library_id=5, **ask)  # asked again after it was ready: a new request
    assert later.id != first.id


def test_by_user_is_private_and_newest_first(tmp_path: Path) -> None:
    now = [0.0]
    store = RequestStore(":memory:", clock=lambda: now[0])
    for i, title in enumerate(["A", "B", "C"]):
        now[0] = float(i)
        store.add(user_id=1, chat_id=1, kind="movie", ext_id=i + 1, library_id=None, title=title, year=None)
    store.add(user_id=2, chat_id=2, kind="series", ext_id=9, library_id=None, title="Other", year=None)
    assert [r.title for r in store.by_user(1)] == ["C", "B", "A"]
    assert [r.title for r in store.by_user(2)] == ["Other"]


def _basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.mark.parametrize(
    ("headers", "ok"),
    [
        ({"Authorization": _basic("radarr", "s3cret")}, True),
        ({"Authorization": _basic("", "s3cret")}, True),
        ({"X-Myflix-Secret": "s3cret"}, True),
        ({"Authorization": _basic("radarr", "s3cre")}, False),
        ({"Authorization": "Basic !!!notbase64"}, False),
        ({"Authorization": "Bearer s3cret"}, False),
        ({"X-Myflix-Secret": ""}, False),
        ({}, False),
    ],
)
def test_webhook_secret(headers: dict[str, str], ok: bool) -> None:
    assert authorized(headers, "s3cret") is ok
    assert authorized(headers, "") is False  # no secret configured: nobody gets in


def test_search_section_defaults_and_problems() -> None:
    plain = settings_of(make_config())
    assert plain.gemini.model == "gemini-2.5-flash"
    assert plain.webhook is None
    with pytest.raises(ConfigError) as err:
        make_config(
            {
                "search": {
                    "webhook": {"port": 8095, "path": "hooks"},
                    "gemini": {"timeout": 0, "modle": "x"},
                    "milestones": [0, 150],
                    "radarr": {"quality_profile": True},
                }
            }
        )
    problems = err.value.problems
    assert "search.webhook.secret: MYFLIX_WEBHOOK_SECRET is not set (environment or secrets file)" in problems
    assert "search.webhook.path: must start with /" in problems
    assert "search.gemini.modle: unknown key" in problems
    assert any(p.startswith("search.gemini.timeout: must be between") for p in problems)
    assert "search.milestones: must be a list of percentages between 1 and 99" in problems
    assert "search.radarr.quality_profile: must be a profile name or id" in problems
    ok = make_config(
        {"search": {"webhook": {"listen": "172.20.0.5"}, "gemini": {"model": "gemini-2.5-flash-lite"}}},
        {"MYFLIX_WEBHOOK_SECRET": "x" * 24},
    )
    s = settings_of(ok)
    assert s.webhook is not None
    assert (s.webhook.listen, s.webhook.port, s.gemini.model) == ("172.20.0.5", 8095, "gemini-2.5-flash-lite")
    assert "x" * 24 not in repr(s)
