"""qbittorrent_preferences against a real qbittorrent-nox."""

from __future__ import annotations

import pytest
from myflix_testkit.waiting import wait_until

from .conftest import assert_no_secret

MIB = 1024 * 1024


def qbt_args(qbt):
    return {
        "qbittorrent_url": qbt.url,
        "qbittorrent_username": qbt.username,
        "qbittorrent_password": qbt.password,
    }


@pytest.fixture
def qbt(qbittorrent_session, tmp_path):
    qbittorrent_session.reset()
    qbittorrent_session.client().app_set_preferences(
        {"alt_dl_limit": 10240, "alt_up_limit": 10240, "temp_path_enabled": False, "dht": False}
    )
    return qbittorrent_session


def wanted(tmp_path):
    return {
        "save_path": str(tmp_path / "hdd" / "torrents"),
        "temp_path": str(tmp_path / "nvme" / "incomplete"),
        "alt_speed_limits": {"download": 4096, "upload": 2048},
        "webui": {"clickjacking_protection": True, "csrf_protection": True},
        "preferences": {"dht": False, "max_ratio_enabled": True, "max_ratio": 2},
        "categories": [
            {"name": "radarr", "save_path": str(tmp_path / "hdd" / "movies")},
            {"name": "sonarr", "save_path": str(tmp_path / "hdd" / "tv")},
        ],
    }


def test_check_mode_then_apply_then_idempotent(run_module, qbt, tmp_path):
    args = {**wanted(tmp_path), **qbt_args(qbt)}
    before = qbt.client().app_preferences()
    check = run_module("qbittorrent_preferences", args, check=True, diff=True)
    check.assert_ok()
    assert check.changed
    changes = check.result["changes"]
    assert "dht" not in changes  # already false: the diff shows only changing keys
    assert changes["alt_dl_limit"] == 4096 * 1024  # the API's unit: bytes/s
    assert set(check.result["diff"]["before"]["preferences"]) == set(changes)
    assert check.result["categories_created"] == ["radarr", "sonarr"]
    after_check = qbt.client().app_preferences()
    assert after_check["alt_dl_limit"] == before["alt_dl_limit"]
    assert after_check["save_path"] == before["save_path"]
    assert dict(qbt.client().torrents_categories()) == {}

    first = run_module("qbittorrent_preferences", args, diff=True)
    first.assert_ok()
    prefs = qbt.client().app_preferences()
    assert prefs["save_path"].rstrip("/") == str(tmp_path / "hdd" / "torrents")
    assert prefs["temp_path"].rstrip("/") == str(tmp_path / "nvme" / "incomplete")
    assert prefs["temp_path_enabled"] is True
    assert (prefs["alt_dl_limit"], prefs["alt_up_limit"]) == (4096 * 1024, 2048 * 1024)
    assert prefs["max_ratio_enabled"] is True
    categories = qbt.client().torrents_categories()
    assert categories["radarr"]["savePath"].rstrip("/") == str(tmp_path / "hdd" / "movies")

    second = run_module("qbittorrent_preferences", args, diff=True)
    second.assert_ok()
    assert second.stats["changed"] == 0
    assert second.result["changes"] == {}
    assert_no_secret(first, qbt.password)


def test_category_save_path_is_updated(run_module, qbt, tmp_path):
    qbt.client().torrents_create_category(name="radarr", save_path=str(tmp_path / "old"))
    args = {"categories": [{"name": "radarr", "save_path": str(tmp_path / "new")}], **qbt_args(qbt)}
    run = run_module("qbittorrent_preferences", args)
    run.assert_ok()
    assert run.result["categories_updated"] == ["radarr"]
    assert qbt.client().torrents_categories()["radarr"]["savePath"].rstrip("/") == str(tmp_path / "new")


