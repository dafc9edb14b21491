"""Which file a preview reads: the title resolved in the cached library (the same fuzzy index as /films and
/series), then its file's path from Radarr (``movie/{id}``: ``movieFile.path``) or, for a series, the episode
file found in the series folder (``S01E01`` by default). Paths are mapped from the apps' view (``/data/...``)
to the host's (``preview.path_map``). No heavy import."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from myflix_bot.models import Movie, Series

EPISODE = re.compile(r"^[sS](\d{1,2})[eE](\d{1,3})$")
VIDEO_EXTENSIONS = (".mkv", ".mp4", ".m4v", ".avi", ".mov", ".webm", ".ts")


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


def map_path(path: str, path_map: Mapping[str, str]) -> str:
    """The host's path of an app's path: the longest matching prefix of ``path_map`` replaced."""
    for prefix in sorted(path_map, key=len, reverse=True):
        bare = prefix.rstrip("/")
        if path == bare or path.startswith(bare + "/"):
            return path_map[prefix].rstrip("/") + path[len(bare) :]
    return path


def episode_file(folder: str, season: int, episode: int) -> str | None:
    """The video file of ``SxxEyy`` under the series folder (file names as Sonarr names them)."""
    pattern = re.compile(rf"[sS]0*{season}[eE]0*{episode}(?!\d)")
    found: list[str] = []
    for root, _dirs, files in os.walk(folder):
        found += [
            os.path.join(root, f) for f in files if f.lower().endswith(VIDEO_EXTENSIONS) and pattern.search(f)
        ]
    return sorted(found)[0] if found else None


def best_match(query: str, movies: Any, series: Any) -> Movie | Series | None:
    """The first hit of the movies' index, else the series' (both are CatalogIndex or None)."""
    for index in (movies, series):
        if index is None or not len(index):
            continue
        hits = index.search(query, limit=1)
        if hits:
            return hits[0]
    return None
