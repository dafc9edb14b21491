"""Radarr/Sonarr webhook notifications, with the payload shapes the real apps POST (Connect > Webhook).

Build a payload from a fake's state, then send it where the bot listens::

    payload = radarr_payload(fake_radarr.state, "Download", movie_id=1)
    send_webhook("http://127.0.0.1:PORT/hook", payload)

Event types: ``Test``, ``Grab``, ``Download`` (an import; ``isUpgrade`` tells upgrades apart). Like the
real apps, the request is a JSON POST with the ``User-Agent`` of the app; optional Basic auth.
"""

from __future__ import annotations

import hashlib
from typing import Any, Literal

import httpx

from myflix_testkit.fakes.arr_common import JsonDict, now_iso
from myflix_testkit.fakes.radarr import RadarrState
from myflix_testkit.fakes.sonarr import SonarrState

Event = Literal["Test", "Grab", "Download"]
LOOPBACK_PREFIXES = ("http://127.0.0.1:", "http://localhost:", "http://[::1]:")


def _download_id(seed: str) -> str:
    return hashlib.sha1(seed.encode()).hexdigest().upper()


def _tag_labels(state: RadarrState | SonarrState, tag_ids: list[int]) -> list[str]:
    return sorted(state.tags[t]["label"] for t in tag_ids if t in state.tags)


def _release(title: str, size: int, quality: str) -> JsonDict:
    return {
        "quality": quality,
        "qualityVersion": 1,
        "releaseGroup": "FAKE",
        "releaseTitle": title,
        "indexer": "Fake Indexer (Prowlarr)",
        "size": size,
        "customFormatScore": 0,
        "customFormats": [],
    }


def _envelope(event: Event, app: str) -> JsonDict:
    return {"eventType": event, "instanceName": app, "applicationUrl": ""}


def radarr_payload(
    state: RadarrState,
    event: Event,
    movie_id: int | None = None,
    *,
    download_id: str | None = None,
    is_upgrade: bool = False,
) -> JsonDict:
    """A Radarr webhook body for ``event`` about library movie ``movie_id`` (not needed for ``Test``)."""
    payload = _envelope(event, state.instance_name or state.app_name)
    if event == "Test":
        payload.update(
            movie={
                "id": 1,
                "title": "Test Title",
                "year": 1970,
                "releaseDate": "1970-01-01",
                "folderPath": "C:\\testpath",
                "tmdbId": 0,
                "tags": ["test-tag"],
            },
            remoteMovie={"tmdbId": 1234, "imdbId": "5678", "title": "Test title", "year": 1970},
            release={
                "quality": "Test Quality",
                "qualityVersion": 1,
                "releaseGroup": "Test Group",
                "releaseTitle": "Test Title",
                "indexer": "Test Indexer",
                "size": 9999999,
                "customFormatScore": 0,
            },
        )
        return payload
    if movie_id is None:
        raise ValueError(f"a {event} webhook needs a movie_id")
    with state.lock:
        movie = state.movie_resource(movie_id)
        tags = _tag_labels(state, movie["tags"])
    release_title = f"{movie['title'].replace(' ', '.')}.{movie['year']}.1080p.BluRay.x264-FAKE"
    dl_id = download_id or _download_id(release_title)
    payload.update(
        movie={
            "id": movie["id"],
            "title": movie["title"],
            "year": movie["year"],
            "releaseDate": movie["digitalRelease"][:10],
            "folderPath": movie["path"],
            "tmdbId": movie["tmdbId"],
            "imdbId": movie["imdbId"],
            "overview": movie["overview"],
            "tags": tags,
        },
        remoteMovie={
            "tmdbId": movie["tmdbId"],
            "imdbId": movie["imdbId"],
            "title": movie["title"],
            "year": movie["year"],
        },
        downloadClient="qBittorrent",
        downloadClientType="qBittorrent",
        downloadId=dl_id,
        customFormatInfo={"customFormats": [], "customFormatScore": 0},
    )
    if event == "Grab":
        payload["release"] = _release(release_title, 8_500_000_000, "Bluray-1080p")
        return payload
    movie_file = movie.get("movieFile") or {
        "id": 0,
        "relativePath": f"{release_title}.mkv",
        "path": f"{movie['path']}/{release_title}.mkv",
        "size": 8_500_000_000,
        "dateAdded": now_iso(),
    }
    payload["movie"]["filePath"] = movie_file["path"]
    payload.update(
        movieFile={
            "id": movie_file["id"],
            "relativePath": movie_file["relativePath"],
            "path": movie_file["path"],
            "quality": "Bluray-1080p",
            "qualityVersion": 1,
            "releaseGroup": "FAKE",
            "sceneName": release_title,
            "indexerFlags": "0",
            "size": movie_file["size"],
            "dateAdded": movie_file["dateAdded"],
        },
        release={
            "releaseTitle": release_title,
            "indexer": "Fake Indexer (Prowlarr)",
            "size": movie_file["size"],
        },
        isUpgrade=is_upgrade,
    )
    return payload


