from __future__ import annotations

from ansible_collections.myflix.media.plugins.module_utils.qbt_preferences import (
    CategoryChange,
    category_changes,
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
