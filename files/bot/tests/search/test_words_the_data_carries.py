"""Words around a title that the lookup's data carries: a person in a homonym's overview, a network said
with its generic word, a year written short. Each is a disambiguator when the data holds it; a person or a
word no item's data holds picks nothing (the homonyms stay ambiguous, an absent title stays not_found)."""

from __future__ import annotations

from typing import Any

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.people import written_names
from myflix_bot.search.rank import rank
from myflix_bot.search.resolver import Resolver, abbreviated
from myflix_bot.search.rules import parse_request

MOVIE, SERIES = "movie", "series"


def _decided(text: str, candidates: list[Candidate]) -> tuple[str, tuple[str, int] | None]:
    q = parse_request(text)
    d = decide(q, rank(q, candidates))
    return d.verdict, d.best.candidate.key if d.best else None


# Two films named "The Thing"; the later remake is titled after its maker, with "The Thing (1982)" as an
# alternative title, and only its overview names him.
THING_1951 = Candidate(
    MOVIE, 1, "The Thing from Another World", 1951, alt_titles=("The Thing",), popularity=9.0
)
THING_1982 = Candidate(
    MOVIE,
    2,
    "John Carpenter's The Thing",
    1982,
    alt_titles=("The Thing (1982)",),
    overview="John Carpenter, Kurt Russell.",
    popularity=20.0,
)


def test_a_title_with_a_year_qualifier_is_read_as_the_title_the_words_describe() -> None:
    """ "The Thing (1982)" is a "The Thing": the person after the title is read against it, and its overview
    names him; a person neither item's data names picks neither (20 is not three times 9)."""
    assert _decided("the thing kurt russell", [THING_1951, THING_1982]) == ("confident", (MOVIE, 2))
    verdict, _ = _decided("the thing de howard hawks", [THING_1951, THING_1982])
    assert verdict != "confident"


def test_a_listed_word_the_overview_writes_in_a_name_tells() -> None:
    """ "wilder" is a listed word (not rare), but the 1954 overview writes it in a name ("Billy Wilder"):
    it points at that film. "paris", written alone with its capital, is a place as often as a name, and
    a word the other words of a name do not follow tells nothing either."""
    old = Candidate(
        MOVIE,
        31,
        "Sabrina",
        1954,
        overview="Billy Wilder directs; the daughter returns from Paris.",
        popularity=12.0,
    )
    new = Candidate(MOVIE, 32, "Sabrina", 1995, overview="A remake set in Long Island.", popularity=10.0)
    assert written_names(old.overview) == {"billy", "wilder"}
    assert _decided("sabrina wilder", [old, new]) == ("confident", (MOVIE, 31))
    assert _decided("sabrina paris", [old, new])[0] != "confident"
    assert _decided("sabrina daughter", [old, new])[0] != "confident"


def test_a_generic_network_word_beside_the_network_named_is_explained() -> None:
    """ "channel", "network" name no channel alone: said beside the network the item's data names, they
    are that network's; alone they are words of some other title."""
    old = Candidate(SERIES, 11, "Heartland", 1989, network="CBS", popularity=5.0)
    new = Candidate(SERIES, 12, "Heartland", 2007, network="CBC", popularity=6.0)
    assert _decided("heartland cbc channel", [old, new]) == ("confident", (SERIES, 12))
    assert _decided("heartland cbs network", [old, new]) == ("confident", (SERIES, 11))
    verdict, _ = _decided("heartland channel", [old, new])
    assert verdict != "confident"


def test_a_number_below_30_that_is_an_items_year_written_short() -> None:
    """ "little women 19": no title carries 19 and the parser leaves numbers below 30 in the title ("ocean's
    11"); the 2019 film's year ends so. A number that is neither a title's nor a year's names nothing."""
    first = Candidate(MOVIE, 21, "Little Women", 1994, popularity=18.4)
    second = Candidate(MOVIE, 22, "Little Women", 2019, popularity=24.9)
    assert _decided("little women 19", [first, second]) == ("confident", (MOVIE, 22))
    assert _decided("little women 17", [first, second])[0] == "not_found"


