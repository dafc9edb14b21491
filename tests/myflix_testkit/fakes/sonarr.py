"""A contract-faithful fake of the Sonarr v3 API (as served by Sonarr v4), backed by a catalog.

Library routes: ``/api/v3/series`` (list, ``?tvdbId=``, get, add, update, delete), ``series/lookup?term=``
(text, ``tvdb:ID``, ``tmdb:ID``, ``imdb:ID``), ``episode?seriesId=`` and ``episodefile?seriesId=`` (the files
on disk: episodes 1..n of a season with n files, named as Sonarr's standard format names them), plus the
shared configuration and activity routes, ``queue`` and ``history``.

Seed and inspect through ``SonarrState``: ``add_series``, ``set_episode_files``, ``add_queue_item``,
``add_history``, ``series``, ``commands``...
"""

from __future__ import annotations

import argparse
from typing import Any, Unpack

from aiohttp import web

from myflix_testkit.fakes.arr_common import (
    EMPTY_DATE,
    ArrState,
    BadBody,
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
    failure,
    folder_name,
    json_response,
    language,
    model_not_found,
    not_empty,
    now_iso,
    qall,
    quality_model,
    query_bool,
    query_int,
    read_json,
    validate_placement,
    validation_error,
)
from myflix_testkit.fakes.catalog import Catalog, CatalogItem, clean_title, normalize, title_slug

DEFAULT_ROOT = "/data/media/tv"
EPISODE_SIZE = 1_500_000_000
COMMANDS = (
    "SeriesSearch",
    "SeasonSearch",
    "EpisodeSearch",
    "MissingEpisodeSearch",
    "CutoffUnmetEpisodeSearch",
    "RefreshSeries",
    "RescanSeries",
    "RssSync",
    "DownloadedEpisodesScan",
    "RenameSeries",
    "Backup",
    "ApplicationUpdateCheck",
)
HISTORY_EVENTS = {  # EpisodeHistoryEventType: name -> the number the eventType query filter uses
    "unknown": 0,
    "grabbed": 1,
    "seriesFolderImported": 2,
    "downloadFolderImported": 3,
    "downloadFailed": 4,
    "episodeFileDeleted": 5,
    "episodeFileRenamed": 6,
    "downloadIgnored": 7,
}


