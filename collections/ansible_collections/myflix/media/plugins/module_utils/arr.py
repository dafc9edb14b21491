"""Radarr/Sonarr (API v3) and Prowlarr (API v1) client and the desired-state logic of their providers.

Standard library only; shared by the ``myflix.media.arr_*`` and ``prowlarr_application`` modules and the
bot (canonical import name ``ansible_collections.myflix.media.plugins.module_utils.arr``).

Download clients (``/api/v3/downloadclient``) and Prowlarr applications (``/api/v1/applications``) are
"providers": ``name``, ``implementation``, ``configContract``, a list of ``fields`` (``{"name", "value"}``)
and a few top-level settings. Servarr masks secret field values as ``********`` in answers, so a secret
can only be compared when the server returns it in clear; otherwise it is sent on creation or when the
caller asks for it (``update_secrets="always"``).

Status codes: POST answers 201, PUT 202, DELETE 200; a validation failure is 400 with a JSON list of
``{"propertyName", "errorMessage", ...}``; a missing or wrong API key is 401.
"""

from __future__ import annotations

import builtins
import copy
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, BinaryIO, TypeVar

from .http_client import ConnectError, HttpClient, HttpError, HttpStatusError

T = TypeVar("T")
MASKED = "********"
API_VERSIONS = {"radarr": "v3", "sonarr": "v3", "prowlarr": "v1"}
PROVIDER_KEYS = ("name", "implementation", "configContract")


