"""Search brain v2, one failure class per test: confident when the user is clear, honest when not, and at
most a handful of lookups (the figures over the labelled sets are in ``bench/bench_search.py``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from myflix_bot.search import cli as search_cli
from myflix_bot.search.candidates import candidate_from_json
from myflix_bot.search.memory import TitleMemory
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.rules import parse_request
from myflix_bot.search.spelling import Speller

from .conftest import arr_env

MOVIE, SERIES = "movie", "series"


async def _answer(resolver: Resolver, text: str) -> tuple[str, tuple[str, int] | None, Any]:
    res = await resolver.resolve(text)
    d = res.decision
    return d.verdict, (d.best.candidate.kind, d.best.candidate.id) if d.best else None, res


@pytest.mark.parametrize(
    ("text", "want", "other"),
    [
        ("dune", (MOVIE, 438631), (MOVIE, 841)),  # 96.4 vs 31.2
        ("the office", (SERIES, 73244), (SERIES, 78107)),  # US far more popular than UK
        ("westworld", (SERIES, 296762), (MOVIE, 2362)),  # across kinds, by ratings votes
        ("scarface", (MOVIE, 5000002), (MOVIE, 5000001)),
    ],
)
async def test_a_far_more_popular_homonym_is_confident_with_the_others_one_tap_away(
    resolver: Resolver, text: str, want: tuple[str, int], other: tuple[str, int]
) -> None:
    verdict, best, res = await _answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert other in {s.candidate.key for s in res.decision.alternatives}, text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("dune 1984", (MOVIE, 841)),  # a year
        ("hannibal la série", (SERIES, 5100026)),  # a kind cue against a film of the same name
        ("hannibal le film", (MOVIE, 5000055)),
        ("taken la série", (SERIES, 5100028)),  # against a far more popular film
        ("skins us", (SERIES, 5100018)),  # a country tag against a far more popular UK series
        ("twin peaks the return", (SERIES, 5100102)),  # a subtitle
        ("the office S02E03", (SERIES, 73244)),
    ],
)
async def test_the_users_disambiguator_wins(resolver: Resolver, text: str, want: tuple[str, int]) -> None:
    verdict, best, _ = await _answer(resolver, text)
    assert (verdict, best) == ("confident", want), text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("need the godfather", (MOVIE, 238)),  # command words
        ("bonjour tu peux m'ajouter stranger things stp", (SERIES, 5100001)),  # politeness
        ("your name", (MOVIE, 5000266)),  # "yo" is a greeting only as a whole word
        ("the truman show", (MOVIE, 5000253)),  # "show" inside a title is no kind cue
        ("oppenheimer de christopher nolan", (MOVIE, 872585)),  # a director the lookup does not carry
        ("jurassic park spielberg", (MOVIE, 329)),
        ("cast away avec tom hanks", (MOVIE, 5000073)),
        ("house of cards netflix", (SERIES, 262980)),  # a network the lookup carries
    ],
)
async def test_extra_words_are_not_a_title(resolver: Resolver, text: str, want: tuple[str, int]) -> None:
    verdict, best, res = await _answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert res.lookups <= 6, text


@pytest.mark.parametrize("text", ["the good place", "harry potter et la coupe de feu", "true blood"])
async def test_an_absent_title_is_not_found_with_suggestions_not_ambiguous(
    resolver: Resolver, text: str
) -> None:
    verdict, best, res = await _answer(resolver, text)
    assert (verdict, best) == ("not_found", None), text
    assert res.decision.alternatives == ()


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        ("friends with benefits", "Friends"),  # "with" opens title words, not a person
        ("friends with benefitz", "Friends"),  # nor a typo of a frequent word after it
        ("the office christmas party", "The Office"),
        ("la casa de papel berlin", "Money Heist"),  # a place is no person
        ("sherlock holmes 3", "Sherlock"),  # "holmes" is a longer title's word, no film carries a 3
        ("house md", "House"),
    ],
)
async def test_a_known_title_followed_by_words_of_another_title_is_not_found(
    resolver: Resolver, text: str, suggested: str
) -> None:
    verdict, best, res = await _answer(resolver, text)
    assert (verdict, best) == ("not_found", None), text
    assert any(s.startswith(suggested) for s in res.decision.suggestions), (text, res.decision.suggestions)


async def test_a_known_title_closing_the_request_is_never_confident(resolver: Resolver) -> None:
    verdict, _, res = await _answer(resolver, "fear the walking dead")
    assert verdict != "confident", res.decision


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("forrest gump avec tom hanks", (MOVIE, 5000072)),  # a first name opens a person's name
        ("whiplash damien chazelle", (MOVIE, 5000244)),
        ("parasite bong joon ho", (MOVIE, 496243)),  # rare words and a known surname
        ("top gear bbc", (SERIES, 5100079)),  # the network the lookup carries, typed short
        ("severance apple tv", (SERIES, 5100068)),
        ("ghostbusters de 2016 avec les filles", (MOVIE, 43074)),  # the year points, the rest describes
        ("j'aimerais voir whiplash ce soir", (MOVIE, 5000244)),  # request words around the title
        ("merci d'ajouter la la land", (MOVIE, 5000243)),
        ("i'd love to watch coco", (MOVIE, 5000118)),
        ("on peut avoir ratatouille ?", (MOVIE, 5000116)),
    ],
)
async def test_a_person_a_network_or_request_words_next_to_a_title_keep_it_confident(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    verdict, best, _ = await _answer(resolver, text)
    assert (verdict, best) == ("confident", want), text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("gladiateur", (MOVIE, 5000091)),  # a known word of another language: its first letters
        ("et l'extraterrestre", (MOVIE, 5000206)),  # a compound typed in one word
        ("shindler's list", (MOVIE, 5000079)),  # the misspelt first word left out of the lookup
        ("back to the future 2", (MOVIE, 5000108)),  # "Part II": the original lacks the number asked
        ("halowen 2018", (MOVIE, 424139)),  # two letters missing, the year picks
        ("jurasik park", (MOVIE, 329)),  # not "The Lost World: Jurassic Park", which adds words
    ],
)
async def test_misspelt_and_numbered_titles_that_no_variant_of_the_typo_finds(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    verdict, best, res = await _answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert res.lookups <= 10, (text, res.lookups)


def test_request_words_never_empty_a_title() -> None:
    assert parse_request("got").title == "got"
    assert parse_request("avoir 20 ans dans les aurès").title == "avoir 20 ans dans les aurès"
    assert parse_request("danse avec les loups").people == ""  # words of the title, not a person
    assert parse_request("fargo des frères coen").people == "coen"


async def test_not_found_offers_the_nearest_names(resolver: Resolver) -> None:
    _, _, res = await _answer(resolver, "toy story 5")
    assert res.decision.verdict == "not_found"
    assert any(s.startswith("Toy Story") for s in res.decision.suggestions)


@pytest.mark.parametrize(
    "text",
    [
        "zzqx wubble frobnicate",
        "wensday addams",
        "le film qui n'existe pas du tout xyzzy",
        "gostbusters",
        "tt9999999",
    ],
)
async def test_every_request_stays_within_the_lookup_budget(resolver: Resolver, text: str) -> None:
    _, _, res = await _answer(resolver, text)
    assert res.lookups <= 10, (text, res.lookups)


async def test_a_clear_title_costs_one_lookup_per_kind(resolver: Resolver) -> None:
    _, _, movie = await _answer(resolver, "le film interstellar")
    _, _, any_kind = await _answer(resolver, "breaking bad")
    assert (movie.lookups, any_kind.lookups) == (1, 2)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("Band.of.Brothers.Part.3.720p.BluRay.x264-GROUP", (SERIES, 5100033)),  # a miniseries' part
        ("Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP", (MOVIE, 693134)),  # a film's part
        ("Shameless.US.S05E01.720p.HDTV", (SERIES, 161511)),  # a country tag in a series release
        ("Skins.US.S01E03.720p.HDTV.x264-GROUP", (SERIES, 5100018)),
    ],
)
async def test_release_names(resolver: Resolver, text: str, want: tuple[str, int]) -> None:
    verdict, best, _ = await _answer(resolver, text)
    assert (verdict, best) == ("confident", want), text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("https://thetvdb.com/series/the-office-us", (SERIES, 73244)),
        ("thetvdb.com/series/the-office-uk", (SERIES, 78107)),
        ("https://www.thetvdb.com/series/doctor-who-2005", (SERIES, 5100009)),
    ],
)
async def test_thetvdb_slug_urls(resolver: Resolver, text: str, want: tuple[str, int]) -> None:
    verdict, best, _ = await _answer(resolver, text)
    assert (verdict, best) == ("confident", want), text


def test_a_slug_url_is_read_as_a_series_title() -> None:
    q = parse_request("https://thetvdb.com/series/doctor-who-2005")
    assert (q.title, q.year, q.kind) == ("doctor who", 2005, "series")
    assert parse_request("https://thetvdb.com/series/73244").ids.tvdb == 73244  # a numeric one is an id


def test_sonarr_votes_stand_for_popularity_and_radarr_popularity_wins() -> None:
    series = candidate_from_json(
        SERIES, {"tvdbId": 1, "title": "X", "ratings": {"votes": 4120, "value": 8.1}}
    )
    movie = candidate_from_json(
        MOVIE,
        {"tmdbId": 2, "title": "Y", "popularity": 12.5, "ratings": {"tmdb": {"votes": 9000, "value": 7}}},
    )
    assert series is not None
    assert movie is not None
    assert (series.popularity, movie.popularity) == (41.2, 12.5)


def test_title_memory_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "titles.tsv"
    memory = TitleMemory(path=path)
    memory.remember(SERIES, "Westworld")
    memory.remember(SERIES, "Game of Thrones")
    memory.flush()
    again = TitleMemory(path=path)
    assert again.nearest_title("ouestworld") == "westworld"
    assert again.expand("got", [SERIES]) == [(SERIES, "Game of Thrones")]
    assert again.knows_word("thrones")
    assert not again.knows_word("throne")


def test_speller_prefers_seen_titles_then_the_word_list() -> None:
    memory = TitleMemory()
    memory.remember(MOVIE, "Interstellar")
    speller = Speller(memory, wordlist={"parrain": 500, "jurassic": 300, "park": 900})
    assert speller.respell("insterstellar")[0] == "interstellar"  # the remembered title
    assert "jurassic park" in speller.respell("jurasic park")
    assert speller.respell("parrain") == []  # nothing to respell


async def test_batch_resolves_one_line_per_request_in_one_process(
    fake_radarr: Any, fake_sonarr: Any, capsys: Any, tmp_path: Path
) -> None:
    requests = tmp_path / "requests.jsonl"
    lines = [{"q": "westworld"}, {"q": "fargo", "kind": "movie"}, {"q": "zzqx wubble"}]
    requests.write_text("".join(json.dumps(r) + "\n" for r in lines), encoding="utf-8")
    env = arr_env(fake_radarr, fake_sonarr)

    class Args:
        query = None
        batch = str(requests)
        kind = None
        json = False

    rc = await _in_thread(search_cli.run, Args(), tmp_path / "missing.yml", env)
    answers = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rc == 0
    assert [(a["decision"], a["kind"], a["id"]) for a in answers] == [
        ("confident", SERIES, 296762),
        ("confident", MOVIE, 275),
        ("not_found", None, None),
    ]
    assert all({"alternatives", "lookups", "ms", "ms_own"} <= set(a) for a in answers)
    assert all(0 <= a["ms_own"] <= a["ms"] for a in answers)


def test_cli_uses_the_gemini_key_from_the_environment_like_the_bot() -> None:
    key = search_cli.gemini_key_of(None, {"MYFLIX_GEMINI_API_KEY": "k-123"})
    assert key is not None
    assert key.reveal() == "k-123"
    assert search_cli.gemini_key_of(None, {}) is None


async def _in_thread(fn: Any, *args: Any) -> Any:
    import asyncio  # noqa: PLC0415

    return await asyncio.to_thread(fn, *args)
