"""A person's full name typed after a unique title ("homeland claire danes", "narcos pablo escobar"): the
name is read as a name when its first word is a listed first name, and a first name that is also a common
word ("claire") only when a word as rare as a surname follows it; the words before the name are looked up
as typed, before any respelling. Twins: the same first word alone or before a common word stays a title
word, and a word of its own holding the title stays not_found.

A one-word title typed as two words, with a signal after it ("mind hunter netflix" for "Mindhunter"): the
two words are read as the title's one word, so that the words after it are judged as around the title (a
network the item's data holds names it); a network the data does not hold, or a word of no data, still
names more than the title.

The title part of a request that says more (a person, a network, a kind cue after it, a person before
it) is looked up alone and with its own spellings, within the lookup budget, and read as typed right:
a name joined by a particle ("robert de niro") or a surname that is a common word ("park") does not cut
into the title; a title typed without its apostrophe ("pans labyrinth") is looked up as a possessive.
Twins: a sequel number, a title absent from the catalogue or a word of its own in the same shape stays
not_found."""

from __future__ import annotations

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.people import looks_like_name
from myflix_bot.search.rank import rank
from myflix_bot.search.resolver import Resolver, after_name, title_part, typed_possessive
from myflix_bot.search.rules import parse_request

MOVIE, SERIES = "movie", "series"
AMERICANS = Candidate(
    SERIES, 7, "The Americans", 2013, overview="Two KGB spies in Washington.", popularity=30.0
)
DEADWOOD = Candidate(SERIES, 11, "Deadwood", 2004, overview="A camp in the Black Hills.", network="HBO")
BLACKLIST = Candidate(
    SERIES, 12, "The Blacklist", 2013, overview="A fugitive turns informant.", network="NBC"
)
HAINE = Candidate(MOVIE, 406, "La Haine", 1995, overview="Three friends in the suburbs.", popularity=20.0)


def _decided(text: str, candidates: list[Candidate]) -> tuple[str, tuple[str, int] | None]:
    q = parse_request(text)
    d = decide(q, rank(q, candidates))
    return d.verdict, d.best.candidate.key if d.best else None


def test_a_first_name_that_is_a_common_word_leads_a_name_only_before_a_rare_word() -> None:
    assert looks_like_name(["claire", "foy"])
    assert looks_like_name(["bruno", "salomone"])
    assert not looks_like_name(["claire"])
    assert not looks_like_name(["claire", "obscure"])
    assert not looks_like_name(["claire", "et", "nette"])


@pytest.mark.parametrize("text", ["the americans claire foy", "the americans bruno putzulu"])
def test_a_full_name_after_a_unique_title_does_not_block_it(text: str) -> None:
    assert _decided(text, [AMERICANS]) == ("confident", (SERIES, 7)), text


@pytest.mark.parametrize("text", ["la haine claire", "la haine claire obscure", "la haine solo"])
def test_a_common_word_after_a_title_still_names_more_than_it(text: str) -> None:
    verdict, _ = _decided(text, [HAINE])
    assert verdict == "not_found", text


async def test_the_title_before_a_name_is_looked_up_as_typed_on_a_fresh_memory(resolver: Resolver) -> None:
    """ "narcos" is no listed word (the speller would read "narcs"); the words before the name are the
    title, and the overview ("Pablo Escobar") explains the name."""
    assert len(resolver.memory) == 0
    res = await resolver.resolve("narcos pablo")
    assert (res.decision.verdict, res.decision.best.candidate.key if res.decision.best else None) == (
        "confident",
        (SERIES, 5100061),
    )
    assert res.lookups <= 10


async def test_a_word_of_its_own_holding_the_title_before_a_name_stays_not_found(resolver: Resolver) -> None:
    """ "narcosis" is a word of its own, not "Narcos" misspelt: the name after it names nothing found."""
    res = await resolver.resolve("narcosis pablo escobar")
    assert res.decision.verdict == "not_found"
    assert res.lookups <= 10


# ---------------------------------------------------------------- a title word typed in two


