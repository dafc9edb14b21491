"""Test media made here with PyAV and Pillow: a video whose frames carry their own index, and a picture with
fine detail (text, edges, lines)."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
from PIL import Image, ImageDraw, ImageFont

FPS = 10
LEVEL_STEP = 6  # grey level per frame index in the marker block


def marker_level(index: int) -> int:
    return 10 + LEVEL_STEP * index


def make_video(path: Path, seconds: float = 4.0, size: tuple[int, int] = (320, 180), gop: int = 5) -> Path:
    """H.264 at ``FPS``: frame i has a flat 32×32 block (top left) of grey ``marker_level(i)`` and a moving
    pattern elsewhere, a keyframe every ``gop`` frames."""
    width, height = size
    frames = int(seconds * FPS)
    with av.open(str(path), mode="w") as out:
        stream = out.add_stream("libx264", rate=FPS)
        stream.width, stream.height = width, height
        stream.pix_fmt = "yuv420p"
        stream.options = {"g": str(gop), "crf": "12", "preset": "ultrafast"}
        yy, xx = np.mgrid[0:height, 0:width]
        for index in range(frames):
            pixels = np.zeros((height, width, 3), dtype=np.uint8)
            pixels[..., 0] = ((xx + 4 * index) % 64) * 4
            pixels[..., 1] = ((yy * 3 + index) % 50) * 5
            pixels[..., 2] = 128
            pixels[:32, :32] = marker_level(index)
            frame = av.VideoFrame.from_ndarray(pixels, format="rgb24")
            for packet in stream.encode(frame):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return path


def frame_index(image: Image.Image) -> int:
    """The index a frame carries (from its marker block, at any scale)."""
    scale = image.height / 180
    side = max(2, int(24 * scale))
    block = np.asarray(image.convert("L"), dtype=np.float32)[2:side, 2:side]
    return round((float(block.mean()) - 10) / LEVEL_STEP)


def detailed_picture(size: int = 96) -> Image.Image:
    """Black text, thin lines and hard edges on white: what bicubic blurs and a good model keeps."""
    image = Image.new("RGB", (size, size), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=size // 6)
    draw.text((4, 2), "Myflix", fill="black", font=font)
    draw.text((4, size // 4), "AI x2 42", fill=(20, 20, 120), font=font)
    for offset in range(0, size, 6):
        draw.line((offset, size // 2, offset + size // 3, size - 1), fill=(0, 0, 0), width=2)
    draw.rectangle((size // 2, size // 2, size - 6, size - 10), outline=(200, 0, 0), width=3)
    draw.ellipse((size // 2 + 8, size // 2 + 8, size - 14, size - 18), fill=(0, 120, 0))
    return image
