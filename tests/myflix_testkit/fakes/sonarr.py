"""A contract-faithful fake of the Sonarr v3 API (as served by Sonarr v4), backed by a catalog.

Library routes: ``/api/v3/series`` (list, ``?tvdbId=``, get, add, update, delete), ``series/lookup?term=``
(text, ``tvdb:ID``, ``tmdb:ID``, ``imdb:ID``), plus the shared configuration and activity routes,
``queue`` and ``history``.

Seed and inspect through ``SonarrState``: ``add_series``, ``set_episode_files``, ``add_queue_item``,
``add_history``, ``series``, ``commands``...
"""

from __future__ import annotations

import argparse
import re
from datetime import datetime, timedelta
from typing import Any

from aiohttp import web

from myflix_testkit.fakes.arr_common import (
    DEFAULT_API_KEY,
    EMPTY_DATE,
    STATE_KEY,
    ArrState,
    DownloadClients,
    JsonDict,
    accepted,
    add_base_routes,
    add_command_routes,
    add_media_routes,
    add_tag_routes,
    auth_middleware,
    created,
    default_quality_profiles,
    empty_ok,
    failure,
    history_record_base,
    iso,
    json_response,
    language,
    model_not_found,
    not_empty,
    now_iso,
    paged,
    path_id,
    problem_not_found,
    qall,
    qparam,
    query_bool,
    query_int,
    queue_record_base,
    read_json,
    validation_error,
    version_middleware,
)
from myflix_testkit.fakes.catalog import Catalog, CatalogItem, clean_title, normalize, title_slug
from myflix_testkit.fakes.server import make_app

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


def folder_name(title: str, year: int) -> str:
    safe = re.sub(r'[:<>"/\\|?*]', "", title)
    return f"{' '.join(safe.split())} ({year})"


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
        status: str = "downloading",
        tracked_state: str = "downloading",
        download_id: str | None = None,
        download_client: str = "qBittorrent",
        indexer: str = "Fake Indexer (Prowlarr)",
        eta: timedelta = timedelta(minutes=10),
    ) -> JsonDict:
        with self.lock:
            item = self._item(self.series[series_id])
            record = queue_record_base(
                self,
                "sonarr",
                title=title or f"{item.title.replace(' ', '.')}.S{season_number:02d}.1080p.WEB-DL.x264-FAKE",
                size=size,
                sizeleft=sizeleft,
                status=status,
                tracked_state=tracked_state,
                download_id=download_id,
                download_client=download_client,
                indexer=indexer,
                eta=eta,
            )
            record.update(
                seriesId=series_id,
                episodeId=episode_id or series_id * 10_000 + season_number * 100 + 1,
                seasonNumber=season_number,
                episodeHasFile=False,
            )
            self.queue[record["id"]] = record
            return dict(record)

    def add_history(
        self,
        series_id: int,
        *,
        event_type: str = "grabbed",
        episode_id: int | None = None,
        source_title: str | None = None,
        download_id: str | None = None,
        date: datetime | None = None,
        data: dict[str, str | None] | None = None,
    ) -> JsonDict:
        if event_type not in HISTORY_EVENTS:
            raise ValueError(f"unknown Sonarr history event {event_type!r}")
        with self.lock:
            item = self._item(self.series[series_id])
            record = history_record_base(
                self,
                "sonarr",
                source_title=source_title or f"{item.title.replace(' ', '.')}.S01E01.1080p.WEB-DL.x264-FAKE",
                event_type=event_type,
                download_id=download_id,
                date=iso(date) if date else None,
                data=data,
            )
            record.update(seriesId=series_id, episodeId=episode_id or series_id * 10_000 + 101)
            self.history[record["id"]] = record
            return dict(record)

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


# ------------------------------------------------------------------ handlers


def validate_new_series(state: SonarrState, body: JsonDict) -> list[JsonDict]:
    errors: list[JsonDict] = []
    tvdb_id = body.get("tvdbId")
    path, root = body.get("path"), body.get("rootFolderPath")
    if not path and not root:
        errors.append(not_empty("Path", path))
        errors.append(not_empty("RootFolderPath", root))
    elif not path and root not in state.root_folder_paths():
        errors.append(
            failure(
                "RootFolderPath", f"Root folder '{root}' does not exist", root, "RootFolderExistsValidator"
            )
        )
    profile = body.get("qualityProfileId")
    if not isinstance(profile, int) or profile <= 0:
        errors.append(
            failure(
                "QualityProfileId",
                "'Quality Profile Id' must be greater than '0'.",
                profile,
                "GreaterThanValidator",
            )
        )
    elif profile not in state.quality_profiles:
        errors.append(
            failure(
                "QualityProfileId", "QualityProfile does not exist", profile, "QualityProfileExistsValidator"
            )
        )
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


