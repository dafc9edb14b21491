"""Misspellings by class (the classes of ``bench/search_typos.py``), written for these tests, each with a
twin that must not become a confident answer. Against the Radarr/Sonarr fakes and their realistic catalog."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import CONFIDENT_MIN, decide
from myflix_bot.search.memory import TitleMemory
from myflix_bot.search.rank import _mistyped_words, rank, title_similarity
from myflix_bot.search.resolver import Resolver, before_name, name_words, only_nearest, other_terms
from myflix_bot.search.rules import parse_request
from myflix_bot.search.spelling import Speller, sounds_alike
from myflix_bot.search.text import in_words

MOVIE, SERIES = "movie", "series"
BUDGET = 10  # lookups one request may spend


# ---------------------------------------------------------------- spacing: glued and split words


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("jurassicworld", (MOVIE, 5000139)),
        ("breakingbad", (SERIES, 81189)),
        ("lesvisiteurs", (MOVIE, 11687)),  # an article glued to the title
        ("thematrix", (MOVIE, 603)),
        ("dunepart 2", (MOVIE, 693134)),  # a part word the title key drops ("Dune: Part Two")
        ("no countryfor old men", (MOVIE, 5000249)),
        ("gladia tor", (MOVIE, 5000091)),
        ("the sopra nos", (SERIES, 5100004)),
        ("inter stellar", (MOVIE, 157336)),
    ],
)
async def test_words_glued_or_split_resolve(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("sherlockbbc", (SERIES, 176941)),
        ("the officeuk", (SERIES, 78107)),  # the country tag glued on still picks the UK one
        ("the officeus", (SERIES, 73244)),
        ("lupinnetflix", (SERIES, 366092)),
    ],
)
async def test_a_network_or_country_glued_to_a_title_found_is_read_apart(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


@pytest.mark.parametrize("text", ["thedarkcrystal", "inter stellar 2", "themummy", "darkrooms"])
async def test_mended_spacing_invents_no_title(resolver: Resolver, text: str, answer: Any) -> None:
    """Twin: an absent title glued ("The Dark Crystal" is not in the catalogue, "The Dark Knight" is), and
    a sequel past the last one typed split, and a title glued to a word that is no network or country
    ("dark" + "rooms") stay not_found; homonyms glued stay ambiguous ("The Mummy")."""
    verdict, _, _ = await answer(resolver, text)
    assert verdict == ("ambiguous" if text == "themummy" else "not_found"), text


def test_mend_joins_and_splits_only_what_no_list_knows() -> None:
    speller = Speller(TitleMemory())
    assert speller.mend("glad iator 2") == "gladiator 2"
    assert speller.mend("sever ance") == "severance"
    assert speller.mend("thejoker") == "the joker"
    assert speller.mend("dune de denis villeneuve", name_words("dune de denis villeneuve")) is None
    assert speller.mend("star wars") is None  # two known words stay two
    assert speller.unglue("batmen") is None  # a typo one edit from a listed word, not "bat men"
    assert speller.unglue("themask") == "the mask"  # an article glued on comes first, not "them ask"
    assert speller.unglue("lentement") is None  # a listed word stays whole


async def test_a_name_split_by_a_typo_still_reads_as_a_name(resolver: Resolver, answer: Any) -> None:
    """The lookup's overview explains "robert" and (a typo of) "matt" of "robert patt inson" for The Batman
    but not "inson": the words after the title are still one person's name, so The Batman (Robert
    Pattinson) is not left out for the 1989 film, which nothing in the request points at."""
    verdict, best, _ = await answer(resolver, "the batman robert patt inson")
    assert (verdict, best) == ("confident", (MOVIE, 5000084))
    verdict, best, _ = await answer(resolver, "the batman tim burton")  # twin: the other one
    assert (verdict, best) == ("confident", (MOVIE, 5000083))


# ------------------------------------------------------------ one edit: a letter dropped, doubled, swapped


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("la mouchee de cronenberg", (MOVIE, 5000006)),  # a letter doubled, a director after it
        ("le termnial", (MOVIE, 5000076)),  # two letters swapped
        ("the grand budapest hotell", (MOVIE, 5000257)),
        ("the lord of the rigns 2", (MOVIE, 5000147)),  # the sequel rule reads the title respelt
        ("harry pottr 3", (MOVIE, 5000152)),  # "potty" is listed more often; "harry" says "potter"
        ("forrest gumo", (MOVIE, 5000072)),
    ],
)
async def test_a_word_one_edit_from_a_found_title_is_read_as_it(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


@pytest.mark.parametrize("text", ["la mouchee 3", "le termnial 2", "harry pottr 9"])
async def test_a_respelt_title_keeps_its_number_rules(resolver: Resolver, text: str, answer: Any) -> None:
    """Twin: read right, these ask for a sequel the catalogue lacks: not_found, not the film."""
    verdict, _, _ = await answer(resolver, text)
    assert verdict == "not_found", text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the matreex 4", (MOVIE, 624860)),  # sounds alike; the n-th read on the name looked up respelt
        ("indiana jones crsstal skull", (MOVIE, 5000105)),  # 'crystal' beside 'skull', not 'cristal'
        ("kaamelott lirve 4", (SERIES, 79175)),  # a part word misspelt before its number
        ("kaamelott livr 3", (SERIES, 79175)),
        ("je cherche up on pixar", (MOVIE, 5000117)),  # twin: "up on" typed as meant, never 'upon'
        ("retour verse le futur 1", (MOVIE, 5000107)),  # a real word typed for the title's, one edit off
    ],
)
async def test_a_word_further_off_a_found_title_is_read_as_it_with_the_words_around(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


@pytest.mark.parametrize(
    "text",
    ["the matryx 7", "termanater 9", "narcos mexico lirve 2", "the mattress 2", "retour verse le futur 4"],
)
async def test_a_title_read_further_off_keeps_its_number_rules(
    resolver: Resolver, text: str, answer: Any
) -> None:
    """Twin: past the last film, an absent spin-off, a listed word ("mattress") read as it is."""
    verdict, _, _ = await answer(resolver, text)
    assert verdict == "not_found", text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("the 3 musketeers milady", (MOVIE, 5000175)),
        ("10 pour cent la serie", (SERIES, 297206)),  # 'Dix pour cent'
        ("ajoute 10 pour cent stp", (SERIES, 297206)),
    ],
)
async def test_a_number_typed_in_digits_finds_the_title_writing_it_in_words(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


async def test_a_number_in_words_keeps_homonyms_and_absent_titles(resolver: Resolver, answer: Any) -> None:
    """Twin: both 'The Three Musketeers' stay a choice; a subtitle no item has names nothing."""
    assert (await answer(resolver, "the 3 musketeers"))[0] == "ambiguous"
    assert (await answer(resolver, "the 3 musketeers constance"))[0] == "not_found"


def test_lookup_terms_are_never_an_article_or_a_number_cut_alone() -> None:
    speller = Speller(TitleMemory())
    assert "les" not in other_terms(parse_request("les 4 fantastiques"), speller)
    terms = other_terms(parse_request("10 pour cent"), speller)
    assert "dix pour cent" in terms
    assert "10" not in terms
    assert "24" in other_terms(parse_request("24 sur fox"), speller)  # a title that is a number
    assert before_name(["la", "hpi", "tf1"]) is None  # "hpi tf1" is no person after the title "la"
    assert in_words("3 billboards") == ["three billboards", "trois billboards"]
    assert in_words("toy story 3") == []  # a sequel's number stays a number


def test_only_one_word_one_edit_away_is_taken_for_the_word_meant() -> None:
    assert only_nearest("rinngs", {"rings", "lord"}) == "rings"
    assert only_nearest("spuderman", {"spiderman", "superman"}) == "spiderman"
    assert only_nearest("wasr", {"wars", "was"}) is None  # a tie: neither
    assert only_nearest("spuderman", {"superman"}) is None  # two edits: too far to be sure
    speller = Speller(TitleMemory())
    assert speller.likeliest_neighbour("lrod", "lord")  # "rod" is listed too, far less often
    assert not speller.likeliest_neighbour("lrod", "rod")
    assert speller.nearest("frrest") in ("forest", "forrest")  # the first letter kept, not "arrest"


async def test_one_word_two_edits_from_the_only_title_found_is_not_confident(
    resolver: Resolver, answer: Any
) -> None:
    """Twin: "spuderman" is one edit from Spider-Man, two from Superman; when the lookups only brought
    Superman back, the answer must not be a confident Superman."""
    verdict, best, _ = await answer(resolver, "spuderman")
    assert verdict != "confident" or best == (MOVIE, 5000225)


# ---------------------------------------------------------------- sounds written another way


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("matreex", (MOVIE, 603)),  # "ee" for "i"
        ("la hayne", (MOVIE, 406)),  # "y" for "i"
        ("deadpoule 2", (MOVIE, 5000230)),  # "oule" for "ool"
        ("squins", (SERIES, 5100017)),  # "qu" for "k"
    ],
)
async def test_a_title_spelt_as_it_sounds_resolves(
    resolver: Resolver, text: str, want: tuple[str, int], answer: Any
) -> None:
    verdict, best, lookups = await answer(resolver, text)
    assert (verdict, best) == ("confident", want), text
    assert lookups <= BUDGET


def test_sound_alike_words() -> None:
    assert sounds_alike("matreex", "matrix")
    assert sounds_alike("ouestworld", "westworld")
    assert sounds_alike("fone", "phone")
    assert not sounds_alike("aliens", "alien")  # a plural is another title
    assert not sounds_alike("dun", "dune")  # too short to tell
    assert not sounds_alike("spuderman", "superman")


async def test_a_sound_alike_sequel_past_the_last_is_not_found(resolver: Resolver, answer: Any) -> None:
    """Twin: "matreex 7" sounds like a Matrix the catalogue does not have."""
    verdict, _, _ = await answer(resolver, "matreex 7")
    assert verdict == "not_found"


# ------------------------------------------------------------ what a misspelt lookup may miss


async def test_a_year_far_from_the_only_item_found_excludes_it(resolver: Resolver, answer: Any) -> None:
    """A misspelt lookup may miss the item of the year asked: the one found, decades off, is not it."""
    verdict, _, _ = await answer(resolver, "dune 1999")
    assert verdict == "not_found"
    # twins: a year one off, or two (a production year), still names the item
    assert (await answer(resolver, "dune 1985"))[:2] == ("confident", (MOVIE, 841))
    assert (await answer(resolver, "top gun maverick 2020"))[:2] == ("confident", (MOVIE, 361743))


def _movie(ident: int, title: str, year: int, french: str, popularity: float) -> Candidate:
    return Candidate("movie", ident, title, year, alt_titles=(french,), popularity=popularity)


def test_only_a_sequel_found_is_not_the_title_asked() -> None:
    """When the lookup returned only a sequel ("Despicable Me 4"), a request without a number
    names the first film, which is missing: no confident sequel. Twin: with the first one found, it is."""
    sequels = [_movie(4, "Despicable Me 4", 2024, "Moi, moche et méchant 4", 121.9)]
    query = parse_request("moi moche et mechant")
    assert decide(query, rank(query, sequels)).verdict != "confident"
    first = _movie(1, "Despicable Me", 2010, "Moi, moche et méchant", 72.1)
    d = decide(query, rank(query, [first, *sequels]))
    assert (d.verdict, d.best.candidate.id if d.best else None) == ("confident", 1)
    numbered = parse_request("moi moche et mechant 4")
    d = decide(numbered, rank(numbered, sequels))
    assert (d.verdict, d.best.candidate.id if d.best else None) == ("confident", 4)


async def test_a_name_typed_without_its_space_still_points_at_the_item(
    resolver: Resolver, answer: Any
) -> None:
    """The overview's "Howard Hawks" explains "howardhawks": the 1932 Scarface, not the popular 1983 one;
    twin: "briandepalma" the 1983 one."""
    assert (await answer(resolver, "scarface de howardhawks"))[:2] == ("confident", (MOVIE, 5000001))
    assert (await answer(resolver, "scarface de briandepalma"))[:2] == ("confident", (MOVIE, 5000002))


async def test_mistyped_words_after_a_title_are_no_persons_name(resolver: Resolver, answer: Any) -> None:
    """Words after a title that no list holds look like a surname; two or more, each a typo of a common
    word ("nouvell aventur"), are words of another title, which the catalogue lacks: not the series.
    Twin: a person's name after the title still reads as one."""
    assert (await answer(resolver, "kaamelott nouvell aventur"))[0] == "not_found"
    assert (await answer(resolver, "kaamelott alexandre astier"))[:2] == ("confident", (SERIES, 79175))
    assert _mistyped_words(["nouvell", "aventur"])
    assert not _mistyped_words(["wim", "wenders"])  # a short word no typo reading explains
    assert not _mistyped_words(["chazelle"])  # one word alone may be a surname


