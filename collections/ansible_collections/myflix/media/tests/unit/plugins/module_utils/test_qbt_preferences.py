from __future__ import annotations

import pytest
from ansible_collections.myflix.media.plugins.module_utils.qbt_preferences import (
    CategoryChange,
    category_changes,
    limit_from_api,
    limit_to_api,
    preference_changes,
    same_value,
    unknown_keys,
)

CURRENT = {
    "save_path": "/data/torrents/",
    "alt_dl_limit": 10240,
    "max_ratio": 2,
    "dht": True,
    "temp_path": "/x",
}


def test_only_differing_keys():
    wanted = {"save_path": "/data/torrents", "alt_dl_limit": 2048, "max_ratio": 2.0, "dht": True}
    assert preference_changes(CURRENT, wanted) == {"alt_dl_limit": 2048}


def test_bool_is_not_a_number():
    assert not same_value("dht", True, 1)
    assert not same_value("x", 0, False)
    assert same_value("max_ratio", 2, 2.0)


def test_paths_ignore_trailing_slash_but_not_other_strings():
    assert same_value("temp_path", "/a/", "/a")
    assert not same_value("web_ui_username", "admin ", "admin")


def test_unknown_keys():
    assert unknown_keys(CURRENT, {"dht": False, "dhtt": True}) == ["dhtt"]


def test_categories_create_and_move():
    current = {
        "radarr": {"name": "radarr", "savePath": "/data/movies/"},
        "tv": {"name": "tv", "savePath": "/a"},
    }
    wanted = {"radarr": "/data/movies", "tv": "/data/tv", "new": "/data/new"}
    assert category_changes(current, wanted) == [
        CategoryChange("tv", "/data/tv", "/a"),
        CategoryChange("new", "/data/new", None),
    ]


def test_speed_limits_are_kib_per_second_for_people_and_bytes_for_the_api() -> None:
    assert limit_to_api(4096) == 4 * 1024 * 1024
    assert limit_to_api(512) == 524_288  # not 512 bytes, which qBittorrent would store as 0 KiB/s
    assert limit_to_api(0) == 0  # unlimited stays unlimited
    assert limit_from_api(4 * 1024 * 1024) == 4096
    assert limit_from_api(-1) == 0  # the API's "no limit"
    for wrong in (-1, 1.5, True, "10"):
        with pytest.raises(ValueError, match="KiB/s"):
            limit_to_api(wrong)  # type: ignore[arg-type]
