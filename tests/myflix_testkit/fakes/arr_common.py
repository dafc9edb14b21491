"""What Radarr v3, Sonarr v3 and Prowlarr v1 share: one HTTP stack (Servarr), so one implementation here.

- ``ArrState``: the in-memory state every *arr app has (tags, root folders, quality profiles, download
  clients, queue, history, commands, disk space), guarded by one lock so tests can seed and inspect it
  from their own thread while the server thread serves requests.
- Middlewares: ``X-Application-Version`` on every ``/api`` answer, and API-key auth (``?apikey=`` first,
  then ``X-Api-Key``, then ``Authorization: Bearer``; a missing or wrong key gets 401 with an empty body).
- Answers with the real status codes (CONTRACT-NOTES.md §4): 201 + Location on create, 202 on update,
  400 with a FluentValidation failure array, 404, and ``{"message","description"}`` errors.
- ``add_media_routes``: the configuration and activity routes Radarr and Sonarr serve identically.
- ``Library`` + ``add_library_routes`` + ``create_library_app``: the library, queue and history routes
  Radarr and Sonarr serve alike, named per app (``movie``/``series``).
- ``ArrFake``: what the pytest fixtures yield (``url``, ``api_key``, ``state``, ``faults``).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypedDict

import httpx
from aiohttp import web

from myflix_testkit.fakes.catalog import Catalog
from myflix_testkit.fakes.server import FakeServer, Faults, Handler, make_app

JsonDict = dict[str, Any]
DEFAULT_API_KEY = "fake-arr-api-key-for-tests-only"
MASK = "********"  # what the *arrs answer instead of a secret field's value
EMPTY_DATE = "0001-01-01T00:00:00Z"
STATE_KEY: web.AppKey[ArrState] = web.AppKey("arr_state")

LANGUAGES: dict[str, JsonDict] = {
    "en": {"id": 1, "name": "English"},
    "fr": {"id": 2, "name": "French"},
    "es": {"id": 3, "name": "Spanish"},
    "de": {"id": 4, "name": "German"},
    "it": {"id": 5, "name": "Italian"},
    "da": {"id": 6, "name": "Danish"},
    "nl": {"id": 7, "name": "Dutch"},
    "ja": {"id": 8, "name": "Japanese"},
    "zh": {"id": 10, "name": "Chinese"},
    "ru": {"id": 11, "name": "Russian"},
    "sv": {"id": 14, "name": "Swedish"},
    "no": {"id": 15, "name": "Norwegian"},
    "pt": {"id": 18, "name": "Portuguese"},
    "ko": {"id": 21, "name": "Korean"},
}


def language(code: str) -> JsonDict:
    return dict(LANGUAGES.get(code, {"id": 0, "name": "Unknown"}))


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    return iso(datetime.now(UTC))


def split_camel(name: str) -> str:
    """``MoviesSearch`` -> ``Movies Search`` (the ``commandName`` the *arrs show)."""
    out = ""
    for i, ch in enumerate(name):
        if ch.isupper() and i and not name[i - 1].isupper():
            out += " "
        out += ch
    return out


# ------------------------------------------------------------------ responses


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps(data, ensure_ascii=False).encode("utf-8"),
        content_type="application/json",
        charset="utf-8",
        headers=headers,
    )


def created(request: web.Request, resource: JsonDict) -> web.Response:
    """201 with a Location header pointing at the new resource, like ``CreatedAtAction``."""
    location = f"{request.url.origin()}{request.path.rstrip('/')}/{resource['id']}"
    return json_response(resource, status=201, headers={"Location": location})


def accepted(request: web.Request, resource: JsonDict) -> web.Response:
    base = request.path.rstrip("/")
    if not base.rsplit("/", 1)[-1].isdigit():
        base = f"{base}/{resource['id']}"
    return json_response(resource, status=202, headers={"Location": f"{request.url.origin()}{base}"})


def empty_ok() -> web.Response:
    """What a ``void`` action answers (DELETE): 200 with no body."""
    return web.Response(status=200)


def failure(
    prop: str,
    message: str,
    attempted: Any = None,
    code: str = "PredicateValidator",
    placeholders: JsonDict | None = None,
) -> JsonDict:
    """One FluentValidation ``ValidationFailure`` as the *arrs serialize it."""
    values = {"propertyName": split_camel(prop), "propertyValue": attempted, "propertyPath": prop}
    values.update(placeholders or {})
    return {
        "propertyName": prop,
        "errorMessage": message,
        "attemptedValue": attempted,
        "severity": "error",
        "errorCode": code,
        "formattedMessagePlaceholderValues": values,
    }


def not_empty(prop: str, value: Any) -> JsonDict:
    return failure(prop, f"'{split_camel(prop)}' must not be empty.", value, "NotEmptyValidator")


def validation_error(failures: list[JsonDict]) -> web.Response:
    return json_response(failures, status=400)


def error_model(status: int, message: str, description: str | None = None) -> web.Response:
    """``ErrorModel``: the body of 404/409/500 answers raised from services."""
    body: JsonDict = {"message": message}
    if description:
        body["description"] = description
    return json_response(body, status=status)


def problem_not_found() -> web.Response:
    """What ``NotFound()`` answers for ``GET /{id}`` of an unknown id (ASP.NET ProblemDetails)."""
    body = {
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        "title": "Not Found",
        "status": 404,
        "traceId": "00-00000000000000000000000000000000-0000000000000000-00",
    }
    return web.Response(
        status=404, text=json.dumps(body), content_type="application/problem+json", charset="utf-8"
    )


def model_not_found(model: str, item_id: int) -> web.Response:
    message = f"{model} with ID {item_id} does not exist"
    return error_model(404, message, f"NzbDrone.Core.Datastore.ModelNotFoundException: {message}")


class BadBody(web.HTTPBadRequest):
    """A request body that is not the JSON object the route expects."""

    def __init__(self, detail: str) -> None:
        body = {
            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
            "title": "One or more validation errors occurred.",
            "status": 400,
            "errors": {"$": [detail]},
        }
        super().__init__(text=json.dumps(body), content_type="application/problem+json")


async def read_json(request: web.Request, kind: type = dict) -> Any:
    try:
        data = await request.json(loads=json.loads)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise BadBody(f"The JSON value could not be converted: {exc}") from exc
    if not isinstance(data, kind):
        raise BadBody(f"The JSON value is not a {kind.__name__}.")
    return data


def path_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    try:
        return int(raw)
    except ValueError:
        raise web.HTTPBadRequest(text=f"{raw} is not a valid ID") from None


def qparam(request: web.Request, name: str) -> str | None:
    """A query parameter, matched case-insensitively like ASP.NET model binding (pyarr sends ``tmdbid``)."""
    wanted = name.lower()
    return next((v for k, v in request.query.items() if k.lower() == wanted), None)


def qall(request: web.Request, name: str) -> list[str]:
    wanted = name.lower()
    return [v for k, v in request.query.items() if k.lower() == wanted]


def query_int(request: web.Request, name: str, default: int | None = None) -> int | None:
    raw = qparam(request, name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise BadBody(f"The value '{raw}' is not valid for {name}.") from None


def query_bool(request: web.Request, name: str, default: bool = False) -> bool:
    raw = qparam(request, name)
    if raw is None:
        return default
    return raw.lower() in ("1", "true", "yes")


def paged(request: web.Request, records: list[JsonDict], default_sort: str) -> JsonDict:
    """``{page,pageSize,sortKey,sortDirection,totalRecords,records}`` over ``records``."""
    page = max(query_int(request, "page", 1) or 1, 1)
    size = max(query_int(request, "pageSize", 10) or 10, 1)
    sort_key = qparam(request, "sortKey") or default_sort
    direction = qparam(request, "sortDirection") or "default"
    if direction not in ("default", "ascending", "descending"):
        raise BadBody(f"The value '{direction}' is not valid for sortDirection.")
    leaf = sort_key.rsplit(".", 1)[-1]
    descending = direction == "descending" or (direction == "default" and leaf == "date")
    ordered = sorted(
        records, key=lambda r: (r.get(leaf) is None, str(r.get(leaf, "")), r["id"]), reverse=descending
    )
    start = (page - 1) * size
    return {
        "page": page,
        "pageSize": size,
        "sortKey": sort_key,
        "sortDirection": direction,
        "totalRecords": len(records),
        "records": ordered[start : start + size],
    }


# ------------------------------------------------------------------ middlewares


def version_middleware(state: ArrState) -> Callable[[web.Request, Handler], Any]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        if request.path.startswith("/api"):
            response.headers["X-Application-Version"] = state.version
        if isinstance(response, web.HTTPException) and response.status >= 400:
            raise response
        return response

    return middleware


def api_key_of(request: web.Request) -> str | None:
    """The key the *arr handler reads: the query first, then the header, then a Bearer token."""
    if "apikey" in request.query:
        return request.query["apikey"]
    if "X-Api-Key" in request.headers:
        return request.headers["X-Api-Key"]
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return None


def auth_middleware(state: ArrState) -> Callable[[web.Request, Handler], Any]:
    @web.middleware
    async def middleware(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path == "/api" or request.path.startswith("/api/"):
            key = api_key_of(request)
            if key is None or key != state.api_key:
                with state.lock:
                    state.rejected += 1
                return web.Response(status=401)
        return await handler(request)

    return middleware


# ------------------------------------------------------------------ state


def _ids() -> Iterator[int]:
    return itertools.count(1)


@dataclass
class ArrState:
    """State common to every *arr fake. Mutate it only through methods, or inside ``with state.lock``."""

    app_name: str = "Radarr"
    version: str = "5.14.0.9383"
    api_version: str = "v3"
    api_key: str = DEFAULT_API_KEY
    instance_name: str | None = None
    tags: dict[int, JsonDict] = field(default_factory=dict)
    root_folders: dict[int, JsonDict] = field(default_factory=dict)
    quality_profiles: dict[int, JsonDict] = field(default_factory=dict)
    download_clients: dict[int, JsonDict] = field(default_factory=dict)
    queue: dict[int, JsonDict] = field(default_factory=dict)
    history: dict[int, JsonDict] = field(default_factory=dict)
    commands: dict[int, JsonDict] = field(default_factory=dict)
    blocklist: dict[int, JsonDict] = field(default_factory=dict)
    # the query flags of each DELETE /queue/{id}: {"id", "removeFromClient", "blocklist", "skipRedownload"}
    queue_removals: list[JsonDict] = field(default_factory=list)
    disk_space: list[JsonDict] = field(
        default_factory=lambda: [
            {"path": "/", "label": "", "freeSpace": 42_000_000_000, "totalSpace": 250_000_000_000},
            {"path": "/data", "label": "", "freeSpace": 1_200_000_000_000, "totalSpace": 4_000_000_000_000},
        ]
    )
    command_outcome: str = "completed"  # the status a command reaches after it was queued
    rejected: int = 0  # requests refused for a missing or wrong API key
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False)
    _counters: dict[str, Iterator[int]] = field(default_factory=dict, repr=False)
    started: str = field(default_factory=now_iso)

    def next_id(self, collection: str) -> int:
        with self.lock:
            counter = self._counters.setdefault(collection, _ids())
            return next(counter)

    # ---- tags ----
    def add_tag(self, label: str) -> JsonDict:
        with self.lock:
            label = label.strip().lower()
            for tag in self.tags.values():
                if tag["label"] == label:
                    return dict(tag)
            tag = {"id": self.next_id("tag"), "label": label}
            self.tags[tag["id"]] = tag
            return dict(tag)

    # ---- root folders ----
    def add_root_folder(self, path: str, free_space: int = 1_200_000_000_000) -> JsonDict:
        with self.lock:
            folder = {
                "id": self.next_id("rootfolder"),
                "path": path,
                "accessible": True,
                "freeSpace": free_space,
                "unmappedFolders": [],
            }
            self.root_folders[folder["id"]] = folder
            return dict(folder)

    def root_folder_paths(self) -> list[str]:
        with self.lock:
            return [f["path"] for f in self.root_folders.values()]

    # ---- commands ----
    def record_command(self, name: str, body: JsonDict | None = None, trigger: str = "manual") -> JsonDict:
        """Record a command (what POST /command does); ``body`` keeps every argument sent."""
        with self.lock:
            stamp = now_iso()
            command = {
                "id": self.next_id("command"),
                "name": name,
                "commandName": split_camel(name),
                "body": dict(body or {}, name=name),
                "priority": "normal",
                "status": "queued",
                "queued": stamp,
                "trigger": trigger,
                "stateChangeTime": stamp,
                "sendUpdatesToClient": True,
                "updateScheduledTask": True,
            }
            self.commands[command["id"]] = command
            return command

    def commands_named(self, name: str) -> list[JsonDict]:
        with self.lock:
            return [dict(c) for c in self.commands.values() if c["name"] == name]

    # ---- queue / history helpers shared by Radarr and Sonarr ----
    def remove_queue_item(self, queue_id: int) -> JsonDict | None:
        with self.lock:
            return self.queue.pop(queue_id, None)

    def block_release(self, record: JsonDict, message: str = "Manually marked as failed") -> JsonDict:
        """Blocklist the release of a queue record (what ``DELETE /queue/{id}?blocklist=true`` does)."""
        with self.lock:
            links = {k: record[k] for k in ("movieId", "seriesId") if k in record}
            if "episodeId" in record:
                links["episodeIds"] = [record["episodeId"]]
            entry = {
                "id": self.next_id("blocklist"),
                "sourceTitle": record.get("title"),
                "languages": record.get("languages") or [],
                "quality": record["quality"],
                "customFormats": [],
                "date": now_iso(),
                "protocol": record.get("protocol", "torrent"),
                "indexer": record.get("indexer"),
                "message": message,
                **links,
            }
            self.blocklist[entry["id"]] = entry
            return dict(entry)


@dataclass
class ArrFake:
    """A running *arr fake, as the fixtures yield it."""

    server: FakeServer
    state: ArrState

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def api_key(self) -> str:
        return self.state.api_key

    @property
    def faults(self) -> Faults:
        return self.server.faults

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/{self.state.api_version}"

    def client(self, **kwargs: Any) -> httpx.Client:
        """An httpx client on the API prefix with the API key header (close it, or use ``with``)."""
        kwargs.setdefault("timeout", 10.0)
        return httpx.Client(base_url=self.api_url, headers={"X-Api-Key": self.api_key}, **kwargs)


# ------------------------------------------------------------------ quality

QUALITIES: dict[str, JsonDict] = {
    "radarr": {"id": 7, "name": "Bluray-1080p", "source": "bluray", "resolution": 1080, "modifier": "none"},
    "sonarr": {"id": 3, "name": "WEBDL-1080p", "source": "web", "resolution": 1080},
}


def quality_model(flavour: str) -> JsonDict:
    return {
        "quality": dict(QUALITIES[flavour]),
        "revision": {"version": 1, "real": 0, "isRepack": False},
    }


def default_quality_profiles(flavour: str) -> dict[int, JsonDict]:
    names = ["Any", "SD", "HD-720p", "HD-1080p", "Ultra-HD", "HD - 720p/1080p"]
    profiles: dict[int, JsonDict] = {}
    for pid, name in enumerate(names, start=1):
        quality = dict(QUALITIES[flavour])
        profile: JsonDict = {
            "id": pid,
            "name": name,
            "upgradeAllowed": False,
            "cutoff": quality["id"],
            "items": [{"quality": quality, "items": [], "allowed": True}],
            "minFormatScore": 0,
            "cutoffFormatScore": 0,
            "minUpgradeFormatScore": 1,
            "formatItems": [],
        }
        if flavour == "radarr":
            profile["language"] = language("en")
        profiles[pid] = profile
    return profiles


# ------------------------------------------------------------------ provider resources (fields)


def field_def(
    order: int,
    name: str,
    label: str,
    value: Any,
    *,
    ftype: str = "textbox",
    privacy: str = "normal",
    advanced: bool = False,
) -> JsonDict:
    return {
        "order": order,
        "name": name,
        "label": label,
        "value": value,
        "type": ftype,
        "advanced": advanced,
        "privacy": privacy,
        "isFloat": False,
    }


def merge_fields(
    schema: list[JsonDict], sent: list[JsonDict] | None, old: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The stored values: the schema defaults, then the previous values, then what the client sent.

    A secret sent back as ``********`` keeps its stored value, like the real apps; unknown names are ignored.
    """
    values = {f["name"]: f["value"] for f in schema}
    values.update(old or {})
    for item in sent or []:
        name = item.get("name")
        if name not in values:
            continue
        if item.get("value") == MASK and old is not None:
            continue
        values[name] = item.get("value")
    return values


