"""The classes a programmatic sweep of the labelling rule found weak (``bench/search_sweep.py``): words around
an exact title that are request words or descriptors (a person before the title, "the show", a network whose
name holds a number, a person or studio after it), "Title 1" and a title followed by the number a longer title
carries, a year typed exactly, overview words that point at no one. Each with its safety twin: the same words
around an absent title, or a reading that must stay as it was.

Against the Radarr/Sonarr fakes and their seed catalogue. A wrong ``confident`` is worse than ``ambiguous``.
"""

from __future__ import annotations

from typing import Any

from myflix_bot.search.hints import extract
from myflix_bot.search.rank import same_stem
from myflix_bot.search.resolver import Resolver, before_link, before_name, before_network
from myflix_bot.search.rules import parse_request
from myflix_bot.search.text import match_key, small_numbers

MOVIE, SERIES = "movie", "series"


async def _confident(answer: Any, resolver: Resolver, text: str, want: tuple[str, int]) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= 10


async def _not_found(answer: Any, resolver: Resolver, text: str) -> None:
    verdict, best, _ = await answer(resolver, text)
    assert verdict == "not_found", (text, verdict, best)


def test_a_person_named_before_the_title_is_read_as_a_person() -> None:
    found = extract("avec tom hanks forrest gump")
    assert (found.title, found.people) == ("forrest gump", "tom hanks")
    found = extract("film de spielberg jaws")
    assert (found.title, found.people) == ("jaws", "spielberg")
    # twins: words that open titles stay the title (no known first name or surname after them)
    for title in ("de rouille et d'os", "with honors", "avec les loups", "avec tom hanks"):
        assert extract(title).title == title


async def test_a_person_before_an_exact_title_keeps_it_confident(resolver: Resolver, answer: Any) -> None:
    await _confident(answer, resolver, "je voudrais le film avec tom hanks forrest gump", (MOVIE, 5000072))
    await _not_found(
        answer, resolver, "le film avec tom hanks forrest gump returns"
    )  # twin: absent stays absent


async def test_the_show_asks_for_a_series(resolver: Resolver, answer: Any) -> None:
    assert (parse_request("can you add the show fleabag").title, parse_request("the show fleabag").kind) == (
        "fleabag",
        SERIES,
    )
    await _confident(answer, resolver, "the show fleabag", (SERIES, 5100072))
    # twins: a film asked as a show names no series; "show" inside a title stays the title's
    await _not_found(answer, resolver, "the show inception")
    await _confident(answer, resolver, "the truman show", (MOVIE, 5000253))


async def test_a_network_whose_name_holds_a_number_is_no_sequel_number(
    resolver: Resolver, answer: Any
) -> None:
    await _confident(answer, resolver, "luther bbc one", (SERIES, 5100077))
    await _confident(answer, resolver, "queer as folk channel 4", (SERIES, 5100019))
    await _confident(
        answer, resolver, "house of cards bbc one", (SERIES, 78840)
    )  # the lookup of the title first
    await _not_found(
        answer, resolver, "toy story 7 pixar"
    )  # twin: a number the studio does not hold is a sequel's


def test_a_weak_number_word_inside_a_title_is_no_number() -> None:
    assert small_numbers(match_key("Shrek : Il était une fin")) == set()
    assert small_numbers(match_key("Furiosa : Une saga Mad Max")) == set()
    assert match_key("Furiosa : Une saga Mad Max") == "furiosa une saga mad max"
    # twins: where a number stands, the same words are numbers
    assert small_numbers(match_key("Rocky V")) == {"5"}
    assert small_numbers(match_key("Star Wars: Episode I")) == {"1"}
    assert small_numbers(match_key("Back to the Future Part II")) == {"2"}


async def test_title_one_is_the_original(resolver: Resolver, answer: Any) -> None:
    await _confident(answer, resolver, "shrek 1", (MOVIE, 5000121))
    await _confident(answer, resolver, "mad max 1", (MOVIE, 5000153))
    await _confident(answer, resolver, "taxi 1", (MOVIE, 5000187))  # not the older "Taxi Driver"
    await _not_found(answer, resolver, "shrek 9")  # twin: past the last one
    # 'Alien', whose French title "Alien, le huitième passager" holds an ordinal, is still the first film
    await _confident(answer, resolver, "alien 1", (MOVIE, 348))
    await _confident(answer, resolver, "alien 2", (MOVIE, 679))  # 'Aliens', the second by release
    await _not_found(answer, resolver, "alien 9")  # twin: past the last one


