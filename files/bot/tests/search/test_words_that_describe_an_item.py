"""Words around a title that describe the item rather than continue its title: a release's source and
country tags, a network's short form, the subject a film is about, its form (silent, black and white,
animated), its version (the original, the remake). Each class has its safety twin: an absent title, or a
word no item's data holds, stays not confident."""

from __future__ import annotations

import pytest
from myflix_bot.search.candidates import Candidate
from myflix_bot.search.decide import decide
from myflix_bot.search.rank import rank
from myflix_bot.search.release import looks_like_release, parse_release
from myflix_bot.search.rules import parse_request

MOVIE, SERIES = "movie", "series"


def _decided(text: str, candidates: list[Candidate]) -> tuple[str, tuple[str, int] | None]:
    q = parse_release(text) if " " not in text else parse_request(text)
    assert q is not None
    d = decide(q, rank(q, candidates))
    return d.verdict, d.best.candidate.key if d.best else None


EUPHORIA = Candidate(SERIES, 1, "Euphoria", 2019, network="HBO", popularity=90.0, seasons=(1, 2))
OFFICE_US = Candidate(SERIES, 2, "The Office", 2005, alt_titles=("The Office (US)",), popularity=80.0)
OFFICE_UK = Candidate(SERIES, 3, "The Office", 2001, alt_titles=("The Office (UK)",), popularity=40.0)
WALKING_DEAD = Candidate(SERIES, 4, "The Walking Dead", 2010, network="AMC", popularity=70.0)


@pytest.mark.parametrize(
    ("name", "title", "kind"),
    [
        ("Euphoria.US.S02E03.1080p.HMAX.WEB-DL.DD5.1.H.264-NTb", "Euphoria", SERIES),
        ("Severance.ATVP.WEB-DL.1080p", "Severance", None),
        ("The.Bear.DSNP.1080p.WEB-DL", "The Bear", None),
        ("Beef.2023.NF.WEB-DL.1080p", "Beef", MOVIE),
        ("Reacher.S02E01.AMZN.WEB-DL.DDP5.1.H.264-NTb", "Reacher", SERIES),
    ],
)
def test_a_streaming_source_tag_is_a_release_tag(name: str, title: str, kind: str | None) -> None:
    """HMAX, ATVP, DSNP, NF, AMZN name the service a release was taken from, never a title's word; a
    release with neither an episode nor a year is a series' pack as often as a film (no kind)."""
    q = parse_release(name)
    assert q is not None
    assert (q.title, q.kind) == (title, kind)


def test_a_release_typed_with_spaces_and_a_source_tag() -> None:
    """ "euphoria us s02e03 hmax": the episode and the source tag make it a release name, read as one."""
    assert looks_like_release("euphoria us s02e03 hmax")
    q = parse_release("euphoria us s02e03 hmax")
    assert q is not None
    assert (q.title, q.country, q.season) == ("euphoria", "us", 2)


def test_a_country_tag_the_titles_do_not_carry_is_a_hint() -> None:
    """ "Euphoria.US": the tag is where the release comes from; 'Euphoria' carries no "(US)", and is still
    the one item named. Among homonyms, the tag picks the one titled with it."""
    assert _decided("Euphoria.US.S02E03.1080p.HMAX.WEB-DL.DD5.1.H.264-NTb", [EUPHORIA]) == (
        "confident",
        (SERIES, 1),
    )
    assert _decided("The.Office.US.S03E01.720p.WEB-DL.x264-GRP", [OFFICE_US, OFFICE_UK]) == (
        "confident",
        (SERIES, 2),
    )
    assert _decided("The.Office.UK.S01E01.720p.WEB-DL.x264-GRP", [OFFICE_US, OFFICE_UK]) == (
        "confident",
        (SERIES, 3),
    )


def test_an_absent_spin_off_release_with_tags_is_not_its_parent() -> None:
    """Safety twin: the tags come off, the title left is still a longer one than the parent's."""
    verdict, _ = _decided("The.Walking.Dead.Dead.City.US.S01E01.1080p.AMZN.WEB-DL", [WALKING_DEAD])
    assert verdict != "confident"


BRIDGE_SV = Candidate(SERIES, 11, "The Bridge", 2011, alt_titles=("Bron",), network="SVT1", popularity=25.0)
BRIDGE_US = Candidate(
    SERIES, 12, "The Bridge", 2013, alt_titles=("The Bridge (US)",), network="FX", popularity=11.0
)
BORGEN = Candidate(SERIES, 13, "Borgen", 2010, network="DR1", popularity=15.0)
WIZARD = Candidate(MOVIE, 14, "The Wizard of Oz", 1939, network="Metro-Goldwyn-Mayer", popularity=30.0)