def render_fields(schema: list[JsonDict], values: dict[str, Any]) -> list[JsonDict]:
    out = []
    for spec in schema:
        item = dict(spec, value=values.get(spec["name"], spec["value"]))
        if spec["privacy"] in ("password", "apiKey") and item["value"]:
            item["value"] = MASK
        out.append(item)
    return out


def qbittorrent_schema(flavour: str) -> list[JsonDict]:
    media = "movie" if flavour == "radarr" else "tv"
    noun = "Movie" if flavour == "radarr" else "Tv"
    return [
        field_def(0, "host", "Host", "localhost"),
        field_def(1, "port", "Port", 8080, ftype="number"),
        field_def(2, "useSsl", "Use SSL", False, ftype="checkbox"),
        field_def(3, "urlBase", "URL Base", None, advanced=True),
        field_def(4, "username", "Username", None, privacy="userName"),
        field_def(5, "password", "Password", None, ftype="password", privacy="password"),
        field_def(6, f"{media}Category", "Category", "radarr" if flavour == "radarr" else "tv-sonarr"),
        field_def(7, f"{media}ImportedCategory", "Post-Import Category", None, advanced=True),
        field_def(8, f"recent{noun}Priority", f"Recent {noun} Priority", 0, ftype="select"),
        field_def(9, f"older{noun}Priority", f"Older {noun} Priority", 0, ftype="select"),
        field_def(10, "initialState", "Initial State", 0, ftype="select"),
        field_def(11, "sequentialOrder", "Sequential Order", False, ftype="checkbox"),
        field_def(12, "firstAndLast", "First and Last First", False, ftype="checkbox"),
        field_def(13, "contentLayout", "Content Layout", 0, ftype="select"),
    ]


