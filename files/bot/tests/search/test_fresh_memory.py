"""Misspellings on a resolver that has seen no title yet (a freshly installed bot: empty title memory), and
request words spoken French glues together. Each class with a twin that must not become a confident
answer. Against the Radarr/Sonarr fakes and their realistic catalog; every resolver here starts empty."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.memory import TitleMemory
from myflix_bot.search.rank import _typo_of, rank
from myflix_bot.search.resolver import Resolver
from myflix_bot.search.rules import parse_request
from myflix_bot.search.spelling import Speller

MOVIE, SERIES = "movie", "series"
BUDGET = 10  # lookups one request may spend


# ---------------------------------------------------------------- a real word typed for the first word


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("pesky blinders", (SERIES, 5100056)),  # "pesky" is a word: no word list corrects it
        ("strange things", (SERIES, 5100001)),
        ("tree detective", (SERIES, 5100050)),
    ],
)
async def test_a_real_word_typed_for_the_first_word_resolves_on_an_empty_memory(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    assert len(resolver.memory) == 0
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


@pytest.mark.parametrize("text", ["happy blinders", "strange days", "silent detective"])
async def test_an_absent_title_sharing_the_second_word_stays_not_found(
    resolver: Resolver, text: str, answer: Any
) -> None:
    """The second word alone finds the title that holds it; the ranker still compares the whole request."""
    verdict, _, lookups = await answer(resolver, text)
    assert verdict == "not_found", text
    assert lookups <= BUDGET


# ---------------------------------------------------------------- a mistyped leading article


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("teh mandalorian", (SERIES, 5100045)),
        ("rhe last of us", (SERIES, 5100048)),
        ("lse visiteurs", (MOVIE, 11687)),
    ],
)
async def test_a_mistyped_leading_article_is_read_as_the_article(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


def test_only_a_three_letter_non_word_before_a_word_is_read_as_an_article() -> None:
    speller = Speller(TitleMemory())
    assert speller.mend("thw witcher") == "the witcher"
    assert speller.mend("thx 1138") is None  # a number follows: a name of its own
    assert speller.mend("ted lasso") is None  # a word of the lists
    assert speller.mend("tho witcher") is None  # a listed word too
    assert speller.article_typo("thw") == "the"


# ------------------------------------------------------- a double letter typed single in a short word


async def test_a_short_word_with_its_double_letter_typed_single_names_the_franchise(
    resolver: Resolver,
) -> None:
    res = await resolver.resolve("kil bill")
    d = res.decision
    assert d.verdict == "ambiguous"  # both films carry the name, close in popularity
    keys = {s.candidate.key for s in (d.best, *d.alternatives) if s is not None}
    assert {(MOVIE, 5000197), (MOVIE, 5000198)} <= keys
    assert res.lookups <= BUDGET


def test_a_double_letter_typed_single_is_a_typo_another_letter_is_not() -> None:
    assert _typo_of("bil", {"bill"})
    assert _typo_of("kil", {"kill"})
    assert not _typo_of("bil", {"bile"})  # a letter added at the end, not a double
    assert not _typo_of("bil", {"bail"})


# ---------------------------------------------------------------- a word of its own is not a title misspelt


def _candidate(title: str, *titles: str) -> Candidate:
    return Candidate(kind=SERIES, id=1, title=title, year=2012, alt_titles=titles, popularity=20.0)


def test_one_dictionary_word_near_a_title_word_is_not_found_with_the_title_as_suggestion() -> None:
    query = parse_request("the survivant")
    found = [_candidate("The Remaining", "Les Survivants")]
    decision = decide(query, rank(query, found))
    assert decision.verdict == "not_found"
    assert decision.suggestions  # the title found by likeness is offered, not chosen


def test_a_misspelt_single_word_no_list_knows_still_answers() -> None:
    query = parse_request("les survivantz")
    found = [_candidate("The Remaining", "Les Survivants")]
    assert decide(query, rank(query, found)).verdict != "not_found"


# ---------------------------------------------------------------- request words glued together


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("jveux voir amélie", "amélie"),
        ("jvoudrais la ligne verte", "la ligne verte"),
        ("tu peux mmettre dune", "dune"),
        ("jpeux avoir interstellar stp", "interstellar"),
    ],
)
def test_a_pronoun_glued_to_a_request_verb_is_read_as_request_words(text: str, title: str) -> None:
    assert parse_request(text).title == title


@pytest.mark.parametrize("text", ["madd max", "jaws", "mother", "tenet"])
def test_a_title_that_starts_like_a_glued_pronoun_is_left_whole(text: str) -> None:
    assert parse_request(text).title == text


async def test_glued_request_words_resolve(resolver: Resolver, answer: Any) -> None:
    verdict, best, lookups = await answer(resolver, "jveux les visiteurs stp")
    assert (verdict, best) == ("confident", (MOVIE, 11687))
    assert lookups <= 2


# ------------------------------------------------- learning more titles never makes an answer worse


def test_a_remembered_title_is_a_respelling_only_when_no_real_word_or_number_is_replaced() -> None:
    memory = TitleMemory()
    for title in ("Ocean's Eleven", "Ocean's Thirteen", "Forrest Gump"):
        memory.remember("movie", title)
    speller = Speller(memory)
    assert "forrest gump" in speller.respell("forest gump")  # one letter: a typo of the title learnt
    assert not any("eleven" in t for t in speller.respell("oceans twelve"))  # another word: another title
    assert not any("13" in t for t in speller.respell("oceans 11"))  # another number: another film
    assert speller.respells("got game of thrones", "game of thrones")  # a word more is no replacement


@pytest.mark.parametrize(
    ("learnt", "text"),
    [
        (["ocean's eleven", "ocean's 13"], "oceans twelve"),
        (["ocean's thirteen"], "oceans 11"),
        (["forrest gump", "the witcher"], "thw witcher"),
    ],
)
async def test_an_answer_after_learning_other_titles_is_the_fresh_answer(
    resolver: Resolver, learnt: list[str], text: str, answer: Any
) -> None:
    fresh = Resolver(resolver.lookup, resolver.understander, TitleMemory())
    want = await answer(fresh, text)
    assert want[0] == "confident", text
    for other in learnt:
        await resolver.resolve(other)
    assert len(resolver.memory) > 0
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == want[:2], text
    assert lookups <= BUDGET


# ---------------------------------------------------------------- a letter an apostrophe left is no word


def test_a_letter_an_apostrophe_left_is_not_joined_to_the_word_before() -> None:
    speller = Speller(TitleMemory())
    assert speller.mend("ocean's thirteen") is None  # not "oceans thirteen": the lookup reads "ocean s"
    assert speller.mend("l'arme fatale") is None  # not "larme fatale", another word
    assert speller.mend("glad iator") == "gladiator"  # two parts of one word still are


async def test_a_possessive_title_with_a_word_after_it_resolves_on_an_empty_memory(
    resolver: Resolver,
    answer: Any,
) -> None:
    verdict, best, lookups = await answer(resolver, "ocean's thirteen pacino")
    assert (verdict, best) == ("confident", (MOVIE, 5000015))
    assert lookups <= BUDGET


def test_a_word_split_into_two_listed_words_is_still_varied_as_typed() -> None:
    """The mending reads "ouestwing" as "ouest wing" (two French and English words), which finds nothing;
    the last round varies the word as typed: "ou" is how French writes the English "w"."""
    speller = Speller(TitleMemory())
    assert speller.mend("the ouestwing") == "the ouest wing"
    assert speller.respell("the ouestwing", deep=True)[0] == "the westw"
    assert speller.respell("the ouestwing") == []  # not before the last round: a guess, not a spelling