SHAMELESS = Candidate(SERIES, 16, "Shameless", 2004, network="Channel 4", popularity=20.0)


@pytest.mark.parametrize("text", ["shameless ch4", "shameless c4"])
def test_a_network_and_its_number_glued(text: str) -> None:
    """ "ch4", "c4": 'Channel 4' glued to its number, its name cut short; another number is another
    channel's."""
    assert _decided(text, [SHAMELESS]) == ("confident", (SERIES, 16))
    assert _decided(text.replace("4", "5"), [SHAMELESS])[0] != "confident"


def test_a_network_named_by_its_short_form() -> None:
    """ "svt" is SVT1 without its number, "dr" DR1, "mgm" the initials of Metro-Goldwyn-Mayer: the item
    whose data names that channel or studio is meant."""
    assert _decided("the bridge svt", [BRIDGE_SV, BRIDGE_US]) == ("confident", (SERIES, 11))
    assert _decided("borgen dr", [BORGEN]) == ("confident", (SERIES, 13))
    assert _decided("the wizard of oz mgm", [WIZARD]) == ("confident", (MOVIE, 14))


SUCCESSION = Candidate(SERIES, 15, "Succession", 2018, network="HBO", popularity=60.0)


def test_another_name_of_the_same_broadcaster() -> None:
    """ "hbo max" is a service of the HBO the data names: both words describe the item."""
    assert _decided("succession hbo max", [SUCCESSION]) == ("confident", (SERIES, 15))
    assert _decided("succession sur hbo max", [SUCCESSION]) == ("confident", (SERIES, 15))
    assert _decided("the bridge hbo max", [BRIDGE_SV, BRIDGE_US])[0] != "confident"


def test_a_short_form_of_another_channel_picks_nothing() -> None:
    """Safety twin: "svt" said of the American 'The Bridge' alone, "dr" of a Swedish series: no data
    holds the word, which may be the rest of another title."""
    assert _decided("the bridge svt", [BRIDGE_US])[0] != "confident"
    assert _decided("the bridge dr", [BRIDGE_SV, BRIDGE_US])[0] != "confident"


SOCIAL = Candidate(MOVIE, 21, "The Social Network", 2010, overview="David Fincher, Facebook.", popularity=4.0)
CRASH_96 = Candidate(MOVIE, 22, "Crash", 1996, overview="Car accident fetishists.", popularity=10.0)
CRASH_04 = Candidate(MOVIE, 23, "Crash", 2004, overview="Racism in Los Angeles.", popularity=12.0)
PONT = Candidate(MOVIE, 24, "Le Pont", 1959, overview="A bridge over the river Kwai.", popularity=5.0)


@pytest.mark.parametrize(
    "text",
    [
        "the social network le film sur facebook",
        "the social network the movie about facebook",
        "the social network film à propos de facebook",
        "the social network le film qui parle de facebook",
        "the social network the movie that's about facebook",
    ],
)
def test_what_the_film_is_said_to_be_about_is_in_its_overview(text: str) -> None:
    """ "le film sur X", "the movie about X": X is the item's subject, which its overview tells, however
    frequent the word ("facebook")."""
    assert _decided(text, [SOCIAL]) == ("confident", (MOVIE, 21))


def test_the_subject_said_picks_the_homonym_it_is_about() -> None:
    """The subject said in French of an English overview: the same word, its ending aside."""
    assert _decided("crash the movie about racism", [CRASH_96, CRASH_04]) == ("confident", (MOVIE, 23))
    assert _decided("crash le film sur le racisme", [CRASH_96, CRASH_04]) == ("confident", (MOVIE, 23))


def test_a_subject_no_overview_holds_or_a_bare_sur_names_nothing() -> None:
    """Safety twins: a subject the overview lacks is the rest of another title; "sur" or "about" right
    after a title, no kind before it, is as often a title's own word ("le pont sur la rivière kwaï")."""
    assert _decided("the social network le film sur twitter", [SOCIAL])[0] != "confident"
    assert _decided("le pont sur la riviere kwai", [PONT])[0] != "confident"
    assert _decided("crash the movie about dogs", [CRASH_96, CRASH_04])[0] != "confident"


AKIRA = Candidate(MOVIE, 31, "Akira", 1988, popularity=40.0, raw={"genres": ["Animation"]})
PIECE_99 = Candidate(SERIES, 32, "One Piece", 1999, popularity=150.0, raw={"genres": ["Animation"]})
PIECE_23 = Candidate(SERIES, 33, "One Piece", 2023, popularity=92.0, raw={"genres": ["Adventure"]})
DUNE_84 = Candidate(MOVIE, 34, "Dune", 1984, popularity=20.0, raw={"genres": ["Science Fiction"]})
DUNE_21 = Candidate(MOVIE, 35, "Dune", 2021, popularity=96.0, raw={"genres": ["Science Fiction"]})
ARTIST = Candidate(MOVIE, 36, "The Artist", 2011, popularity=18.0, raw={"genres": ["Drama"]})


