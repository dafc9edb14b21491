"""Titles misspelt into real words, often with words around them: a double letter typed once that makes a
rare listed word ("carie" for 'Carrie'), an English title's word typed the French way ("docteur who").
The lookups must try the spelling meant; an absent title typed so stays not_found. Against the
Radarr/Sonarr fakes and their realistic catalog."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.people import looks_like_name
from myflix_bot.search.rank import _called_by_head
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.spelling import Speller, anglicised

MOVIE, SERIES = "movie", "series"


class _NoMemory:
    def knows_word(self, word: str) -> bool:
        return False

    def nearest_word(self, word: str) -> str | None:
        return None

    def nearest_title(self, title: str) -> str | None:
        return None

    def words(self) -> list[str]:
        return []


def test_a_double_letter_typed_once_is_read_as_the_far_more_frequent_word() -> None:
    speller = Speller(_NoMemory())
    assert speller.likely_typo("carie") == "carrie"
    assert speller.likely_typo("dunne") == "dune"  # and a letter typed twice, as before
    assert speller.likely_typo("world") is None  # a frequent word is typed as meant


def test_a_french_ending_is_written_the_english_way_in_an_english_title() -> None:
    assert anglicised("docteur who") == "doctor who"
    assert anglicised("Docteur Strange") == "doctor strange"
    assert anglicised("le docteur") is None  # no English word: a French title
    assert anglicised("the walking dead") is None  # nothing French


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("carie au bal du diable", (MOVIE, 5000042)),
        ("carie 1976", (MOVIE, 5000042)),
        ("docteur who", (SERIES, 5100009)),
    ],
)
async def test_a_title_typed_as_another_real_word_is_found(
    resolver: Resolver, answer: Any, text: str, key: tuple[str, int]
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", key), text
    assert lookups <= 6


@pytest.mark.parametrize("text", ["carie dentaire", "docteur strange", "le docteur", "docteur jivago"])
async def test_twin_an_absent_title_typed_so_stays_not_found(
    resolver: Resolver, answer: Any, text: str
) -> None:
    """Twin: the spellings are only looked up; 'Doctor Strange' and a French tooth decay are absent."""
    verdict, _, lookups = await answer(resolver, text)
    assert verdict == "not_found", text
    assert lookups <= 10


@pytest.mark.parametrize("text", ["strangers things netflix", "strangers things la serie"])
async def test_a_misspelt_title_before_a_network_gets_the_spellings_of_the_title_alone(
    resolver: Resolver, answer: Any, text: str
) -> None:
    """The last round respells the title before the network, not the whole request: no lookup of a
    spelling with "netflix" in it finds the title ('stranger thing', 'stran' do)."""
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", (SERIES, 5100001)), text
    assert lookups <= 10


@pytest.mark.parametrize("text", ["strangers thongs netflix", "friends with benefits netflix"])
async def test_twin_an_absent_title_before_a_network_stays_not_found(
    resolver: Resolver, answer: Any, text: str
) -> None:
    verdict, _, lookups = await answer(resolver, text)
    assert verdict == "not_found", text
    assert lookups <= 10


@pytest.mark.parametrize("text", ["les dent de la mère spielberg", "les dents de la mere spielberg"])
async def test_a_short_title_word_typed_with_a_letter_more_still_reads_the_name_after_it(
    resolver: Resolver, answer: Any, text: str
) -> None:
    """'Les Dents de la mer': "mere" is its "mer" with a letter typed after it, so "spielberg" (the
    overview's) is read around the title, as after the title typed right."""
    verdict, best, _ = await answer(resolver, text)
    assert (verdict, best) == ("confident", (MOVIE, 5000205)), text


@pytest.mark.parametrize("text", ["les dents de la mere 2", "la mere spielberg"])
async def test_twin_no_title_is_read_so_when_the_rest_is_absent(
    resolver: Resolver, answer: Any, text: str
) -> None:
    """Twin: a sequel the catalog lacks, and one word of the title with the name, stay not_found."""
    verdict, _, _ = await answer(resolver, text)
    assert verdict == "not_found", text


@pytest.mark.parametrize("text", ["furiosa 2024 anya taylor joy", "furiosa anya taylor joy"])
async def test_a_title_named_by_its_head_before_a_subtitle_reads_the_words_after_it(
    resolver: Resolver, answer: Any, text: str
) -> None:
    """'Furiosa: A Mad Max Saga' is called "furiosa": the actress after it (the overview's) is read
    around that name, as around a whole title."""
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", (MOVIE, 5000157)), text
    assert lookups <= 6


@pytest.mark.parametrize(
    "text", ["furiosa road", "furiosa le retour", "furiosa 2", "the hobbit the desolztion of smaugg"]
)
async def test_twin_a_head_followed_by_other_title_words_stays_not_found(
    resolver: Resolver, answer: Any, text: str
) -> None:
    """Twin: words after the head that no data explains continue another (absent) title, even misspelt
    into words no list holds, which would read as a name after a whole title ('The Hobbit: An Unexpected
    Journey' is found, 'The Desolation of Smaug' is absent)."""
    verdict, _, lookups = await answer(resolver, text)
    assert verdict == "not_found", text
    assert lookups <= 10


def test_a_head_shared_by_several_titles_found_or_another_items_title_is_no_name() -> None:
    furiosa = Candidate(MOVIE, 1, "Furiosa: A Mad Max Saga", 2024)
    asterix = Candidate(MOVIE, 2, "Asterix & Obelix: Mission Cleopatra", 2002)
    assert _called_by_head(furiosa, []) == ["Furiosa"]
    assert _called_by_head(asterix, ["asterix obelix the middle kingdom"]) == []  # a franchise's name
    assert _called_by_head(Candidate(MOVIE, 3, "Dune: Part Two", 2024), ["dune"]) == []  # another's title
    assert _called_by_head(Candidate(MOVIE, 4, "Alien: Romulus", 2024), []) == []  # a common word


def test_a_surnames_own_particle_announces_it() -> None:
    assert looks_like_name(["del", "toro"])
    assert looks_like_name(["van", "sant"])
    assert not looks_like_name(["toro"])  # one rare word alone after a title is a subtitle as often
    assert not looks_like_name(["de", "pan"])  # "de" links a title's words as often ("le labyrinthe de pan")


async def test_a_misspelt_title_before_a_director_with_a_particle_is_found(
    resolver: Resolver, answer: Any
) -> None:
    """ "del toro" is a name: the title before it is looked up alone, respelt ('le labyrinth de pan')."""
    verdict, best, lookups = await answer(resolver, "le labyrinte de pan del toro")
    assert (verdict, best) == ("confident", (MOVIE, 5000267))
    assert lookups <= 6


async def test_twin_an_absent_title_before_a_particle_name_stays_not_found(
    resolver: Resolver, answer: Any
) -> None:
    verdict, _, _ = await answer(resolver, "le labyrinte du minotaure del toro")
    assert verdict == "not_found"
