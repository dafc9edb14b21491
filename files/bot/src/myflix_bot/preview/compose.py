"""The side-by-side picture: per frame, bicubic beside the AI result (scaled to fit) and a 1:1 crop of the
most detailed region of each; a caption on top. A renderer: images in, an image out, no I/O."""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageDraw, ImageFont

BACKGROUND = (24, 24, 24)
TEXT = (235, 235, 235)
ACCENT = (255, 200, 60)


@dataclass(frozen=True)
class Layout:
    panel_width: int = 480  # each overview panel (bicubic, AI)
    gap: int = 8
    margin: int = 12
    label_height: int = 24
    caption_line: int = 22

    def panel_height(self, width: int, height: int) -> int:
        return max(1, round(self.panel_width * height / width))

    def size(self, frames: int, width: int, height: int, caption_lines: int) -> tuple[int, int]:
        """The picture's size for ``frames`` rows of ``width``×``height`` upscaled images."""
        ph = self.panel_height(width, height)
        crop = min(ph, width, height)
        total_w = 2 * self.margin + 2 * self.panel_width + 2 * crop + 3 * self.gap
        total_h = (
            2 * self.margin
            + caption_lines * self.caption_line
            + frames * (self.label_height + ph)
            + (frames - 1) * self.gap
        )
        return total_w, total_h


@dataclass(frozen=True)
class Row:
    label: str  # e.g. the frame's time
    source: Image.Image  # the decoded frame (detail search)
    bicubic: Image.Image  # x2
    ai: Image.Image  # x2, same size


def detail_box(source: Image.Image, side: int, scale: int) -> tuple[int, int, int, int]:
    """The ``side``×``side`` box (in upscaled pixels) around the source's busiest region: the window with
    the largest sum of gradient magnitude, found with an integral image."""
    gray = np.asarray(source.convert("L"), dtype=np.float32)
    height, width = gray.shape
    window = max(1, min(side // scale, width, height))
    grad = np.zeros_like(gray)
    grad[:, 1:] += np.abs(np.diff(gray, axis=1))
    grad[1:, :] += np.abs(np.diff(gray, axis=0))
    integral = np.pad(grad.cumsum(0).cumsum(1), ((1, 0), (1, 0)))
    sums = (
        integral[window:, window:]
        - integral[:-window, window:]
        - integral[window:, :-window]
        + integral[:-window, :-window]
    )
    y, x = np.unravel_index(int(np.argmax(sums)), sums.shape)
    left = min(int(x) * scale, width * scale - side)
    top = min(int(y) * scale, height * scale - side)
    return max(0, left), max(0, top), max(0, left) + side, max(0, top) + side


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def compose(
    rows: list[Row], caption: list[str], labels: tuple[str, str, str], layout: Layout = Layout()
) -> Image.Image:
    """``labels``: the bicubic panel's, the AI panel's and the crops' (e.g. "bicubic", "AI", "1:1")."""
    if not rows:
        raise ValueError("nothing to compose")
    width, height = rows[0].ai.size
    ph = layout.panel_height(width, height)
    crop = min(ph, width, height)
    canvas = Image.new("RGB", layout.size(len(rows), width, height, len(caption)), BACKGROUND)
    draw = ImageDraw.Draw(canvas)
    font = _font(16)
    y = layout.margin
    for line in caption:
        draw.text((layout.margin, y), line, fill=TEXT, font=font)
        y += layout.caption_line
    for index, row in enumerate(rows):
        if index:
            y += layout.gap
        x = layout.margin
        draw.text((x, y + 3), row.label, fill=ACCENT, font=font)
        text_x = [x, x + layout.panel_width + layout.gap]
        crop_x = x + 2 * (layout.panel_width + layout.gap)
        text_x += [crop_x, crop_x + crop + layout.gap]
        names = [labels[0], labels[1], f"{labels[0]} {labels[2]}", f"{labels[1]} {labels[2]}"]
        for tx, name in zip(text_x, names, strict=True):
            draw.text((tx + (120 if tx == x else 0), y + 3), name, fill=TEXT, font=font)
        y += layout.label_height
        scaled = (layout.panel_width, ph)
        canvas.paste(row.bicubic.resize(scaled, Image.Resampling.LANCZOS), (x, y))
        canvas.paste(
            row.ai.resize(scaled, Image.Resampling.LANCZOS), (x + layout.panel_width + layout.gap, y)
        )
        box = detail_box(row.source, crop, row.ai.width // max(1, row.source.width))
        canvas.paste(row.bicubic.crop(box), (crop_x, y))
        canvas.paste(row.ai.crop(box), (crop_x + crop + layout.gap, y))
        for image_x, side_w in ((crop_x, crop), (crop_x + crop + layout.gap, crop)):
            draw.rectangle((image_x - 1, y - 1, image_x + side_w, y + crop), outline=ACCENT)
        y += ph
    return canvas


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()
