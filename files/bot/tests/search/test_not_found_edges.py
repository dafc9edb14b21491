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


# Wrong confident answers (session 8): words that make another title, read as a hint, a typo or a number
# of the title found. Each safety case has its twin, the same mechanism picking the item meant.
SAFETY_NOT_FOUND = [
    "american gladiators",  # a nationality word opening an absent title: no 'Gladiator' carries "(US)"
    "american heat",
    "harry potter and the chamber of regrets",  # "regrets", a word of its own, not "secrets" misspelt
    "it chapter 3",  # past 'It Chapter Two': not a part of the miniseries 'It'
    "ça chapitre 3",
    "star wars episode 2",  # before 'Episode IV', the first film found
    "avengers 5",  # past 'Avengers: Endgame', the fourth after 'The Avengers' of 2012
    "high potential season 1",  # "High Potential (FR)" names the French series only with its tag
    "rocky 7 stallone",  # a name after a number past the last film changes nothing
    "piege de cristal 5",  # the French title of 'Die Hard', past the last of its sequels
    "the american",  # a nationality word alone is a title (absent), not 'Us' by its country code
    "die hard with a vengeance 2",  # no sequel of that film: not 'Die Hard 2', which lacks its words
]
POSITIVE_TWINS = [
    ("the american office", ("series", 73244)),  # the tag picks 'The Office (US)'
    ("american oldboy", (MOVIE, 5000260)),  # the language picks the English one of two
    ("harry potter chamber of secrets", (MOVIE, 5000151)),
    ("matrix revolution", (MOVIE, 605)),  # a plural off, one edit: a typo
    ("die hard with a vengence", (MOVIE, 5000164)),  # the whole request's title, not 'Die Hard' + a name
    ("it chapitre 2", (MOVIE, 5000050)),
    ("band of brothers part 4", ("series", 5100033)),  # no film numbers this name: the series' part
    ("star wars episode 5", (MOVIE, 5000143)),  # the film after 'Episode IV', by release
    ("star wars episode vii", (MOVIE, 5000145)),
    ("avengers 3", (MOVIE, 5000219)),  # the 1998 'The Avengers' is a homonym, not the first of them
    ("the avengers 1", (MOVIE, 5000216)),
    ("high potential fr", ("series", 5100082)),
    ("rocky 2 sylvester stallone", (MOVIE, 5000159)),  # a name after the number is no subtitle
    ("le parrain 3 coppola", (MOVIE, 5000142)),
    ("kil bill 2 tarantino", (MOVIE, 5000198)),  # the franchise's name one typo off, the number carried
    ("it chapter 1", (MOVIE, 5000049)),  # the original, which no part word numbers
    ("piege de cristal 3", (MOVIE, 5000164)),  # the third of 'Die Hard', named by its French title
    ("psychose le remake", (MOVIE, 5000004)),  # the remake of 'Psycho', named by its French title
    ("le remake de psycho", (MOVIE, 5000004)),  # the title after "de"
    ("dune version récente", (MOVIE, 438631)),  # ... not the letters "du" of "dune"
    ("dispo inception ?", (MOVIE, 27205)),  # "dispo": asking whether it is there
]
AMBIGUOUS_FRANCHISE = [
    "kill bill quentin tarantino",  # the franchise's name, then who made it
    "les films harry potter",  # "les films": the kind, in the plural, before the franchise's name
]


@pytest.mark.parametrize("text", SAFETY_NOT_FOUND)
async def test_words_of_another_title_are_no_hint_typo_or_number_of_this_one(
    resolver: Resolver, text: str
) -> None:
    """A nationality word that picks none of the items named by the rest, a listed word read as another
    listed word two edits off, or a number past the films that carry the request's part word: the request
    names an absent title, never the item found."""
    assert await _verdict(resolver, text) == ("not_found", None)


@pytest.mark.parametrize(("text", "want"), POSITIVE_TWINS)
async def test_the_same_mechanisms_still_pick_the_item_meant(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    """Twins: a tag or a language that picks one of the homonyms, a typo one edit off, a title that is
    the whole request, a film numbered with the part word asked, an installment counted from the one
    numbered, a franchise counted from the homonym its continuations follow."""
    assert await _verdict(resolver, text) == ("confident", want)


@pytest.mark.parametrize("text", AMBIGUOUS_FRANCHISE)
async def test_a_franchise_named_then_its_maker_is_ambiguous(resolver: Resolver, text: str) -> None:
    """A franchise's name followed by a person's name names every film of it, not nothing."""
    assert (await _verdict(resolver, text))[0] == "ambiguous"
