"""The side-by-side picture: per frame, bicubic beside the AI result (the overview panels) and a 1:1 crop of
the most detailed region of each; a caption on top. A renderer: images in, an image out, no I/O."""

from __future__ import annotations

import io
from dataclasses import dataclass

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

    def crop_side(self, width: int, height: int) -> int:
        """The 1:1 crop's side (output pixels, even: twice a window of the frame) for a ``width``×``height``
        upscaled frame."""
        return max(2, min(self.panel_height(width, height), width, height) // 2 * 2)

    def canvas(self, frames: int, panel_height: int, crop: int, caption_lines: int) -> tuple[int, int]:
        total_w = 2 * self.margin + 2 * self.panel_width + 2 * crop + 3 * self.gap
        total_h = (
            2 * self.margin
            + caption_lines * self.caption_line
            + frames * (self.label_height + panel_height)
            + (frames - 1) * self.gap
        )
        return total_w, total_h

    def size(self, frames: int, width: int, height: int, caption_lines: int) -> tuple[int, int]:
        """The picture's size for ``frames`` rows of ``width``×``height`` upscaled frames."""
        ph = self.panel_height(width, height)
        return self.canvas(frames, ph, self.crop_side(width, height), caption_lines)


@dataclass(frozen=True)
class Row:
    label: str  # e.g. the frame's time
    bicubic: Image.Image  # the overview, ×2 with bicubic
    ai: Image.Image  # the overview, ×2 by the model (same size)
    crop_bicubic: Image.Image  # the busiest region at 1:1, bicubic
    crop_ai: Image.Image  # the same region at 1:1, the model


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def compose(
    rows: list[Row], caption: list[str], labels: tuple[str, str, str], layout: Layout = Layout()
) -> Image.Image:
    """``labels``: the bicubic panel's, the AI panel's and the crops' (e.g. "bicubic", "AI", "1:1")."""
    if not rows:
        raise ValueError("nothing to compose")
    ph = layout.panel_height(*rows[0].ai.size)
    crop = rows[0].crop_ai.width
    canvas = Image.new("RGB", layout.canvas(len(rows), ph, crop, len(caption)), BACKGROUND)
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
        canvas.paste(_fit(row.bicubic, scaled), (x, y))
        canvas.paste(_fit(row.ai, scaled), (x + layout.panel_width + layout.gap, y))
        canvas.paste(row.crop_bicubic, (crop_x, y))
        canvas.paste(row.crop_ai, (crop_x + crop + layout.gap, y))
        for image_x in (crop_x, crop_x + crop + layout.gap):
            draw.rectangle((image_x - 1, y - 1, image_x + crop, y + crop), outline=ACCENT)
        y += ph
    return canvas


def _fit(image: Image.Image, size: tuple[int, int]) -> Image.Image:
    """The panel's image: as it is when it has the panel's size (the model's own pixels), else resized."""
    return image if image.size == size else image.resize(size, Image.Resampling.LANCZOS)


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False, compress_level=6)
    return buffer.getvalue()
