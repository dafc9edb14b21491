"""A contract-faithful fake of the Radarr v3 API, backed by a catalog (see ``catalog.py``).

Library routes: ``/api/v3/movie`` (list, ``?tmdbId=``, get, add, update, delete), lookups
(``movie/lookup?term=`` with text, ``tmdb:ID`` or ``imdb:ID``; ``movie/lookup/tmdb``; ``movie/lookup/imdb``),
plus the shared configuration and activity routes (``arr_common``), ``queue`` and ``history``.

Seed and inspect through ``RadarrState``: ``add_movie``, ``set_has_file``, ``add_queue_item``,
``add_history``, ``movies``, ``commands``...
"""

from __future__ import annotations

import argparse
import re
from datetime import UTC, datetime
from typing import Any, Unpack

from aiohttp import web

from myflix_testkit.fakes.arr_common import (
    EMPTY_DATE,
    ArrState,
    HistoryOptions,
    JsonDict,
    Library,
    QueueOptions,
    add_catalog_arguments,
    add_history_record,
    add_library_routes,
    add_queue_record,
    catalog_from_args,
    create_library_app,
    created,
    default_quality_profiles,
    error_model,
    failure,
    folder_name,
    json_response,
    language,
    not_empty,
    now_iso,
    qparam,
    quality_model,
    query_int,
    read_json,
    validate_placement,
    validation_error,
)
from myflix_testkit.fakes.catalog import Catalog, CatalogItem, clean_title, normalize

DEFAULT_ROOT = "/data/media/movies"
COMMANDS = (
    "MoviesSearch",
    "MissingMoviesSearch",
    "CutOffUnmetMoviesSearch",
    "RefreshMovie",
    "RescanMovie",
    "RssSync",
    "DownloadedMoviesScan",
    "RenameMovie",
    "Backup",
    "ApplicationUpdateCheck",
)
HISTORY_EVENTS = {  # MovieHistoryEventType: name -> the number the eventType query filter uses
    "unknown": 0,
    "grabbed": 1,
    "downloadFolderImported": 3,
    "downloadFailed": 4,
    "movieFileDeleted": 6,
    "movieFolderImported": 8,
    "movieFileRenamed": 9,
    "downloadIgnored": 10,
}


def release_name(item: CatalogItem) -> str:
    """The scene-style release name the seeded queue and history records carry."""
    return f"{item.title.replace(' ', '.')}.{item.year}.1080p.BluRay.x264-FAKE"


