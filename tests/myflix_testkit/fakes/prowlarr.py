"""A contract-faithful fake of the Prowlarr v1 API: what the Myflix wiring needs.

Routes: ``/ping``, ``/api``, ``/api/v1/system/status``, ``applications`` (list, get, schema, add, update,
delete; Radarr and Sonarr implementations with their fields), ``indexer`` (list; empty unless seeded),
``appprofile`` (list), ``tag`` and ``command`` (``ApplicationIndexerSync``...).

Like the real app, saving an application tests it first unless ``?forceSave=true``: the fake calls the
application's ``{baseUrl}/api/v3/system/status`` with its API key, but only on a loopback address (it never
sends traffic elsewhere; any other host counts as unreachable). Set ``state.test_on_save = False`` to skip.
"""

from __future__ import annotations

import argparse
from typing import Any
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

from myflix_testkit.fakes.arr_common import (
    DEFAULT_API_KEY,
    STATE_KEY,
    ArrState,
    JsonDict,
    accepted,
    add_base_routes,
    add_command_routes,
    add_tag_routes,
    auth_middleware,
    created,
    empty_ok,
    failure,
    field_def,
    json_response,
    merge_fields,
    model_not_found,
    not_empty,
    now_iso,
    path_id,
    problem_not_found,
    query_bool,
    read_json,
    render_fields,
    validation_error,
    version_middleware,
)
from myflix_testkit.fakes.server import make_app

COMMANDS = ("ApplicationIndexerSync", "CheckHealth", "Backup", "ApplicationUpdateCheck")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def application_schema(implementation: str) -> list[JsonDict]:
    if implementation == "Radarr":
        categories = [2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060, 2070, 2080, 2090]
        fields = [
            field_def(0, "prowlarrUrl", "Prowlarr Server", "http://localhost:9696"),
            field_def(1, "baseUrl", "Radarr Server", "http://localhost:7878"),
            field_def(2, "apiKey", "API Key", "", privacy="apiKey"),
            field_def(3, "syncCategories", "Sync Categories", categories, ftype="select", advanced=True),
        ]
    else:
        categories = [5000, 5010, 5020, 5030, 5040, 5045, 5050, 5090]
        fields = [
            field_def(0, "prowlarrUrl", "Prowlarr Server", "http://localhost:9696"),
            field_def(1, "baseUrl", "Sonarr Server", "http://localhost:8989"),
            field_def(2, "apiKey", "API Key", "", privacy="apiKey"),
            field_def(3, "syncCategories", "Sync Categories", categories, ftype="select", advanced=True),
            field_def(
                4, "animeSyncCategories", "Anime Sync Categories", [5070], ftype="select", advanced=True
            ),
            field_def(
                5,
                "syncAnimeStandardFormatSearch",
                "Sync Anime Standard Format Search",
                False,
                ftype="checkbox",
            ),
        ]
    return fields


IMPLEMENTATIONS = ("Radarr", "Sonarr")


