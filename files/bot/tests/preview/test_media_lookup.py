"""Which file a preview reads: the ask's parts, the apps' paths mapped to the host's, a series' episode."""

from __future__ import annotations

from pathlib import Path

from myflix_bot.preview.media_lookup import episode_file, map_path, parse_args
from myflix_bot.preview.spec import parse_timestamp


def test_parse_args() -> None:
    ask = parse_args("the office S02E03 12:30 1:02:03 clip", parse_timestamp)
    assert ask.query == "the office"
    assert ask.episode == (2, 3)
    assert ask.times == (750.0, 3723.0)
    assert ask.clip
    plain = parse_args("dune", parse_timestamp)
    assert (plain.query, plain.times, plain.episode, plain.clip) == ("dune", (), None, False)
    assert parse_args("a 1:2:3:4:5 b", parse_timestamp).query == "a 1:2:3:4:5 b"  # not a time: kept as words


def test_map_path_longest_prefix() -> None:
    table = {"/data": "/srv/hdd/data", "/data/media/movies": "/mnt/movies"}
    assert map_path("/data/media/tv/x.mkv", table) == "/srv/hdd/data/media/tv/x.mkv"
    assert map_path("/data/media/movies/a/b.mkv", table) == "/mnt/movies/a/b.mkv"
    assert map_path("/database/x.mkv", table) == "/database/x.mkv"  # a prefix is a whole path component
    assert map_path("/other/x.mkv", {}) == "/other/x.mkv"


def test_episode_file(tmp_path: Path) -> None:
    season = tmp_path / "Season 01"
    season.mkdir()
    for name in ("Show - S01E01 - Pilot.mkv", "Show - S01E10 - Ten.mkv", "Show - S01E01.nfo"):
        (season / name).write_bytes(b"")
    assert episode_file(str(tmp_path), 1, 1) == str(season / "Show - S01E01 - Pilot.mkv")
    assert episode_file(str(tmp_path), 1, 10) == str(season / "Show - S01E10 - Ten.mkv")
    assert episode_file(str(tmp_path), 2, 1) is None
