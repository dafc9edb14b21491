"""The side-by-side picture: its size follows the layout, each panel shows the image meant for it, the crops
are pasted 1:1, an overview of the panel's size is pasted as it is, the caption is drawn."""

from __future__ import annotations

import io

import numpy as np
from myflix_bot.preview.compose import BACKGROUND, Layout, Row, compose, png_bytes
from PIL import Image

RED, GREEN, BLUE, YELLOW = (220, 30, 30), (30, 200, 60), (30, 60, 220), (230, 220, 40)


def _row(width: int = 240, height: int = 135, crop: int = 270) -> Row:
    return Row(
        "01:00",
        Image.new("RGB", (2 * width, 2 * height), RED),
        Image.new("RGB", (2 * width, 2 * height), GREEN),
        Image.new("RGB", (crop, crop), BLUE),
        Image.new("RGB", (crop, crop), YELLOW),
    )


def test_size_and_panels() -> None:
    layout = Layout()
    rows = [_row(), _row(), _row()]
    picture = compose(rows, ["caption one", "caption two"], ("bicubic", "AI", "1:1"), layout)
    assert picture.size == layout.size(3, 1708, 960, 2)  # a 854×480 frame ×2
    ph = layout.panel_height(480, 270)
    crop = layout.crop_side(1708, 960)
    assert (ph, crop) == (270, 270)
    assert picture.width == 2 * layout.margin + 2 * layout.panel_width + 2 * crop + 3 * layout.gap
    top = layout.margin + 2 * layout.caption_line
    for index in range(3):
        y = top + index * (layout.label_height + ph + layout.gap) + layout.label_height + ph // 2
        x = layout.margin
        assert picture.getpixel((x + layout.panel_width // 2, y)) == RED  # bicubic overview
        assert picture.getpixel((x + layout.panel_width + layout.gap + layout.panel_width // 2, y)) == GREEN
        crop_x = x + 2 * (layout.panel_width + layout.gap)
        assert picture.getpixel((crop_x + crop // 2, y)) == BLUE  # bicubic crop
        assert picture.getpixel((crop_x + crop + layout.gap + crop // 2, y)) == YELLOW  # AI crop
    caption_band = np.asarray(picture.crop((0, 0, picture.width, top)))
    assert (caption_band != np.array(BACKGROUND, dtype=np.uint8)).any(axis=2).sum() > 50  # text was drawn


def test_pixels_are_pasted_as_they_are() -> None:
    """An overview of the panel's size and the crops keep every pixel (no resampling); a smaller overview
    is resized to fill the panel."""
    rng = np.random.default_rng(3)
    noise = [
        Image.fromarray((rng.random((h, w, 3)) * 255).astype(np.uint8)) for w, h in ((480, 270), (270, 270))
    ]
    row = Row("00:01", noise[0], noise[0], noise[1], noise[1])
    layout = Layout()
    picture = compose([row], [], ("b", "a", "c"), layout)
    y = layout.margin + layout.label_height
    x_ai = layout.margin + layout.panel_width + layout.gap
    crop_x = layout.margin + 2 * (layout.panel_width + layout.gap) + 270 + layout.gap
    assert np.array_equal(np.asarray(picture.crop((x_ai, y, x_ai + 480, y + 270))), np.asarray(noise[0]))
    assert np.array_equal(np.asarray(picture.crop((crop_x, y, crop_x + 270, y + 270))), np.asarray(noise[1]))
    small = Row(
        "00:01", *(Image.new("RGB", (320, 180), GREEN),) * 2, *(Image.new("RGB", (180, 180), RED),) * 2
    )
    picture = compose([small], [], ("b", "a", "c"), layout)
    assert picture.size == layout.size(1, 320, 180, 0)
    assert picture.getpixel((layout.margin + layout.panel_width - 2, y + 2)) == GREEN  # filled to the panel


def test_png_round_trip() -> None:
    picture = compose([_row()], ["x"], ("b", "a", "c"))
    data = png_bytes(picture)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(data)).size == picture.size