class DownloadClients:
    """``/downloadclient``: qBittorrent only, schema-shaped like the real provider resources."""

    IMPLEMENTATIONS = ("QBittorrent",)

    def __init__(self, state: ArrState, flavour: str) -> None:
        self.state = state
        self.flavour = flavour
        self.schema = qbittorrent_schema(flavour)
        self.values: dict[int, dict[str, Any]] = {}

    def info_link(self) -> str:
        return f"https://wiki.servarr.com/{self.flavour}/supported#qbittorrent"

    def render(self, client_id: int) -> JsonDict:
        stored = self.state.download_clients[client_id]
        return dict(stored, fields=render_fields(self.schema, self.values[client_id]))

    def template(self) -> JsonDict:
        return {
            "name": "",
            "fields": render_fields(self.schema, merge_fields(self.schema, None)),
            "implementationName": "qBittorrent",
            "implementation": "QBittorrent",
            "configContract": "QBittorrentSettings",
            "infoLink": self.info_link(),
            "tags": [],
            "presets": [],
            "enable": True,
            "protocol": "torrent",
            "priority": 1,
            "removeCompletedDownloads": True,
            "removeFailedDownloads": True,
        }

    def validate(self, body: JsonDict, client_id: int | None) -> list[JsonDict]:
        errors = []
        name = body.get("name")
        if not name:
            errors.append(not_empty("Name", name))
        elif any(
            c["name"].lower() == str(name).lower() and c["id"] != client_id
            for c in self.state.download_clients.values()
        ):
            errors.append(failure("Name", "Should be unique", name))
        if body.get("implementation") not in self.IMPLEMENTATIONS:
            errors.append(
                failure(
                    "Implementation", "Unknown download client implementation", body.get("implementation")
                )
            )
        priority = body.get("priority", 1)
        if not isinstance(priority, int) or not 1 <= priority <= 50:
            errors.append(
                failure(
                    "Priority",
                    "'Priority' must be between 1 and 50. You entered " + str(priority) + ".",
                    priority,
                    "InclusiveBetweenValidator",
                )
            )
        return errors

    def save(self, body: JsonDict, client_id: int | None) -> JsonDict:
        old = self.values.get(client_id) if client_id is not None else None
        cid = client_id if client_id is not None else self.state.next_id("downloadclient")
        resource = self.template()
        resource.pop("fields")
        resource.pop("presets")
        for key in ("name", "enable", "priority", "removeCompletedDownloads", "removeFailedDownloads"):
            if key in body:
                resource[key] = body[key]
        resource["tags"] = sorted(set(body.get("tags") or []))
        resource["id"] = cid
        self.state.download_clients[cid] = resource
        self.values[cid] = merge_fields(self.schema, body.get("fields"), old)
        return self.render(cid)

    def secret_values(self, client_id: int) -> dict[str, Any]:
        """The stored field values, secrets unmasked (for tests that check what the client sent)."""
        with self.state.lock:
            return dict(self.values[client_id])