def test_anime_is_the_animation_genre_not_a_series_cue() -> None:
    """ "akira anime": a Japanese cartoon is a film as often as a series; the word asks for the item
    the data calls Animation, of either kind."""
    assert parse_request("akira 1988 anime").kind is None
    assert _decided("akira 1988 anime", [AKIRA]) == ("confident", (MOVIE, 31))
    assert _decided("akira anime", [AKIRA]) == ("confident", (MOVIE, 31))
    assert _decided("one piece anime", [PIECE_99, PIECE_23]) == ("confident", (SERIES, 32))
    assert _decided("one piece l'anime", [PIECE_99, PIECE_23]) == ("confident", (SERIES, 32))


def test_a_cartoon_asked_of_a_name_no_cartoon_carries_is_absent() -> None:
    """Safety twin: no 'Dune' is Animation by its data: the animated Dune asked for is not found, never
    the first 'Dune'."""
    assert _decided("dune anime", [DUNE_84, DUNE_21])[0] == "not_found"
    assert _decided("dune dessin animé", [DUNE_84, DUNE_21])[0] == "not_found"


@pytest.mark.parametrize(
    "text",
    [
        "the artist film muet",
        "the artist le film muet",
        "the artist silent movie",
        "the artist noir et blanc",
    ],
)
def test_the_form_of_a_film_is_no_title_word(text: str) -> None:
    """Silent, black and white: the form of the film, which no title continues with."""
    q = parse_request(text)
    assert q.title == "the artist"
    assert _decided(text, [ARTIST]) == ("confident", (MOVIE, 36))


def test_an_absent_title_with_a_form_stays_absent() -> None:
    """Safety twin: the form said, the title left is still another one than the item found."""
    assert _decided("the artist formerly known as prince film muet", [ARTIST])[0] != "confident"


PEAKS_90 = Candidate(SERIES, 41, "Twin Peaks", 1990, network="ABC", overview="David Lynch.", popularity=38.0)
PEAKS_17 = Candidate(
    SERIES,
    42,
    "Twin Peaks",
    2017,
    alt_titles=("Twin Peaks: The Return",),
    network="Showtime",
    popularity=15.0,
)
PSYCHO_60 = Candidate(MOVIE, 43, "Psycho", 1960, overview="Alfred Hitchcock thriller.", popularity=38.0)
PSYCHO_98 = Candidate(
    MOVIE, 44, "Psycho", 1998, overview="Gus Van Sant shot-for-shot remake.", popularity=9.6
)
AMERICAN_PSYCHO = Candidate(MOVIE, 45, "American Psycho", 2000, popularity=30.0)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("twin peaks la série originale abc", 41),
        ("twin peaks la série originale", 41),
        ("twin peaks original series", 41),
        ("twin peaks la première", 41),
        ("twin peaks the revival", 42),
        ("twin peaks revival", 42),
        ("twin peaks the new series", 42),
        ("twin peaks la premiere version", 41),
        ("twin peaks the first series", 41),
    ],
)
def test_a_version_word_picks_the_original_or_the_revival(text: str, meant: int) -> None:
    """ "la série originale", "the original series", "la première": the first of the homonyms; "the
    revival": the latest. The network said after it is read as around the title."""
    assert _decided(text, [PEAKS_90, PEAKS_17]) == ("confident", (SERIES, meant))


def test_version_originale_is_the_language_not_the_first() -> None:
    """ "en version originale", "en vo": the original language of the same item, no title word."""
    for text in ("twin peaks en version originale", "twin peaks en vo"):
        assert parse_request(text).title == "twin peaks"
        assert parse_request(text).order is None


@pytest.mark.parametrize("text", ["psycho gus van sant remake", "psycho remake", "le remake de psycho"])
def test_a_remake_said_with_its_maker(text: str) -> None:
    """The person named beside "remake" describes the homonym; the homonyms of the title before the name
    are the franchise whose latest is the remake (not 'American Psycho', which holds the name)."""
    assert _decided(text, [PSYCHO_60, PSYCHO_98, AMERICAN_PSYCHO]) == ("confident", (MOVIE, 44))


def test_a_remake_of_a_title_with_no_homonym_stays_unsure() -> None:
    """Safety twin: one 'Twin Peaks' found, "remake" asked: the remake may be the one not found; and the
    remake of an absent title that opens with a title found is no remake of that one."""
    assert _decided("twin peaks abc remake", [PEAKS_90])[0] != "confident"
    assert _decided("psycho path remake", [PSYCHO_60, PSYCHO_98])[0] != "confident"