async def test_a_title_and_the_number_a_longer_title_carries(resolver: Resolver, answer: Any) -> None:
    await _confident(answer, resolver, "the terminator 2", (MOVIE, 5000097))  # Terminator 2: Judgment Day
    # twins: words after the number that the title lacks make another title
    await _not_found(answer, resolver, "scream 2 forever")
    await _not_found(answer, resolver, "the terminator 2 reborn")


async def test_an_exact_year_wins_over_a_year_one_off(resolver: Resolver, answer: Any) -> None:
    await _confident(answer, resolver, "queer as folk 1999", (SERIES, 5100019))
    await _confident(answer, resolver, "queer as folk 2000", (SERIES, 5100020))
    await _confident(
        answer, resolver, "king kong 2006", (MOVIE, 5000009)
    )  # twin: one off still picks the one


async def test_overview_words_point_at_an_item_only_when_they_tell(resolver: Resolver, answer: Any) -> None:
    # "christopher" (Reeve) alone in the 1978 film's overview is not Christopher Nolan: the popular one
    await _confident(answer, resolver, "superman de christopher nolan", (MOVIE, 5000236))
    await _not_found(answer, resolver, "the bureau returns")  # one common word an overview holds
    # twins: a full name or a surname the overview holds still picks the item
    await _confident(answer, resolver, "dune de david lynch", (MOVIE, 841))
    await _confident(answer, resolver, "scarface de howard hawks", (MOVIE, 5000001))


def test_an_ending_stands_for_another_only_across_languages_or_in_a_plural() -> None:
    assert not same_stem("titanic", "titans")
    assert same_stem("titanique", "titanic")
    assert same_stem("gladiateur", "gladiator")
    assert same_stem("parasites", "parasite")


async def test_a_kind_cue_does_not_turn_a_title_into_another_word(resolver: Resolver, answer: Any) -> None:
    await _not_found(answer, resolver, "the show titanic")  # not "Attack on Titan"
    await _confident(answer, resolver, "titanique", (MOVIE, 5000093))  # twin


def test_the_title_before_a_person_a_link_or_a_network_is_looked_up_first() -> None:
    assert before_name(["king", "kong", "de", "greta", "gerwig"]) == "king kong"
    assert before_name(["parasite", "bong", "joon", "ho"]) == "parasite"
    assert before_link(["ocean", "s", "twelve", "de", "warner"]) == "ocean s twelve"
    assert before_network(["house", "of", "cards", "bbc", "one"]) == "house of cards"
    # twins: nothing to cut
    assert before_name(["king", "kong"]) is None
    assert before_link(["the", "dark", "knight"]) is None
    assert (
        before_link(["la", "femme", "de", "mon", "meilleur", "ami", "parti", "loin"]) is None
    )  # too long to describe
    assert before_network(["netflix"]) is None


async def test_a_person_or_studio_after_homonyms_or_a_title(resolver: Resolver, answer: Any) -> None:
    verdict, best, lookups = await answer(resolver, "king kong de greta gerwig")
    assert verdict == "ambiguous"
    assert best is not None
    assert best[1] in (5000007, 5000008, 5000009)
    assert lookups <= 6
    await _confident(answer, resolver, "ocean's twelve de warner", (MOVIE, 5000014))
    await _not_found(answer, resolver, "ocean's fourteen de warner")  # twin: absent from the catalogue


async def test_a_remake_is_one_of_the_homonyms_carrying_the_name(resolver: Resolver, answer: Any) -> None:
    assert extract("king kong le remake").order == "remake"
    await _confident(
        answer, resolver, "the three musketeers remake", (MOVIE, 5000177)
    )  # not a later "...: Milady"
    # twin: "le dernier" is the latest of the franchise, longer titles included
    assert extract("le dernier dune").order == "latest"
    await _confident(answer, resolver, "le dernier film dune", (MOVIE, 693134))


async def test_the_cartoon_is_the_one_the_lookup_calls_animation(resolver: Resolver, answer: Any) -> None:
    assert extract("la belle et la bête dessin animé").order == "animated"
    await _confident(
        answer, resolver, "beauty and the beast dessin animé", (MOVIE, 5000032)
    )  # 1991, not 1946
    await _confident(
        answer, resolver, "beauty and the beast the original", (MOVIE, 5000034)
    )  # twin: the first


async def test_a_known_name_typed_is_no_typo_of_another(resolver: Resolver, answer: Any) -> None:
    # "hanks" is one letter from the 1932 film's "Hawks": not a sign for it; the popular 1983 one
    await _confident(answer, resolver, "scarface avec tom hanks", (MOVIE, 5000002))
    await _confident(answer, resolver, "dune de david lync", (MOVIE, 841))  # twin: a misspelt name is read
