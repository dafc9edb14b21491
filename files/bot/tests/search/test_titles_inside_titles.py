"""Titles inside titles, and subtitles: a title that is exactly the request's beats a longer one holding it
or a shorter one inside it; a franchise's name and an installment number that one item alone carries
name it even when the subtitle after them is in another language; a French subtitle word that is the
English one with a French ending still spells the title. Each with its twin: what such a request must
not become (an absent installment, a subtitle of another member, a name several items carry)."""

from __future__ import annotations

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.query import ParsedQuery
from myflix_bot.search.rank import rank, same_stem
from myflix_bot.search.release import parse_release
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.rules import parse_request

MOVIE, SERIES = "movie", "series"


async def _answer(resolver: Resolver, text: str) -> tuple[str, tuple[str, int] | None]:
    d = (await resolver.resolve(text)).decision
    return d.verdict, d.best.candidate.key if d.best else None


def _decide(query: ParsedQuery, candidates: list[Candidate]) -> tuple[str, tuple[str, int] | None]:
    d = decide(query, rank(query, candidates))
    return d.verdict, d.best.candidate.key if d.best else None


# --- a title that is exactly the request's ------------------------------------------------------------


async def test_an_exact_french_title_beats_a_longer_one_holding_it(resolver: Resolver) -> None:
    """The 2019 film is "Les Filles du docteur March" in French, the 1994 one "Les Quatre Filles du docteur
    March": the request typed the first exactly, so it names that one, not both."""
    assert await _answer(resolver, "mets moi les filles du docteur march") == ("confident", (MOVIE, 5000025))
    assert await _answer(resolver, "les quatre filles du docteur march") == ("confident", (MOVIE, 5000024))


async def test_a_title_both_items_carry_stays_ambiguous(resolver: Resolver) -> None:
    """Twin: "little women" is each film's own title, and neither is three times as popular."""
    assert (await _answer(resolver, "little women"))[0] == "ambiguous"


def _series(id_: int, title: str, popularity: float, *alt: str) -> Candidate:
    return Candidate(SERIES, id_, title, 2016, alt_titles=alt, popularity=popularity)


def _movie(id_: int, title: str, popularity: float, *alt: str) -> Candidate:
    return Candidate(MOVIE, id_, title, 1980, alt_titles=alt, popularity=popularity)


def test_a_miniseries_part_release_name_is_the_series_not_a_shorter_title_inside_it() -> None:
    """ "The Long Road" (a miniseries) against a film "Road" (a part of the name, more popular) and a film
    whose French title "Premier" reads as the part number: the release name names the miniseries."""
    query = parse_release("The.Long.Road.Part.2.1080p.WEB.h264-TEAM")
    assert query is not None
    candidates = [
        _series(1, "The Long Road", 30.0),
        _movie(2, "Road", 40.0),
        _movie(3, "Long river winter", 45.0, "Premier"),
    ]
    assert _decide(query, candidates) == ("confident", (SERIES, 1))


def test_a_number_title_is_no_title_inside_a_part_request() -> None:
    """Twin: "road part 1" is not the film "Road river winter" on the strength of its French title
    "Premier" (1): that is the request's part number, not a title the request holds."""
    query = ParsedQuery("road part 1", title="road part 1")
    candidates = [_movie(3, "Road river winter", 45.0, "Premier"), _movie(4, "River road", 20.0)]
    assert _decide(query, candidates)[0] != "confident"


def test_two_items_titled_exactly_so_stay_homonyms() -> None:
    """Twin: a series and a film both titled "The Long Road", close in popularity: still ambiguous."""
    query = parse_release("The.Long.Road.Part.2.1080p.WEB.h264-TEAM")
    assert query is not None
    candidates = [
        _series(1, "The Long Road", 30.0),
        _movie(5, "The Long Road", 25.0),
        _movie(2, "Road", 40.0),
    ]
    assert _decide(query, candidates)[0] == "ambiguous"


# --- a franchise's name and an installment number ------------------------------------------------------


