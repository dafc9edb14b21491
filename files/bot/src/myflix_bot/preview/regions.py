"""What of a frame the model works on: the preview shows the AI result at two places only, an overview panel
``Layout.panel_width`` wide and a 1:1 crop of the busiest region, so the model upscales those two and nothing
else. The overview's input is the frame reduced to half the panel's width (its ×2 result fills the panel
pixel for pixel); the crop's input is a window of the frame at its decoded resolution, with a margin of
context so its borders come out as they would inside the whole frame. A 480-line 16:9 frame is 410 k
pixels; these two are 240×135 and 159×159 (135 plus 12 of context each side), about 58 k: the model's work
per frame falls about 7 times. Pure functions on images (numpy and Pillow: the preview process only)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

# pixels of source context around the crop's window: with 12 the window's own pixels equal the whole frame's
# result up to 1/255 (0: up to 158/255 at its borders; tests/preview/test_regions.py)
CONTEXT = 12

Box = tuple[int, int, int, int]  # left, top, right, bottom


@dataclass(frozen=True)
class Regions:
    overview: Image.Image  # the frame reduced so that ×scale fills the overview panel
    window: Image.Image  # the crop's window with its context margin, at the decoded resolution
    inner: Box  # the crop's own pixels inside ``window``


def overview_source(frame: Image.Image, panel_width: int, scale: int) -> Image.Image:
    """The frame at ``panel_width / scale`` pixels wide (area-averaged), or as it is when narrower."""
    width = max(1, panel_width // scale)
    if frame.width <= width:
        return frame
    height = max(1, round(frame.height * width / frame.width))
    return frame.resize((width, height), Image.Resampling.BOX)


def detail_box(source: Image.Image, side: int) -> Box:
    """The ``side``×``side`` window (source pixels) with the largest sum of gradient magnitude: the busiest
    region, found with an integral image."""
    gray = np.asarray(source.convert("L"), dtype=np.float32)
    height, width = gray.shape
    window = max(1, min(side, width, height))
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
    return int(x), int(y), int(x) + window, int(y) + window


def with_context(frame: Image.Image, box: Box, context: int = CONTEXT) -> tuple[Image.Image, Box]:
    """The window ``box`` grown by ``context`` pixels (within the frame), and ``box`` inside it."""
    left, top, right, bottom = box
    outer = (max(0, left - context), max(0, top - context))
    outer_box = (*outer, min(frame.width, right + context), min(frame.height, bottom + context))
    inner = (left - outer[0], top - outer[1], right - outer[0], bottom - outer[1])
    return frame.crop(outer_box), inner


def regions(frame: Image.Image, panel_width: int, crop_side: int, scale: int) -> Regions:
    """The overview's input and the crop's window for a crop of ``crop_side`` output pixels."""
    window, inner = with_context(frame, detail_box(frame, max(1, crop_side // scale)))
    return Regions(overview_source(frame, panel_width, scale), window, inner)


def inner_result(upscaled: Image.Image, inner: Box, scale: int) -> Image.Image:
    """The crop's own pixels out of the upscaled window."""
    left, top, right, bottom = inner
    return upscaled.crop((left * scale, top * scale, right * scale, bottom * scale))