def test_the_title_inside_the_request_is_looked_up_alone_for_its_homonyms() -> None:
    """A lookup of the request's first word found only the most popular "Night Train"; the words after
    the title are no one its data names, so its homonyms (whose data may name them) are worth one more
    lookup of the title alone. Not when that title was looked up already, nor when the request is
    answered (a year picks the item)."""
    newer = Candidate(MOVIE, 2, "Night Train", 2020, overview="Someone else.", popularity=40.0)
    q = parse_request("night train mia farrow")
    assert Resolver._described_homonyms(q, [newer], {"night train mia farrow", "night"}) == "night train"
    assert Resolver._described_homonyms(q, [newer], {"night train mia farrow", "the night train"}) is None
    dated = parse_request("night train mia farrow 2020")
    assert Resolver._described_homonyms(dated, [newer], {"night train mia farrow"}) is None


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the lookup of "a star" found the most popular "A Star Is Born" only: the 1937 one, whose overview
        # names her, comes back when the title inside the request is looked up alone
        ("a star is born janet gaynor", (MOVIE, 5000020)),
        # "Dracula (1992)", an alternative title of "Bram Stoker's Dracula", whose overview names him
        ("dracula gary oldman", (MOVIE, 5000066)),
        ("les miserables 19", (MOVIE, 586863)),
        ("roots abc network", (SERIES, 5100038)),
    ],
)
async def test_words_the_data_carries_pick_one_homonym(
    resolver: Resolver, text: str, want: tuple[str, int]
) -> None:
    res = await resolver.resolve(text)
    d = res.decision
    assert (d.verdict, d.best.candidate.key if d.best else None) == ("confident", want), (text, d.reason)
    assert res.lookups <= 10


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("dracula de john badham", "ambiguous"),  # no Dracula's data names him: the homonyms stay
        ("a star is born again", "not_found"),  # ordinary words after a title: another title
        ("les miserables 15", "not_found"),  # neither a title's number nor a year of one
        ("roots network", "not_found"),  # a generic word alone, no network named
        # a franchise's head and a name every member's overview holds: both films, still
        ("oss 117 dujardin", "ambiguous"),
        ("oss 117 jean dujardin", "ambiguous"),
        # twin: words no member's data holds after the head are another title's (absent)
        ("oss 117 alerte rouge en afrique noire", "not_found"),
    ],
)
async def test_words_no_data_carries_pick_nothing(resolver: Resolver, text: str, verdict: str) -> None:
    res = await resolver.resolve(text)
    assert res.decision.verdict == verdict, (text, res.decision.reason)
    assert res.lookups <= 10


# ---------------------------------------------------------------- words that describe the item


# Two films of one name that their genres tell apart, close in popularity.
CAROUSEL_MUSICAL = Candidate(
    MOVIE, 51, "Carousel", 1956, popularity=10.0, raw={"genres": ["Music", "Romance"]}
)
CAROUSEL_HORROR = Candidate(
    MOVIE, 52, "Carousel", 1990, popularity=12.0, raw={"genres": ["Horror", "Romance"]}
)
CAROUSELS = [CAROUSEL_MUSICAL, CAROUSEL_HORROR]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("carousel comédie musicale", 51),
        ("carousel musical", 51),
        ("carousel film d'horreur", 52),
        ("carousel horror", 52),
        ("carousel epouvante", 52),
    ],
)
def test_a_genre_said_after_a_title_picks_the_homonym_carrying_it(text: str, wanted: int) -> None:
    assert _decided(text, CAROUSELS) == ("confident", (MOVIE, wanted))


def test_a_genre_both_homonyms_carry_picks_neither_and_one_neither_carries_names_more() -> None:
    """ "romance": both are; "war" is no genre of either, and a listed word after a title may continue
    another title ("captain america civil war"): only the data explains such a word."""
    assert _decided("carousel romance", CAROUSELS)[0] == "ambiguous"
    assert _decided("carousel romantique", CAROUSELS)[0] == "ambiguous"
    assert _decided("carousel war", CAROUSELS)[0] == "not_found"
    modern = Candidate(SERIES, 53, "Modern", 2015, popularity=5.0, raw={"genres": ["Comedy"]})
    assert _decided("modern family", [modern])[0] == "not_found"