@pytest.mark.parametrize(
    ("text", "want"),
    [("dead wood hbo", (SERIES, 11)), ("the black list nbc", (SERIES, 12))],
)
def test_a_title_word_typed_in_two_is_read_with_the_network_after_it(
    text: str, want: tuple[str, int]
) -> None:
    assert _decided(text, [DEADWOOD, BLACKLIST]) == ("confident", want), text


@pytest.mark.parametrize("text", ["dead wood netflix", "dead wood riders", "the black list hbo"])
def test_a_word_no_data_holds_after_a_split_title_still_names_more(text: str) -> None:
    verdict, _ = _decided(text, [DEADWOOD, BLACKLIST])
    assert verdict != "confident", text


# ---------------------------------------------------------------- names mistyped, split or glued on


PRESTIGE = Candidate(
    MOVIE, 1124, "The Prestige", 2006, overview="Two rival magicians in London.", popularity=30.0
)
BUREAU = Candidate(
    SERIES, 21, "The Bureau", 2015, overview="Guillaume Debailly returns to Paris.", network="Canal+"
)


def test_a_known_name_mistyped_or_split_is_still_a_name() -> None:
    """One edit off a listed name, its first letter right ("nolam", "scorcese"), or typed in two halves
    ("taran tino"); a rare word after a short one ("ladj ly"). Not a word one edit from a name at its first
    letter ("kong": "bong"), a frequent word ("back": "jack"), nor one word no list holds."""
    assert looks_like_name(["nolam"])
    assert looks_like_name(["scorcese"])
    assert looks_like_name(["taran", "tino"])
    assert looks_like_name(["liem", "neeson"])
    assert looks_like_name(["ladj", "ly"])
    assert not looks_like_name(["kong"])
    assert not looks_like_name(["back"])
    assert not looks_like_name(["shippuden"])
    assert not looks_like_name(["blood", "origin"])
    assert not looks_like_name(["dexter", "2"])


@pytest.mark.parametrize(
    "text", ["the prestige nolam", "the prestige christopher nolen", "the prestige hugh jakman"]
)
def test_a_mistyped_name_the_data_does_not_carry_does_not_block_a_unique_title(text: str) -> None:
    assert _decided(text, [PRESTIGE]) == ("confident", (MOVIE, 1124)), text


def test_a_name_the_overview_writes_is_read_mistyped_as_a_name() -> None:
    """ "guillaume debaily": one edit from the overview's "Guillaume Debailly"."""
    assert _decided("the bureau guillaume debaily", [BUREAU]) == ("confident", (SERIES, 21))


@pytest.mark.parametrize("text", ["the prestige legacy", "the prestige origins", "the bureau blood"])
def test_a_subtitle_word_after_a_title_still_names_more_than_it(text: str) -> None:
    verdict, _ = _decided(text, [PRESTIGE, BUREAU])
    assert verdict == "not_found", text


@pytest.mark.parametrize(
    ("text", "want"),
    [("jumanjirobin williams", (MOVIE, 5000051)), ("the fly davidcronenberg", (MOVIE, 5000006))],
)
async def test_a_name_glued_to_the_title_is_split_off(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    res = await resolver.resolve(text)
    assert (res.decision.verdict, res.decision.best.candidate.key if res.decision.best else None) == (
        "confident",
        want,
    ), text
    assert res.lookups <= 10


@pytest.mark.parametrize("text", ["narcos mexico", "dexternew blood", "batmanreturns"])
async def test_an_absent_sequel_glued_or_not_stays_not_found(resolver: Resolver, text: str) -> None:
    res = await resolver.resolve(text)
    assert res.decision.verdict == "not_found", text


def test_the_words_after_a_person_named_first_are_a_lookup_term() -> None:
    """A known first name and the next word, or a known surname, typos allowed, before the title; not a
    first name and one word (the title may be both: "john wick"), nor a name and nothing after it."""
    assert after_name(["stevn", "spielberg", "jaws"]) == "jaws"
    assert after_name(["scorcese", "the", "irishman"]) == "the irishman"
    assert after_name(["jame", "cameron", "titanic"]) == "titanic"
    assert after_name(["john", "wick"]) is None
    assert after_name(["harry", "potter"]) is None
    assert after_name(["tom", "hanks"]) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [("robert zemekis forrest gump", (MOVIE, 5000072)), ("charlie wilsons war", None)],
)
async def test_a_person_named_first_is_read_only_where_the_data_names_them(
    resolver: Resolver, text: str, want: tuple[str, int] | None
) -> None:
    """The title after a mistyped name is looked up alone; an absent title that opens with a name
    ("Charlie Wilson's War") still names nothing, whatever title its last word is."""
    res = await resolver.resolve(text)
    got = (
        res.decision.best.candidate.key if res.decision.verdict == "confident" and res.decision.best else None
    )
    assert (res.decision.verdict, got) == (("confident", want) if want else ("not_found", None)), text
    assert res.lookups <= 10


