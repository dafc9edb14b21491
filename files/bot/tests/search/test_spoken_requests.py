"""Requests as people say them around a title: spoken French request words ("jvoudrais ... aussi",
"j'aimerais bien"), "the first one" after a franchise, an order word that is a title's own word, and
words shortened in a title ("dr", "st"). Against the Radarr/Sonarr fakes and their realistic catalog."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.rules import parse_request
from myflix_bot.search.spelling import untranscribed
from myflix_bot.search.text import spelt_in_full

MOVIE, SERIES = "movie", "series"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("jvoudrais breaking bad aussi", "breaking bad"),
        ("rajoute moi fleabag également", "fleabag"),
        ("je voudrais vraiment the office", "the office"),
        ("j'aimerais bien dune de villeneuve", "dune de villeneuve"),
        ("I'd really like arcane as well", "arcane"),
        ("rajoute moi chernobyl steuplé", "chernobyl"),  # "s'il te plaît" as it is said
        ("steuplait ajoute fleabag", "fleabag"),
        ("can u add inception thx", "inception"),  # thanks as it is typed
        ("ajoute inception merci beaucoup", "inception"),
        ("besoin de kill bill 1 stp", "kill bill 1"),  # "(j'ai) besoin de": a request
        ("j'ai besoin de kill bill 1", "kill bill 1"),
        ("envie d'inception", "inception"),
    ],
)
def test_adverbs_around_the_title_are_request_words(text: str, title: str) -> None:
    assert parse_request(text).title == title


@pytest.mark.parametrize("text", ["ajoute bien", "get really"])
def test_an_adverb_left_alone_stays_the_title(text: str) -> None:
    """Twin: a request that is a verb and an adverb only keeps the adverb as what is asked."""
    assert parse_request(text).title == text.split()[1]


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("thx 1138", "thx 1138"),
        ("watch thx 1138", "thx 1138"),
        ("ajoute de battre mon coeur s est arrete", "de battre mon coeur s est arrete"),
    ],
)
def test_a_title_that_opens_with_a_thanks_word_or_de_keeps_it(text: str, title: str) -> None:
    """Twins: "thx" is a thanks word only after a title, never the title's own first word ('THX 1138');
    "de" is dropped only after "envie"/"besoin", never when a title opens with it."""
    assert parse_request(text).title == title


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("jveux shrek 2 aussi", (MOVIE, 5000122)),
        ("j'aimerais bien parasite, le film coréen", (MOVIE, 496243)),
        ("ajoute moi shrek premier du nom", (MOVIE, 5000121)),
        ("the godfather, the first one", (MOVIE, 238)),
        ("premier contact de denis villeneuve", (MOVIE, 5000245)),
        ("dr who 1963", (SERIES, 5100008)),
    ],
)
async def test_spoken_requests_name_one_item(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, got, lookups = await answer(resolver, text)
    assert (verdict, got) == ("confident", want), text
    assert lookups <= 10


def test_the_first_after_a_franchise_is_an_order() -> None:
    q = parse_request("rajoute le parrain premier du nom")
    assert (q.title, q.order) == ("le parrain", "first")
    # a bare "premier" after a name is a word of the title (read as its number by the ranker)
    assert parse_request("le parrain premier").order is None


async def test_order_words_that_open_no_title_still_need_the_franchise(
    resolver: Resolver, answer: Any
) -> None:
    """Twin of "premier contact villeneuve": "the original" opens none of the titles of Arrival, so the
    one item found may not be the original asked."""
    verdict, _, _ = await answer(resolver, "the original arrival villeneuve")
    assert verdict != "confident"


def test_shortened_words_are_spelt_in_full() -> None:
    assert spelt_in_full("Dr. Who") == ["doctor who", "docteur who"]
    assert spelt_in_full("st elmo fire") == ["saint elmo fire", "sainte elmo fire"]
    assert spelt_in_full("dr") == []  # a shortened word alone is no title
    assert spelt_in_full("drive") == []


@pytest.mark.parametrize("text", ["mr robot", "dr zorglub 2005"])
async def test_a_shortened_title_the_catalogue_lacks_is_not_found(
    resolver: Resolver, text: str, answer: Any
) -> None:
    """Twin: the spelling in full is only tried; nothing named so, nothing found."""
    verdict, _, lookups = await answer(resolver, text)
    assert verdict == "not_found"
    assert lookups <= 10


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("tchernobyl sur hbo", (SERIES, 5100031)),  # French writes "tch" for the English "ch"
        ("dunne deuxième partie", (MOVIE, 693134)),  # a letter typed twice in a rare listed word
    ],
)
async def test_french_spellings_and_doubled_letters(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, got, lookups = await answer(resolver, text)
    assert (verdict, got) == ("confident", want), text
    assert lookups <= 10


def test_tch_is_spelt_the_english_way_only_in_a_long_word() -> None:
    assert untranscribed("Tchernobyl HBO") == "chernobyl hbo"
    assert untranscribed("tchad") is None  # too short to be a transcription
    assert untranscribed("watch dogs") is None  # "tch" inside a word is no transcription


@pytest.mark.parametrize("text", ["tchoupitou le retour", "dunne zorblax"])
async def test_a_respelling_that_finds_no_title_stays_not_found(
    resolver: Resolver, text: str, answer: Any
) -> None:
    """Twin: the respellings are only looked up; an absent title stays not_found within the budget."""
    verdict, _, lookups = await answer(resolver, text)
    assert verdict == "not_found", text
    assert lookups <= 10


async def test_a_language_cue_inside_spoken_words_picks_the_homonym(resolver: Resolver, answer: Any) -> None:
    """'Les Misérables' 2012 (English) and 2019 (French): the language named among request words says
    which; without it (the twin) the two stay a choice."""
    verdict, got, _ = await answer(resolver, "j'aimerais bien les misérables, le film français")
    assert (verdict, got) == ("confident", (MOVIE, 586863))
    verdict, _, _ = await answer(resolver, "jveux les misérables aussi")
    assert verdict == "ambiguous"
