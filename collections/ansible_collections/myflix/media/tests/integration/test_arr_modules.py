"""arr_download_client, arr_root_folder and prowlarr_application against the Radarr/Sonarr/Prowlarr fakes."""

from __future__ import annotations

import pytest

from .conftest import assert_no_secret

QBT_PASSWORD = "qbt-password-for-the-arrs-123"


def arr_args(fake, app):
    return {"app": app, "url": fake.url, "api_key": fake.api_key}


@pytest.mark.parametrize("app", ["radarr", "sonarr"])
def test_download_client_create_idempotent_check(run_module, request, app):
    fake = request.getfixturevalue(f"fake_{app}")
    args = {
        **arr_args(fake, app),
        "host": "gluetun",
        "port": 8080,
        "username": "admin",
        "password": QBT_PASSWORD,
        "category": app,
    }
    check = run_module("arr_download_client", args, check=True)
    check.assert_ok()
    assert check.changed
    assert fake.state.download_clients == {}
    first = run_module("arr_download_client", args, diff=True)
    first.assert_ok()
    assert first.changed
    (client_id,) = fake.state.download_clients
    category_field = "movieCategory" if app == "radarr" else "tvCategory"
    with fake.client() as http:
        stored = http.get(f"/downloadclient/{client_id}").json()
    values = {f["name"]: f["value"] for f in stored["fields"]}
    assert (values["host"], values["port"], values[category_field]) == ("gluetun", 8080, app)
    second = run_module("arr_download_client", args)
    second.assert_ok()
    assert second.stats["changed"] == 0
    changed_port = run_module("arr_download_client", {**args, "port": 8081})
    changed_port.assert_ok()
    assert changed_port.result["changes"] == {"fields.port": {"before": 8080, "after": 8081}}
    for run in (check, first, second, changed_port):
        assert_no_secret(run, QBT_PASSWORD, fake.api_key)


def test_download_client_result_masks_the_password(run_module, fake_radarr):
    args = {**arr_args(fake_radarr, "radarr"), "password": QBT_PASSWORD, "username": "admin"}
    run = run_module("arr_download_client", args)
    run.assert_ok()
    returned = {f["name"]: f["value"] for f in run.result["download_client"]["fields"]}
    assert returned["password"] == "********"
    assert returned["username"] == "admin"
    again = run_module("arr_download_client", {**args, "update_password": "always"})
    again.assert_ok()
    assert again.result["changes"] == {"fields.password": {"before": "********", "after": "********"}}


def test_arr_400_fails_clearly(run_module, fake_sonarr):
    run = run_module(
        "arr_download_client", {**arr_args(fake_sonarr, "sonarr"), "priority": 99, "password": QBT_PASSWORD}
    )
    message = run.assert_failed_cleanly("rejected (HTTP 400)", "Priority")
    assert "between 1 and 50" in message
    assert_no_secret(run, QBT_PASSWORD, fake_sonarr.api_key)


def test_wrong_api_key_fails_clearly(run_module, fake_radarr):
    wrong = "ffffffffffffffffffffffffffffffff"
    run = run_module(
        "arr_root_folder",
        {"app": "radarr", "url": fake_radarr.url, "api_key": wrong, "path": "/m"},
        verbosity=3,
    )
    run.assert_failed_cleanly("API key was refused (HTTP 401)")
    assert_no_secret(run, wrong)


@pytest.mark.parametrize("app", ["radarr", "sonarr"])
def test_root_folder_lifecycle(run_module, request, app):
    fake = request.getfixturevalue(f"fake_{app}")
    path = f"/data/media/{app}"
    args = {**arr_args(fake, app), "path": path}
    check = run_module("arr_root_folder", args, check=True)
    check.assert_ok()
    assert check.changed
    assert path not in fake.state.root_folder_paths()
    first = run_module("arr_root_folder", args)
    first.assert_ok()
    assert first.result["root_folder"]["path"] == path
    assert path in fake.state.root_folder_paths()
    second = run_module("arr_root_folder", args)
    second.assert_ok()
    assert second.stats["changed"] == 0
    gone = run_module("arr_root_folder", {**args, "state": "absent"})
    gone.assert_ok()
    assert gone.changed
    assert path not in fake.state.root_folder_paths()
    bad = run_module("arr_root_folder", {**args, "path": "relative/path"})
    bad.assert_failed_cleanly("rejected (HTTP 400)", "Invalid Path")


def test_prowlarr_application(run_module, fake_prowlarr, fake_radarr):
    args = {
        "prowlarr_url": fake_prowlarr.url,
        "prowlarr_api_key": fake_prowlarr.api_key,
        "app": "radarr",
        "app_url": fake_radarr.url,
        "app_api_key": fake_radarr.api_key,
        "prowlarr_server_url": "http://prowlarr:9696",
    }
    check = run_module("prowlarr_application", args, check=True)
    check.assert_ok()
    assert check.changed
    assert fake_prowlarr.state.applications == {}
    first = run_module("prowlarr_application", args)
    first.assert_ok()
    (app_id,) = fake_prowlarr.state.applications
    fields = fake_prowlarr.state.application_fields(app_id)
    assert (fields["baseUrl"], fields["apiKey"], fields["prowlarrUrl"]) == (
        fake_radarr.url,
        fake_radarr.api_key,
        "http://prowlarr:9696",
    )
    second = run_module("prowlarr_application", args)
    second.assert_ok()
    assert second.stats["changed"] == 0
    for run in (check, first, second):
        assert_no_secret(run, fake_radarr.api_key, fake_prowlarr.api_key)
    removed = run_module("prowlarr_application", {**args, "state": "absent"})
    removed.assert_ok()
    assert fake_prowlarr.state.applications == {}
