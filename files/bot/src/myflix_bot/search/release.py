"""Release and file names (``Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP``): the usual scene layout read
directly, anything else through guessit.

guessit is heavy (rebulk, babelfish; ~100 ms a name on a Pi): it is imported on the first name that the
direct reading leaves. A text is a
release name when it has no spaces and several dot/underscore-separated parts, or carries typical
release tags (resolution, source, codec, ``S01E02``).
"""

from __future__ import annotations

import re
from typing import Any

from myflix_bot.search.query import Kind, ParsedQuery
from myflix_bot.search.text import PART_WORDS, match_key

# The tags of the streaming service a release was taken from ("Euphoria.US.S02E03.1080p.HMAX.WEB-DL"): no
# title's words (not "MAX", "IT", "RED": titles' words as often). The first ones no one types for another
# reason, so they alone tell a release name; the others only end its title.
_UNTYPED_SOURCES = r"amzn|dsnp|atvp|hmax|pcok|pmtp"
_SOURCES = _UNTYPED_SOURCES + r"|nf|dsny|hulu|crav|nowtv|itvx"
_TAGS = re.compile(
    r"(?i)\b(2160p|1080p|720p|480p|4k|uhd|web-?dl|web-?rip|bluray|blu-ray|bdrip|brrip|hdtv|dvdrip|remux|"
    r"x26[45]|h\.?26[45]|hevc|xvid|aac|ac3|dts|ddp?5\.1|hdr|multi|vostfr|truefrench|french|"
    + _UNTYPED_SOURCES
    + r")\b"
)
_EPISODE = re.compile(r"(?i)\bS\d{1,2}(E\d{1,3})?\b")


_SITE_TAG = re.compile(r"^\s*\[[^\]]+\]")  # "[YTS] Whiplash (2014) 1080p": a site's or group's tag first


def looks_like_release(text: str) -> bool:
    text = text.strip()
    if not text:
        return False
    if " " not in text and len(re.split(r"[._]", text)) >= 3:
        return True
    if _SITE_TAG.match(text) and _TAGS.search(text):
        return True
    return len(_TAGS.findall(text)) >= 2 or (bool(_TAGS.search(text)) and bool(_EPISODE.search(text)))


_BOUNDARY = re.compile(
    r"(?i)^(?:\d{3,4}p|4k|uhd|web|web-?dl|web-?rip|webrip|bluray|blu-ray|bdrip|brrip|hdtv|dvdrip|remux|"
    r"x26[45]|h26[45]|hevc|xvid|multi|vostfr|truefrench|french|complete|extended|remastered|proper|"
    r"repack|internal|limited|unrated|hdr|imax|" + _SOURCES + r")$"
)
_SEASON_EPISODE = re.compile(r"(?i)^s(\d{1,2})(?:e\d{1,3})*$")
_YEAR_TOKEN = re.compile(r"^(?:19|20)\d\d$")
_WORD = re.compile(r"^[^\W_]+(?:['&-][^\W_]+)*$")


def _part_number(token: str) -> int | None:
    """The number a part word announces: "2", "Two", "III" (``text.match_key``'s number words)."""
    key = match_key(token)
    return int(key) if key.isdigit() and len(key) <= 2 else None


def _scene(name: str) -> dict[str, Any] | None:
    """The usual scene layout read without guessit (which costs ~100 ms a name on a Pi): words of the
    title, then an optional country tag, year, ``Part.N`` and ``SxxEyy``, then release tags.
    ``Doctor.Who.2005.S01E01.720p``, ``Blade.Runner.2049.2017.2160p``, ``The.Office.US.S02E01``. None
    for anything else: guessit reads it."""
    head, _, group = name.rpartition("-")
    body = head if head and not re.search(r"[._ ]", group) else name  # "...x265-GROUP": the group is no tag
    tokens = [t for t in re.split(r"[._ ]+", body) if t]
    info: dict[str, Any] = {"type": "movie"}
    title: list[str] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if (m := _SEASON_EPISODE.match(tok)) and title:
            info.update(type="episode", season=int(m.group(1)))
            break
        if _BOUNDARY.match(tok) and title:
            break
        if _YEAR_TOKEN.match(tok) and title and not _YEAR_TOKEN.match(nxt):
            info["year"] = int(tok)
        elif tok.upper() in ("US", "UK") and title and (not nxt or not _WORD.match(nxt) or _stop(nxt)):
            info["country"] = "GB" if tok.upper() == "UK" else "US"
        elif (
            tok.lower() in PART_WORDS
            and title
            and (number := _part_number(nxt)) is not None
            and (tok.lower() == "part" or i + 2 == len(tokens) or _stop(tokens[i + 2]))
        ):
            # "Part.Two", "Livre.III", "Vol.2": a film's part or a series' part, book or volume (a word
            # other than "Part" only at the title's end: "Star.Wars.Episode.IV.A.New.Hope" is a title)
            info.update(part=number, part_word=tok)
            i += 1
        elif info.keys() - {"type"} or not _WORD.match(tok):
            return None  # a title word after a year or tag, or an odd token: not the usual layout
        else:
            title.append(tok)
        i += 1
    else:
        return None  # no release tag at all: not sure where the title ends
    if not title:
        return None
    info["title"] = " ".join(title)
    return info


def _stop(token: str) -> bool:
    return bool(_SEASON_EPISODE.match(token) or _BOUNDARY.match(token) or _YEAR_TOKEN.match(token))


def _guessit(name: str) -> dict[str, Any]:
    fast = _scene(name)
    if fast is not None:
        return fast
    from guessit import guessit  # noqa: PLC0415 - heavy, lazy

    return dict(guessit(name))


def parse_release(text: str) -> ParsedQuery | None:
    """What guessit reads in a release name, or None when it finds no title."""
    try:
        info = _guessit(text.strip())
    except Exception:  # guessit on hostile input: treat as plain text
        return None
    title = info.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    year = info.get("year") if isinstance(info.get("year"), int) else None
    kind: Kind | None = "series" if info.get("type") == "episode" else "movie"
    if kind == "movie" and year is None:
        kind = None  # no episode, no year ("Severance.ATVP.WEB-DL.1080p"): a series' pack as often as a film
    season = info.get("season")
    if isinstance(season, list):
        season = season[0] if season else None
    full_title = ""
    country = str(info.get("country") or "")
    tag = ("UK" if country == "GB" else country.upper()) if country else ""
    tagged = f"{title} {tag}" if tag else title
    if tag:
        # "The.Office.US" -> "The Office" of the US, "The Office US" as typed, like the "(US)" alternative
        # titles; the country is a hint, which picks among homonyms and is no word of a title that does
        # not carry it ("Euphoria.US.S02E03": 'Euphoria', titled without a tag)
        full_title = tagged
    if isinstance(info.get("part"), int):
        # "Dune.Part.Two" (a film's part) or "Band.of.Brothers.Part.3" (a miniseries' episode): the title
        # alone is looked up in both kinds, the ranker compares both readings.
        full_title = f"{tagged} {info.get('part_word') or 'Part'} {info['part']}"
        title = tagged
        kind = None
    return ParsedQuery(
        text=text,
        title=title.strip(),
        full_title=full_title,
        kind=kind,
        year=year,
        season=season if isinstance(season, int) else None,
        source="release",
        country=tag.lower() or None,
    )
