"""The classes where the held-out figures lagged the tuned ones, written as people type them: request
words in phrasings no pattern listed, a series' part, book or episode number, season numbers next to a
numeric title. Against the Radarr/Sonarr fakes and their realistic catalog."""

from __future__ import annotations

import pytest
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.rules import parse_request
from myflix_bot.search.text import part_numbers, without_parts

MOVIE, SERIES = "movie", "series"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("hey bot, get me whiplash", "whiplash"),
        ("any chance you could grab arcane", "arcane"),
        ("dis, tu peux me mettre fleabag ?", "fleabag"),
        ("bonjour, serait-il possible d'ajouter downton abbey ?", "downton abbey"),
        ("est-ce que tu peux rajouter mindhunter stp", "mindhunter"),
        ("can u add ozark pls", "ozark"),
        ("pourrais-tu mettre le film up", "up"),  # "mettre" is not "me" + "ttre"
        ("I want to watch I Am Legend", "I Am Legend"),
    ],
)
def test_request_words_are_read_a_word_at_a_time(text: str, title: str) -> None:
    assert parse_request(text).title == title


@pytest.mark.parametrize(
    "text",
    ["love actually", "i, robot", "avoir 20 ans dans les aurès", "catch me if you can", "us"],
)
def test_a_title_made_of_request_words_is_left_alone(text: str) -> None:
    """Twin of the above: a run of request words without a verb or politeness word is the title, and an
    infinitive opening the text is a title's first word ("avoir 20 ans dans les aurès")."""
    assert parse_request(text).title == text


def test_add_us_keeps_the_title() -> None:
    assert parse_request("add us please").title == "us"
    assert parse_request("can u add love actually").title == "love actually"


def test_a_season_number_after_a_numeric_title() -> None:
    q = parse_request("24 saison 8")
    assert (q.title, q.season, q.kind) == ("24", 8, SERIES)
    assert parse_request("2e saison de sherlock").season == 2  # an ordinal before "saison" still is one


def test_part_words_announce_a_part_not_a_sequel() -> None:
    assert part_numbers("kaamelott livre VI") == {"6"}
    assert without_parts("the pacific partie 3") == "the pacific"
    assert part_numbers("harry potter 3") == frozenset()  # a bare number is the sequel rules' business


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("kaamelott livre 2", (SERIES, 79175)),
        ("band of brothers part 4", (SERIES, 5100033)),
        ("la casa de papel partie 3", (SERIES, 5100059)),
        ("lupin partie 2", (SERIES, 366092)),  # not Lupin III
        ("sherlock saison 1 episode 3", (SERIES, 176941)),
        ("24 saison 8", (SERIES, 5100105)),
    ],
)
async def test_a_series_part_book_or_episode_names_the_series(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    res = await resolver.resolve(text)
    d = res.decision
    assert (d.verdict, d.best.candidate.key if d.best else None) == ("confident", want)
    assert res.lookups <= 6


@pytest.mark.parametrize("text", ["back to the future part 4", "le parrain 4"])
async def test_a_movie_part_past_the_last_is_still_not_found(resolver: Resolver, text: str) -> None:
    """Twin: a part word before a number past the last film keeps the sequel rule for movies."""
    res = await resolver.resolve(text)
    assert res.decision.verdict == "not_found"
