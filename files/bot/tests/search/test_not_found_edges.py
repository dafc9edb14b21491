"""Safety at the edges of not_found (issue 16, ``bench/search_edges.py``): an absent title that looks real is
never answered confidently, a request naming several items is never answered not_found. Each class has
its twin, the real title with the same words, which stays confident. Against the Radarr/Sonarr fakes and
their realistic catalog, each test on a fresh resolver (an empty title memory)."""

from __future__ import annotations

import pytest
from myflix_bot.search.resolver import Resolver

MOVIE = "movie"


async def _verdict(resolver: Resolver, text: str) -> tuple[str, tuple[str, int] | None]:
    d = (await resolver.resolve(text)).decision
    return d.verdict, d.best.candidate.key if d.best and d.verdict == "confident" else None


@pytest.mark.parametrize(
    "text",
    [
        "king kong de 1950",  # three King Kongs (1933, 1976, 2005), none of 1950
        "halloween (1995)",  # 1978 and 2018
        "the lion king from 2008",  # 1994 and 2019
        "godzilla 1970",
    ],
)
async def test_a_year_that_excludes_every_homonym_names_nothing(resolver: Resolver, text: str) -> None:
    """Several items carry the name and the year asked is none of theirs: not "ambiguous" between items
    the user ruled out, not_found."""
    assert await _verdict(resolver, text) == ("not_found", None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("king kong de 1976", (MOVIE, 5000008)),
        ("halloween (2018)", (MOVIE, 424139)),
        ("the lion king from 2019", (MOVIE, 420818)),
        ("godzilla 1998", (MOVIE, 5000038)),
        ("the lion king 1995", (MOVIE, 8587)),  # a year one off still picks the nearer homonym
    ],
)
async def test_the_year_of_one_homonym_picks_it(resolver: Resolver, text: str, want: tuple[str, int]) -> None:
    """Twin: the same homonyms, the year of one of them."""
    assert await _verdict(resolver, text) == ("confident", want)


@pytest.mark.parametrize(
    "text",
    [
        "parasite 2031",
        "oppenheimer (2035)",
        "dune 2033",
        "dracula de 2032",  # the linking word goes with the year
        "shōgun (2032)",  # the homonym's "Shōgun (1980)" carries a year, not a number of its title
    ],
)
async def test_a_year_to_come_no_title_carries_is_a_year(resolver: Resolver, text: str) -> None:
    """The parser keeps a year to come as a title word ("blade runner 2049"); when no title found carries
    it, it is the year asked, and no item is of that year: not a confident answer for the item of the
    name, whose title the number does not spell."""
    assert await _verdict(resolver, text) == ("not_found", None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("blade runner 2049", (MOVIE, 335984)),
        ("blade runner 2048", (MOVIE, 335984)),
        ("shogun 2024", ("series", 5100013)),
    ],
)
async def test_a_title_carrying_the_number_keeps_it(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    """Twin: a title carrying a number of that form is named by it, mistyped by one too; a year of this
    year's span is the parser's, and picks the item of that year."""
    assert await _verdict(resolver, text) == ("confident", want)


@pytest.mark.parametrize(
    ("seen", "text"),
    [
        ("the shining", "singing"),  # two edits from "shining", a word of its own
        ("the departed", "depart"),  # the first letters of "departed", a word of its own
        ("arrival", "arrive"),
    ],
)
async def test_a_common_word_near_a_one_word_title_is_no_typo_of_it(
    resolver: Resolver, seen: str, text: str
) -> None:
    """A frequent word two edits from a title's word (or its first letters) is a title of its own that the
    catalogue lacks, not a misspelling, even once the title memory holds the title it looks like."""
    assert (await _verdict(resolver, seen))[0] == "confident"
    assert await _verdict(resolver, text) == ("not_found", None)


@pytest.mark.parametrize(
    ("seen", "text", "want"),
    [
        ("the shining", "the shinning", (MOVIE, 5000069)),
        ("the departed", "the departd", (MOVIE, 5000191)),
        ("arrival", "arival", (MOVIE, 5000245)),
    ],
)
async def test_a_misspelling_no_list_holds_still_names_the_title(
    resolver: Resolver, seen: str, text: str, want: tuple[str, int]
) -> None:
    """Twin: a misspelt title word that is no common word still names the title."""
    assert (await _verdict(resolver, seen))[0] == "confident"
    assert await _verdict(resolver, text) == ("confident", want)


@pytest.mark.parametrize("text", ["it revenge", "the returned returns", "the returned revenge"])
async def test_a_title_and_a_continuation_names_nothing(resolver: Resolver, text: str) -> None:
    """A title followed by a word that only looks like a word of its other titles ("revenge" and the
    "revenu" of "Il est revenu") or repeats one of the title read ("returns" after "the returned") is an
    absent title that looks real: not the item whose title opens the request."""
    assert await _verdict(resolver, text) == ("not_found", None)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("il est revenu", ("series", 5100035)),  # the other title of the miniseries It
        ("it 1990", ("series", 5100035)),
        ("the returned canal+", ("series", 261742)),  # the network the lookup's data carries
        ("andor star war", ("series", 5100046)),  # "Star Wars: Andor", a word one plural off
    ],
)
async def test_a_title_and_words_its_data_carries_names_it(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    """Twin: the same titles, with words of their other titles or their data around them."""
    assert await _verdict(resolver, text) == ("confident", want)


def test_a_whole_word_more_is_another_title_not_a_misspelling() -> None:
    """The letters of "qu'est-ce qu'on a encore fait au bon dieu" are 89 % those of the first film's title:
    the inserted word is a sequel's (absent here), not a typo. The twins: the title with its words glued or
    one letter off still spells it."""
    from myflix_bot.search.candidates import Candidate  # noqa: PLC0415
    from myflix_bot.search.rank import spelled_out  # noqa: PLC0415
    from myflix_bot.search.rules import parse_request  # noqa: PLC0415

    first = Candidate(
        "movie", 7, "Serial (Bad) Weddings", 2014, alt_titles=("Qu'est-ce qu'on a fait au Bon Dieu ?",)
    )
    assert not spelled_out(parse_request("qu'est ce qu'on a encore fait au bon dieu"), first)
    assert spelled_out(parse_request("quest ce quon a fait au bondieu"), first)
    assert spelled_out(parse_request("qu'est ce qu'on a fait au bon dieux"), first)