class ProwlarrState(ArrState):
    """Everything the Prowlarr fake knows: applications (with unmasked field values), indexers, profiles."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("app_name", "Prowlarr")
        kwargs.setdefault("version", "1.28.2.4885")
        kwargs.setdefault("api_version", "v1")
        super().__init__(**kwargs)
        self.applications: dict[int, JsonDict] = {}
        self.application_values: dict[int, dict[str, Any]] = {}
        self.indexers: dict[int, JsonDict] = {}
        self.app_profiles: dict[int, JsonDict] = {
            1: {
                "id": 1,
                "name": "Standard",
                "enableRss": True,
                "enableAutomaticSearch": True,
                "enableInteractiveSearch": True,
                "minimumSeeders": 1,
            }
        }
        self.test_on_save = True
        self.tested_urls: list[str] = []

    def application_resource(self, app_id: int) -> JsonDict:
        with self.lock:
            stored = self.applications[app_id]
            schema = application_schema(stored["implementation"])
            return dict(stored, fields=render_fields(schema, self.application_values[app_id]))

    def application_fields(self, app_id: int) -> dict[str, Any]:
        """The stored field values, secrets unmasked (what Prowlarr would use to reach the app)."""
        with self.lock:
            return dict(self.application_values[app_id])

    def add_indexer(self, name: str, *, protocol: str = "torrent", privacy: str = "public") -> JsonDict:
        with self.lock:
            indexer_id = self.next_id("indexer")
            self.indexers[indexer_id] = {
                "id": indexer_id,
                "name": name,
                "fields": [],
                "implementationName": "Cardigann",
                "implementation": "Cardigann",
                "configContract": "CardigannSettings",
                "tags": [],
                "indexerUrls": [f"https://{name.lower().replace(' ', '')}.example/"],
                "legacyUrls": [],
                "definitionName": name.lower().replace(" ", ""),
                "description": f"{name} (fake)",
                "language": "en-US",
                "enable": True,
                "redirect": False,
                "supportsRss": True,
                "supportsSearch": True,
                "supportsRedirect": False,
                "supportsPagination": False,
                "appProfileId": 1,
                "protocol": protocol,
                "privacy": privacy,
                "priority": 25,
                "downloadClientId": 0,
                "added": now_iso(),
                "sortName": name.lower(),
            }
            return dict(self.indexers[indexer_id])


def template(implementation: str) -> JsonDict:
    schema = application_schema(implementation)
    return {
        "name": "",
        "fields": render_fields(schema, merge_fields(schema, None)),
        "implementationName": implementation,
        "implementation": implementation,
        "configContract": f"{implementation}Settings",
        "infoLink": f"https://wiki.servarr.com/prowlarr/supported#{implementation.lower()}",
        "tags": [],
        "presets": [],
        "syncLevel": "fullSync",
    }


async def test_application(
    state: ProwlarrState, values: dict[str, Any], implementation: str
) -> list[JsonDict]:
    """Reach the application like Prowlarr's test does; loopback only."""
    base = str(values.get("baseUrl") or "").rstrip("/")
    message = f"Unable to complete application test, cannot connect to {implementation}."
    host = urlsplit(base).hostname
    if host not in LOOPBACK_HOSTS:
        return [failure("BaseUrl", message, base)]
    url = f"{base}/api/v3/system/status"
    state.tested_urls.append(url)
    try:
        async with (
            aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session,
            session.get(url, headers={"X-Api-Key": str(values.get("apiKey") or "")}) as response,
        ):
            if response.status == 401:
                return [failure("ApiKey", "API Key is invalid", "********")]
            if response.status != 200:
                return [failure("BaseUrl", message, base)]
            status = await response.json()
    except (aiohttp.ClientError, TimeoutError, ValueError):
        return [failure("BaseUrl", message, base)]
    if status.get("appName") != implementation:
        return [failure("BaseUrl", f"{message} The server is not {implementation}.", base)]
    return []


