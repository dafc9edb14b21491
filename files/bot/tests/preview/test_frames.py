"""Frames out of a real video file with PyAV: the requested times, spread keyframes, the line limit, and a
clear error for a missing, corrupt or too short file."""

from __future__ import annotations

from pathlib import Path

import pytest
from myflix_bot.preview.frames import extract_frames
from myflix_bot.preview.spec import PreviewError

from .media import FPS, frame_index


def test_frames_at_the_requested_times(sample_video: Path) -> None:
    frames = extract_frames(str(sample_video), [0.5, 2.0, 3.3], 3, 480)
    assert [round(f.time, 2) for f in frames] == [0.5, 2.0, 3.3]
    # the decoded pictures are those frames (not the keyframe before them): 0.5 s and 3.3 s are not keyframes
    assert [frame_index(f.image) for f in frames] == [5, 20, 33]
    assert all(f.image.size == (320, 180) and f.source_size == (320, 180) for f in frames)


def test_spread_keyframes_without_times(sample_video: Path) -> None:
    frames = extract_frames(str(sample_video), None, 3, 480)
    indexes = [frame_index(f.image) for f in frames]
    assert len(frames) == 3
    assert indexes == sorted(set(indexes))
    assert all(i % 5 == 0 for i in indexes), indexes  # keyframes only (gop 5)
    assert indexes[0] > 0
    assert indexes[-1] < 4 * FPS - 1


def test_decoded_at_no_more_than_max_lines(sample_video: Path) -> None:
    (frame,) = extract_frames(str(sample_video), [1.0], 1, 90)
    assert frame.image.size == (160, 90)
    assert frame.source_size == (320, 180)
    assert frame_index(frame.image) == 10


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PreviewError) as caught:
        extract_frames(str(tmp_path / "gone.mkv"), [1.0], 1, 480)
    assert caught.value.code == "missing_file"
    assert "gone.mkv" in caught.value.detail


def test_corrupt_file(tmp_path: Path, sample_video: Path) -> None:
    corrupt = tmp_path / "broken.mkv"
    corrupt.write_bytes(b"\x1a\x45\xdf\xa3" + bytes(range(256)) * 64)
    with pytest.raises(PreviewError) as caught:
        extract_frames(str(corrupt), [1.0], 1, 480)
    assert caught.value.code == "unreadable_file"
    assert "broken.mkv" in caught.value.detail
    # positive twin: the same call on a good file works
    assert extract_frames(str(sample_video), [1.0], 1, 480)


def test_time_past_the_end(sample_video: Path) -> None:
    with pytest.raises(PreviewError) as caught:
        extract_frames(str(sample_video), [60.0], 1, 480)
    assert caught.value.code == "beyond_end"
