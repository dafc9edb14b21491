"""qbittorrent_preferences against a real qbittorrent-nox."""

from __future__ import annotations

import pytest

from .conftest import assert_no_secret


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
    assert changes["alt_dl_limit"] == 4096
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
    assert (prefs["alt_dl_limit"], prefs["alt_up_limit"]) == (4096, 2048)
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