def build_routes(app: web.Application, state: ProwlarrState) -> None:
    prefix = "/api/v1"

    def validate(body: JsonDict, app_id: int | None) -> list[JsonDict]:
        errors: list[JsonDict] = []
        name = body.get("name")
        if not name:
            errors.append(not_empty("Name", name))
        elif any(
            a["name"].lower() == str(name).lower() and a["id"] != app_id for a in state.applications.values()
        ):
            errors.append(failure("Name", "Should be unique", name))
        if body.get("implementation") not in IMPLEMENTATIONS:
            errors.append(
                failure("Implementation", "Unknown application implementation", body.get("implementation"))
            )
        if body.get("syncLevel", "fullSync") not in ("disabled", "addOnly", "fullSync"):
            errors.append(
                failure("SyncLevel", "'Sync Level' has a range of values which does not include", None)
            )
        return errors

    def check_fields(values: dict[str, Any]) -> list[JsonDict]:
        errors = []
        for key, label in (("prowlarrUrl", "ProwlarrUrl"), ("baseUrl", "BaseUrl"), ("apiKey", "ApiKey")):
            if not values.get(key):
                errors.append(not_empty(label, values.get(key)))
        return errors

    async def save(request: web.Request, app_id: int | None) -> web.Response:
        body = await read_json(request)
        with state.lock:
            if app_id is not None and app_id not in state.applications:
                return model_not_found("ApplicationDefinition", app_id)
            errors = validate(body, app_id)
            if errors:
                return validation_error(errors)
            implementation = body["implementation"]
            schema = application_schema(implementation)
            old = state.application_values.get(app_id) if app_id is not None else None
            values = merge_fields(schema, body.get("fields"), old)
            errors = check_fields(values)
            if errors:
                return validation_error(errors)
            test = state.test_on_save and not query_bool(request, "forceSave")
        if test:
            errors = await test_application(state, values, implementation)
            if errors:
                return validation_error(errors)
        with state.lock:
            new_id = app_id if app_id is not None else state.next_id("application")
            resource = template(implementation)
            resource.pop("fields")
            resource.pop("presets")
            resource.update(
                id=new_id,
                name=body["name"],
                syncLevel=body.get("syncLevel", "fullSync"),
                tags=sorted(set(body.get("tags") or [])),
            )
            state.applications[new_id] = resource
            state.application_values[new_id] = values
            rendered = state.application_resource(new_id)
        return accepted(request, rendered) if app_id is not None else created(request, rendered)

    async def list_apps(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([state.application_resource(a) for a in state.applications])

    async def get_app(request: web.Request) -> web.Response:
        app_id = path_id(request)
        with state.lock:
            if app_id not in state.applications:
                return problem_not_found()
            return json_response(state.application_resource(app_id))

    async def app_schema(_: web.Request) -> web.Response:
        return json_response([template(i) for i in IMPLEMENTATIONS])

    async def add_app(request: web.Request) -> web.Response:
        return await save(request, None)

    async def update_app(request: web.Request) -> web.Response:
        return await save(request, path_id(request))

    async def delete_app(request: web.Request) -> web.Response:
        app_id = path_id(request)
        with state.lock:
            if state.applications.pop(app_id, None) is None:
                return model_not_found("ApplicationDefinition", app_id)
            state.application_values.pop(app_id, None)
        return empty_ok()

    async def list_indexers(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([dict(i) for i in state.indexers.values()])

    async def list_profiles(_: web.Request) -> web.Response:
        with state.lock:
            return json_response([dict(p) for p in state.app_profiles.values()])

    r = app.router
    r.add_get(f"{prefix}/applications", list_apps, allow_head=False)
    r.add_post(f"{prefix}/applications", add_app)
    r.add_get(f"{prefix}/applications/schema", app_schema, allow_head=False)
    r.add_get(prefix + "/applications/{id}", get_app, allow_head=False)
    r.add_put(prefix + "/applications/{id}", update_app)
    r.add_delete(prefix + "/applications/{id}", delete_app)
    r.add_get(f"{prefix}/indexer", list_indexers, allow_head=False)
    r.add_get(f"{prefix}/appprofile", list_profiles, allow_head=False)


def create_app(state: ProwlarrState | None = None, middlewares: list[Any] | None = None) -> web.Application:
    """A Prowlarr v1 fake. ``middlewares`` run after the faults and before auth."""
    state = state if state is not None else ProwlarrState()
    app = make_app([*(middlewares or []), version_middleware(state), auth_middleware(state)])
    app[STATE_KEY] = state
    add_base_routes(app, state, {"isNetCore": True})
    add_tag_routes(app, state)
    add_command_routes(app, state, COMMANDS, with_result=False, flags=("isExclusive", "isTypeExclusive"))
    build_routes(app, state)
    return app


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--api-key", default=DEFAULT_API_KEY, help="the API key clients must send")
    parser.add_argument("--catalog", help="accepted for symmetry with radarr/sonarr; Prowlarr has no catalog")


def app_from_args(args: argparse.Namespace) -> web.Application:
    return create_app(ProwlarrState(api_key=args.api_key))