class SonarrState(ArrState):
    """Everything the Sonarr fake knows. Library records are keyed by series id."""

    def __init__(self, catalog: Catalog | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("app_name", "Sonarr")
        kwargs.setdefault("version", "4.0.11.2680")
        super().__init__(**kwargs)
        self.catalog = catalog if catalog is not None else Catalog.default()
        self.series: dict[int, JsonDict] = {}
        self.deletions: list[JsonDict] = []  # the query flags of each DELETE /series/{id}
        self.quality_profiles = default_quality_profiles("sonarr")
        self.add_root_folder(DEFAULT_ROOT)
        for item in self.catalog.of_type("series"):
            if item.inLibrary:
                self.add_series(
                    item.tvdbId,
                    monitored=item.monitored,
                    episode_files={s.seasonNumber: s.episodeFileCount for s in item.seasons},
                )

    # ---- library ----
    def find_series(self, tvdb_id: int) -> JsonDict | None:
        with self.lock:
            return next((s for s in self.series.values() if s["tvdbId"] == tvdb_id), None)

    def add_series(
        self,
        tvdb_id: int,
        *,
        episode_files: dict[int, int] | None = None,
        monitored: bool = True,
        quality_profile_id: int = 1,
        root_folder: str = DEFAULT_ROOT,
        path: str | None = None,
        tags: list[int] | None = None,
        series_type: str = "standard",
        season_folder: bool = True,
        monitored_seasons: dict[int, bool] | None = None,
    ) -> JsonDict:
        """Put a catalog series in the library; ``episode_files`` maps season number -> files on disk."""
        with self.lock:
            item = self.catalog.series(tvdb_id)
            if item is None:
                raise KeyError(f"tvdbId {tvdb_id} is not in the catalog")
            if self.find_series(tvdb_id) is not None:
                raise ValueError(f"tvdbId {tvdb_id} is already in the library")
            series_id = self.next_id("series")
            self.series[series_id] = {
                "id": series_id,
                "tvdbId": tvdb_id,
                "path": path or f"{root_folder.rstrip('/')}/{folder_name(item.title, item.year)}",
                "qualityProfileId": quality_profile_id,
                "monitored": monitored,
                "seasonFolder": season_folder,
                "seriesType": series_type,
                "tags": sorted(set(tags or [])),
                "added": now_iso(),
                "seasons": {
                    s.seasonNumber: {
                        "monitored": (monitored_seasons or {}).get(s.seasonNumber, monitored),
                        "episodeFileCount": 0,
                    }
                    for s in item.seasons
                },
            }
            for season, count in (episode_files or {}).items():
                self.set_episode_files(series_id, season, count)
            return self.series_resource(series_id)

    def set_episode_files(self, series_id: int, season: int, count: int) -> JsonDict:
        """Say how many episodes of ``season`` have a file on disk (0..episodeCount)."""
        with self.lock:
            record = self.series[series_id]
            item = self._item(record)
            total = next((s.episodeCount for s in item.seasons if s.seasonNumber == season), None)
            if total is None:
                raise KeyError(f"{item.title} has no season {season}")
            if not 0 <= count <= total:
                raise ValueError(f"season {season} has {total} episodes, not {count}")
            record["seasons"][season]["episodeFileCount"] = count
            return self.series_resource(series_id)

    def remove_series(self, series_id: int) -> None:
        with self.lock:
            del self.series[series_id]

    def episodes(self, series_id: int) -> list[JsonDict]:
        """The series' ``EpisodeResource`` list (episodes 1..n of a season with n files have one)."""
        with self.lock:
            record = self.series[series_id]
            item = self._item(record)
            files = {f["id"]: f for f in self.episode_files(series_id)}
            out = []
            for season in item.seasons:
                for number in range(1, season.episodeCount + 1):
                    file_id = episode_key(series_id, season.seasonNumber, number)
                    has_file = file_id in files
                    out.append(
                        {
                            "id": file_id,
                            "seriesId": series_id,
                            "tvdbId": 0,
                            "episodeFileId": file_id if has_file else 0,
                            "seasonNumber": season.seasonNumber,
                            "episodeNumber": number,
                            "title": f"Episode {number}",
                            "runtime": item.runtime,
                            "hasFile": has_file,
                            "monitored": record["seasons"][season.seasonNumber]["monitored"],
                            "unverifiedSceneNumbering": False,
                        }
                    )
            return out

    def episode_files(self, series_id: int) -> list[JsonDict]:
        """The series' ``EpisodeFileResource`` list: one file per episode on disk."""
        with self.lock:
            record = self.series[series_id]
            item = self._item(record)
            out = []
            for season in item.seasons:
                count = record["seasons"][season.seasonNumber]["episodeFileCount"]
                for number in range(1, count + 1):
                    out.append(render_episode_file(item, record, season.seasonNumber, number))
            return out

    # ---- activity ----
    def add_queue_item(
        self,
        series_id: int,
        *,
        season_number: int = 1,
        episode_id: int | None = None,
        title: str | None = None,
        size: int = EPISODE_SIZE,
        sizeleft: int = EPISODE_SIZE // 2,
        **options: Unpack[QueueOptions],
    ) -> JsonDict:
        with self.lock:
            item = self._item(self.series[series_id])
            links = {
                "seriesId": series_id,
                "episodeId": episode_id or series_id * 10_000 + season_number * 100 + 1,
                "seasonNumber": season_number,
                "episodeHasFile": False,
            }
            title = title or f"{item.title.replace(' ', '.')}.S{season_number:02d}.1080p.WEB-DL.x264-FAKE"
            return add_queue_record(
                self, "sonarr", links, title=title, size=size, sizeleft=sizeleft, **options
            )

    def add_history(
        self,
        series_id: int,
        *,
        event_type: str = "grabbed",
        episode_id: int | None = None,
        source_title: str | None = None,
        **options: Unpack[HistoryOptions],
    ) -> JsonDict:
        if event_type not in HISTORY_EVENTS:
            raise ValueError(f"unknown Sonarr history event {event_type!r}")
        with self.lock:
            item = self._item(self.series[series_id])
            links = {"seriesId": series_id, "episodeId": episode_id or series_id * 10_000 + 101}
            source_title = source_title or f"{item.title.replace(' ', '.')}.S01E01.1080p.WEB-DL.x264-FAKE"
            return add_history_record(
                self, "sonarr", links, source_title=source_title, event_type=event_type, **options
            )

    # ---- rendering ----
    def _item(self, record: JsonDict) -> CatalogItem:
        item = self.catalog.series(record["tvdbId"])
        assert item is not None, "library series always come from the catalog"
        return item

    def series_resource(self, series_id: int) -> JsonDict:
        with self.lock:
            record = self.series[series_id]
            return render_series(self._item(record), record, self.root_folder_paths(), self.quality_profiles)

    def lookup_resource(self, item: CatalogItem) -> JsonDict:
        with self.lock:
            record = self.find_series(item.tvdbId)
            if record is not None:
                return self.series_resource(record["id"])
            return render_series(item, None, [], {})


def render_series(
    item: CatalogItem, record: JsonDict | None, roots: list[str], profiles: dict[int, JsonDict]
) -> JsonDict:
    """A ``SeriesResource``: catalog metadata, plus library fields and statistics when ``record`` is given."""
    status = item.status or "ended"
    images = [
        {
            "coverType": "poster",
            "remoteUrl": f"https://artworks.thetvdb.com/banners/posters/{item.tvdbId}-1.jpg",
        }
    ]
    resource: JsonDict = {
        "title": item.title,
        "alternateTitles": [{"title": alt["title"], "seasonNumber": -1} for alt in item.alternativeTitles],
        "sortTitle": normalize(item.title),
        "status": status,
        "ended": status == "ended",
        "overview": item.overview,
        "network": item.network or "",
        "airTime": "21:00",
        "images": images,
        "originalLanguage": language(item.originalLanguage),
        "remotePoster": images[0]["remoteUrl"],
        "year": item.year,
        "qualityProfileId": 0,
        "seasonFolder": False,
        "monitored": False,
        "monitorNewItems": "all",
        "useSceneNumbering": False,
        "runtime": item.runtime,
        "tvdbId": item.tvdbId,
        "tvRageId": 0,
        "tvMazeId": 0,
        "tmdbId": item.tmdbId,
        "firstAired": f"{item.year}-01-15T00:00:00Z",
        "seriesType": "standard",
        "cleanTitle": clean_title(item.title),
        "imdbId": item.imdbId,
        "titleSlug": title_slug(item.title),
        "folder": folder_name(item.title, item.year),
        "certification": item.certification or "",
        "genres": list(item.genres),
        "tags": [],
        "added": EMPTY_DATE,
        "ratings": {"votes": int(item.popularity * 100), "value": 8.2},
        "languageProfileId": 1,
    }
    total = sum(s.episodeCount for s in item.seasons)
    if record is None:
        resource["seasons"] = [{"seasonNumber": s.seasonNumber, "monitored": True} for s in item.seasons]
        resource["statistics"] = {
            "seasonCount": len(item.seasons),
            "episodeFileCount": 0,
            "episodeCount": 0,
            "totalEpisodeCount": total,
            "sizeOnDisk": 0,
            "releaseGroups": [],
            "percentOfEpisodes": 0.0,
        }
        return resource
    seasons = []
    files_total = 0
    monitored_total = 0
    for season in item.seasons:
        state = record["seasons"][season.seasonNumber]
        files = state["episodeFileCount"]
        counted = season.episodeCount if state["monitored"] else files
        files_total += files
        monitored_total += counted
        seasons.append(
            {
                "seasonNumber": season.seasonNumber,
                "monitored": state["monitored"],
                "statistics": {
                    "episodeFileCount": files,
                    "episodeCount": counted,
                    "totalEpisodeCount": season.episodeCount,
                    "sizeOnDisk": files * EPISODE_SIZE,
                    "releaseGroups": ["FAKE"] if files else [],
                    "percentOfEpisodes": round(100.0 * files / counted, 2) if counted else 0.0,
                },
            }
        )
    root = next((r for r in roots if record["path"].startswith(r.rstrip("/") + "/")), None)
    profile = profiles.get(record["qualityProfileId"])
    resource.update(
        id=record["id"],
        seasons=seasons,
        path=record["path"],
        rootFolderPath=root or record["path"].rsplit("/", 1)[0],
        qualityProfileId=record["qualityProfileId"],
        seasonFolder=record["seasonFolder"],
        monitored=record["monitored"],
        seriesType=record["seriesType"],
        tags=list(record["tags"]),
        added=record["added"],
        statistics={
            "seasonCount": len(item.seasons),
            "episodeFileCount": files_total,
            "episodeCount": monitored_total,
            "totalEpisodeCount": total,
            "sizeOnDisk": files_total * EPISODE_SIZE,
            "releaseGroups": ["FAKE"] if files_total else [],
            "percentOfEpisodes": round(100.0 * files_total / monitored_total, 2) if monitored_total else 0.0,
        },
    )
    if profile:
        resource["profileName"] = profile["name"]
    return resource


def episode_key(series_id: int, season: int, episode: int) -> int:
    """The id of an episode and of its file (the scheme the queue and history records use)."""
    return series_id * 10_000 + season * 100 + episode


def render_episode_file(item: CatalogItem, record: JsonDict, season: int, episode: int) -> JsonDict:
    """An ``EpisodeFileResource`` named as Sonarr's standard episode format names files
    (``Title - S01E02 - Episode Title Quality.ext``, in ``Season 01/`` with season folders)."""
    name = f"{item.title} - S{season:02d}E{episode:02d} - Episode {episode} WEBDL-1080p.mkv"
    relative = f"Season {season:02d}/{name}" if record["seasonFolder"] else name
    return {
        "id": episode_key(record["id"], season, episode),
        "seriesId": record["id"],
        "seasonNumber": season,
        "relativePath": relative,
        "path": f"{record['path']}/{relative}",
        "size": EPISODE_SIZE,
        "dateAdded": record["added"],
        "releaseGroup": "FAKE",
        "languages": [language(item.originalLanguage)],
        "quality": quality_model("sonarr"),
        "customFormats": [],
        "customFormatScore": 0,
        "indexerFlags": 0,
        "releaseType": "singleEpisode",
        "qualityCutoffNotMet": False,
    }


# ------------------------------------------------------------------ handlers


def validate_new_series(state: SonarrState, body: JsonDict) -> list[JsonDict]:
    errors = validate_placement(state, body)
    tvdb_id = body.get("tvdbId")
    if not body.get("title"):
        errors.append(not_empty("Title", body.get("title")))
    if not isinstance(tvdb_id, int) or tvdb_id <= 0:
        errors.append(not_empty("TvdbId", tvdb_id))
    elif state.find_series(tvdb_id) is not None:
        errors.append(
            failure("TvdbId", "This series has already been added", tvdb_id, "SeriesExistsValidator")
        )
    elif state.catalog.series(tvdb_id) is None:
        errors.append(failure("TvdbId", f"A series with this ID was not found. TvdbId: {tvdb_id}", tvdb_id))
    return errors


def lookup_term(state: SonarrState, term: str) -> list[JsonDict]:
    text = term.strip()
    lowered = text.lower()
    prefix, _, raw = lowered.partition(":")
    items: list[CatalogItem | None]
    if prefix in ("tvdb", "tvdbid") and raw.strip().isdigit():
        items = [state.catalog.series(int(raw.strip()))]
    elif prefix in ("tmdb", "tmdbid") and raw.strip().isdigit():
        items = [i for i in state.catalog.of_type("series") if i.tmdbId == int(raw.strip())]
    elif prefix == "imdb":
        items = [state.catalog.by_imdb(raw.strip(), "series")]
    elif prefix in ("tvdb", "tvdbid", "tmdb", "tmdbid"):
        items = []
    else:
        items = list(state.catalog.search("series", text))
    return [state.lookup_resource(i) for i in items if i is not None]


def apply_series_update(record: JsonDict, body: JsonDict) -> None:
    record.update(
        seasonFolder=bool(body.get("seasonFolder", record["seasonFolder"])),
        seriesType=body.get("seriesType") or record["seriesType"],
    )
    for season in body.get("seasons") or []:
        number = season.get("seasonNumber")
        if number in record["seasons"] and "monitored" in season:
            record["seasons"][number]["monitored"] = bool(season["monitored"])


def build_routes(app: web.Application, state: SonarrState) -> None:
    prefix = "/api/v3"

    async def add_series(request: web.Request) -> web.Response:
        body = await read_json(request)
        with state.lock:
            errors = validate_new_series(state, body)
            if errors:
                return validation_error(errors)
            options = body.get("addOptions") or {}
            monitor = options.get("monitor", "all")
            monitored = bool(body.get("monitored", True)) and monitor != "none"
            sent_seasons = {
                s.get("seasonNumber"): bool(s.get("monitored", monitored)) for s in body.get("seasons") or []
            }
            resource = state.add_series(
                body["tvdbId"],
                monitored=monitored,
                quality_profile_id=body["qualityProfileId"],
                root_folder=body.get("rootFolderPath") or DEFAULT_ROOT,
                path=body.get("path") or None,
                tags=body.get("tags") or [],
                series_type=body.get("seriesType") or "standard",
                season_folder=bool(body.get("seasonFolder", True)),
                monitored_seasons=sent_seasons,
            )
            if options.get("searchForMissingEpisodes"):
                state.record_command(
                    "MissingEpisodeSearch", {"seriesId": resource["id"]}, trigger="unspecified"
                )
            return created(request, resource)

    async def history_series(request: web.Request) -> web.Response:
        series_id = query_int(request, "seriesId")
        season = query_int(request, "seasonNumber")
        with state.lock:
            records = [dict(r) for r in state.history.values() if r["seriesId"] == series_id]
            if season is not None:
                records = [r for r in records if (r["episodeId"] // 100) % 100 == season]
            return json_response(sorted(records, key=lambda r: r["date"], reverse=True))

    async def episode_list(request: web.Request) -> web.Response:
        series_id = query_int(request, "seriesId")
        if series_id is None:
            raise BadBody("seriesId must be provided")
        with state.lock:
            if series_id not in state.series:
                return model_not_found("Series", series_id)
            episodes = state.episodes(series_id)
            season = query_int(request, "seasonNumber")
            if season is not None:
                episodes = [e for e in episodes if e["seasonNumber"] == season]
            if query_bool(request, "includeEpisodeFile"):
                files = {f["id"]: f for f in state.episode_files(series_id)}
                for episode in episodes:
                    if episode["hasFile"]:
                        episode["episodeFile"] = files[episode["episodeFileId"]]
            return json_response(episodes)

    async def episode_file_list(request: web.Request) -> web.Response:
        series_id = query_int(request, "seriesId")
        wanted = {int(v) for raw in qall(request, "episodeFileIds") for v in raw.split(",") if v.isdigit()}
        if series_id is None and not wanted:
            raise BadBody("seriesId or episodeFileIds must be provided")
        with state.lock:
            if series_id is not None:
                if series_id not in state.series:
                    return model_not_found("Series", series_id)
                return json_response(state.episode_files(series_id))
            files = [f for sid in state.series for f in state.episode_files(sid) if f["id"] in wanted]
            return json_response(files)

    r = app.router
    r.add_post(f"{prefix}/series", add_series)
    r.add_get(f"{prefix}/episode", episode_list, allow_head=False)
    r.add_get(f"{prefix}/episodefile", episode_file_list, allow_head=False)
    r.add_get(f"{prefix}/history/series", history_series, allow_head=False)
    library = Library(
        model="Series",
        segment="series",
        external_id="tvdbId",
        exclusion_flag="addImportListExclusion",
        records=state.series,
        deletions=state.deletions,
        history_events=HISTORY_EVENTS,
        find=state.find_series,
        resource=state.series_resource,
        remove=state.remove_series,
        apply_update=apply_series_update,
        lookup=lambda term: lookup_term(state, term),
    )
    add_library_routes(app, state, library)


def create_app(state: SonarrState | None = None, middlewares: list[Any] | None = None) -> web.Application:
    """A Sonarr v3 fake. ``middlewares`` run after the faults and before auth (e.g. a contract recorder)."""
    sonarr = state if state is not None else SonarrState()
    return create_library_app(
        sonarr,
        "sonarr",
        COMMANDS,
        lambda app: build_routes(app, sonarr),
        middlewares,
        flags=("isExclusive", "isLongRunning"),
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_catalog_arguments(parser)


def app_from_args(args: argparse.Namespace) -> web.Application:
    return create_app(SonarrState(catalog_from_args(args), api_key=args.api_key))