async def test_a_part_number_glued_to_a_part_word(resolver: Resolver, answer: Any) -> None:
    assert (await answer(resolver, "dune partieII"))[:2] == ("confident", (MOVIE, 693134))


def test_an_order_asked_with_one_member_found_is_not_confident() -> None:
    """ "the lion king remake" when the lookups brought back the 1994 film only: the remake may be the one
    they missed. Twin: with both found, the remake; and order words that are the title's own ("premier
    contact") do not count as an order."""
    classic = _movie(8587, "The Lion King", 1994, "Le Roi lion", 90.0)
    remake = _movie(420818, "The Lion King", 2019, "Le Roi lion", 80.0)
    query = parse_request("the lion king remake")
    assert decide(query, rank(query, [classic])).verdict != "confident"
    d = decide(query, rank(query, [classic, remake]))
    assert (d.verdict, d.best.candidate.id if d.best else None) == ("confident", 420818)


async def test_order_words_of_the_title_are_no_order(resolver: Resolver, answer: Any) -> None:
    assert (await answer(resolver, "premier contact"))[:2] == ("confident", (MOVIE, 5000245))


def test_a_typo_that_makes_the_request_part_of_a_longer_title_is_no_match() -> None:
    """ "dark wate" is one edit from "dark fate", two words of "Terminator: Dark Fate": not that film (the
    absent "Dark Water" was meant). Twin: the whole title with the same typo still is."""
    fate = _movie(5000101, "Terminator: Dark Fate", 2019, "Terminator : Dark Fate", 30.9)
    assert title_similarity("dark wate", fate) < CONFIDENT_MIN
    assert title_similarity("terminator dark fote", fate) >= CONFIDENT_MIN