# ------------------------------------------------------------------ routes shared by Radarr and Sonarr


def system_status(state: ArrState, extra: JsonDict | None = None) -> JsonDict:
    status: JsonDict = {
        "appName": state.app_name,
        "instanceName": state.instance_name or state.app_name,
        "version": state.version,
        "buildTime": "2024-10-01T12:00:00Z",
        "isDebug": False,
        "isProduction": True,
        "isAdmin": False,
        "isUserInteractive": False,
        "startupPath": "/app/bin",
        "appData": "/config",
        "osName": "debian",
        "osVersion": "12",
        "isNetCore": True,
        "isLinux": True,
        "isOsx": False,
        "isWindows": False,
        "isDocker": True,
        "mode": "console",
        "branch": "master",
        "databaseType": "sqLite",
        "databaseVersion": "3.46.1",
        "authentication": "forms",
        "migrationVersion": 241,
        "urlBase": "",
        "runtimeVersion": "8.0.10",
        "runtimeName": ".NET",
        "startTime": state.started,
        "packageVersion": state.version,
        "packageAuthor": "myflix fake",
        "packageUpdateMechanism": "docker",
    }
    status.update(extra or {})
    return status


def get_by_id(state: ArrState, records: dict[int, JsonDict], render: Callable[[int], JsonDict]) -> Handler:
    """A ``GET /{resource}/{id}`` handler: the rendered record, or the 404 problem for an unknown id."""

    async def get_one(request: web.Request) -> web.Response:
        item_id = path_id(request)
        with state.lock:
            if item_id not in records:
                return problem_not_found()
            return json_response(render(item_id))

    return get_one


