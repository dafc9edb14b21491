"""Words after a title that say which of its homonyms is meant ("la nouvelle", "the old one"), which
edition ("director's cut", "version longue"), which episode of a season ("saison 2 ep 3") or who made
it ("le remake de ...", "le film des ..."). They pick where the items' data carries the difference (a
year, a kind) and never keep a title typed exactly from being found; they name nothing on their own (an
absent title stays not_found, homonyms without such a word stay ambiguous)."""

from __future__ import annotations

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.rank import rank
from myflix_bot.search.rules import parse_request

MOVIE, SERIES = "movie", "series"

# Two series of one name, close in popularity: the name alone does not say which.
V_1983 = Candidate(SERIES, 1, "V", 1983, alt_titles=("V (1983)",), popularity=10.0)
V_2009 = Candidate(SERIES, 2, "V", 2009, alt_titles=("V (2009)",), popularity=14.0)
DRACULA_OLD = Candidate(MOVIE, 11, "Nosferatu", 1922, popularity=15.0)
DRACULA_NEW = Candidate(MOVIE, 12, "Nosferatu", 2024, popularity=25.0)
SUSPIRIA = Candidate(MOVIE, 21, "Suspiria", 1977, popularity=9.0)
SCARFACE = Candidate(MOVIE, 31, "Scarface", 1932, overview="Howard Hawks.", popularity=10.0)
SCARFACE_REMAKE = Candidate(MOVIE, 32, "Scarface", 1983, overview="Al Pacino.", popularity=12.0)
SOLARIS_FILM = Candidate(MOVIE, 41, "Solaris", 1972, popularity=8.0)
SOLARIS_SERIES = Candidate(SERIES, 42, "Solaris", 2021, popularity=7.0)


def _decided(text: str, candidates: list[Candidate]) -> tuple[str, tuple[str, int] | None]:
    q = parse_request(text)
    d = decide(q, rank(q, candidates))
    return d.verdict, d.best.candidate.key if d.best else None


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("nosferatu la nouvelle version", 12),
        ("nosferatu le nouveau", 12),
        ("nosferatu the new one", 12),
        ("nosferatu the latest", 12),
        ("nosferatu le vieux", 11),
        ("nosferatu l'ancien", 11),
        ("nosferatu the old one", 11),
    ],
)
def test_a_recency_word_after_the_name_picks_the_newest_or_the_oldest_homonym(text: str, wanted: int) -> None:
    assert _decided(text, [DRACULA_OLD, DRACULA_NEW]) == ("confident", (MOVIE, wanted))


def test_recency_words_of_a_series_pick_among_its_homonyms() -> None:
    assert _decided("v la nouvelle série", [V_1983, V_2009]) == ("confident", (SERIES, 2))
    assert _decided("v l'ancienne", [V_1983, V_2009]) == ("confident", (SERIES, 1))


def test_a_year_typed_beside_a_recency_word_still_picks() -> None:
    """The year already says which; "le vieux" only must not keep the title from being found."""
    assert _decided("nosferatu 1922 le vieux", [DRACULA_OLD, DRACULA_NEW]) == ("confident", (MOVIE, 11))


def test_without_a_recency_word_the_homonyms_stay_ambiguous() -> None:
    assert _decided("nosferatu", [DRACULA_OLD, DRACULA_NEW])[0] == "ambiguous"
    assert _decided("v", [V_1983, V_2009])[0] == "ambiguous"


def test_a_recency_word_names_nothing_on_its_own() -> None:
    """An absent title with "la nouvelle" is still absent; "le nouveau" alone is no title read as a cue."""
    assert _decided("zebulon la nouvelle", [SUSPIRIA])[0] == "not_found"
    assert _decided("zebulon the new one", [SUSPIRIA])[0] == "not_found"
    assert parse_request("le nouveau").title == "le nouveau"


@pytest.mark.parametrize(
    "text",
    [
        "suspiria director's cut",
        "suspiria version longue",
        "suspiria extended",
        "suspiria remastered",
        "suspiria en vf",
        "suspiria vostfr",
        "suspiria 4k",
        "suspiria final cut",
        "suspiria the theatrical cut",
        "suspiria édition spéciale",
        "suspiria imax",
        # who it is for
        "suspiria pour les enfants",
        "suspiria for the kids",
        "suspiria pour ma fille",
    ],
)
def test_an_edition_word_after_the_title_is_dropped(text: str) -> None:
    assert parse_request(text).title == "suspiria"
    assert _decided(text, [SUSPIRIA]) == ("confident", (MOVIE, 21))


def test_an_edition_word_names_nothing_on_its_own() -> None:
    assert _decided("zebulon director's cut", [SUSPIRIA])[0] == "not_found"
    assert parse_request("extended").title == "extended"


