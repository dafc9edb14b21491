"""The pipeline watchers' config: defaults (dry-run where data is at stake), the categories falling back
on the GC's, and every mistake listed with its dotted key."""

from __future__ import annotations

import pytest
from myflix_bot.config import ConfigError
from myflix_bot.watchers.settings import watchers_config

from .conftest import make_config


def test_defaults_remove_nothing_and_follow_the_gc_categories() -> None:
    wc = watchers_config(
        make_config({"watchers": {"gc": {"categories": [{"name": "tv-sonarr", "arr": "sonarr"}]}}})
    )
    assert wc.stalled.dry_run is True
    assert wc.malware.dry_run is True
    assert wc.disk.dry_run is False  # pausing and resuming only
    assert wc.disk.tiers == ()
    assert wc.arr_categories() == {"tv-sonarr": "sonarr"}
    assert ".exe" in wc.malware.extensions
    wc = watchers_config(make_config({"watchers": {"pipeline": {"categories": {"films": "radarr"}}}}))
    assert wc.arr_categories() == {"films": "radarr"}


def test_tiers_and_mistakes() -> None:
    tiers = [
        {"name": "nvme", "path": "/srv/nvme", "floor_percent": 10, "floor_bytes": 20_000_000_000},
        {"name": "hdd", "path": "/srv/hdd", "must_be_mount": True},
        {"name": "usb", "path": "/data", "host_path": "/srv/usb/data", "mount_point": "/srv/usb"},
        {"name": "gone", "path": "/gone", "available": False},
    ]
    wc = watchers_config(make_config({"watchers": {"disk": {"tiers": tiers}}}))
    assert [(t.name, t.floor_percent, t.stat_path, t.mount, t.available) for t in wc.disk.tiers] == [
        ("nvme", 10, "/srv/nvme", None, True),
        ("hdd", 5.0, "/srv/hdd", "/srv/hdd", True),  # must_be_mount: the path itself
        ("usb", 5.0, "/srv/usb/data", "/srv/usb", True),
        ("gone", 5.0, "/gone", None, False),
    ]
    bad = {
        "pipeline": {"categories": {"films": "lidarr"}, "max_share": 2},
        "stalled": {"strikes": 0, "download_timeout": float("nan")},
        "malware": {"extensions": "exe"},
        "disk": {
            "tiers": [
                {"name": "a", "path": "rel"},
                {"name": "a", "path": "/x", "typo": 1},
                {"name": "b", "path": "/y", "host_path": "y", "mount_point": "m", "available": "no"},
                {"name": "c"},
            ]
        },
    }
    with pytest.raises(ConfigError) as info:
        make_config({"watchers": bad})
    text = str(info.value)
    for key in (
        "watchers.pipeline.categories",
        "watchers.pipeline.max_share",
        "watchers.stalled.strikes",
        "watchers.stalled.download_timeout",
        "watchers.malware.extensions",
        "watchers.disk.tiers[0].path",
        "watchers.disk.tiers[1].typo",
        "watchers.disk.tiers[2].host_path",
        "watchers.disk.tiers[2].mount_point",
        "watchers.disk.tiers[2].available",
        "watchers.disk.tiers[3].path",
        "watchers.disk.tiers: tier names must be unique",
    ):
        assert key in text, key


def test_the_eviction_order_is_oldest_or_ratio() -> None:
    assert watchers_config(make_config({})).gc.evict_order == "oldest"
    wc = watchers_config(make_config({"watchers": {"gc": {"evict_order": "ratio"}}}))
    assert wc.gc.evict_order == "ratio"
    with pytest.raises(ConfigError, match=r"watchers\.gc\.evict_order"):
        make_config({"watchers": {"gc": {"evict_order": "largest"}}})
