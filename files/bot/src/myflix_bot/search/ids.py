"""Ids and URLs of IMDb, TMDB and TVDB in a message: the exact way to name a title ("sniper" search).

Accepted: ``tt0133093``, ``imdb:tt0133093``, ``tmdb:603``, ``tmdb 603``, ``tvdb:73244``,
``https://www.imdb.com/title/tt0133093/``, ``https://www.themoviedb.org/movie/603-the-matrix``,
``https://www.themoviedb.org/tv/2316``, ``https://thetvdb.com/?tab=series&id=73244``,
``https://thetvdb.com/dereferrer/series/73244``. A TVDB slug URL (``/series/the-office-us``) carries no id:
:func:`tvdb_slug` turns it into the words it spells ("the office us"), a series title to look up.
"""

from __future__ import annotations

import re

from myflix_bot.search.query import ExternalIds, Kind

_IMDB = re.compile(r"(?<![a-z0-9])(tt\d{7,9})(?![0-9])", re.I)
_TMDB_URL = re.compile(r"themoviedb\.org/(movie|tv)/(\d{1,9})", re.I)
_TVDB_URL = re.compile(r"thetvdb\.com/(?:\?[^ ]*?\bid=|dereferrer/series/|series/)(\d{1,9})(?!\w)", re.I)
_PREFIXED = re.compile(r"(?<![a-z])(tmdb|tvdb)(?:id)?\s*[:= ]\s*(\d{1,9})(?!\d)", re.I)


def parse_ids(text: str) -> tuple[ExternalIds, Kind | None]:
    """The ids found in ``text`` and the kind they imply (None when they do not tell)."""
    imdb = tmdb = tvdb = None
    kind: Kind | None = None
    if m := _TMDB_URL.search(text):
        tmdb = int(m.group(2))
        kind = "movie" if m.group(1).lower() == "movie" else "series"
    if m := _TVDB_URL.search(text):
        tvdb, kind = int(m.group(1)), "series"
    for m in _PREFIXED.finditer(text):
        if m.group(1).lower() == "tmdb" and tmdb is None:
            tmdb = int(m.group(2))
        elif m.group(1).lower() == "tvdb" and tvdb is None:
            tvdb, kind = int(m.group(2)), "series"
    if m := _IMDB.search(text):
        imdb = m.group(1).lower()
    return ExternalIds(tmdb=tmdb, tvdb=tvdb, imdb=imdb), kind


_TVDB_SLUG = re.compile(
    r"(?:https?://)?(?:www\.)?thetvdb\.com/series/([a-z0-9][a-z0-9-]*)(?:[/?#]\S*)?", re.I
)


def tvdb_slug(text: str) -> str | None:
    """The words of a TheTVDB slug URL ("thetvdb.com/series/doctor-who-2005" -> "doctor who 2005")."""
    m = _TVDB_SLUG.search(text)
    if m is None or m.group(1).isdigit():
        return None
    return " ".join(m.group(1).split("-"))


def strip_ids(text: str) -> str:
    """``text`` without any id or URL (what is left may be request words)."""
    for pattern in (_TMDB_URL, _TVDB_URL, _PREFIXED, _IMDB):
        text = pattern.sub(" ", text)
    text = re.sub(r"https?://\S+", " ", text)
    return " ".join(text.split())
