"""Which file a preview reads: the ask's parts; a series' episode from Sonarr's episodes and episode files."""

from __future__ import annotations

from myflix_bot.preview.media_lookup import episode_file_path, parse_args
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


def _episode(season: int, number: int, file_id: int = 0) -> dict[str, object]:
    return {
        "seasonNumber": season,
        "episodeNumber": number,
        "episodeFileId": file_id,
        "hasFile": bool(file_id),
    }


def test_episode_file_path_from_sonarr_episodes_and_files() -> None:
    episodes = [
        _episode(0, 1, 90),  # a special on disk
        _episode(1, 1),  # the pilot is not on disk
        _episode(1, 2, 12),
        _episode(2, 3, 23),
        _episode(2, 4, 99),  # its file is not in the list (deleted meanwhile)
    ]
    files = [
        {"id": 23, "path": "/data/media/tv/Show/Season 02/Show - S02E03.mkv"},
        {"id": 12, "path": "/data/media/tv/Show/Season 01/Show - S01E02.mkv"},
        {"id": 90, "path": "/data/media/tv/Show/Specials/Show - S00E01.mkv"},
    ]
    assert episode_file_path(episodes, files, (2, 3)) == "/data/media/tv/Show/Season 02/Show - S02E03.mkv"
    # the first episode on disk: regular seasons before the specials
    assert episode_file_path(episodes, files, None) == "/data/media/tv/Show/Season 01/Show - S01E02.mkv"
    assert episode_file_path(episodes, files, (0, 1)) == "/data/media/tv/Show/Specials/Show - S00E01.mkv"
    assert episode_file_path(episodes, files, (1, 1)) is None  # asked, not on disk
    assert episode_file_path(episodes, files, (2, 4)) is None
    assert episode_file_path([], files, None) is None
