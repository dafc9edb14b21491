"""Candidates from Radarr ``movie/lookup`` and Sonarr ``series/lookup`` (TMDB/TVDB through the *arr).

The lookup resource is kept as returned (``raw``): adding a title posts it back with the library
options, as the *arr web UI does. A title already in the library comes back with its library ``id``
and file state, which is how "already there" is told.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from myflix_bot.json_fields import object_field
from myflix_bot.search.query import ExternalIds, Kind
from myflix_bot.sources.arr import ArrClient, SourceError


@dataclass(frozen=True, slots=True)
class Candidate:
    kind: Kind
    id: int  # tmdbId of a movie, tvdbId of a series: the id that gets added
    title: str
    year: int | None
    original_title: str = ""
    alt_titles: tuple[str, ...] = ()
    overview: str = ""
    poster: str | None = None
    popularity: float = 0.0
    imdb: str | None = None
    tmdb: int | None = None
    library_id: int | None = None  # Radarr/Sonarr id when already in the library
    has_file: bool = False  # movie: file present; series: at least one episode file
    episodes_have: int = 0
    episodes_total: int = 0
    seasons: tuple[int, ...] = ()
    network: str = ""  # series network or movie studio ("Netflix", "BBC One")
    language: str = ""  # original language, ISO 639-1 when known ("fr"), else the *arr's name folded
    raw: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def key(self) -> tuple[Kind, int]:
        return (self.kind, self.id)

    def titles(self) -> list[str]:
        seen: list[str] = []
        for t in (self.title, self.original_title, *self.alt_titles):
            if t and t not in seen:
                seen.append(t)
        return seen


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _poster(item: Mapping[str, Any]) -> str | None:
    remote = item.get("remotePoster")
    if isinstance(remote, str) and remote:
        return remote
    for image in item.get("images") or []:
        if isinstance(image, dict) and image.get("coverType") == "poster":
            url = image.get("remoteUrl") or image.get("url")
            if isinstance(url, str) and url.startswith("http"):
                return url
    return None


def _popularity(item: Mapping[str, Any]) -> float:
    """TMDB popularity when the app gives it (Radarr); otherwise votes / 100 (Sonarr's ratings)."""
    value = item.get("popularity")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    ratings = object_field(item, "ratings")
    votes = ratings.get("votes")
    if not isinstance(votes, int | float):
        votes = object_field(ratings, "tmdb").get("votes")
    return float(votes) / 100.0 if isinstance(votes, int | float) and not isinstance(votes, bool) else 0.0


_LANGUAGE_CODES = {
    "english": "en",
    "french": "fr",
    "german": "de",
    "korean": "ko",
    "japanese": "ja",
    "spanish": "es",
    "italian": "it",
    "danish": "da",
    "swedish": "sv",
    "norwegian": "no",
    "chinese": "zh",
    "portuguese": "pt",
    "dutch": "nl",
    "russian": "ru",
}


def _language(item: Mapping[str, Any]) -> str:
    """The original language (Radarr and Sonarr v4 give ``{"id": 1, "name": "English"}``)."""
    lang = item.get("originalLanguage")
    name = lang.get("name") if isinstance(lang, dict) else lang
    if not isinstance(name, str):
        return ""
    name = name.strip().lower()
    return _LANGUAGE_CODES.get(name, name)


def _alt_titles(item: Mapping[str, Any]) -> tuple[str, ...]:
    alts = item.get("alternateTitles") or item.get("alternativeTitles") or []
    return tuple(a["title"] for a in alts if isinstance(a, dict) and isinstance(a.get("title"), str))


def candidate_from_json(kind: Kind, item: Mapping[str, Any]) -> Candidate | None:
    """A candidate from a lookup resource, or None when it lacks the id that an add needs."""
    ident = _int(item.get("tmdbId" if kind == "movie" else "tvdbId"))
    title = item.get("title")
    if ident is None or not isinstance(title, str):
        return None
    stats = object_field(item, "statistics")
    if kind == "movie":
        has_file = item.get("hasFile") is True
        have = total = 0
    else:
        have = _int(stats.get("episodeFileCount")) or 0
        total = _int(stats.get("episodeCount")) or 0
        has_file = have > 0
    seasons = tuple(
        sorted(
            s["seasonNumber"]
            for s in item.get("seasons") or []
            if isinstance(s, dict) and (_int(s.get("seasonNumber")) or 0) > 0
        )
    )
    original, overview = item.get("originalTitle"), item.get("overview")
    return Candidate(
        kind=kind,
        id=ident,
        title=title,
        year=_int(item.get("year")),
        original_title=original if isinstance(original, str) else "",
        alt_titles=_alt_titles(item),
        overview=overview if isinstance(overview, str) else "",
        poster=_poster(item),
        popularity=_popularity(item),
        imdb=item.get("imdbId") if isinstance(item.get("imdbId"), str) else None,
        tmdb=_int(item.get("tmdbId")),
        library_id=_int(item.get("id")),
        has_file=has_file,
        episodes_have=have,
        episodes_total=total,
        seasons=seasons,
        network=next((v for v in (item.get("network"), item.get("studio")) if isinstance(v, str)), ""),
        language=_language(item),
        raw=dict(item),
    )


class ArrLookup:
    """Lookups in Radarr (movies) and Sonarr (series); a missing or failing app yields no candidates
    and an error line, never an exception."""

    def __init__(self, radarr: ArrClient | None, sonarr: ArrClient | None) -> None:
        self.clients: dict[Kind, ArrClient | None] = {"movie": radarr, "series": sonarr}

    def available(self) -> tuple[Kind, ...]:
        return tuple(k for k, c in self.clients.items() if c is not None)

    async def lookup(self, kind: Kind, term: str) -> tuple[list[Candidate], str | None]:
        client = self.clients[kind]
        if client is None or not term.strip():
            return [], None
        path = "movie/lookup" if kind == "movie" else "series/lookup"
        try:
            data = await client.get(path, term=term)
        except SourceError as exc:
            return [], str(exc)
        if not isinstance(data, list):
            return [], f"{client.name}: {path} did not return a list"
        found = (candidate_from_json(kind, i) for i in data if isinstance(i, dict))
        return [c for c in found if c is not None], None

    async def many(self, requests: Sequence[tuple[Kind, str]]) -> tuple[list[Candidate], list[str]]:
        """Run lookups concurrently; candidates deduplicated by (kind, id) in request order."""
        results = await asyncio.gather(*(self.lookup(k, t) for k, t in requests))
        seen: dict[tuple[Kind, int], Candidate] = {}
        errors: list[str] = []
        for found, error in results:
            if error and error not in errors:
                errors.append(error)
            for c in found:
                seen.setdefault(c.key, c)
        return list(seen.values()), errors

    def id_terms(self, ids: ExternalIds, kind: Kind | None) -> list[tuple[Kind, str]]:
        """The lookup terms that pin an exact id (``tmdb:``, ``imdb:``, ``tvdb:``)."""
        terms: list[tuple[Kind, str]] = []
        kinds: list[Kind] = [kind] if kind else ["movie", "series"]
        if ids.tvdb:
            terms.append(("series", f"tvdb:{ids.tvdb}"))
        for k in kinds:
            if ids.tmdb and not (k == "series" and ids.tvdb):
                terms.append((k, f"tmdb:{ids.tmdb}"))
            if ids.imdb:
                terms.append((k, f"imdb:{ids.imdb}"))
        return [t for t in terms if self.clients[t[0]] is not None]
