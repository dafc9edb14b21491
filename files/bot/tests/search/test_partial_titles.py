"""A request that is only part of a catalogue title, and a request verb that may open the title.

"watch dogs" (an absent title) was confidently "Reservoir Dogs": "watch" was taken off as a request word
and "dogs", a word of one title, scored as a match. A word or two of a longer title, in common words, names
an absent title as often as that one ("Grand Hotel", "Gone", "Pulp"): never a confident answer. The twins,
which must stay confident: a part set off by punctuation ("furiosa", "fallout": the title or subtitle people
call it by), a part holding a distinctive word ("chihiro", "shawshank", "budapest hotel"), the first words of
a title ("le fabuleux destin", "the grand budapest"), a last word cut short ("shawshank redem"), and a
request verb that opens the title ("get out", "ajoute moi moche et méchant": read both ways).

Against the Radarr/Sonarr fakes and their seed catalogue. A wrong ``confident`` adds the wrong film.
"""

from __future__ import annotations

import pytest
from myflix_bot.search.rank import part_of_title
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.rules import parse_request
from myflix_bot.search.text import match_key

MOVIE, SERIES = "movie", "series"


def _part(request: str, title: str) -> bool:
    return part_of_title(match_key(request), match_key(title), title)


def test_some_common_words_of_a_longer_title_are_only_part_of_it() -> None:
    assert _part("dogs", "Reservoir Dogs")
    assert _part("grand hotel", "The Grand Budapest Hotel")
    assert _part("fight night", "Fight Club")  # read "fight fight" once "night" is mended against the title
    # twins: what still names the title
    assert not _part("reservoir dogs", "Reservoir Dogs")
    assert not _part("furiosa", "Furiosa: A Mad Max Saga")  # a part set off by punctuation
    assert not _part("fallout", "Mission: Impossible - Fallout")
    assert not _part("budapest hotel", "The Grand Budapest Hotel")  # a distinctive word
    assert not _part("le fabuleux destin", "Le Fabuleux Destin d'Amélie Poulain")  # its first words
    assert not _part("le parrain", "Le Parrain, 2e partie")  # only a sequel number left: the number rules
    assert not _part("gone 2", "Gone Girl")  # a number: the number rules judge


def test_a_request_verb_before_the_title_is_kept_as_a_reading() -> None:
    assert (parse_request("watch dogs").title, parse_request("watch dogs").lead) == ("dogs", "watch")
    # "out" of "ajoute get out" is the title's, not the letters inside "ajoute"
    assert parse_request("ajoute get out").lead == "get"
    # "moi" after a verb may open the title ("Moi, moche et méchant")
    assert parse_request("ajoute moi moche et méchant").lead == "moi"
    assert parse_request("reservoir dogs").lead == ""  # twin: nothing taken off before the title


@pytest.mark.parametrize(
    "text",
    [
        "watch dogs",
        "can you get me watch dogs",
        "ajoute watch dogs stp",
        "dogs",
        "grand hotel",
        "fight night",
        "pulp",
        "gone",
        "money",
        "twelve",  # the last word of "Ocean's Twelve", the first of "Twelve Monkeys": no franchise
        "find me",  # "me" ends "Despicable Me" and sits inside "Catch Me If You Can"
    ],
)
async def test_part_of_a_title_in_common_words_is_never_confident(resolver: Resolver, text: str) -> None:
    res = await resolver.resolve(text)
    assert res.decision.verdict == "not_found", (text, res.decision.verdict, res.decision.best)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("reservoir dogs", (MOVIE, 5000199)),
        ("watch reservoir dogs", (MOVIE, 5000199)),
        ("furiosa", (MOVIE, 5000157)),
        ("fallout", (MOVIE, 5000214)),
        ("chihiro", (MOVIE, 129)),
        ("shawshank", (MOVIE, 5000078)),
        ("budapest hotel", (MOVIE, 5000257)),
        ("the grand budapest", (MOVIE, 5000257)),
        ("le fabuleux destin", (MOVIE, 194)),
        ("shawshank redem", (MOVIE, 5000078)),
        ("la casa del papel", (SERIES, 5100059)),
        ("get out jordan peele", (MOVIE, 5000238)),
        ("ajoute get out", (MOVIE, 5000238)),
        ("ajoute moi moche et méchant", (MOVIE, 5000129)),
    ],
)
async def test_what_names_the_title_stays_confident(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    res = await resolver.resolve(text)
    best = res.decision.best
    assert (res.decision.verdict, best.candidate.key if best else None) == ("confident", want), text
    assert res.lookups <= 10


async def test_a_franchise_name_opens_its_titles(resolver: Resolver) -> None:
    """Twin of "twelve": the words that open two or more titles name the franchise (ambiguous)."""
    for text in ("harry potter", "kill bill"):
        assert (await resolver.resolve(text)).decision.verdict == "ambiguous", text
