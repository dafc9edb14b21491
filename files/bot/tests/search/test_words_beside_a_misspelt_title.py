"""Words beside a title that no title carries, in requests that also misspell or split it: a person's
name typed in two halves, a network or a person after a misspelt title. The item whose data carries the
words is meant; an absent title that continues a real one ("toy story 5", "friends with benefits") stays
not_found. Against the Radarr/Sonarr fakes and their realistic catalog."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.rank import rank
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.rules import parse_request

MOVIE, SERIES = "movie", "series"

OCEANS_1960 = Candidate(MOVIE, 1, "Ocean's Eleven", 1960, overview="Frank Sinatra, Rat Pack.", popularity=9.8)
OCEANS_2001 = Candidate(
    MOVIE,
    2,
    "Ocean's Eleven",
    2001,
    overview="Steven Soderbergh, George Clooney, Brad Pitt.",
    popularity=58.6,
)


def _decided(text: str, candidates: list[Candidate]) -> tuple[str, tuple[str, int] | None]:
    q = parse_request(text)
    d = decide(q, rank(q, candidates))
    return d.verdict, d.best.candidate.key if d.best else None


@pytest.mark.parametrize(
    "text", ["ocean's eleven sina tra", "ocean's eleven sinatra", "ocean's eleven frank sina tra"]
)
def test_a_name_typed_in_two_halves_is_the_one_the_overview_writes(text: str) -> None:
    assert _decided(text, [OCEANS_1960, OCEANS_2001]) == ("confident", (MOVIE, 1))


def test_twin_halves_that_glue_into_no_name_of_the_data_pick_no_homonym() -> None:
    """Twin: halves that make no word of either overview say nothing: the popular homonym, as for the
    title alone."""
    assert _decided("ocean's eleven sina tre", [OCEANS_1960, OCEANS_2001]) == _decided(
        "ocean's eleven", [OCEANS_1960, OCEANS_2001]
    )


async def test_a_split_name_picks_its_homonym_end_to_end(resolver: Resolver) -> None:
    res = await resolver.resolve("ocean's eleven sina tra")
    d = res.decision
    assert d.verdict == "confident"
    assert d.best is not None
    assert d.best.candidate.key == (MOVIE, 5000012)


async def test_a_title_no_list_holds_is_looked_up_as_typed_before_the_words_after_it(
    resolver: Resolver,
) -> None:
    """'Fargo' is no listed word: respelt it is "forgo", and "coen" is what the first lookup missed; the
    first words as typed are looked up in the first round, not only the respelling and its first words."""
    res = await resolver.resolve("fargo coen 1996")
    d = res.decision
    assert d.verdict == "confident", d.reason
    assert d.best is not None
    assert d.best.candidate.key == (MOVIE, 275)


def test_the_respelling_and_its_own_first_words_leave_the_second_place_to_the_typed_ones() -> None:
    from myflix_bot.search.resolver import _typed_head_second  # noqa: PLC0415

    typed = ["fargo", "coen"]
    assert _typed_head_second(["forgo con", "forgo", "fargo", "far"], typed)[:2] == ["forgo con", "fargo"]
    # twin: a typo of a frequent word is respelt as meant, its respelling looked up
    typo = ["the", "thnig", "le", "prequel"]
    terms = ["the thing le prequel", "the thing", "the thnig"]
    assert _typed_head_second(terms, typo)[:2] == ["the thing le prequel", "the thing"]
    # twin: two different guesses keep their places
    assert _typed_head_second(["sherlock holmes", "sherlok"], ["sherlok", "holmes", "bbc"])[:2] == [
        "sherlock holmes",
        "sherlok",
    ]


SAUL = Candidate(SERIES, 3, "Better Call Saul", 2015, popularity=60.0)


@pytest.mark.parametrize("text", ["la better call sol", "the better call sol", "better call sol"])
def test_an_article_put_before_a_misspelt_title_is_no_letter_of_it(text: str) -> None:
    assert _decided(text, [SAUL]) == ("confident", (SERIES, 3))


@pytest.mark.parametrize("text", ["la better call solution", "the better call"])
def test_twin_an_article_before_other_words_still_names_nothing(text: str) -> None:
    assert _decided(text, [SAUL])[0] != "confident"


DUMB = Candidate(MOVIE, 8467, "Dumb and Dumber", 1994, overview="Two dim-witted friends.", popularity=30.0)


def test_a_title_misspelt_before_a_name_is_read_by_its_spelling() -> None:
    """ "dumb and dumbe" alone spells 'Dumb and Dumber' (its likeness, 84, is below a confident one): the
    same words before a person are that title, the person beside it."""
    assert _decided("dumb and dumbe jim carrey", [DUMB]) == ("confident", (MOVIE, 8467))


@pytest.mark.parametrize("text", ["dumb and dumbest jim carrey", "dumb and dumbe christmas party"])
def test_twin_another_word_or_words_of_another_title_stay_unnamed(text: str) -> None:
    assert _decided(text, [DUMB])[0] != "confident"


async def test_a_misspelt_word_is_not_respelt_as_a_word_typed_right_beside_it(resolver: Resolver) -> None:
    res = await resolver.resolve("dumb and dumbe jim carrey")
    assert "dumb and dumb " not in res.query.title
    assert res.decision.verdict == "confident"
    assert res.decision.best is not None
    assert res.decision.best.candidate.title == "Dumb and Dumber"


@pytest.mark.parametrize(
    ("words", "read"),
    [
        (["garyoldman"], ["gary", "oldman"]),  # a first name and a listed surname, typed as one
        (["tomorrow"], ["tomorrow"]),  # twin: a listed word is typed as meant
        (["garyland"], ["garyland"]),  # twin: a frequent word after a first name is no surname
        (["jackass"], ["jackass"]),  # twin: too short a surname
        (["benefitz"], ["benefitz"]),  # twin: a misspelt word is no first name and a fragment
        (["leagoue"], ["leagoue"]),
        (["demiyazaki"], ["de", "miyazaki"]),  # "de" glued to a listed surname
        (["deford"], ["de", "ford"]),
        (["devoir"], ["devoir"]),  # twin: a listed word
        (["dejames"], ["dejames"]),  # twin: a first name is no surname announced
    ],
)
def test_a_first_name_glued_to_a_surname_reads_as_the_name(words: list[str], read: list[str]) -> None:
    from myflix_bot.search.people import as_typed_names  # noqa: PLC0415

    assert as_typed_names(words) == read


async def test_a_glued_name_after_a_title_is_a_person_the_absent_title_twin_is_not(
    resolver: Resolver,
) -> None:
    res = await resolver.resolve("slow horses garyoldman")
    assert res.decision.verdict == "confident"
    twin = await resolver.resolve("slow horses garyland")
    assert twin.decision.verdict == "not_found"


@pytest.mark.parametrize("text", ["friends with benefitz", "friends with benefts"])
def test_a_typo_of_a_frequent_word_after_with_is_a_title_word_not_a_name(text: str) -> None:
    parsed = parse_request(text)
    assert (parsed.title, parsed.people) == (text, "")


@pytest.mark.parametrize(
    ("text", "title", "people"),
    [
        ("drive with gosling", "drive", "gosling"),
        ("fargo with mcdormand", "fargo", "mcdormand"),
        ("the witcher with henry cavill", "the witcher", "henry cavill"),
        ("la haine avec kassovitz", "la haine", "kassovitz"),
    ],
)
def test_twin_a_surname_after_with_or_avec_is_still_a_person(text: str, title: str, people: str) -> None:
    parsed = parse_request(text)
    assert (parsed.title, parsed.people) == (title, people)


@pytest.mark.parametrize(
    "text", ["bienvenue chez les chtis dany boon", "bienvenue chez les ch'tis dany boon"]
)
async def test_a_title_typed_without_its_inner_apostrophe_is_read_with_the_name_after_it(
    resolver: Resolver, text: str
) -> None:
    """'Ch'tis' is two words to the matcher; typed "chtis", the name after it (the overview's "Dany
    Boon") is read around the title as when the apostrophe is typed."""
    d = (await resolver.resolve(text)).decision
    assert d.verdict == "confident"
    assert d.best is not None
    assert d.best.candidate.key == (MOVIE, 5000182)


