"""The deterministic side of understanding: ids and URLs, release names, FR/EN plain requests."""

from __future__ import annotations

import pytest
from myflix_bot.search import release as release_module
from myflix_bot.search.ids import parse_ids
from myflix_bot.search.query import ExternalIds
from myflix_bot.search.release import looks_like_release, parse_release
from myflix_bot.search.rules import parse_request
from myflix_bot.search.understand import Understander


@pytest.mark.parametrize(
    ("text", "ids", "kind"),
    [
        ("tt0133093", ExternalIds(imdb="tt0133093"), None),
        ("https://www.imdb.com/title/tt0133093/?ref_=nv", ExternalIds(imdb="tt0133093"), None),
        ("https://www.themoviedb.org/movie/603-the-matrix", ExternalIds(tmdb=603), "movie"),
        ("https://www.themoviedb.org/tv/2316-the-office", ExternalIds(tmdb=2316), "series"),
        ("tmdb:438631", ExternalIds(tmdb=438631), None),
        ("ajoute tvdb 73244 stp", ExternalIds(tvdb=73244), "series"),
        ("https://thetvdb.com/?tab=series&id=81189", ExternalIds(tvdb=81189), "series"),
        ("the office", ExternalIds(), None),
        ("attt0133093x", ExternalIds(), None),
    ],
)
def test_ids_and_urls(text: str, ids: ExternalIds, kind: str | None) -> None:
    assert parse_ids(text) == (ids, kind)


@pytest.mark.parametrize(
    ("text", "kind", "title", "year", "season"),
    [
        ("ajoute le film dune de 2021", "movie", "dune", 2021, None),
        ("la série the office saison 2", "series", "the office", None, 2),
        ("dune partie deux", None, "dune partie deux", None, None),
        ("I want to watch Inception (2010)", None, "Inception", 2010, None),
        ("Blade Runner 2049", None, "Blade Runner 2049", None, None),  # a year to come is a title
        ("1917", None, "1917", None, None),
        ("tu peux ajouter breaking bad stp", None, "breaking bad", None, None),
        ("mets moi game of thrones saison 3 svp", "series", "game of thrones", None, 3),
        ("fargo la série", "series", "fargo", None, None),
        ("add the movie the matrix please", "movie", "the matrix", None, None),
        ("télécharge les misérables 2019 en vf", None, "les misérables", 2019, None),
        ("the office S02", "series", "the office", None, 2),
    ],
)
def test_rules(text: str, kind: str | None, title: str, year: int | None, season: int | None) -> None:
    q = parse_request(text)
    assert (q.kind, q.title, q.year, q.season) == (kind, title, year, season)
    assert q.source == "rules"


def test_rules_never_fail_on_junk() -> None:
    for text in ("", "   ", "!!!", "svp", "le film", "🎬🎬", "a" * 2000):
        q = parse_request(text)
        assert isinstance(q.title, str)


@pytest.mark.parametrize(
    ("name", "kind", "title", "year", "season"),
    [
        ("Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP", None, "Dune", 2024, None),  # a film or a miniseries
        # the country tag is a hint (``country``), the title as typed keeps it (``full_title``)
        ("The.Office.US.S02E01.720p.HDTV.x264", "series", "The Office", None, 2),
        ("Intouchables.2011.MULTi.1080p.BluRay.x264-LOST", "movie", "Intouchables", 2011, None),
    ],
)
def test_release_names(name: str, kind: str, title: str, year: int | None, season: int | None) -> None:
    assert looks_like_release(name)
    q = parse_release(name)
    assert q is not None
    assert (q.kind, q.title, q.year, q.season, q.source) == (kind, title, year, season, "release")


@pytest.mark.parametrize(
    "name",
    [
        "Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP",
        "The.Office.US.S02E01.720p.HDTV.x264",
        "Blade.Runner.2049.2017.2160p.UHD.BluRay.x265",  # a year inside the title
        "Doctor.Who.2005.S01E01.720p.BluRay",
        "Band.of.Brothers.Part.03.1080p.BluRay.x264",
        "Les.Miserables.2019.FRENCH.1080p.WEB",
        "Ocean's.Eleven.2001.720p.BluRay",
    ],
)
def test_scene_names_read_directly_as_guessit_reads_them(name: str) -> None:
    from guessit import guessit  # noqa: PLC0415 - the reference reading

    fast = release_module._scene(name)
    assert fast is not None, name
    want = dict(guessit(name))
    for key in ("title", "year", "season", "part"):
        got = want.get(key)
        assert fast.get(key) == (got[0] if isinstance(got, list) else got), (name, key)
    assert fast["type"] == want["type"], name
    assert ("country" in fast) == ("country" in want), name


def test_odd_release_names_go_to_guessit() -> None:
    assert release_module._scene("[Torrent9] Le Diner de Cons 1998 FRENCH DVDRIP") is None
    assert release_module._scene("Dune.2021") is None  # no release tag: where the title ends is unsure
    q = parse_release("[Torrent9] Le Diner de Cons 1998 FRENCH DVDRIP")
    assert q is not None
    assert (q.title, q.year) == ("Le Diner de Cons", 1998)


def test_plain_text_is_not_a_release() -> None:
    assert not looks_like_release("la série the office saison 2")
    assert not looks_like_release("dune")


async def test_understander_without_model_uses_rules_and_kind_override() -> None:
    u = Understander()
    q = await u.understand("ajoute le film dune de 2021", kind="series")
    assert (q.title, q.year, q.kind, q.source) == ("dune", 2021, "series", "rules")
    r = await u.understand("Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP")
    assert r.source == "release"
    i = await u.understand("https://www.imdb.com/title/tt1160419/")
    assert (i.source, i.ids.imdb) == ("id", "tt1160419")
