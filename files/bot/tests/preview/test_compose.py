"""The side-by-side picture: its size follows the layout, each panel shows the image meant for it, the crop
is 1:1 from the busiest region, the caption is drawn."""

from __future__ import annotations

import io

import numpy as np
from myflix_bot.preview.compose import BACKGROUND, Layout, Row, compose, detail_box, png_bytes
from PIL import Image, ImageDraw

RED, GREEN = (220, 30, 30), (30, 200, 60)


def _row(width: int = 160, height: int = 90) -> Row:
    source = Image.new("RGB", (width, height), (90, 90, 90))
    return Row(
        "01:00",
        source,
        Image.new("RGB", (2 * width, 2 * height), RED),
        Image.new("RGB", (2 * width, 2 * height), GREEN),
    )


def test_size_and_panels() -> None:
    layout = Layout()
    rows = [_row(), _row(), _row()]
    picture = compose(rows, ["caption one", "caption two"], ("bicubic", "AI", "1:1"), layout)
    assert picture.size == layout.size(3, 320, 180, 2)
    ph = layout.panel_height(320, 180)
    assert ph == 270
    crop = min(ph, 320, 180)
    assert picture.width == 2 * layout.margin + 2 * layout.panel_width + 2 * crop + 3 * layout.gap
    top = layout.margin + 2 * layout.caption_line
    for index in range(3):
        y = top + index * (layout.label_height + ph + layout.gap) + layout.label_height + ph // 2
        x = layout.margin
        assert picture.getpixel((x + layout.panel_width // 2, y)) == RED  # bicubic overview
        assert picture.getpixel((x + layout.panel_width + layout.gap + layout.panel_width // 2, y)) == GREEN
        crop_x = x + 2 * (layout.panel_width + layout.gap)
        assert picture.getpixel((crop_x + crop // 2, y)) == RED  # bicubic crop
        assert picture.getpixel((crop_x + crop + layout.gap + crop // 2, y)) == GREEN  # AI crop
    caption_band = np.asarray(picture.crop((0, 0, picture.width, top)))
    assert (caption_band != np.array(BACKGROUND, dtype=np.uint8)).any(axis=2).sum() > 50  # text was drawn


def test_crop_is_one_to_one_from_the_busiest_region() -> None:
    source = Image.new("RGB", (160, 90), (128, 128, 128))
    draw = ImageDraw.Draw(source)
    for x in range(110, 150, 2):
        draw.line((x, 40, x, 80), fill=(0, 0, 0) if x % 4 else (255, 255, 255))
    left, top, right, bottom = detail_box(source, 60, 2)
    assert (right - left, bottom - top) == (60, 60)
    assert 200 <= left <= 260
    assert 60 <= top <= 120
    assert right <= 320
    assert bottom <= 180
    ai = source.resize((320, 180), Image.Resampling.NEAREST)
    picture = compose([Row("00:01", source, ai, ai)], [], ("b", "a", "c"))
    layout = Layout()
    crop = min(layout.panel_height(320, 180), 180)
    crop_x = layout.margin + 2 * (layout.panel_width + layout.gap)
    y = layout.margin + layout.label_height
    pasted = picture.crop((crop_x, y, crop_x + crop, y + crop))
    expected = ai.crop(detail_box(source, crop, 2))
    assert np.array_equal(np.asarray(pasted), np.asarray(expected))  # pixel for pixel: 1:1, no resampling


def test_png_round_trip() -> None:
    picture = compose([_row()], ["x"], ("b", "a", "c"))
    data = png_bytes(picture)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert Image.open(io.BytesIO(data)).size == picture.size