RIVAGE = Candidate(SERIES, 31, "Rivage", 2005, overview="A coastal drama.", popularity=12.0)


@pytest.mark.parametrize(
    ("text", "verdict"),
    [("rivage de kowalczyk", "confident"), ("les rivages de bretagne", "not_found")],
)
def test_one_rare_word_after_de_is_a_surname_only_after_a_title_typed_right(text: str, verdict: str) -> None:
    """ "de" and one rare word name a person after the title as typed; after a misspelt or inflected one
    (a plural: "rivages") they are as often the rest of an absent title."""
    assert _decided(text, [RIVAGE])[0] == verdict, text


# ---------------------------------------------------------------- the title part of a longer request


@pytest.mark.parametrize(
    ("text", "part"),
    [
        ("heat robert de niro", "heat"),  # a particle joins the name's parts
        ("raging bull scorsese de niro", "raging bull"),  # two names
        ("jurassic park spielberg", "jurassic park"),  # a surname that is a common word
        ("mindhunter netflix david fincher", "mindhunter"),  # a network, then a name
        ("chernobyl la serie jared harris", "chernobyl"),  # a kind cue with words after it
        ("avec leonardo dicaprio the revenant", "the revenant"),  # a person first
        ("taxi driver martin scorsese", "taxi driver"),
    ],
)
def test_the_title_part_is_what_comes_before_the_person_or_description(text: str, part: str) -> None:
    assert title_part(text.split()) == part, text


@pytest.mark.parametrize("text", ["the dark knight", "la haine", "mindhunter"])
def test_a_title_without_a_person_or_description_has_no_part(text: str) -> None:
    assert title_part(text.split()) is None, text


async def test_a_possessive_typed_without_its_apostrophe_is_looked_up_as_one(resolver: Resolver) -> None:
    assert typed_possessive("howls moving castle", resolver.speller) == "howl s moving castle"
    assert typed_possessive("oceans 12", resolver.speller) == "ocean s"  # "Ocean's Twelve" spells it
    # twins: a plural before an article or an ordinal is no possessive
    assert typed_possessive("house of cards la version", resolver.speller) is None
    assert typed_possessive("planet of the apes 20th century", resolver.speller) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("heat robert de niro", (MOVIE, 5000209)),
        ("pans labyrinth guillermo del toro", (MOVIE, 5000267)),
        ("djanggo unchained quentin tarantino", (MOVIE, 5000195)),  # the part respelt, then read right
        ("oceans 13 george clooney", (MOVIE, 5000015)),  # a possessive, a number the title spells out
    ],
)
async def test_the_title_part_is_found_within_the_lookups_on_a_fresh_memory(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    res = await resolver.resolve(text)
    best = res.decision.best.candidate.key if res.decision.best else None
    assert (res.decision.verdict, best) == ("confident", want), text
    assert res.lookups <= 6, text


@pytest.mark.parametrize(
    "text",
    [
        "heat 2 robert de niro",
        "pans labyrinth 2 guillermo del toro",
        "the irishman robert de niro",  # absent from the catalogue
        "narcosis pablo escobar",  # a word of its own, only like "Narcos"
        "oceans fourteen george clooney",
    ],
)
async def test_an_absent_title_part_before_a_name_stays_not_found(resolver: Resolver, text: str) -> None:
    res = await resolver.resolve(text)
    assert res.decision.verdict == "not_found", text
    assert res.lookups <= 10, text