async def test_an_installment_number_names_the_item_under_a_foreign_subtitle(resolver: Resolver) -> None:
    """ "Star Wars: Episode IV - A New Hope" is the only film carrying that number; the lookup has no French
    subtitle for it."""
    assert await _answer(resolver, "star wars episode 4 un nouvel espoir") == ("confident", (MOVIE, 11))


SAGA = [
    Candidate(MOVIE, 21, "Saga", 1990, alt_titles=("Saga: Episode III - The Dark Road",), popularity=50.0),
    Candidate(MOVIE, 22, "Saga: Return of the Wolf", 1993, popularity=40.0),
    Candidate(MOVIE, 23, "Saga 2", 1992, popularity=20.0),
]


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("saga episode 3 la route sombre", "confident"),  # its subtitle, in French
        ("saga episode III la route sombre", "confident"),
        ("saga episode 3 rising", "not_found"),  # one word added: an absent title as likely
        ("saga episode 3 the dark road legacy", "not_found"),  # its subtitle and more
        ("saga episode 3 le retour du loup", "not_found"),  # another film's subtitle
        ("saga 2 la route sombre", "not_found"),  # "Saga 2" ends at its number: an absent sequel's name
    ],
)
def test_a_subtitle_in_another_language_stands_for_the_items_own(text: str, verdict: str) -> None:
    query = parse_request(text)
    assert _decide(query, SAGA) == (verdict, (MOVIE, 21) if verdict == "confident" else None)


@pytest.mark.parametrize(
    "text",
    [
        "star wars episode 10 le retour",  # past the last episode
        "star wars episode II l'attaque des clones",  # absent: release order is not the episodes' order
        "star wars episode 8",  # past the seventh counted from "Episode IV"; "Star Wars: Andor" is a series
        "alien 3 le retour",  # "le retour" is the subtitle of another film of the franchise ("Aliens")
        "rocky 2 la renaissance",  # "Rocky II" has no subtitle: an absent sequel's name as likely
        "star wars la revanche des sith",  # no number: a subtitle the catalogue does not have
    ],
)
async def test_an_installment_the_catalogue_lacks_is_never_a_confident_answer(
    resolver: Resolver, text: str
) -> None:
    assert (await _answer(resolver, text))[0] != "confident", text


async def test_an_absent_installment_with_episode_word_is_not_found(resolver: Resolver) -> None:
    """The film "Star Wars" numbers itself "Episode IV": no film found is the second episode, and the
    series "Star Wars: Andor" only holds the name."""
    assert (await _answer(resolver, "star wars episode 2"))[0] == "not_found"


async def test_an_episode_of_a_series_holding_a_films_name_stays_possible(resolver: Resolver) -> None:
    """Twin: the film "Avatar" has no episodes nor numbers its parts, so "avatar episode 4" may mean the
    series "Avatar: The Last Airbender" (two of them): ambiguous, not "not found"."""
    verdict, best = await _answer(resolver, "avatar episode 4")
    assert (verdict, best and best[0]) == ("ambiguous", SERIES)


# --- a French subtitle word with an English stem -----------------------------------------------------


def test_french_endings_of_english_words_share_their_stem() -> None:
    assert same_stem("prophetie", "prophecy")
    assert same_stem("comedie", "comedy")
    assert same_stem("mysterieux", "mysterious")
    assert same_stem("liberte", "liberty")
    assert not same_stem("espoir", "hope")  # another word altogether
    assert not same_stem("partie", "party")  # a short stem tells nothing
    assert not same_stem("prophete", "prophecy")


async def test_a_translated_subtitle_word_names_the_series(resolver: Resolver) -> None:
    assert await _answer(resolver, "je voudrais dune la prophétie") == ("confident", (SERIES, 410437))


async def test_a_subtitle_no_item_carries_stays_not_found(resolver: Resolver) -> None:
    """Twin: an absent spin-off of the same franchise names nothing."""
    assert (await _answer(resolver, "dune la guerre des sables"))[0] == "not_found"