@pytest.mark.parametrize("text", ["bienvenue chez les chtis 2", "bienvenue chez les chtis du nord"])
async def test_twin_words_after_the_glued_title_that_name_nothing_stay_unanswered(
    resolver: Resolver, text: str
) -> None:
    d = (await resolver.resolve(text)).decision
    assert d.verdict != "confident"


async def test_a_possessive_typed_as_a_plural_before_a_surname_is_looked_up_as_the_title(
    resolver: Resolver, answer: Any
) -> None:
    """ "oceans eleven sinatra": no list holds "sinatra" as a surname, so the title part is not cut off
    by a name; the first words are looked up with their possessive read ("ocean s eleven"), the lookup
    needing every word of a term, and the overview that names him picks the 1960 film."""
    assert (await answer(resolver, "oceans eleven sinatra"))[:2] == ("confident", (MOVIE, 5000012))
    # twin: ordinary words after the same title are another title's, absent
    assert (await answer(resolver, "oceans eleven reloaded"))[0] == "not_found"


async def test_an_order_word_opening_a_title_misspelt_after_it_is_the_title(
    resolver: Resolver, answer: Any
) -> None:
    """ "premier contacte villeneuve": "premier" opens 'Premier Contact' (Arrival), the next word misspelt;
    it is no order asked of a franchise."""
    assert (await answer(resolver, "premier contacte villeneuve"))[:2] == ("confident", (MOVIE, 5000245))
    # twin: an order word before a title it does not open still asks for the first film of the name
    assert (await answer(resolver, "le premier dunes"))[:2] == ("confident", (MOVIE, 841))