def test_unknown_key_and_wrong_password_fail_clearly(run_module, qbt):
    typo = run_module("qbittorrent_preferences", {"preferences": {"dhtt": True}, **qbt_args(qbt)})
    typo.assert_failed_cleanly("does not know the preference key(s) dhtt")
    wrong = "wrong-password-for-preferences"
    run = run_module(
        "qbittorrent_preferences",
        {"save_path": "/x", **qbt_args(qbt), "qbittorrent_password": wrong},
        verbosity=3,
    )
    run.assert_failed_cleanly("rejected the username or password")
    assert_no_secret(run, wrong)


def test_alt_speed_limits_mean_kib_per_second(run_module, qbittorrent):
    """4096 KiB/s is 4 MiB/s for qBittorrent itself: in alternative mode and in its own config file."""
    args = {"alt_speed_limits": {"download": 4096, "upload": 1024}, **qbt_args(qbittorrent)}
    run_module("qbittorrent_preferences", args).assert_ok()
    api = qbittorrent.client()
    if api.transfer_speed_limits_mode() != "1":
        api.transfer_toggle_speed_limits_mode()
    assert api.transfer_speed_limits_mode() == "1"
    assert api.transfer_download_limit() == 4 * MIB
    assert api.transfer_upload_limit() == 1 * MIB
    config = qbittorrent.profile_dir / "qBittorrent" / "config" / "qBittorrent.conf"
    wait_until(
        lambda: "AlternativeGlobalDLSpeedLimit=4096\n" in config.read_text(),
        30,
        what="qBittorrent.conf to store 4096 KiB/s",
    )
    assert "AlternativeGlobalUPSpeedLimit=1024\n" in config.read_text()


def test_the_documented_example_limits_work(run_module, qbt):
    """The module's EXAMPLES use download 2048, upload 512 (KiB/s): qBittorrent keeps both."""
    run = run_module(
        "qbittorrent_preferences", {"alt_speed_limits": {"download": 2048, "upload": 512}, **qbt_args(qbt)}
    )
    run.assert_ok()
    prefs = qbt.client().app_preferences()
    assert (prefs["alt_dl_limit"], prefs["alt_up_limit"]) == (2 * MIB, 512 * 1024)
    again = run_module(
        "qbittorrent_preferences", {"alt_speed_limits": {"download": 2048, "upload": 512}, **qbt_args(qbt)}
    )
    again.assert_ok()
    assert again.stats["changed"] == 0


def test_a_value_not_kept_after_a_write_reports_changed_and_what_was_applied(run_module, qbt, tmp_path):
    qbt.client().app_set_preferences({"max_connec": 100})
    args = {"save_path": str(tmp_path / "moved"), "preferences": {"max_connec": -5}, **qbt_args(qbt)}
    run = run_module("qbittorrent_preferences", args)
    message = run.assert_failed_cleanly("did not keep the preference(s) max_connec", "applied: save_path")
    assert "not applied: max_connec" in message
    assert run.result["changed"] is True  # save_path was written: the play must show it
    # qBittorrent stored -1 (unlimited) for -5: not what was asked, but a change all the same
    assert run.result["applied"] == ["save_path", "max_connec (now -1, not -5)"]
    assert run.result["not_applied"] == ["max_connec"]
    after = qbt.client().app_preferences()
    assert after["save_path"].rstrip("/") == str(tmp_path / "moved")
    assert after["max_connec"] == -1


def test_a_refused_value_that_changes_nothing_reports_no_change(run_module, qbt):
    """The positive twin: qBittorrent already holds -1, so -5 (stored as -1) changes nothing."""
    qbt.client().app_set_preferences({"max_connec": -1})
    run = run_module("qbittorrent_preferences", {"preferences": {"max_connec": -5}, **qbt_args(qbt)})
    message = run.assert_failed_cleanly("did not keep the preference(s) max_connec")
    assert "applied:" not in message
    assert run.result.get("changed") is False
    assert run.result["applied"] == []
    assert qbt.client().app_preferences()["max_connec"] == -1
