"""The whole chain against the Radarr/Sonarr fakes and their realistic catalog."""

from __future__ import annotations

import json
from typing import Any

import pytest
from myflix_bot.search import cli as search_cli
from myflix_bot.search.resolver import Resolver

from .conftest import arr_env


@pytest.mark.parametrize(
    ("text", "verdict", "kind", "ident"),
    [
        ("ajoute le film dune de 2021", "confident", "movie", 438631),
        ("dune 1984", "confident", "movie", 841),
        ("Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP", "confident", "movie", 693134),
        ("dune partie deux", "confident", "movie", 693134),
        ("le roi lion 1994", "confident", "movie", 8587),
        ("the lion king 2019", "confident", "movie", 420818),
        ("le voyage de chihiro", "confident", "movie", 129),
        ("amelie poulain", "confident", "movie", 194),
        ("les miserables 2019", "confident", "movie", 586863),
        ("la série the office (US)", "confident", "series", 73244),
        ("the office UK", "confident", "series", 78107),
        ("fargo la série", "confident", "series", 269613),
        ("le film fargo", "confident", "movie", 275),
        ("oppenhiemer", "confident", "movie", 872585),  # typo
        ("inceptoin", "confident", "movie", 27205),  # typo
        ("breakin bad", "confident", "series", 81189),  # typo
        ("tt0133093", "confident", "movie", 603),
        ("https://www.themoviedb.org/tv/1396-breaking-bad", "confident", "series", 81189),
        ("tvdb:78107", "confident", "series", 78107),
    ],
)
async def test_confident(resolver: Resolver, text: str, verdict: str, kind: str, ident: int) -> None:
    res = await resolver.resolve(text)
    best = res.decision.best
    assert res.decision.verdict == verdict, res.to_json()
    assert best is not None
    assert (best.candidate.kind, best.candidate.id) == (kind, ident)


@pytest.mark.parametrize(
    ("text", "first", "others"),
    [
        ("fargo", ("series", 269613), {("movie", 275)}),  # movie/series homonym, close popularity
        ("les misérables", ("movie", 82695), {("movie", 586863)}),  # remake, close popularity
        ("king kong", ("movie", 5000009), {("movie", 5000007), ("movie", 5000008)}),
    ],
)
async def test_remakes_and_homonyms_of_close_popularity_are_ambiguous(
    resolver: Resolver, text: str, first: tuple[str, int], others: set[tuple[str, int]]
) -> None:
    res = await resolver.resolve(text)
    d = res.decision
    assert d.verdict == "ambiguous", res.to_json()
    assert d.best is not None
    assert d.best.candidate.key == first
    assert others <= {s.candidate.key for s in d.alternatives}
    assert d.confidence < 0.7


async def test_not_found(resolver: Resolver) -> None:
    res = await resolver.resolve("zzqx wubble frobnicate")
    assert res.decision.verdict == "not_found"
    assert res.decision.best is None


async def test_kind_restricts_the_lookup(resolver: Resolver, fake_radarr: Any) -> None:
    res = await resolver.resolve("fargo", kind="series")
    assert res.decision.verdict == "confident"
    assert res.decision.best is not None
    assert res.decision.best.candidate.key == ("series", 269613)


async def test_library_state_is_reported(resolver: Resolver) -> None:
    res = await resolver.resolve("the matrix 1999")
    best = res.decision.best
    assert best is not None
    assert best.candidate.library_id is not None
    assert best.candidate.has_file
    res2 = await resolver.resolve("intouchables")
    c = res2.decision.best
    assert c is not None
    assert c.candidate.library_id is not None
    assert not c.candidate.has_file


async def test_a_down_app_is_an_error_line_not_a_crash(resolver: Resolver, fake_sonarr: Any) -> None:
    fake_sonarr.faults.set(status=500)
    res = await resolver.resolve("breaking bad")
    assert res.decision.verdict == "not_found"
    assert any("Sonarr" in e for e in res.errors)


def test_cli_resolve_json_from_env(fake_radarr: Any, fake_sonarr: Any, capsys: Any, tmp_path: Any) -> None:
    env = arr_env(fake_radarr, fake_sonarr)

    class Args:
        query = "la série the office (US)"
        kind = None
        json = True

    rc = search_cli.run(Args(), tmp_path / "missing.yml", env)
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert (out["decision"], out["kind"], out["id"]) == ("confident", "series", 73244)
    assert out["best"]["id_type"] == "tvdb"
    assert 0.7 <= out["confidence"] <= 1.0
    assert fake_radarr.api_key not in json.dumps(out)

    Args.query, Args.kind = "les misérables", "movie"
    rc = search_cli.run(Args(), tmp_path / "missing.yml", env)
    out = json.loads(capsys.readouterr().out)
    assert rc == 1
    assert out["decision"] == "ambiguous"
    assert {a["id"] for a in out["alternatives"]} >= {586863}


def test_cli_resolve_without_any_arr_is_a_config_error(capsys: Any, tmp_path: Any) -> None:
    class Args:
        query, kind, json = "dune", None, True

    assert search_cli.run(Args(), tmp_path / "missing.yml", {}) == 2
    assert "MYFLIX_RADARR_URL" in capsys.readouterr().err