def test_an_episode_after_a_season_is_the_seasons() -> None:
    for text in ("solaris saison 2 ep 3", "solaris season 1 episode 4", "solaris saison 1 épisode 1"):
        q = parse_request(text)
        assert (q.title, q.kind) == ("solaris", "series")
        assert _decided(text, [SOLARIS_FILM, SOLARIS_SERIES]) == ("confident", (SERIES, 42))
    # an episode number without a season stays part of what was typed
    assert parse_request("star wars episode 5").title == "star wars episode 5"


def test_the_maker_after_the_form_is_a_person_and_a_remake_the_newest() -> None:
    q = parse_request("scarface le remake de brian de palma")
    assert (q.title, q.order, q.people) == ("scarface", "remake", "brian de palma")
    verdict = _decided("scarface le remake de brian de palma", [SCARFACE, SCARFACE_REMAKE])
    assert verdict == ("confident", (MOVIE, 32))
    q = parse_request("solaris le film de tarkovski")
    assert (q.title, q.kind, q.people) == ("solaris", "movie", "tarkovski")
    assert _decided("solaris le film de tarkovski", [SOLARIS_FILM, SOLARIS_SERIES]) == (
        "confident",
        (MOVIE, 41),
    )


def test_words_after_de_that_read_as_no_name_stay_in_the_title() -> None:
    """ "le film de ma vie" is a title, not a film by "ma vie"; without a kind or an order the homonyms
    stay ambiguous."""
    assert parse_request("le film de ma vie").people == ""
    assert _decided("scarface", [SCARFACE, SCARFACE_REMAKE])[0] == "ambiguous"


def test_a_nationality_word_picks_the_homonym_of_that_original_language() -> None:
    """ "danois" is the Danish original where the items' data carries the language; a language neither
    item has picks nothing."""
    danish = Candidate(SERIES, 51, "Broen", 2011, language="da", popularity=9.0)
    remake = Candidate(SERIES, 52, "Broen", 2013, language="en", alt_titles=("Broen (US)",), popularity=12.0)
    assert _decided("broen danois", [danish, remake]) == ("confident", (SERIES, 51))
    assert _decided("broen", [danish, remake])[0] == "ambiguous"
    assert _decided("broen coréen", [danish, remake])[0] == "ambiguous"


@pytest.mark.parametrize(
    ("text", "title", "kind"),
    [
        ("solaris the show", "solaris", SERIES),
        ("les films solaris", "solaris", MOVIE),
        ("les séries solaris", "solaris", SERIES),
        ("solaris la série arte", "solaris arte", SERIES),  # the words after it read as typed
        ("solaris serie tarkovski", "solaris tarkovski", SERIES),
        ("solaris le film de tarkovski", "solaris", MOVIE),  # a linking word: the hints read the maker
        ("scary movie 2", "scary movie 2", MOVIE),  # no article: a title's word
        ("the truman show", "the truman show", None),  # a title's own "show"
        ("the show", "the show", None),
    ],
)
def test_a_kind_said_as_a_phrase_around_the_title(text: str, title: str, kind: str | None) -> None:
    q = parse_request(text)
    assert (q.title, q.kind) == (title, kind)


def test_the_show_after_a_title_picks_the_series() -> None:
    assert _decided("solaris the show", [SOLARIS_FILM, SOLARIS_SERIES]) == ("confident", (SERIES, 42))
    # a kind said inside the request: the words after it still have to be explained ("the witcher la
    # série blood origin" names an absent spin-off)
    assert _decided("solaris la série station orbitale", [SOLARIS_FILM, SOLARIS_SERIES])[0] == "not_found"


def test_words_after_a_season_describe_it() -> None:
    """ "solaris saison 2 sur la station": the title comes before the season; the words after it are read
    as around the title (the ranker's words-around rules), not as the rest of it. Words before the
    season stay the title's: an absent title stays not_found."""
    q = parse_request("solaris saison 2 station orbitale")
    assert (q.title, q.full_title, q.season) == ("solaris", "solaris station orbitale", 2)
    assert _decided("solaris saison 2 station orbitale", [SOLARIS_SERIES]) == ("confident", (SERIES, 42))
    assert _decided("solaris station orbitale saison 2", [SOLARIS_SERIES])[0] == "not_found"


def test_another_title_of_one_homonym_said_after_a_season_picks_it() -> None:
    danish = Candidate(SERIES, 61, "The Killing", 2007, alt_titles=("Forbrydelsen",), popularity=10.0)
    american = Candidate(SERIES, 62, "The Killing", 2011, popularity=12.0)
    assert _decided("the killing saison 2 forbrydelsen", [danish, american]) == ("confident", (SERIES, 61))
    assert _decided("the killing saison 2", [danish, american])[0] == "ambiguous"