THING_82 = Candidate(MOVIE, 51, "The Thing", 1982, overview="An Antarctic research team.", popularity=30.0)
THING_11 = Candidate(MOVIE, 52, "The Thing", 2011, overview="A paleontologist in the ice.", popularity=25.0)


def test_a_remake_whose_maker_no_data_names_stays_unsure() -> None:
    """Safety twin: "carpenter" is in neither overview; the latest 'The Thing' (a prequel) is not his
    remake for that. A person the chosen one's data names, or words contradicting the order, neither."""
    assert _decided("the thing remake carpenter", [THING_82, THING_11])[0] != "confident"
    assert _decided("psycho hitchcock remake", [PSYCHO_60, PSYCHO_98])[0] != "confident"
    assert _decided("twin peaks la série originale showtime", [PEAKS_90, PEAKS_17])[0] != "confident"


DUNE_ONE = Candidate(
    MOVIE, 61, "Dune", 2021, alt_titles=("Dune: Part One", "Dune : Première partie"), popularity=96.0
)
DUNE_LYNCH = Candidate(MOVIE, 62, "Dune", 1984, overview="David Lynch's adaptation.", popularity=20.0)


@pytest.mark.parametrize(
    ("text", "meant"),
    [
        ("dune the lynch one", 62),
        ("dune the 1984 one", 62),
        ("dune la premiere version", 62),
        ("dune the new one", 61),
    ],
)
def test_the_one_is_the_item_not_a_number(text: str, meant: int) -> None:
    """ "the lynch one": "one" stands for the item, the word before it describes it; never the number of
    'Dune: Part One'. "la première version" is the first of the homonyms, not 'Première partie'."""
    assert _decided(text, [DUNE_ONE, DUNE_LYNCH]) == ("confident", (MOVIE, meant))


@pytest.mark.parametrize("text", ["ready player one", "rogue one", "kung fu panda the chosen one", "the one"])
def test_one_of_a_title_stays(text: str) -> None:
    """Safety twin: "one" without "the" and a word before it, or after an order word, is the title's."""
    assert parse_request(text).title == text


HEAT = Candidate(
    MOVIE, 71, "Heat", 1995, overview="Michael Mann.", popularity=40.0, raw={"genres": ["Crime"]}
)
HEAT_86 = Candidate(MOVIE, 72, "Heat", 1986, popularity=2.0, raw={"genres": ["Action"]})


@pytest.mark.parametrize("text", ["heat le film policier", "heat policière", "heat les policiers"])
def test_a_genre_word_in_its_feminine_or_plural(text: str) -> None:
    """ "policière", "policiers": the genre word "policier" with another ending, which the data carries."""
    assert _decided(text, [HEAT, HEAT_86]) == ("confident", (MOVIE, 71))


def test_a_genre_word_no_item_carries_explains_nothing() -> None:
    """Safety twin: "romantique" is no genre of either 'Heat': the words are the rest of another title."""
    assert _decided("heat romantiques", [HEAT, HEAT_86])[0] != "confident"


SCARFACE_32 = Candidate(MOVIE, 81, "Scarface", 1932, overview="Howard Hawks.", popularity=4.0)
SCARFACE_83 = Candidate(MOVIE, 82, "Scarface", 1983, overview="Brian De Palma.", popularity=40.0)


@pytest.mark.parametrize("text", ["scarface noir et blanc", "scarface black and white", "scarface film muet"])
def test_a_form_no_data_tells_lets_no_popularity_pick(text: str) -> None:
    """Safety twin: the form said is taken off the title, and no data tells which 'Scarface' is black and
    white: the popular one is not the answer for that; one item alone still is ('the artist film muet')."""
    assert _decided(text, [SCARFACE_32, SCARFACE_83])[0] == "ambiguous"
    assert _decided("scarface", [SCARFACE_32, SCARFACE_83]) == ("confident", (MOVIE, 82))


SKINS_UK = Candidate(SERIES, 91, "Skins", 2007, network="E4", popularity=32.0, seasons=(1, 2))
SKINS_US = Candidate(SERIES, 92, "Skins", 2011, network="MTV", popularity=4.0, seasons=(1,))


def test_a_country_tag_no_homonym_carries_lets_no_popularity_pick() -> None:
    """Safety twin: 'Skins' twice, neither titled "(US)": the tag says one of them, no data says which; the
    popular British one is no answer to "Skins.US". Without the tag, popularity picks."""
    assert _decided("Skins.US.S01E01.720p.WEB-DL.x264-GRP", [SKINS_UK, SKINS_US])[0] == "ambiguous"
    assert _decided("Skins.S01E01.720p.WEB-DL.x264-GRP", [SKINS_UK, SKINS_US]) == ("confident", (SERIES, 91))