def sonarr_payload(
    state: SonarrState,
    event: Event,
    series_id: int | None = None,
    *,
    season: int = 1,
    episodes: list[int] | None = None,
    download_id: str | None = None,
    is_upgrade: bool = False,
) -> JsonDict:
    """A Sonarr webhook body for ``event`` about episodes ``episodes`` of ``season`` of a library series."""
    payload = _envelope(event, state.instance_name or state.app_name)
    if event == "Test":
        payload.update(
            series={
                "id": 1,
                "title": "Test Title",
                "path": "C:\\testpath",
                "tvdbId": 1234,
                "tvMazeId": 0,
                "tmdbId": 0,
                "type": "standard",
                "year": 0,
                "tags": ["test-tag"],
            },
            episodes=[
                {
                    "id": 123,
                    "episodeNumber": 1,
                    "seasonNumber": 1,
                    "title": "Test title",
                    "seriesId": 0,
                    "tvdbId": 0,
                }
            ],
        )
        return payload
    if series_id is None:
        raise ValueError(f"a {event} webhook needs a series_id")
    with state.lock:
        series = state.series_resource(series_id)
        tags = _tag_labels(state, series["tags"])
    numbers = episodes or [1]
    label = f"S{season:02d}" + "".join(f"E{n:02d}" for n in numbers)
    release_title = f"{series['title'].replace(' ', '.')}.{label}.1080p.WEB-DL.x264-FAKE"
    dl_id = download_id or _download_id(release_title)
    payload.update(
        series={
            "id": series["id"],
            "title": series["title"],
            "titleSlug": series["titleSlug"],
            "path": series["path"],
            "tvdbId": series["tvdbId"],
            "tvMazeId": series["tvMazeId"],
            "tmdbId": series["tmdbId"],
            "imdbId": series["imdbId"],
            "type": series["seriesType"],
            "year": series["year"],
            "genres": series["genres"],
            "images": series["images"],
            "tags": tags,
        },
        episodes=[
            {
                "id": series_id * 10_000 + season * 100 + n,
                "episodeNumber": n,
                "seasonNumber": season,
                "title": f"Episode {n}",
                "seriesId": series_id,
                "tvdbId": 0,
            }
            for n in numbers
        ],
        downloadClient="qBittorrent",
        downloadClientType="qBittorrent",
        downloadId=dl_id,
        customFormatInfo={"customFormats": [], "customFormatScore": 0},
    )
    if event == "Grab":
        payload["release"] = _release(release_title, 1_500_000_000 * len(numbers), "WEBDL-1080p")
        return payload
    relative = f"Season {season:02d}/{release_title}.mkv"
    payload.update(
        episodeFile={
            "id": series_id * 10_000 + season * 100 + numbers[0],
            "relativePath": relative,
            "path": f"{series['path']}/{relative}",
            "quality": "WEBDL-1080p",
            "qualityVersion": 1,
            "releaseGroup": "FAKE",
            "sceneName": release_title,
            "size": 1_500_000_000 * len(numbers),
            "dateAdded": now_iso(),
        },
        release={"releaseTitle": release_title, "indexer": "Fake Indexer (Prowlarr)", "size": 1_500_000_000},
        isUpgrade=is_upgrade,
    )
    return payload


def send_webhook(
    url: str,
    payload: JsonDict,
    *,
    app: str | None = None,
    auth: tuple[str, str] | None = None,
    timeout: float = 10.0,
) -> httpx.Response:
    """POST ``payload`` to ``url`` (loopback only) the way Radarr/Sonarr do, and return the answer."""
    if not url.startswith(LOOPBACK_PREFIXES):
        raise ValueError(f"webhooks go to loopback URLs only, not {url!r}")
    agent = app or ("Sonarr" if "series" in payload else "Radarr")
    headers: dict[str, Any] = {"User-Agent": f"{agent}/fake", "Content-Type": "application/json"}
    return httpx.post(url, json=payload, headers=headers, auth=auth, timeout=timeout)
