"""Release and file names (``Dune.Part.Two.2024.2160p.WEB-DL.x265-GROUP``) through guessit.

guessit is heavy (rebulk, babelfish): it is imported on the first release name only. A text is a
release name when it has no spaces and several dot/underscore-separated parts, or carries typical
release tags (resolution, source, codec, ``S01E02``).
"""

from __future__ import annotations

import re
from typing import Any

from myflix_bot.search.query import Kind, ParsedQuery

_TAGS = re.compile(
    r"(?i)\b(2160p|1080p|720p|480p|4k|uhd|web-?dl|web-?rip|bluray|blu-ray|bdrip|brrip|hdtv|dvdrip|remux|"
    r"x26[45]|h\.?26[45]|hevc|xvid|aac|ac3|dts|ddp?5\.1|hdr|multi|vostfr|truefrench|french)\b"
)
_EPISODE = re.compile(r"(?i)\bS\d{1,2}(E\d{1,3})?\b")


def looks_like_release(text: str) -> bool:
    text = text.strip()
    if not text:
        return False
    if " " not in text and len(re.split(r"[._]", text)) >= 3:
        return True
    return len(_TAGS.findall(text)) >= 2 or (bool(_TAGS.search(text)) and bool(_EPISODE.search(text)))


def _guessit(name: str) -> dict[str, Any]:
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
    season = info.get("season")
    if isinstance(season, list):
        season = season[0] if season else None
    full_title = ""
    country = str(info.get("country") or "")
    if country:  # "The.Office.US" -> "The Office US", like the "(US)" alternative titles
        title = f"{title} {'UK' if country == 'GB' else country}"
    if isinstance(info.get("part"), int):
        # "Dune.Part.Two" (a film's part) or "Band.of.Brothers.Part.3" (a miniseries' episode): the title
        # alone is looked up in both kinds, the ranker compares both readings.
        full_title = f"{title} Part {info['part']}"
        kind = None
    return ParsedQuery(
        text=text,
        title=title.strip(),
        full_title=full_title,
        kind=kind,
        year=year,
        season=season if isinstance(season, int) else None,
        source="release",
    )
