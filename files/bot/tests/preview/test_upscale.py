"""The real model (ncnn, the pinned weights) against bicubic on a picture with fine detail; the checks that
reject a wrong size or a blank picture; the pinned digests."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from myflix_bot.preview.models import MODELS, PI_MODEL
from myflix_bot.preview.spec import PreviewError
from myflix_bot.preview.upscale import Upscaler, bicubic, verified_files, weights_dir
from PIL import Image

from .media import detailed_picture

# Measured on this picture (128 px, halved with bicubic): model 17.3 dB, bicubic 14.1 dB, a margin of 3.2 dB
# (the same on x86_64 runs; ncnn's CPU path is deterministic). The test asks for half of it.
MIN_MARGIN_DB = 1.5


def psnr(result: Image.Image, original: Image.Image) -> float:
    a = np.asarray(result, dtype=np.float64)
    b = np.asarray(original, dtype=np.float64)
    mse = float(((a - b) ** 2).mean())
    return float("inf") if mse == 0 else 10 * np.log10(255.0**2 / mse)


def checked(result: Image.Image, original: Image.Image) -> float:
    """PSNR of a plausible upscale: the original's size and not blank, else AssertionError."""
    assert result.size == original.size, f"wrong size {result.size}, expected {original.size}"
    assert float(np.asarray(result.convert("L"), dtype=np.float32).std()) > 10, "blank picture"
    return psnr(result, original)


def test_model_beats_bicubic_on_fine_detail(upscaler) -> None:
    original = detailed_picture(128)
    small = original.resize((64, 64), Image.Resampling.BICUBIC)
    ai = checked(upscaler.upscale(small), original)
    reference = checked(bicubic(small), original)
    assert ai - reference >= MIN_MARGIN_DB, f"model {ai:.2f} dB vs bicubic {reference:.2f} dB"


def test_the_checks_reject_a_wrong_size_or_a_blank_picture() -> None:
    original = detailed_picture(64)
    with pytest.raises(AssertionError, match="wrong size"):
        checked(original.resize((60, 64)), original)
    with pytest.raises(AssertionError, match="blank"):
        checked(Image.new("RGB", original.size, "white"), original)
    assert checked(original, original) == float("inf")


def test_tiles_join_without_seams(upscaler) -> None:
    """A picture larger than one tile gives the same pixels as in one piece, up to rounding at the seams."""
    picture = detailed_picture(128).resize((150, 110))
    whole = Upscaler(PI_MODEL, threads=2, tile=512).upscale(picture)
    tiled = upscaler.upscale(picture)  # tile 96: four tiles
    assert tiled.size == whole.size == (300, 220)
    diff = np.abs(np.asarray(tiled, dtype=np.int16) - np.asarray(whole, dtype=np.int16))
    assert float(diff.mean()) < 1.0
    assert int(diff.max()) <= 24


def test_weights_come_from_the_pinned_wheel_and_match_their_digests(tmp_path: Path) -> None:
    for model in MODELS.values():
        param, weights = verified_files(model)
        assert param.parent == weights_dir()
    model = MODELS[PI_MODEL]
    param, weights = verified_files(model)
    (tmp_path / param.name).write_bytes(param.read_bytes())
    tampered = bytearray(weights.read_bytes())
    tampered[1000] ^= 0xFF
    (tmp_path / weights.name).write_bytes(bytes(tampered))
    with pytest.raises(PreviewError, match="sha256"):
        verified_files(model, tmp_path)