def add_base_routes(app: web.Application, state: ArrState, status_extra: JsonDict | None = None) -> None:
    """``/ping``, ``/api`` and ``/api/vN/system/status``: what every *arr answers."""
    prefix = f"/api/{state.api_version}"

    async def ping(_: web.Request) -> web.Response:
        return json_response({"status": "OK"})

    async def api_info(_: web.Request) -> web.Response:
        return json_response({"current": state.api_version, "deprecated": []})

    async def status(_: web.Request) -> web.Response:
        with state.lock:
            return json_response(system_status(state, status_extra))

    app.router.add_get("/ping", ping, allow_head=False)
    app.router.add_route("HEAD", "/ping", ping)
    app.router.add_get("/api", api_info, allow_head=False)
    app.router.add_get(f"{prefix}/system/status", status, allow_head=False)


def add_tag_routes(app: web.Application, state: ArrState) -> None:
    prefix = f"/api/{state.api_version}"

    async def list_tags(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([dict(t) for t in state.tags.values()])

    async def get_tag(request: web.Request) -> web.Response:
        tag_id = path_id(request)
        with state.lock:
            tag = state.tags.get(tag_id)
            return json_response(dict(tag)) if tag else problem_not_found()

    async def add_tag(request: web.Request) -> web.Response:
        body = await read_json(request)
        label = body.get("label")
        if not label or not str(label).strip():
            return validation_error([not_empty("Label", label)])
        return created(request, state.add_tag(str(label)))

    async def delete_tag(request: web.Request) -> web.Response:
        tag_id = path_id(request)
        with state.lock:
            if state.tags.pop(tag_id, None) is None:
                return model_not_found("Tag", tag_id)
        return empty_ok()

    app.router.add_get(f"{prefix}/tag", list_tags, allow_head=False)
    app.router.add_post(f"{prefix}/tag", add_tag)
    app.router.add_get(prefix + "/tag/{id}", get_tag, allow_head=False)
    app.router.add_delete(prefix + "/tag/{id}", delete_tag)


def add_command_routes(
    app: web.Application,
    state: ArrState,
    known: Iterable[str],
    *,
    on_command: Callable[[JsonDict], None] | None = None,
    with_result: bool = True,
    flags: Iterable[str] = ("isExclusive", "isTypeExclusive", "isLongRunning"),
) -> None:
    """``/command``: POST records the command; the answer is the queued ``CommandResource``.

    ``flags`` are the boolean ``Command`` properties this app's version serializes (they differ per app).
    """
    prefix = f"/api/{state.api_version}"
    known_names = set(known)
    command_flags = tuple(flags)

    def render(command: JsonDict, stage: str) -> JsonDict:
        out = {k: v for k, v in command.items() if k != "body"}
        # the spec's ``Command`` schema has no room for the command's own arguments: keep them in state only
        out["body"] = {
            "sendUpdatesToClient": True,
            "updateScheduledTask": True,
            "completionMessage": "Completed",
            "requiresDiskAccess": False,
            **dict.fromkeys(command_flags, False),
            "name": command["name"],
            "trigger": command["trigger"],
            "suppressMessages": False,
        }
        if stage == "queued":
            out["status"] = "queued"
            if with_result:
                out["result"] = "unknown"
        else:
            out["status"] = state.command_outcome
            out["started"] = command["queued"]
            if state.command_outcome in ("completed", "failed"):
                out["ended"] = command["queued"]
                out["duration"] = "00:00:00.0100000"
                out["message"] = "Completed" if state.command_outcome == "completed" else "Failed"
            if with_result:
                out["result"] = "successful" if state.command_outcome == "completed" else "unsuccessful"
        return out

    async def post_command(request: web.Request) -> web.Response:
        body = await read_json(request)
        name = body.get("name")
        if not name:
            return validation_error([not_empty("Name", name)])
        if name not in known_names:
            return validation_error([failure("Name", f"Unknown command: {name}", name)])
        with state.lock:
            command = state.record_command(str(name), {k: v for k, v in body.items() if k != "name"})
            if on_command is not None:
                on_command(command)
            return created(request, render(command, "queued"))

    async def list_commands(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([render(c, "done") for c in state.commands.values()])

    async def get_command(request: web.Request) -> web.Response:
        command_id = path_id(request)
        with state.lock:
            command = state.commands.get(command_id)
            return json_response(render(command, "done")) if command else problem_not_found()

    app.router.add_post(f"{prefix}/command", post_command)
    app.router.add_get(f"{prefix}/command", list_commands, allow_head=False)
    app.router.add_get(prefix + "/command/{id}", get_command, allow_head=False)


def add_media_routes(app: web.Application, state: ArrState, clients: DownloadClients) -> None:
    """rootfolder, qualityprofile, downloadclient, diskspace: identical in Radarr and Sonarr."""
    prefix = f"/api/{state.api_version}"

    async def list_root_folders(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([dict(f) for f in state.root_folders.values()])

    async def get_root_folder(request: web.Request) -> web.Response:
        folder_id = path_id(request)
        with state.lock:
            folder = state.root_folders.get(folder_id)
            return json_response(dict(folder)) if folder else problem_not_found()

    async def add_root_folder(request: web.Request) -> web.Response:
        body = await read_json(request)
        path = body.get("path")
        if not path:
            return validation_error([not_empty("Path", path)])
        if not str(path).startswith("/"):
            return validation_error([failure("Path", "Invalid Path", path, "PathValidator")])
        with state.lock:
            if any(f["path"].rstrip("/") == str(path).rstrip("/") for f in state.root_folders.values()):
                return validation_error(
                    [
                        failure(
                            "Path",
                            "Path is already configured as a root folder",
                            path,
                            "RootFolderValidator",
                        )
                    ]
                )
            return created(request, state.add_root_folder(str(path)))

    async def delete_root_folder(request: web.Request) -> web.Response:
        folder_id = path_id(request)
        with state.lock:
            if state.root_folders.pop(folder_id, None) is None:
                return model_not_found("RootFolder", folder_id)
        return empty_ok()

    async def list_profiles(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([dict(p) for p in state.quality_profiles.values()])

    async def list_clients(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([clients.render(cid) for cid in state.download_clients])

    get_client = get_by_id(state, state.download_clients, clients.render)

    async def client_schema(_: web.Request) -> web.Response:
        return json_response([clients.template()])

    async def add_client(request: web.Request) -> web.Response:
        body = await read_json(request)
        with state.lock:
            errors = clients.validate(body, None)
            if errors:
                return validation_error(errors)
            return created(request, clients.save(body, None))

    async def update_client(request: web.Request) -> web.Response:
        client_id = path_id(request)
        body = await read_json(request)
        with state.lock:
            if client_id not in state.download_clients:
                return model_not_found("DownloadClientDefinition", client_id)
            errors = clients.validate(body, client_id)
            if errors:
                return validation_error(errors)
            return accepted(request, clients.save(body, client_id))

    async def delete_client(request: web.Request) -> web.Response:
        client_id = path_id(request)
        with state.lock:
            if state.download_clients.pop(client_id, None) is None:
                return model_not_found("DownloadClientDefinition", client_id)
            clients.values.pop(client_id, None)
        return empty_ok()

    async def disk_space(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([dict(d) for d in state.disk_space])

    r = app.router
    r.add_get(f"{prefix}/rootfolder", list_root_folders, allow_head=False)
    r.add_post(f"{prefix}/rootfolder", add_root_folder)
    r.add_get(prefix + "/rootfolder/{id}", get_root_folder, allow_head=False)
    r.add_delete(prefix + "/rootfolder/{id}", delete_root_folder)
    r.add_get(f"{prefix}/qualityprofile", list_profiles, allow_head=False)
    r.add_get(f"{prefix}/downloadclient", list_clients, allow_head=False)
    r.add_post(f"{prefix}/downloadclient", add_client)
    r.add_get(f"{prefix}/downloadclient/schema", client_schema, allow_head=False)
    r.add_get(prefix + "/downloadclient/{id}", get_client, allow_head=False)
    r.add_put(prefix + "/downloadclient/{id}", update_client)
    r.add_delete(prefix + "/downloadclient/{id}", delete_client)
    r.add_get(f"{prefix}/diskspace", disk_space, allow_head=False)


class QueueOptions(TypedDict, total=False):
    """The optional fields of a seeded queue record, alike in Radarr and Sonarr."""

    status: str
    tracked_state: str
    tracked_status: str
    status_messages: list[JsonDict]
    error_message: str | None
    download_id: str | None
    download_client: str
    indexer: str
    eta: timedelta


class HistoryOptions(TypedDict, total=False):
    """The optional fields of a seeded history record, alike in Radarr and Sonarr."""

    download_id: str | None
    date: datetime | None
    data: dict[str, str | None] | None


def add_queue_record(
    state: ArrState,
    flavour: str,
    links: JsonDict,
    *,
    title: str,
    size: int,
    sizeleft: int,
    status: str = "downloading",
    tracked_state: str = "downloading",
    tracked_status: str = "ok",
    status_messages: list[JsonDict] | None = None,
    error_message: str | None = None,
    download_id: str | None = None,
    download_client: str = "qBittorrent",
    indexer: str = "Fake Indexer (Prowlarr)",
    eta: timedelta = timedelta(minutes=10),
) -> JsonDict:
    """Store a queue record (what ``GET /queue`` lists); ``links`` are the app's ids (``movieId``...)."""
    added = datetime.now(UTC) - timedelta(minutes=5)
    with state.lock:
        record = {
            "id": state.next_id("queue"),
            "languages": [language("en")],
            "quality": quality_model(flavour),
            "customFormats": [],
            "customFormatScore": 0,
            "size": float(size),
            "title": title,
            "sizeleft": float(sizeleft),
            "timeleft": str(eta).rjust(8, "0")
            if eta.days == 0
            else f"{eta.days}.{eta - timedelta(days=eta.days)!s}",
            "estimatedCompletionTime": iso(datetime.now(UTC) + eta),
            "added": iso(added),
            "status": status,
            "trackedDownloadStatus": tracked_status,
            "trackedDownloadState": tracked_state,
            "statusMessages": [dict(m) for m in status_messages or []],
            **({"errorMessage": error_message} if error_message is not None else {}),
            "downloadId": download_id or hashlib.sha1(title.encode()).hexdigest().upper(),
            "protocol": "torrent",
            "downloadClient": download_client,
            "downloadClientHasPostImportCategory": False,
            "indexer": indexer,
            "outputPath": f"/data/torrents/{title}",
            **links,
        }
        state.queue[record["id"]] = record
        return dict(record)


def add_history_record(
    state: ArrState,
    flavour: str,
    links: JsonDict,
    *,
    source_title: str,
    event_type: str,
    download_id: str | None = None,
    date: datetime | None = None,
    data: dict[str, str | None] | None = None,
) -> JsonDict:
    """Store a history record; ``links`` are the app's ids (``movieId``, ``seriesId`` + ``episodeId``)."""
    with state.lock:
        record = {
            "id": state.next_id("history"),
            "sourceTitle": source_title,
            "languages": [language("en")],
            "quality": quality_model(flavour),
            "customFormats": [],
            "customFormatScore": 0,
            "qualityCutoffNotMet": False,
            "date": iso(date) if date else now_iso(),
            "downloadId": download_id,
            "eventType": event_type,
            "data": dict(data or {}),
            **links,
        }
        state.history[record["id"]] = record
        return dict(record)


# ------------------------------------------------------------------ library apps (Radarr, Sonarr)


def folder_name(title: str, year: int) -> str:
    """``Title (Year)`` without the characters both apps strip from folder names."""
    safe = re.sub(r'[:<>"/\\|?*]', "", title)
    return f"{' '.join(safe.split())} ({year})"


def validate_placement(state: ArrState, body: JsonDict) -> list[JsonDict]:
    """What POST /movie and POST /series check first: a path or a known root folder, a known profile."""
    errors: list[JsonDict] = []
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
    return errors


@dataclass(frozen=True)
class Library:
    """How one app names and keeps its library, for the routes Radarr and Sonarr serve alike.

    ``segment`` (``movie``/``series``) names the route, the record's id field in queue and history
    (``movieId``), their id filter (``movieIds``) and the embedded resource; ``model`` (``Movie``) names
    the ``include{model}`` flag and the 404 message.
    """

    model: str
    segment: str
    external_id: str  # the query filter of GET /{segment}: tmdbId or tvdbId
    exclusion_flag: str  # the DELETE query flag that adds an import (list) exclusion
    records: dict[int, JsonDict]
    deletions: list[JsonDict]
    history_events: dict[str, int]
    find: Callable[[int], JsonDict | None]
    resource: Callable[[int], JsonDict]
    remove: Callable[[int], None]
    apply_update: Callable[[JsonDict, JsonDict], None]  # (record, body): the app's own updatable fields
    lookup: Callable[[str], list[JsonDict]]  # GET /{segment}/lookup?term=


def add_library_routes(app: web.Application, state: ArrState, lib: Library) -> None:
    """List/get/update/delete and ``lookup?term=`` on ``/{segment}``, plus ``queue`` and ``history``."""
    prefix = "/api/v3"
    id_key = f"{lib.segment}Id"

    def embed(rec: JsonDict, include: bool) -> JsonDict:
        out = dict(rec)
        if include and rec.get(id_key) in lib.records:
            out[lib.segment] = lib.resource(rec[id_key])
        return out

    async def list_items(request: web.Request) -> web.Response:
        external = query_int(request, lib.external_id)
        with state.lock:
            if external is not None:
                record = lib.find(external)
                return json_response([lib.resource(record["id"])] if record else [])
            return json_response([lib.resource(item_id) for item_id in lib.records])

    get_item = get_by_id(state, lib.records, lib.resource)

    async def lookup(request: web.Request) -> web.Response:
        term = qparam(request, "term") or ""
        with state.lock:
            return json_response(lib.lookup(term))

    async def update_item(request: web.Request) -> web.Response:
        body = await read_json(request)
        item_id = path_id(request) if "id" in request.match_info else body.get("id")
        if not isinstance(item_id, int) or item_id <= 0:
            return validation_error(
                [failure("Id", "'Id' must be greater than '0'.", item_id, "GreaterThanValidator")]
            )
        with state.lock:
            if item_id not in lib.records:
                return model_not_found(lib.model, item_id)
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
            record = lib.records[item_id]
            record.update(
                path=body["path"],
                qualityProfileId=profile,
                monitored=bool(body.get("monitored", record["monitored"])),
                tags=sorted(set(body.get("tags") or [])),
            )
            lib.apply_update(record, body)
            return accepted(request, lib.resource(item_id))

    async def delete_item(request: web.Request) -> web.Response:
        item_id = path_id(request)
        with state.lock:
            if item_id not in lib.records:
                return model_not_found(lib.model, item_id)
            lib.remove(item_id)
            lib.deletions.append(
                {
                    "id": item_id,
                    "deleteFiles": query_bool(request, "deleteFiles"),
                    lib.exclusion_flag: query_bool(request, lib.exclusion_flag),
                }
            )
        return empty_ok()

    async def queue(request: web.Request) -> web.Response:
        include = query_bool(request, f"include{lib.model}")
        with state.lock:
            records = [embed(rec, include) for rec in state.queue.values()]
            return json_response(paged(request, records, "timeleft"))

    async def delete_queue(request: web.Request) -> web.Response:
        queue_id = path_id(request)
        flags = {
            name: query_bool(request, name, default)
            for name, default in (("removeFromClient", True), ("blocklist", False), ("skipRedownload", False))
        }
        with state.lock:
            record = state.remove_queue_item(queue_id)
            if record is None:
                return problem_not_found()
            state.queue_removals.append({"id": queue_id, **flags})
            if flags["blocklist"]:
                state.block_release(record)
        return empty_ok()

    async def blocklist(request: web.Request) -> web.Response:
        item_ids = {int(v) for v in qall(request, f"{lib.segment}Ids") if v.isdigit()}
        with state.lock:
            records = [
                dict(rec) for rec in state.blocklist.values() if not item_ids or rec.get(id_key) in item_ids
            ]
            return json_response(paged(request, records, "date"))

    async def history(request: web.Request) -> web.Response:
        include = query_bool(request, f"include{lib.model}")
        wanted = qall(request, "eventType")
        item_ids = {int(v) for v in qall(request, f"{lib.segment}Ids") if v.isdigit()}
        with state.lock:
            records = [
                embed(rec, include)
                for rec in state.history.values()
                if (not wanted or str(lib.history_events[rec["eventType"]]) in wanted)
                and (not item_ids or rec[id_key] in item_ids)
            ]
            return json_response(paged(request, records, "date"))

    r = app.router
    r.add_get(f"{prefix}/{lib.segment}", list_items, allow_head=False)
    r.add_get(f"{prefix}/{lib.segment}/lookup", lookup, allow_head=False)  # before {id}, which matches it
    r.add_get(prefix + f"/{lib.segment}/{{id}}", get_item, allow_head=False)
    r.add_put(prefix + f"/{lib.segment}/{{id}}", update_item)
    r.add_put(f"{prefix}/{lib.segment}", update_item)  # RestPutById is "{id?}": pyarr PUTs without the id
    r.add_delete(prefix + f"/{lib.segment}/{{id}}", delete_item)
    r.add_get(f"{prefix}/queue", queue, allow_head=False)
    r.add_delete(prefix + "/queue/{id}", delete_queue)
    r.add_get(f"{prefix}/blocklist", blocklist, allow_head=False)
    r.add_get(f"{prefix}/history", history, allow_head=False)


def create_library_app(
    state: ArrState,
    flavour: str,
    commands: Iterable[str],
    build_routes: Callable[[web.Application], None],
    middlewares: list[Any] | None = None,
    **command_options: Any,
) -> web.Application:
    """A Radarr or Sonarr app: faults, ``middlewares`` (e.g. a contract recorder), version, auth, routes."""
    app = make_app([*(middlewares or []), version_middleware(state), auth_middleware(state)])
    app[STATE_KEY] = state
    add_base_routes(app, state)
    add_tag_routes(app, state)
    add_media_routes(app, state, DownloadClients(state, flavour))
    add_command_routes(app, state, commands, **command_options)
    build_routes(app)
    return app


def catalog_from_args(args: argparse.Namespace) -> Catalog | None:
    """The ``--catalog`` file, or None for the default catalog."""
    return Catalog.load(args.catalog) if args.catalog else None


def add_catalog_arguments(parser: argparse.ArgumentParser) -> None:
    """The command-line options of the Radarr and Sonarr fakes (``python -m myflix_testkit.fakes``)."""
    parser.add_argument("--catalog", help="catalog JSON file (default: the small realistic one)")
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the API key clients must send")