def test_a_short_form_or_a_phrase_naming_a_genre_continues_no_title() -> None:
    """ "sf", "comédie musicale" only ever describe: said of an item whose genres the lookup names
    otherwise, they still leave the title named. A title typed with words of its own does not."""
    stardust = Candidate(MOVIE, 61, "Stardust", 2007, popularity=20.0, raw={"genres": ["Fantasy"]})
    assert _decided("stardust sf", [stardust]) == ("confident", (MOVIE, 61))
    assert _decided("stardust comedie musicale", [stardust]) == ("confident", (MOVIE, 61))
    assert _decided("stardust le film culte", [stardust]) == ("confident", (MOVIE, 61))
    assert _decided("stardust memories", [stardust])[0] == "not_found"


def test_a_studio_the_lookup_does_not_name_is_a_description_one_it_names_otherwise_excludes() -> None:
    """ "ghibli" names a studio and no title's word; when the lookup gives no studio it describes the item,
    when it gives another one the item is not what was asked. A studio word that is a frequent word
    ("universal") may be a title's: only the data explains it."""
    whisper = Candidate(MOVIE, 71, "Whisper of the Heart", 1995, popularity=15.0)
    assert _decided("whisper of the heart ghibli", [whisper]) == ("confident", (MOVIE, 71))
    drawn = Candidate(MOVIE, 72, "Whisper of the Heart", 1995, network="Pixar", popularity=15.0)
    assert _decided("whisper of the heart ghibli", [drawn])[0] != "confident"
    assert _decided("whisper of the heart universal", [whisper])[0] == "not_found"


def test_a_place_the_overview_writes_with_its_capital_tells() -> None:
    """A rare proper name of the overview ("Kentucky") points at the item; a frequent one ("Paris", see
    above) or a word the overview writes in lower case does not."""
    justified = Candidate(
        SERIES, 81, "Justified", 2010, overview="A marshal returns to Kentucky.", popularity=9.0
    )
    assert _decided("justified kentucky", [justified]) == ("confident", (SERIES, 81))
    assert _decided("justified marshal", [justified])[0] == "not_found"


def test_an_abbreviation_said_in_full_after_it_is_the_title() -> None:
    """ "csi crime scene investigation": the words after the title are what its letters stand for; words
    whose initials spell something else are another title's."""
    csi = Candidate(SERIES, 91, "CSI", 2000, popularity=30.0)
    assert _decided("csi crime scene investigation", [csi]) == ("confident", (SERIES, 91))
    assert _decided("csi crime scene cleaners", [csi])[0] == "not_found"
    assert abbreviated(["csi", "crime", "scene", "investigation"]) == "csi"  # looked up alone
    assert abbreviated(["csi", "crime", "scene", "cleaners"]) is None


async def test_a_title_word_misspelt_is_no_overview_word_of_one_homonym(
    resolver: Resolver, answer: Any
) -> None:
    """ "le roi lino": 'Lion' misspelt names both Lion Kings (1994 and 2019, close in popularity); that the
    1994 overview writes "lion" is no description the user gave, so neither is picked."""
    assert (await answer(resolver, "le roi lino"))[0] == "ambiguous"
    # twin: a word that is no title's, misspelt, still finds the overview that names it
    assert (await answer(resolver, "dune de david lync"))[:2] == ("confident", (MOVIE, 841))


async def test_a_word_of_an_evening_is_no_request_word_alone(resolver: Resolver, answer: Any) -> None:
    """ "les visiteurs du soir" is another film (absent), not 'Les Visiteurs' asked for tonight: "soir" is a
    request word only in "ce soir"."""
    assert (await answer(resolver, "les visiteurs du soir"))[0] == "not_found"
    # twin: asked for tonight, the film is still meant
    assert (await answer(resolver, "ajoute les visiteurs pour ce soir"))[:2] == ("confident", (MOVIE, 11687))
