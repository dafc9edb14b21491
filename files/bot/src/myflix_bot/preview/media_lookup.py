"""Which file a preview reads: the title resolved in the cached library (the same fuzzy index as /films and
/series), then its file's path as the app reports it: Radarr's ``movie/{id}`` (``movieFile.path``) or, for a
series, Sonarr's ``episode?seriesId=`` (which episode has which file) and ``episodefile?seriesId=`` (the
files' paths): the ``SxxEyy`` asked, else the first episode on disk. The path is used as-is: the bot's unit
shows the data tree where the apps see it (the role's ``myflix_bot_app_data_dir``). No heavy import."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from myflix_bot.models import Movie, Series

if TYPE_CHECKING:
    from myflix_bot.catalog_index import CatalogIndex

EPISODE = re.compile(r"^[sS](\d{1,2})[eE](\d{1,3})$")


@dataclass(frozen=True)
class Ask:
    query: str
    times: tuple[float, ...]
    episode: tuple[int, int] | None
    clip: bool


def parse_args(text: str, parse_time: Any) -> Ask:
    """``<title> [mm:ss ...] [S01E02] [clip]``: times and the episode are recognised anywhere."""
    words, times, episode, clip = [], [], None, False
    for word in text.split():
        match = EPISODE.match(word)
        if match:
            episode = (int(match[1]), int(match[2]))
        elif ":" in word and word.replace(":", "").isdigit():
            try:
                times.append(parse_time(word))
            except ValueError:
                words.append(word)
        elif word.lower() in ("clip", "extrait"):
            clip = True
        else:
            words.append(word)
    return Ask(" ".join(words), tuple(times[:3]), episode, clip)


def episode_file_path(
    episodes: Iterable[Mapping[str, Any]],
    files: Iterable[Mapping[str, Any]],
    wanted: tuple[int, int] | None,
) -> str | None:
    """The path of the file of episode ``wanted`` (season, number), or without one the first episode on
    disk (regular seasons before the specials of season 0); None when that episode has no file."""
    paths = {f.get("id"): f.get("path") for f in files if f.get("path")}
    on_disk = sorted(
        (
            int(e["seasonNumber"]) == 0,
            int(e["seasonNumber"]),
            int(e["episodeNumber"]),
            paths[e["episodeFileId"]],
        )
        for e in episodes
        if e.get("episodeFileId") in paths and "seasonNumber" in e and "episodeNumber" in e
    )
    for _special, season, number, path in on_disk:
        if wanted is None or (season, number) == wanted:
            return str(path)
    return None


def best_match(
    query: str, movies: CatalogIndex[Movie] | None, series: CatalogIndex[Series] | None
) -> Movie | Series | None:
    """The first hit of the movies' index, else the series' (either may be missing)."""
    for index in (movies, series):
        if index is None or not len(index):
            continue
        hits = index.search(query, limit=1)
        if hits:
            return hits[0]
    return None
