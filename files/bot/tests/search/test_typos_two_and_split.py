"""Typo classes that refused clearly meant requests (issue 16, session 9): two typos in one long word, two
typos in two words, a part word typed as another real word, a word split into two real words, one word
typed one edit off with nothing beside it. Each with its twin: what must stay not_found (or not confident)."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.memory import TitleMemory
from myflix_bot.search.resolver import Resolver, _dropped_from, _part_word_typos, _spellings_of_one
from myflix_bot.search.spelling import Speller

MOVIE, SERIES = "movie", "series"
BUDGET = 10  # lookups one request may spend


# ---------------------------------------------------------------- two typos in one long word


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("glasiatr", (MOVIE, 5000091)),
        ("sveerznce", (SERIES, 5100068)),
        ("oppneheiler", (MOVIE, 872585)),
        ("habninal la série", (SERIES, 5100026)),
        ("cibderelal 1950", (MOVIE, 5000035)),
    ],
)
async def test_one_long_word_with_two_typos_the_word_list_reads_as_a_title_word(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


def test_two_typos_are_read_only_in_an_unknown_word_no_single_typo_explains() -> None:
    speller = Speller(TitleMemory())
    assert speller.two_typos("glasiatr") == "gladiator"
    assert speller.two_typos("spuderman") is None  # "spider man" with one typo, never 'superman' with two
    assert speller.two_typos("insertion") is None  # a word of its own
    assert speller.two_typos("gladiatrix") is None  # one edit from a listed word
    assert speller.two_typos("prison") is None
    # of the listed words two edits away, the one a title found holds, not the most frequent
    assert speller.two_typos("hlalowen") == "hallowed"
    assert speller.two_typos("hlalowen", {"halloween", "night"}) == "halloween"
    assert speller.two_typos("hlalowen", {"night"}) is None


@pytest.mark.parametrize("text", ["insertion", "spuderman", "gladiatrix"])
async def test_a_word_two_edits_from_a_title_word_is_not_that_title(
    resolver: Resolver, text: str, answer: Any
) -> None:
    """Twin: a listed word ("insertion" is no 'Inception'), two listed words glued with one typo
    ("spuderman" is no 'Superman'), a word one edit from a listed one ("gladiatrix")."""
    verdict, best, _ = await answer(resolver, text)
    assert verdict != "confident" or best == (MOVIE, 5000225), text  # Spider-Man, one edit off


# ---------------------------------------------------------------- two typos in two words


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("quee gmabit", (SERIES, 5100064)),  # 'queen' beside 'gambit', once that one is respelt
        ("msision cleopatrz", (MOVIE, 2899)),  # 'cleopatra' and 'cleopatre': two titles of one item
    ],
)
async def test_two_words_each_one_typo_off_read_each_other(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


def test_two_words_of_one_title_are_not_two_spellings_of_it() -> None:
    """Twin: 'dumb' and 'dumber' are both one edit from "dumbe", two words of one title, not the same word
    spelt two ways: neither is taken (the request types 'dumb' right elsewhere)."""
    assert not _spellings_of_one(
        ["dumb", "dumber"], ["dumb", "and", "dumbe"], [{"dumb", "and", "dumber"}], []
    )


async def test_a_short_word_one_typo_off_alone_is_not_the_longer_title(
    resolver: Resolver, answer: Any
) -> None:
    """Twin: "quee" alone names the items called 'Queen', never 'The Queen's Gambit'."""
    verdict, best, _ = await answer(resolver, "quee")
    assert not (verdict == "confident" and best == (SERIES, 5100064))


# ---------------------------------------------------------------- part words typed as another word


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("la casa de papel parte 3", (SERIES, 5100059)),
        ("band of brothers parti 10", (SERIES, 5100033)),
        ("kaamelott liver 2", (SERIES, 79175)),
    ],
)
async def test_a_part_word_typed_as_another_real_word_before_a_number_is_the_part_word(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


def test_a_part_word_typo_is_read_only_before_a_number_and_outside_the_titles_found() -> None:
    assert _part_word_typos(["kaamelott", "liver", "2"], set(), set()) == {"liver": "livre"}
    assert _part_word_typos(["band", "of", "brothers", "parti", "10"], set(), set())["parti"] in (
        "part",
        "partie",
    )
    assert _part_word_typos(["kaamelott", "liver"], set(), set()) == {}  # no number after it
    assert _part_word_typos(["liver", "2"], set(), set()) == {}  # the title's first word
    assert _part_word_typos(["the", "liver", "2"], {"liver"}, set()) == {}  # a title found holds it


async def test_a_part_word_typo_past_the_last_part_stays_not_found(resolver: Resolver, answer: Any) -> None:
    """Twin: "toy story parti 5" asks for a fifth film the catalogue does not have."""
    verdict, _, _ = await answer(resolver, "toy story parti 5")
    assert verdict == "not_found"


# ---------------------------------------------------------------- one word split into two real words


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("mis sion cleopatre", (MOVIE, 2899)),
        ("band of brothers epis ode 2", (SERIES, 5100033)),
        ("the mandalorian cha pitre 9", (SERIES, 5100045)),
    ],
)
async def test_a_word_split_into_a_rare_word_and_another_is_joined(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


def test_two_common_words_are_never_joined() -> None:
    speller = Speller(TitleMemory())
    assert speller.mend("mis sion cleopatre") == "mission cleopatre"
    assert speller.mend("for ever young") is None
    assert speller.mend("net work") is None
    assert speller.mend("le seigneur des anne aux") is None  # 'anneaux' is hardly more frequent
    assert speller.mend("star dust") is None


# ---------------------------------------------------------------- one title word, one edit off


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the matix 4", (MOVIE, 624860)),
        ("terminatr 6", (MOVIE, 5000101)),  # 'terminator', not the more frequent 'terminate'
    ],
)
async def test_a_title_s_only_word_one_edit_off_is_the_title_word_found(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


async def test_a_title_s_only_word_one_edit_off_keeps_the_number_rules(
    resolver: Resolver, answer: Any
) -> None:
    """Twin: "terminatr 9" asks for a film past the last one."""
    verdict, _, _ = await answer(resolver, "terminatr 9")
    assert verdict == "not_found"


# ---------------------------------------------------------------- a letter dropped from a four-letter word


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("life on mrs bbc", (SERIES, 5100023)),
        ("joker folie a deu", (MOVIE, 5000086)),
        ("the lionn kig remake", (MOVIE, 420818)),
    ],
)
async def test_a_three_letter_word_beside_a_title_word_typed_right_is_that_title_s_word(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


def test_a_dropped_letter_is_never_the_first() -> None:
    assert _dropped_from("mrs", "mars")
    assert not _dropped_from("ars", "mars")
    assert not _dropped_from("mrs", "marks")


@pytest.mark.parametrize("text", ["mrs bbc", "the mrs"])
async def test_a_three_letter_word_with_no_title_word_beside_it_is_not_read_so(
    resolver: Resolver, text: str, answer: Any
) -> None:
    """Twin: nothing typed right beside "mrs" says it is 'Mars' of 'Life on Mars'."""
    verdict, best, _ = await answer(resolver, text)
    assert not (verdict == "confident" and best in ((SERIES, 5100023), (SERIES, 5100024))), text
