from __future__ import annotations

from pathlib import Path

import pytest

from .media import make_video


@pytest.fixture(scope="session")
def sample_video(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """4 s of 320×180 H.264 at 10 fps, a keyframe every 5 frames; each frame carries its index."""
    return make_video(tmp_path_factory.mktemp("media") / "sample.mp4")


@pytest.fixture(scope="session")
def upscaler():
    from myflix_bot.preview.upscale import Upscaler  # noqa: PLC0415 - loads ncnn

    return Upscaler("realesr-animevideov3-x2", threads=2, tile=96)