class ArrError(HttpError):
    """Radarr/Sonarr/Prowlarr refused or failed a request; the message is safe to show."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def validation_message(body: Any) -> str:
    """A readable summary of a Servarr 400 answer (FluentValidation failures or ``{"message"}``)."""
    if isinstance(body, list):
        parts = []
        for failure in body:
            if isinstance(failure, Mapping):
                prop = failure.get("propertyName") or "request"
                parts.append(f"{prop}: {failure.get('errorMessage', 'invalid')}")
        if parts:
            return "; ".join(parts)
    if isinstance(body, Mapping) and body.get("message"):
        return str(body["message"])
    return ""


class ArrClient:
    """A client of one Servarr application, for example ``ArrClient(url, key, app="radarr")``."""

    def __init__(
        self,
        url: str,
        api_key: str,
        *,
        app: str = "radarr",
        timeout: float = 15.0,
        validate_certs: bool = True,
        secrets: Sequence[str] = (),
    ) -> None:
        if app not in API_VERSIONS:
            raise ArrError(f"unknown application {app!r}; expected one of {', '.join(API_VERSIONS)}")
        if not api_key:
            raise ArrError(f"{app} needs an API key")
        self.app = app
        self.url = url
        self.prefix = f"api/{API_VERSIONS[app]}/"
        self.http = HttpClient(
            url,
            timeout=timeout,
            headers={"X-Api-Key": api_key},
            secrets=[api_key, *secrets],
            validate_certs=validate_certs,
        )

    def _failure(self, method: str, resource: str, exc: HttpError) -> ArrError:
        """The :class:`ArrError` for a failed exchange (a 400's validation messages spelled out)."""
        name = self.app.capitalize()
        what = f"{name} {method} /{self.prefix}{resource}"
        if isinstance(exc, ConnectError):
            return ArrError(f"{name} is not reachable: {exc}")
        if isinstance(exc, HttpStatusError):
            if exc.status == 401:
                return ArrError(f"{what}: the API key was refused (HTTP 401)", 401)
            if exc.status == 400:
                detail = ""
                try:
                    detail = validation_message(json.loads(exc.body))
                except ValueError:
                    detail = ""
                detail = self.http.redact(detail) if detail else str(exc)
                return ArrError(f"{what} was rejected (HTTP 400): {detail}", 400)
            return ArrError(f"{what} failed: {exc}", exc.status)
        return ArrError(f"{name}: {exc}")

    def call(
        self,
        method: str,
        resource: str,
        *,
        body: Any = None,
        params: Mapping[str, Any] | None = None,
        expected: Sequence[int] = (200, 201, 202, 204),
    ) -> Any:
        """One API call under ``/api/vN/``; returns the parsed JSON answer (None when empty)."""
        try:
            response = self.http.request(
                method, self.prefix + resource, json_body=body, params=params, expected=expected
            )
            return response.json()
        except HttpError as exc:
            raise self._failure(method, resource, exc) from None

    def stream(
        self, resource: str, consume: Callable[[BinaryIO], T], *, params: Mapping[str, Any] | None = None
    ) -> T:
        """``GET`` under ``/api/vN/`` and return ``consume(body)`` on the open answer: the bot decodes a
        10,000-movie library piece by piece instead of holding ~20 MB of JSON."""
        try:
            return self.http.stream("GET", self.prefix + resource, consume, params=params)
        except HttpError as exc:
            raise self._failure("GET", resource, exc) from None

    # Below this method, `list` in the class body names it: the annotations say `builtins.list`.
    def list(self, resource: str) -> list[dict[str, Any]]:
        """``GET`` a collection resource (``downloadclient``, ``rootfolder``, ``applications``...)."""
        data = self.call("GET", resource)
        return [item for item in data if isinstance(item, dict)] if isinstance(data, list) else []

    def create(self, resource: str, body: Mapping[str, Any], *, force_save: bool = False) -> Any:
        """``POST`` a new item (201)."""
        params = {"forceSave": "true"} if force_save else None
        return self.call("POST", resource, body=dict(body), params=params)

    def update(
        self, resource: str, item_id: int, body: Mapping[str, Any], *, force_save: bool = False
    ) -> Any:
        """``PUT`` an item by id (202)."""
        params = {"forceSave": "true"} if force_save else None
        return self.call("PUT", f"{resource}/{item_id}", body=dict(body), params=params)

    def delete(self, resource: str, item_id: int) -> None:
        """``DELETE`` an item by id."""
        self.call("DELETE", f"{resource}/{item_id}")

    def all_records(
        self, resource: str, page_size: int = 200, **params: Any
    ) -> builtins.list[dict[str, Any]]:
        """Every record of a paged resource (``queue``, ``blocklist``, ``history``), page by page."""
        out: list[dict[str, Any]] = []
        page = 1
        while True:
            data = self.call("GET", resource, params={**params, "page": page, "pageSize": page_size})
            records = data.get("records") if isinstance(data, dict) else None
            if not isinstance(records, list):
                raise ArrError(f"{self.app.capitalize()} answered /{self.prefix}{resource} without records")
            out.extend(r for r in records if isinstance(r, dict))
            total = data.get("totalRecords")
            if not records or not isinstance(total, int) or len(out) >= total or page >= 100:
                return out
            page += 1

    def queue(self, *, include_items: bool = False) -> builtins.list[dict[str, Any]]:
        """The whole download queue, with each record's tracked download state, status and messages;
        ``include_items`` embeds each record's movie (Radarr) or series (Sonarr), with its runtime in
        minutes (a series': one episode's)."""
        if not include_items:
            return self.all_records("queue")
        flag = "includeMovie" if self.app == "radarr" else "includeSeries"
        return self.all_records("queue", **{flag: True})

    def remove_queue_item(
        self, queue_id: int, *, remove_from_client: bool, blocklist: bool, skip_redownload: bool = True
    ) -> None:
        """``DELETE queue/{id}``: forget a download, optionally removing it from the download client and
        blocklisting the release (``skip_redownload``: no automatic search; the caller starts one)."""
        params = {
            "removeFromClient": remove_from_client,
            "blocklist": blocklist,
            "skipRedownload": skip_redownload,
        }
        self.call("DELETE", f"queue/{queue_id}", params=params)

    def blocklist(self) -> builtins.list[dict[str, Any]]:
        """Every blocklisted release."""
        return self.all_records("blocklist")

    def command(self, name: str, **body: Any) -> dict[str, Any]:
        """``POST command``: queue a command (for example ``MoviesSearch`` with ``movieIds``)."""
        answer = self.call("POST", "command", body={"name": name, **body})
        return answer if isinstance(answer, dict) else {}

    def search_for(self, record: Mapping[str, Any]) -> dict[str, Any] | None:
        """Start a new search for what a queue record was downloading (Radarr: its movie, Sonarr: its
        episode); None when the record names no item."""
        if self.app == "radarr" and isinstance(record.get("movieId"), int):
            return self.command("MoviesSearch", movieIds=[record["movieId"]])
        if self.app == "sonarr" and isinstance(record.get("episodeId"), int):
            return self.command("EpisodeSearch", episodeIds=[record["episodeId"]])
        return None

    def schema(self, resource: str, implementation: str) -> dict[str, Any] | None:
        """The template of ``implementation`` from ``<resource>/schema``, or None if unknown."""
        try:
            templates = self.call("GET", f"{resource}/schema")
        except ArrError as exc:
            if exc.status == 404:
                return None
            raise
        for template in templates if isinstance(templates, list) else []:
            if (
                isinstance(template, dict)
                and str(template.get("implementation", "")).lower() == implementation.lower()
            ):
                return template
        return None


# -- provider desired state (pure) -------------------------------------------------------------------


def find_by(items: Iterable[Mapping[str, Any]], key: str, value: Any) -> dict[str, Any] | None:
    """The first item whose ``key`` equals ``value`` (strings compared case-insensitively)."""
    for item in items:
        found = item.get(key)
        if found == value or (
            isinstance(found, str) and isinstance(value, str) and found.lower() == value.lower()
        ):
            return dict(item)
    return None


def field_values(resource: Mapping[str, Any]) -> dict[str, Any]:
    """``{field name: value}`` of a provider resource."""
    return {
        str(f["name"]): f.get("value")
        for f in resource.get("fields") or []
        if isinstance(f, Mapping) and f.get("name") is not None
    }


def provider_changes(
    existing: Mapping[str, Any],
    settings: Mapping[str, Any],
    fields: Mapping[str, Any],
    secret_fields: Iterable[str] = (),
    update_secrets: bool = False,
) -> dict[str, Any]:
    """What differs between an existing provider and the wanted settings and fields.

    Keys are top-level setting names and ``fields.<name>``; values are ``{"before", "after"}`` with secrets
    replaced by a mask. A secret is compared when the server returned it in clear; a masked secret counts
    as a change only with ``update_secrets``.
    """
    secrets = set(secret_fields)
    changes: dict[str, Any] = {}
    for key, value in settings.items():
        if existing.get(key) != value:
            changes[key] = {"before": existing.get(key), "after": value}
    current = field_values(existing)
    for name, value in fields.items():
        before = current.get(name)
        if name in secrets:
            if before in (MASKED, None) and value:
                differs = update_secrets
            else:
                differs = before != value or update_secrets
            if differs:
                changes[f"fields.{name}"] = {"before": MASKED if before else before, "after": MASKED}
        elif _normalized(before) != _normalized(value):
            changes[f"fields.{name}"] = {"before": before, "after": value}
    return changes


def _normalized(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(value, key=repr)
    if value == "":
        return None
    return value


def build_provider(
    base: Mapping[str, Any] | None,
    settings: Mapping[str, Any],
    fields: Mapping[str, Any],
    *,
    keep_secrets: Iterable[str] = (),
) -> dict[str, Any]:
    """The body to POST/PUT: ``base`` (an existing item or a schema template) with settings and fields.

    Fields named in ``keep_secrets`` keep the base's value (which may be the mask; Servarr keeps the
    stored secret when it receives the mask back).
    """
    body = copy.deepcopy(dict(base or {}))
    body.pop("presets", None)
    body.pop("message", None)
    body.update(settings)
    keep = set(keep_secrets)
    existing = [dict(f) for f in body.get("fields") or [] if isinstance(f, Mapping)]
    names = {f.get("name") for f in existing}
    for field in existing:
        name = field.get("name")
        if isinstance(name, str) and name in fields and name not in keep:
            field["value"] = fields[name]
    for name, value in fields.items():
        if name not in names:
            existing.append({"name": name, "value": value})
    body["fields"] = existing
    return body


def mask_secrets(resource: Mapping[str, Any] | None, secret_fields: Iterable[str]) -> dict[str, Any] | None:
    """A copy of a provider resource with secret field values masked (safe to return or log)."""
    if resource is None:
        return None
    secrets = set(secret_fields)
    safe = copy.deepcopy(dict(resource))
    for field in safe.get("fields") or []:
        if (
            isinstance(field, dict)
            and (field.get("name") in secrets or field.get("privacy") in ("password", "apiKey"))
            and field.get("value")
        ):
            field["value"] = MASKED
    return safe


class ProviderResult:
    """The outcome of :func:`ensure_provider`."""

    def __init__(self, changed: bool, changes: dict[str, Any], resource: dict[str, Any] | None) -> None:
        self.changed = changed
        self.changes = changes
        self.resource = resource


def ensure_provider(
    client: ArrClient,
    resource: str,
    *,
    name: str,
    implementation: str,
    config_contract: str,
    settings: Mapping[str, Any],
    fields: Mapping[str, Any],
    secret_fields: Sequence[str] = (),
    update_secrets: bool = False,
    state: str = "present",
    check_mode: bool = False,
    force_save: bool = False,
) -> ProviderResult:
    """Make the provider called ``name`` present with these settings and fields, or absent.

    The item is found by name (case-insensitively). A new one starts from the server's schema template of
    ``implementation`` so fields the caller does not set keep the server's defaults.
    """
    existing = find_by(client.list(resource), "name", name)
    if state == "absent":
        if existing is None:
            return ProviderResult(False, {}, None)
        if not check_mode:
            client.delete(resource, int(existing["id"]))
        return ProviderResult(True, {"state": {"before": "present", "after": "absent"}}, None)
    wanted_settings = dict(settings, name=name, implementation=implementation, configContract=config_contract)
    if existing is None:
        template = client.schema(resource, implementation)
        body = build_provider(template, wanted_settings, fields)
        changes = {"state": {"before": "absent", "after": "present"}}
        created = body if check_mode else client.create(resource, body, force_save=force_save)
        return ProviderResult(True, changes, mask_secrets(created, secret_fields))
    changes = provider_changes(existing, wanted_settings, fields, secret_fields, update_secrets)
    if not changes:
        return ProviderResult(False, {}, mask_secrets(existing, secret_fields))
    keep = [] if update_secrets else [s for s in secret_fields if f"fields.{s}" not in changes]
    body = build_provider(existing, wanted_settings, fields, keep_secrets=keep)
    updated = (
        body if check_mode else client.update(resource, int(existing["id"]), body, force_save=force_save)
    )
    return ProviderResult(True, changes, mask_secrets(updated, secret_fields))
