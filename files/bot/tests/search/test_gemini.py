"""Gemini through google-genai against the Gemini fake: function calls become queries; malformed
output, 429, 500, timeouts, the rate cap and a missing key all fall back to the rules."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.gemini import GeminiUnderstanding, RateCap, query_from_call
from myflix_bot.search.service import build_resolver, build_understander
from myflix_bot.search.settings import GeminiSettings, SearchSettings
from myflix_bot.secrets import Secret
from myflix_testkit.fakes.gemini import Error, FunctionCall, Text

from .conftest import arr_config, gemini_settings


def understander(fake_gemini: Any, **changes: Any) -> Any:
    return build_understander(gemini_settings(fake_gemini, **changes), Secret(fake_gemini.api_key))


async def test_function_call_drives_the_search(fake_gemini: Any, fake_radarr: Any, fake_sonarr: Any) -> None:
    fake_gemini.script(FunctionCall("add_media", {"title": "Dune: Part Two", "kind": "movie", "year": 2024}))
    settings = gemini_settings(fake_gemini)
    resolver, close = build_resolver(
        arr_config(fake_radarr), arr_config(fake_sonarr), settings, Secret(fake_gemini.api_key)
    )
    try:
        res = await resolver.resolve("mets moi la suite de dune avec zendaya")
    finally:
        await close()
    assert res.query.source == "gemini"
    assert res.query.intent == "add"
    assert res.decision.verdict == "confident"
    assert res.decision.best is not None
    assert res.decision.best.candidate.id == 693134
    (req,) = fake_gemini.requests
    assert req.api_key_ok
    assert req.model == "gemini-2.5-flash"
    # only the user's text goes out: one user turn, the fixed instruction, the declared functions
    assert req.body["contents"] == [
        {"parts": [{"text": "mets moi la suite de dune avec zendaya"}], "role": "user"}
    ]
    declared = {d["name"] for t in req.body["tools"] for d in t["functionDeclarations"]}
    assert {"search_media", "add_media", "show_catalog", "show_status", "show_queue"} <= declared
    for secret in (fake_radarr.api_key, fake_sonarr.api_key, fake_radarr.url):
        assert secret not in str(req.body)


async def test_view_functions_become_intents(fake_gemini: Any) -> None:
    fake_gemini.script(FunctionCall("show_queue"), FunctionCall("show_catalog", {"kind": "series"}))
    u = understander(fake_gemini)
    q1 = await u.understand("ça avance mes téléchargements ?")
    q2 = await u.understand("quelles séries j'ai déjà ?")
    assert (q1.intent, q1.source) == ("queue", "gemini")
    assert (q2.intent, q2.kind) == ("catalog", "series")


async def test_series_with_season(fake_gemini: Any) -> None:
    fake_gemini.script(FunctionCall("search_media", {"title": "The Office", "kind": "series", "season": 2}))
    q = await understander(fake_gemini).understand("la deuxième saison de the office américain")
    assert (q.title, q.kind, q.season, q.year) == ("The Office", "series", 2, None)


async def test_text_instead_of_a_call_falls_back(fake_gemini: Any) -> None:
    fake_gemini.script(Text("Sure! Dune is a great movie."))
    u = understander(fake_gemini)
    q = await u.understand("ajoute le film dune de 2021")
    assert (q.source, q.title, q.year, q.kind) == ("rules", "dune", 2021, "movie")
    assert u.fallbacks == 1
    assert u.model.failures == {"no function call": 1}


async def test_malformed_call_falls_back(fake_gemini: Any) -> None:
    bad = {
        "candidates": [
            {
                "content": {
                    "parts": [{"functionCall": {"name": "add_media", "args": {"title": 42}}}],
                    "role": "model",
                },
                "finishReason": "STOP",
                "index": 0,
            }
        ]
    }
    unknown = {
        "candidates": [
            {
                "content": {"parts": [{"functionCall": {"name": "rm_rf", "args": {}}}], "role": "model"},
                "finishReason": "STOP",
                "index": 0,
            }
        ]
    }
    fake_gemini.script(bad, unknown, {"candidates": []})
    u = understander(fake_gemini)
    for _ in range(3):
        q = await u.understand("la série the office saison 2")
        assert (q.source, q.title, q.season) == ("rules", "the office", 2)
    assert u.model.failures == {"malformed call": 2, "no function call": 1}


async def test_429_falls_back_and_pauses_the_model(fake_gemini: Any) -> None:
    fake_gemini.script(Error(429), FunctionCall("search_media", {"title": "Dune", "kind": "movie"}))
    u = understander(fake_gemini)
    q = await u.understand("dune 1984")
    assert (q.source, q.year) == ("rules", 1984)
    q2 = await u.understand("dune 1984")  # paused after the quota error: the fake is not even asked
    assert q2.source == "rules"
    assert len(fake_gemini.requests) == 1
    assert fake_gemini.remaining == 1
    assert u.model.failures == {"HTTP 429": 1, "rate cap": 1}


async def test_500_falls_back(fake_gemini: Any) -> None:
    fake_gemini.script(Error(500))
    q = await understander(fake_gemini).understand("breaking bad")
    assert (q.source, q.title) == ("rules", "breaking bad")


async def test_timeout_falls_back(fake_gemini: Any) -> None:
    fake_gemini.faults.set(latency=3.0)
    fake_gemini.script(FunctionCall("search_media", {"title": "Dune", "kind": "movie"}))
    u = understander(fake_gemini, timeout=0.5)
    q = await u.understand("le roi lion")
    assert (q.source, q.title) == ("rules", "le roi lion")
    assert u.model.failures == {"timeout": 1}


async def test_no_key_no_model() -> None:
    u = build_understander(SearchSettings(), None)
    assert u.model is None
    disabled = build_understander(SearchSettings(gemini=GeminiSettings(enabled=False)), Secret("AIzaXXXX"))
    assert disabled.model is None
    empty = GeminiUnderstanding(Secret(""), GeminiSettings())
    assert await empty.understand("dune") is None
    assert empty.failures == {"no key": 1}


def test_rate_cap_window() -> None:
    now = [0.0]
    cap = RateCap(2, clock=lambda: now[0])
    assert cap.take()
    assert cap.take()
    assert not cap.take()
    now[0] = 60.0
    assert cap.take()
    cap.pause(30)
    now[0] = 80.0
    assert not cap.take()
    now[0] = 91.0
    assert cap.take()


def test_query_from_call_validation() -> None:
    assert query_from_call("x", "search_media", {"title": "Dune", "kind": "movie", "year": 2021}) is not None
    assert query_from_call("x", "search_media", {"title": "", "kind": "movie"}) is None
    assert query_from_call("x", "search_media", {"title": "Dune", "kind": "book"}) is None
    assert query_from_call("x", "search_media", {"title": "Dune", "kind": "movie", "year": True}) is None
    assert query_from_call("x", "search_media", {"title": "Dune", "kind": "movie", "year": 99999}) is None
    assert query_from_call("x", "delete_everything", {"title": "Dune", "kind": "movie"}) is None


async def test_gemini_in_telegram_view_intent_and_title(
    fake_gemini: Any, fake_telegram: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Any
) -> None:
    """Through the bot: Gemini reads a status question as show_status, and a vague description as
    a title; the bot token and the *arr keys never reach Gemini."""
    from ..conftest import USER, make_config  # noqa: PLC0415
    from ..harness import running_bot  # noqa: PLC0415

    fake_gemini.add_secret(fake_telegram.token)
    fake_gemini.add_secret(fake_radarr.api_key)
    fake_gemini.script(
        FunctionCall("show_status"),
        FunctionCall("add_media", {"title": "Blade Runner", "kind": "movie", "year": 1982}),
    )
    config = make_config(
        {
            "telegram": {"allowed_users": [USER], "base_url": fake_telegram.base_url},
            "system": {"docker_socket": None},
            "radarr": {"url": fake_radarr.url},
            "sonarr": {"url": fake_sonarr.url},
            "search": {
                "requests_db": str(tmp_path / "r.sqlite"),
                "poll_interval": 0,
                "gemini": {"base_url": fake_gemini.url, "timeout": 5},
            },
        },
        {
            "MYFLIX_TELEGRAM_TOKEN": fake_telegram.token,
            "MYFLIX_RADARR_API_KEY": fake_radarr.api_key,
            "MYFLIX_SONARR_API_KEY": fake_sonarr.api_key,
            "MYFLIX_GEMINI_API_KEY": fake_gemini.api_key,
        },
    )
    async with running_bot(config, fake_telegram):
        fake_telegram.send_text("comment va le serveur ?")
        status = await fake_telegram.wait_for_call("sendMessage", timeout=10)
        assert "État du serveur" in status.params["text"]
        fake_telegram.send_text("le film culte avec harrison ford et les réplicants, le premier")
        card = await fake_telegram.wait_for_call("sendPhoto", timeout=10)
        assert "TMDB 78" in card.params["caption"]
    texts = [r.body["contents"][0]["parts"][0]["text"] for r in fake_gemini.requests]
    assert texts == [
        "comment va le serveur ?",
        "le film culte avec harrison ford et les réplicants, le premier",
    ]


@pytest.fixture
def cli_resolve(fake_gemini: Any, fake_radarr: Any, fake_sonarr: Any, tmp_path: Any, monkeypatch: Any) -> Any:
    """``myflix-bot resolve --json QUERY`` with no config file, the *arr fakes in the environment plus
    ``extra_env``; the search settings only point Gemini at the fake. Returns (exit status, answer)."""
    import json  # noqa: PLC0415

    from myflix_bot.search import cli as search_cli  # noqa: PLC0415

    from .conftest import arr_env  # noqa: PLC0415

    monkeypatch.setattr(search_cli, "SearchSettings", lambda: gemini_settings(fake_gemini))

    def run(query: str, extra_env: dict[str, str], capsys: Any) -> tuple[int, dict[str, Any]]:
        class Args:
            batch = None
            kind = None
            json = True

        args = Args()
        args.query = query  # type: ignore[attr-defined]
        env = {**arr_env(fake_radarr, fake_sonarr), **extra_env}
        rc = search_cli.run(args, tmp_path / "missing.yml", env)
        return rc, json.loads(capsys.readouterr().out)

    return run


def test_cli_without_config_uses_gemini_from_the_env_key(
    fake_gemini: Any, cli_resolve: Any, capsys: Any
) -> None:
    """``myflix-bot resolve`` with no config file: ``MYFLIX_GEMINI_API_KEY`` in the environment is enough
    for the request to go through Gemini, as the bot's does."""
    fake_gemini.script(FunctionCall("add_media", {"title": "Blade Runner", "kind": "movie", "year": 1982}))
    text = "le film culte avec harrison ford et les réplicants, le premier"
    rc, out = cli_resolve(text, {"MYFLIX_GEMINI_API_KEY": fake_gemini.api_key}, capsys)
    assert rc == 0
    assert out["understood"]["source"] == "gemini"
    assert (out["decision"], out["kind"], out["id"]) == ("confident", "movie", 78)
    (req,) = fake_gemini.requests
    assert req.api_key_ok
    assert req.body["contents"][0]["parts"][0]["text"] == text


def test_cli_without_a_gemini_key_never_calls_it(fake_gemini: Any, cli_resolve: Any, capsys: Any) -> None:
    """Twin: the same settings without the key: the rules read the request, nothing reaches Gemini."""
    rc, out = cli_resolve("blade runner 1982", {}, capsys)
    assert rc == 0
    assert out["understood"]["source"] == "rules"
    assert (out["decision"], out["id"]) == ("confident", 78)
    assert fake_gemini.requests == []
