from __future__ import annotations

import json

import pytest
from ansible_collections.myflix.media.plugins.module_utils.arr import (
    MASKED,
    ArrClient,
    ArrError,
    build_provider,
    ensure_provider,
    mask_secrets,
    provider_changes,
    validation_message,
)

KEY = "0123456789abcdef0123456789abcdef"


def test_validation_message_formats_fluent_failures():
    body = [
        {"propertyName": "Path", "errorMessage": "Folder is not writable", "attemptedValue": "/x"},
        {"propertyName": "", "errorMessage": "Unable to connect"},
    ]
    assert validation_message(body) == "Path: Folder is not writable; request: Unable to connect"
    assert validation_message({"message": "boom"}) == "boom"
    assert validation_message("x") == ""


def test_400_is_a_clear_error_with_secrets_masked(loopback):
    failure = [
        {"propertyName": "Password", "errorMessage": "bad password hunter2", "attemptedValue": "hunter2"}
    ]
    loopback.route("POST", "/api/v3/downloadclient", (400, {}, failure))
    client = ArrClient(loopback.url, KEY, app="radarr", secrets=["hunter2"])
    with pytest.raises(ArrError, match=r"rejected \(HTTP 400\): Password: bad password") as info:
        client.create("downloadclient", {"name": "q"})
    assert info.value.status == 400
    assert "hunter2" not in str(info.value)
    assert loopback.seen[0].headers["x-api-key"] == KEY


def test_401_says_the_key_was_refused_without_it(loopback):
    loopback.route("GET", "/api/v1/applications", (401, {}, ""))
    with pytest.raises(ArrError, match="API key was refused") as info:
        ArrClient(loopback.url, KEY, app="prowlarr").list("applications")
    assert KEY not in str(info.value)


def test_force_save_and_schema(loopback):
    loopback.route(
        "GET", "/api/v3/downloadclient/schema", (200, {}, [{"implementation": "QBittorrent", "x": 1}])
    )
    loopback.route("PUT", "/api/v3/downloadclient/3", (202, {}, {"id": 3}))
    client = ArrClient(loopback.url, KEY, app="sonarr")
    assert client.schema("downloadclient", "qbittorrent") == {"implementation": "QBittorrent", "x": 1}
    assert client.schema("downloadclient", "Transmission") is None
    assert client.update("downloadclient", 3, {"id": 3}, force_save=True) == {"id": 3}
    assert loopback.seen[-1].path == "/api/v3/downloadclient/3?forceSave=true"


def resource(**fields):
    return {
        "id": 1,
        "name": "qBittorrent",
        "enable": True,
        "fields": [
            {"name": k, "value": v, "privacy": "password" if k == "password" else "normal"}
            for k, v in fields.items()
        ],
    }


def test_provider_changes_compares_fields_and_settings():
    existing = resource(host="localhost", port=8080, password=MASKED, syncCategories=[2000, 2010])
    changes = provider_changes(
        existing,
        {"enable": False},
        {"host": "gluetun", "port": 8080, "password": "p", "syncCategories": [2010, 2000]},
        ["password"],
    )
    assert changes == {
        "enable": {"before": True, "after": False},
        "fields.host": {"before": "localhost", "after": "gluetun"},
    }


def test_masked_secret_counts_only_with_update_secrets():
    existing = resource(password=MASKED)
    assert provider_changes(existing, {}, {"password": "p"}, ["password"]) == {}
    changes = provider_changes(existing, {}, {"password": "p"}, ["password"], update_secrets=True)
    assert changes == {"fields.password": {"before": MASKED, "after": MASKED}}


def test_clear_secret_is_compared_and_never_shown():
    changes = provider_changes(resource(password="old"), {}, {"password": "new"}, ["password"])
    assert changes == {"fields.password": {"before": MASKED, "after": MASKED}}
    assert provider_changes(resource(password="same"), {}, {"password": "same"}, ["password"]) == {}


def test_build_provider_keeps_template_fields_and_masked_secret():
    base = resource(host="localhost", password=MASKED, extra="keep")
    base["presets"] = [{"x": 1}]
    body = build_provider(
        base, {"enable": False}, {"host": "gluetun", "password": "p", "new": 1}, keep_secrets=["password"]
    )
    values = {f["name"]: f["value"] for f in body["fields"]}
    assert values == {"host": "gluetun", "password": MASKED, "extra": "keep", "new": 1}
    assert "presets" not in body
    assert body["enable"] is False


def test_mask_secrets():
    safe = mask_secrets(resource(password="p", apiKey="k"), ["apiKey"])
    assert {f["name"]: f["value"] for f in safe["fields"]} == {"password": MASKED, "apiKey": MASKED}


class StubArr:
    def __init__(self, items):
        self.items = items
        self.calls = []

    def list(self, resource):
        return [dict(i) for i in self.items]

    def schema(self, resource, implementation):
        return {
            "implementation": implementation,
            "fields": [{"name": "host", "value": "localhost"}, {"name": "x", "value": 0}],
        }

    def create(self, resource, body, force_save=False):
        self.calls.append(("create", json.loads(json.dumps(body))))
        return dict(body, id=9)

    def update(self, resource, item_id, body, force_save=False):
        self.calls.append(("update", item_id, body))
        return dict(body)

    def delete(self, resource, item_id):
        self.calls.append(("delete", item_id))


ARGS = dict(name="qBittorrent", implementation="QBittorrent", config_contract="QBittorrentSettings")


def test_ensure_creates_from_schema_and_masks_the_result():
    arr = StubArr([])
    result = ensure_provider(
        arr,
        "downloadclient",
        settings={"enable": True},
        fields={"host": "g", "password": "p"},
        secret_fields=["password"],
        **ARGS,
    )
    assert result.changed
    _action, body = arr.calls[0]
    assert {f["name"]: f["value"] for f in body["fields"]} == {"host": "g", "x": 0, "password": "p"}
    assert {f["name"]: f["value"] for f in result.resource["fields"]}["password"] == MASKED


def test_ensure_is_idempotent_and_check_mode_is_read_only():
    existing = dict(
        resource(host="g", password=MASKED),
        implementation="QBittorrent",
        configContract="QBittorrentSettings",
    )
    arr = StubArr([existing])
    result = ensure_provider(
        arr,
        "downloadclient",
        settings={"enable": True},
        fields={"host": "g", "password": "p"},
        secret_fields=["password"],
        **ARGS,
    )
    assert not result.changed
    result = ensure_provider(
        arr, "downloadclient", settings={"enable": True}, fields={"host": "h"}, check_mode=True, **ARGS
    )
    assert result.changed
    assert arr.calls == []


def test_ensure_update_sends_mask_back_for_unknown_secret():
    existing = dict(
        resource(host="g", password=MASKED),
        implementation="QBittorrent",
        configContract="QBittorrentSettings",
    )
    arr = StubArr([existing])
    ensure_provider(
        arr,
        "downloadclient",
        settings={},
        fields={"host": "h", "password": "p"},
        secret_fields=["password"],
        **ARGS,
    )
    _action, item_id, body = arr.calls[0]
    assert item_id == 1
    assert {f["name"]: f["value"] for f in body["fields"]} == {"host": "h", "password": MASKED}


def test_ensure_absent():
    arr = StubArr([resource()])
    assert ensure_provider(arr, "downloadclient", settings={}, fields={}, state="absent", **ARGS).changed
    assert arr.calls == [("delete", 1)]
    assert not ensure_provider(
        StubArr([]), "downloadclient", settings={}, fields={}, state="absent", **ARGS
    ).changed