def build_routes(app: web.Application, state: SonarrState) -> None:
    prefix = "/api/v3"

    async def list_series(request: web.Request) -> web.Response:
        tvdb_id = query_int(request, "tvdbId")
        with state.lock:
            if tvdb_id is not None:
                record = state.find_series(tvdb_id)
                return json_response([state.series_resource(record["id"])] if record else [])
            return json_response([state.series_resource(sid) for sid in state.series])

    async def get_series(request: web.Request) -> web.Response:
        series_id = path_id(request)
        with state.lock:
            if series_id not in state.series:
                return problem_not_found()
            return json_response(state.series_resource(series_id))

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

    async def update_series(request: web.Request) -> web.Response:
        body = await read_json(request)
        series_id = path_id(request) if "id" in request.match_info else body.get("id")
        if not isinstance(series_id, int) or series_id <= 0:
            return validation_error(
                [failure("Id", "'Id' must be greater than '0'.", series_id, "GreaterThanValidator")]
            )
        with state.lock:
            if series_id not in state.series:
                return model_not_found("Series", series_id)
            errors: list[JsonDict] = []
            if not body.get("path"):
                errors.append(not_empty("Path", body.get("path")))
            profile = body.get("qualityProfileId")
            if profile not in state.quality_profiles:
                errors.append(
                    failure(
                        "QualityProfileId",
                        "QualityProfile does not exist",
                        profile,
                        "QualityProfileExistsValidator",
                    )
                )
            if errors:
                return validation_error(errors)
            record = state.series[series_id]
            record.update(
                path=body["path"],
                qualityProfileId=profile,
                monitored=bool(body.get("monitored", record["monitored"])),
                seasonFolder=bool(body.get("seasonFolder", record["seasonFolder"])),
                seriesType=body.get("seriesType") or record["seriesType"],
                tags=sorted(set(body.get("tags") or [])),
            )
            for season in body.get("seasons") or []:
                number = season.get("seasonNumber")
                if number in record["seasons"] and "monitored" in season:
                    record["seasons"][number]["monitored"] = bool(season["monitored"])
            return accepted(request, state.series_resource(series_id))

    async def delete_series(request: web.Request) -> web.Response:
        series_id = path_id(request)
        with state.lock:
            if series_id not in state.series:
                return model_not_found("Series", series_id)
            state.remove_series(series_id)
            state.deletions.append(
                {
                    "id": series_id,
                    "deleteFiles": query_bool(request, "deleteFiles"),
                    "addImportListExclusion": query_bool(request, "addImportListExclusion"),
                }
            )
        return empty_ok()

    async def lookup(request: web.Request) -> web.Response:
        term = qparam(request, "term") or ""
        with state.lock:
            return json_response(lookup_term(state, term))

    async def queue(request: web.Request) -> web.Response:
        include_series = query_bool(request, "includeSeries")
        with state.lock:
            records = []
            for rec in state.queue.values():
                out = dict(rec)
                if include_series and rec.get("seriesId") in state.series:
                    out["series"] = state.series_resource(rec["seriesId"])
                records.append(out)
            return json_response(paged(request, records, "timeleft"))

    async def delete_queue(request: web.Request) -> web.Response:
        queue_id = path_id(request)
        with state.lock:
            if state.remove_queue_item(queue_id) is None:
                return problem_not_found()
        return empty_ok()

    async def history(request: web.Request) -> web.Response:
        include_series = query_bool(request, "includeSeries")
        wanted = qall(request, "eventType")
        series_ids = {int(v) for v in qall(request, "seriesIds") if v.isdigit()}
        with state.lock:
            records = []
            for rec in state.history.values():
                if wanted and str(HISTORY_EVENTS[rec["eventType"]]) not in wanted:
                    continue
                if series_ids and rec["seriesId"] not in series_ids:
                    continue
                out = dict(rec)
                if include_series and rec["seriesId"] in state.series:
                    out["series"] = state.series_resource(rec["seriesId"])
                records.append(out)
            return json_response(paged(request, records, "date"))

    async def history_series(request: web.Request) -> web.Response:
        series_id = query_int(request, "seriesId")
        season = query_int(request, "seasonNumber")
        with state.lock:
            records = [dict(r) for r in state.history.values() if r["seriesId"] == series_id]
            if season is not None:
                records = [r for r in records if (r["episodeId"] // 100) % 100 == season]
            return json_response(sorted(records, key=lambda r: r["date"], reverse=True))

    r = app.router
    r.add_get(f"{prefix}/series", list_series, allow_head=False)
    r.add_post(f"{prefix}/series", add_series)
    r.add_get(f"{prefix}/series/lookup", lookup, allow_head=False)
    r.add_get(prefix + "/series/{id}", get_series, allow_head=False)
    r.add_put(prefix + "/series/{id}", update_series)
    r.add_put(f"{prefix}/series", update_series)  # RestPutById is "{id?}": pyarr PUTs without the id
    r.add_delete(prefix + "/series/{id}", delete_series)
    r.add_get(f"{prefix}/queue", queue, allow_head=False)
    r.add_delete(prefix + "/queue/{id}", delete_queue)
    r.add_get(f"{prefix}/history", history, allow_head=False)
    r.add_get(f"{prefix}/history/series", history_series, allow_head=False)


def create_app(state: SonarrState | None = None, middlewares: list[Any] | None = None) -> web.Application:
    """A Sonarr v3 fake. ``middlewares`` run after the faults and before auth (e.g. a contract recorder)."""
    state = state if state is not None else SonarrState()
    app = make_app([*(middlewares or []), version_middleware(state), auth_middleware(state)])
    app[STATE_KEY] = state
    add_base_routes(app, state)
    add_tag_routes(app, state)
    add_media_routes(app, state, DownloadClients(state, "sonarr"))
    add_command_routes(app, state, COMMANDS, flags=("isExclusive", "isLongRunning"))
    build_routes(app, state)
    return app


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--catalog", help="catalog JSON file (default: the small realistic one)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the API key clients must send")


def app_from_args(args: argparse.Namespace) -> web.Application:
    catalog = Catalog.load(args.catalog) if args.catalog else None
    return create_app(SonarrState(catalog, api_key=args.api_key))