class RadarrState(ArrState):
    """Everything the Radarr fake knows. Library records are keyed by movie id."""

    def __init__(self, catalog: Catalog | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("app_name", "Radarr")
        kwargs.setdefault("version", "5.14.0.9383")
        super().__init__(**kwargs)
        self.catalog = catalog if catalog is not None else Catalog.default()
        self.movies: dict[int, JsonDict] = {}
        self.deletions: list[JsonDict] = []  # the query flags of each DELETE /movie/{id}
        self.quality_profiles = default_quality_profiles("radarr")
        self.add_root_folder(DEFAULT_ROOT)
        for item in self.catalog.of_type("movie"):
            if item.inLibrary:
                self.add_movie(item.tmdbId, has_file=item.hasFile, monitored=item.monitored)

    # ---- library ----
    def find_movie(self, tmdb_id: int) -> JsonDict | None:
        with self.lock:
            return next((m for m in self.movies.values() if m["tmdbId"] == tmdb_id), None)

    def add_movie(
        self,
        tmdb_id: int,
        *,
        has_file: bool = False,
        monitored: bool = True,
        quality_profile_id: int = 1,
        root_folder: str = DEFAULT_ROOT,
        path: str | None = None,
        tags: list[int] | None = None,
        minimum_availability: str = "released",
    ) -> JsonDict:
        """Put a catalog movie in the library (as if added earlier) and return its ``MovieResource``."""
        with self.lock:
            item = self.catalog.movie(tmdb_id)
            if item is None:
                raise KeyError(f"tmdbId {tmdb_id} is not in the catalog")
            if self.find_movie(tmdb_id) is not None:
                raise ValueError(f"tmdbId {tmdb_id} is already in the library")
            movie_id = self.next_id("movie")
            self.movies[movie_id] = {
                "id": movie_id,
                "tmdbId": tmdb_id,
                "path": path or f"{root_folder.rstrip('/')}/{folder_name(item.title, item.year)}",
                "qualityProfileId": quality_profile_id,
                "monitored": monitored,
                "minimumAvailability": minimum_availability,
                "tags": sorted(set(tags or [])),
                "added": now_iso(),
                "movieFile": None,
            }
            if has_file:
                self.set_has_file(movie_id, True)
            return self.movie_resource(movie_id)

    def set_has_file(self, movie_id: int, has_file: bool = True, size: int = 8_500_000_000) -> JsonDict:
        """Give the movie a file (as after an import) or take it away."""
        with self.lock:
            record = self.movies[movie_id]
            if not has_file:
                record["movieFile"] = None
                return self.movie_resource(movie_id)
            item = self._item(record)
            name = f"{folder_name(item.title, item.year)} Bluray-1080p.mkv"
            record["movieFile"] = {
                "id": self.next_id("moviefile"),
                "movieId": movie_id,
                "relativePath": name,
                "path": f"{record['path']}/{name}",
                "size": size,
                "dateAdded": now_iso(),
                "releaseGroup": "FAKE",
                "edition": "",
                "languages": [language(item.originalLanguage)],
                "quality": quality_model("radarr"),
                "customFormats": [],
                "customFormatScore": 0,
                "indexerFlags": 0,
                "qualityCutoffNotMet": False,
            }
            return self.movie_resource(movie_id)

    def remove_movie(self, movie_id: int) -> None:
        with self.lock:
            del self.movies[movie_id]

    # ---- activity ----
    def add_queue_item(
        self,
        movie_id: int,
        *,
        title: str | None = None,
        size: int = 8_000_000_000,
        sizeleft: int = 4_000_000_000,
        **options: Unpack[QueueOptions],
    ) -> JsonDict:
        """A download in progress for a library movie (what ``GET /queue`` lists)."""
        with self.lock:
            item = self._item(self.movies[movie_id])
            title = title or release_name(item)
            links = {"movieId": movie_id}
            return add_queue_record(
                self, "radarr", links, title=title, size=size, sizeleft=sizeleft, **options
            )

    def add_history(
        self,
        movie_id: int,
        *,
        event_type: str = "grabbed",
        source_title: str | None = None,
        **options: Unpack[HistoryOptions],
    ) -> JsonDict:
        """A history event (``grabbed``, ``downloadFolderImported``, ``downloadFailed``...) for a movie."""
        if event_type not in HISTORY_EVENTS:
            raise ValueError(f"unknown Radarr history event {event_type!r}")
        with self.lock:
            item = self._item(self.movies[movie_id])
            source_title = source_title or release_name(item)
            return add_history_record(
                self,
                "radarr",
                {"movieId": movie_id},
                source_title=source_title,
                event_type=event_type,
                **options,
            )

    # ---- rendering ----
    def _item(self, record: JsonDict) -> CatalogItem:
        item = self.catalog.movie(record["tmdbId"])
        assert item is not None, "library movies always come from the catalog"
        return item

    def movie_resource(self, movie_id: int) -> JsonDict:
        with self.lock:
            record = self.movies[movie_id]
            return render_movie(self._item(record), record, self.root_folder_paths())

    def lookup_resource(self, item: CatalogItem) -> JsonDict:
        """A lookup result: the library resource when the movie is in the library, like the real API."""
        with self.lock:
            record = self.find_movie(item.tmdbId)
            if record is not None:
                return self.movie_resource(record["id"])
            return render_movie(item, None, [])


def render_movie(item: CatalogItem, record: JsonDict | None, roots: list[str]) -> JsonDict:
    """A ``MovieResource``: catalog metadata, plus the library fields when ``record`` is given."""
    release = f"{item.year}-06-01T00:00:00Z"
    images = [
        {
            "coverType": "poster",
            "remoteUrl": f"https://image.tmdb.org/t/p/original/{item.tmdbId}.jpg",
        }
    ]
    movie_file = record.get("movieFile") if record else None
    resource: JsonDict = {
        "title": item.title,
        "originalTitle": item.originalTitle or item.title,
        "originalLanguage": language(item.originalLanguage),
        "alternateTitles": [
            {
                "sourceType": "tmdb",
                "movieMetadataId": item.tmdbId,
                "title": alt["title"],
                "cleanTitle": clean_title(alt["title"]),
            }
            for alt in item.alternativeTitles
        ],
        "secondaryYearSourceId": 0,
        "sortTitle": normalize(item.title),
        "sizeOnDisk": movie_file["size"] if movie_file else 0,
        "status": "released" if item.year <= datetime.now(UTC).year else "announced",
        "overview": item.overview,
        "inCinemas": release,
        "digitalRelease": f"{item.year}-10-01T00:00:00Z",
        "releaseDate": release,
        "images": images,
        "website": "",
        "remotePoster": images[0]["remoteUrl"],
        "year": item.year,
        "youTubeTrailerId": "",
        "studio": item.studio or "",
        "qualityProfileId": 0,
        "hasFile": False,
        "movieFileId": 0,
        "monitored": False,
        "minimumAvailability": "released",
        "isAvailable": True,
        "folderName": folder_name(item.title, item.year),
        "runtime": item.runtime,
        "cleanTitle": clean_title(item.title),
        "imdbId": item.imdbId,
        "tmdbId": item.tmdbId,
        "titleSlug": str(item.tmdbId),
        "folder": folder_name(item.title, item.year),
        "certification": item.certification or "",
        "genres": list(item.genres),
        "keywords": [],
        "tags": [],
        "added": EMPTY_DATE,
        "ratings": {
            "imdb": {"votes": int(item.popularity * 1000), "value": 7.5, "type": "user"},
            "tmdb": {"votes": int(item.popularity * 100), "value": 7.4, "type": "user"},
        },
        "popularity": item.popularity,
        "statistics": {"movieFileCount": 0, "sizeOnDisk": 0, "releaseGroups": []},
    }
    if record is None:
        return resource
    root = next((r for r in roots if record["path"].startswith(r.rstrip("/") + "/")), None)
    resource.update(
        id=record["id"],
        path=record["path"],
        rootFolderPath=root or record["path"].rsplit("/", 1)[0],
        folderName=record["path"],
        qualityProfileId=record["qualityProfileId"],
        monitored=record["monitored"],
        minimumAvailability=record["minimumAvailability"],
        tags=list(record["tags"]),
        added=record["added"],
        hasFile=movie_file is not None,
        movieFileId=movie_file["id"] if movie_file else 0,
        statistics={
            "movieFileCount": 1 if movie_file else 0,
            "sizeOnDisk": movie_file["size"] if movie_file else 0,
            "releaseGroups": [movie_file["releaseGroup"]] if movie_file else [],
        },
    )
    if movie_file:
        resource["movieFile"] = dict(movie_file)
    return resource


# ------------------------------------------------------------------ handlers


def validate_new_movie(state: RadarrState, body: JsonDict) -> list[JsonDict]:
    errors = validate_placement(state, body)
    tmdb_id = body.get("tmdbId")
    if not isinstance(tmdb_id, int) or tmdb_id <= 0:
        if not body.get("title"):
            errors.append(not_empty("Title", body.get("title")))
        errors.append(not_empty("TmdbId", tmdb_id))
    elif state.find_movie(tmdb_id) is not None:
        errors.append(failure("TmdbId", "This movie has already been added", tmdb_id, "MovieExistsValidator"))
    elif state.catalog.movie(tmdb_id) is None:
        errors.append(failure("TmdbId", f"A movie with this ID was not found. TmdbId: {tmdb_id}", tmdb_id))
    return errors


def lookup_term(state: RadarrState, term: str) -> list[JsonDict]:
    text = term.strip()
    lowered = text.lower()
    items: list[CatalogItem] = []
    if lowered.startswith("tmdb:") or lowered.startswith("tmdbid:"):
        raw = lowered.split(":", 1)[1].strip()
        item = state.catalog.movie(int(raw)) if raw.isdigit() else None
        items = [item] if item else []
    elif lowered.startswith("imdb:") or re.fullmatch(r"tt\d{7,9}", lowered):
        raw = lowered.split(":", 1)[-1].strip()
        item = state.catalog.by_imdb(raw, "movie")
        items = [item] if item else []
    else:
        items = state.catalog.search("movie", text)
    return [state.lookup_resource(i) for i in items]


def apply_movie_update(record: JsonDict, body: JsonDict) -> None:
    record["minimumAvailability"] = body.get("minimumAvailability") or record["minimumAvailability"]


def build_routes(app: web.Application, state: RadarrState) -> None:
    prefix = "/api/v3"

    async def add_movie(request: web.Request) -> web.Response:
        body = await read_json(request)
        with state.lock:
            errors = validate_new_movie(state, body)
            if errors:
                return validation_error(errors)
            options = body.get("addOptions") or {}
            root = body.get("rootFolderPath") or DEFAULT_ROOT
            resource = state.add_movie(
                body["tmdbId"],
                monitored=bool(body.get("monitored", True)),
                quality_profile_id=body["qualityProfileId"],
                root_folder=root,
                path=body.get("path") or None,
                tags=body.get("tags") or [],
                minimum_availability=body.get("minimumAvailability") or "released",
            )
            if options.get("searchForMovie"):
                state.record_command("MoviesSearch", {"movieIds": [resource["id"]]}, trigger="unspecified")
            return created(request, resource)

    def not_found(kind: str, value: object) -> web.Response:
        message = f"Movie with {kind} {value} was not found, it may have been removed from TMDb."
        return error_model(404, message, f"NzbDrone.Core.Exceptions.MovieNotFoundException: {message}")

    async def lookup_tmdb(request: web.Request) -> web.Response:
        tmdb_id = query_int(request, "tmdbId", 0) or 0
        with state.lock:
            item = state.catalog.movie(tmdb_id)
            if item is None:
                return not_found("TmdbId", tmdb_id)
            return json_response(state.lookup_resource(item))

    async def lookup_imdb(request: web.Request) -> web.Response:
        imdb_id = qparam(request, "imdbId") or ""
        with state.lock:
            item = state.catalog.by_imdb(imdb_id, "movie")
            if item is None:
                return not_found("ImdbId", imdb_id)
            return json_response(state.lookup_resource(item))

    async def history_movie(request: web.Request) -> web.Response:
        movie_id = query_int(request, "movieId")
        with state.lock:
            records = [dict(r) for r in state.history.values() if r["movieId"] == movie_id]
            return json_response(sorted(records, key=lambda r: r["date"], reverse=True))

    r = app.router
    r.add_post(f"{prefix}/movie", add_movie)
    r.add_get(f"{prefix}/movie/lookup/tmdb", lookup_tmdb, allow_head=False)
    r.add_get(f"{prefix}/movie/lookup/imdb", lookup_imdb, allow_head=False)
    r.add_get(f"{prefix}/history/movie", history_movie, allow_head=False)
    library = Library(
        model="Movie",
        segment="movie",
        external_id="tmdbId",
        exclusion_flag="addImportExclusion",
        records=state.movies,
        deletions=state.deletions,
        history_events=HISTORY_EVENTS,
        find=state.find_movie,
        resource=state.movie_resource,
        remove=state.remove_movie,
        apply_update=apply_movie_update,
        lookup=lambda term: lookup_term(state, term),
    )
    add_library_routes(app, state, library)


def create_app(state: RadarrState | None = None, middlewares: list[Any] | None = None) -> web.Application:
    """A Radarr v3 fake. ``middlewares`` run after the faults and before auth (e.g. a contract recorder)."""
    radarr = state if state is not None else RadarrState()
    return create_library_app(radarr, "radarr", COMMANDS, lambda app: build_routes(app, radarr), middlewares)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_arguments(parser)


def app_from_args(args: argparse.Namespace) -> web.Application:
    return create_app(RadarrState(catalog_from_args(args), api_key=args.api_key))
