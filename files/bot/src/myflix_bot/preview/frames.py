"""Frames out of a video file with PyAV: seek to the requested times (or spread keyframes) and decode at
no more than ``max_lines`` lines. Runs in the preview process only (imports av and Pillow)."""

from __future__ import annotations

import io
import os
import sys
from dataclasses import dataclass

import av
from PIL import Image

from myflix_bot.preview.spec import PreviewError


@dataclass(frozen=True)
class Frame:
    time: float  # seconds from the start of the file
    image: Image.Image  # RGB, at most max_lines high
    source_size: tuple[int, int]  # width, height as stored in the file


def _even(value: float) -> int:
    return max(2, round(value / 2) * 2)


def target_size(width: int, height: int, max_lines: int) -> tuple[int, int]:
    if height <= max_lines:
        return width, height
    return _even(width * max_lines / height), max_lines


def _unreadable(path: str, exc: Exception) -> PreviewError:
    """The user reads the file's name; FFmpeg's own (English) reason goes to the process's log."""
    print(f"preview: {path}: {exc}", file=sys.stderr)
    return PreviewError("unreadable_file", os.path.basename(path))


def _open(path: str) -> av.container.InputContainer:
    if not os.path.isfile(path):
        raise PreviewError("missing_file", path)
    try:
        return av.open(path, mode="r")
    except (av.error.FFmpegError, OSError, ValueError) as exc:
        raise _unreadable(path, exc) from None


def duration_of(container: av.container.InputContainer, stream: av.video.stream.VideoStream) -> float:
    if stream.duration is not None and stream.time_base is not None:
        return float(stream.duration * stream.time_base)
    if container.duration is not None:
        return container.duration / av.time_base
    return 0.0


def spread_times(duration: float, count: int) -> list[float]:
    """``count`` times spread through the file, away from the opening and closing credits."""
    if duration <= 0:
        return [0.0]
    return [duration * (i + 1) / (count + 1) for i in range(count)]


def _to_image(frame: av.VideoFrame, max_lines: int) -> Image.Image:
    width, height = target_size(frame.width, frame.height, max_lines)
    reduced = frame.reformat(width=width, height=height, format="rgb24", interpolation="AREA")
    image: Image.Image = reduced.to_image()  # PyAV's to_image is not annotated
    return image


def extract_frames(path: str, times: list[float] | None, count: int, max_lines: int) -> list[Frame]:
    """Frames at ``times`` (exact: decoded from the keyframe before each time) or, without times, the
    keyframes nearest to ``count`` spread times."""
    container = _open(path)
    try:
        if not container.streams.video:
            raise PreviewError("no_video", os.path.basename(path))
        stream = container.streams.video[0]
        stream.thread_type = "AUTO"
        duration = duration_of(container, stream)
        exact = bool(times)
        wanted = list(times) if times else spread_times(duration, count)
        if duration > 0:
            late = [t for t in wanted if t >= duration]
            if late:
                raise PreviewError("beyond_end", f"{late[0]:.0f}s > {duration:.0f}s")
        frames: list[Frame] = []
        for t in wanted[:count]:
            frames.append(_frame_at(container, stream, t, exact, max_lines))
        return frames
    except av.error.FFmpegError as exc:
        raise _unreadable(path, exc) from None
    finally:
        container.close()


def _frame_at(
    container: av.container.InputContainer,
    stream: av.video.stream.VideoStream,
    t: float,
    exact: bool,
    max_lines: int,
) -> Frame:
    assert stream.time_base is not None
    container.seek(int(t / stream.time_base), stream=stream, backward=True, any_frame=False)
    rate = float(stream.average_rate or 25)
    last: av.VideoFrame | None = None
    for frame in container.decode(stream):
        last = frame
        if not exact or frame.time is None or frame.time >= t - 0.5 / rate:
            break
    if last is None:
        raise PreviewError("unreadable_file", f"no frame decoded at {t:.1f}s")
    return Frame(
        time=float(last.time if last.time is not None else t),
        image=_to_image(last, max_lines),
        source_size=(last.width, last.height),
    )


def encode_clip(images: list[Image.Image], fps: float) -> bytes:
    """An H.264 MP4 of the images (all the same size), in memory."""
    if not images:
        raise PreviewError("unreadable_file", "empty clip")
    buffer = io.BytesIO()
    with av.open(buffer, mode="w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=max(1, round(fps)))
        stream.width, stream.height = images[0].size
        stream.pix_fmt = "yuv420p"
        stream.options = {"preset": "veryfast", "crf": "20"}
        for image in images:
            for packet in stream.encode(av.VideoFrame.from_image(image)):
                out.mux(packet)
        for packet in stream.encode():
            out.mux(packet)
    return buffer.getvalue()


def decode_clip(path: str, start: float, seconds: float, max_lines: int) -> tuple[list[Image.Image], float]:
    """The frames from ``start`` for ``seconds`` at no more than ``max_lines`` lines, and the frame rate."""
    container = _open(path)
    try:
        if not container.streams.video:
            raise PreviewError("no_video", os.path.basename(path))
        stream = container.streams.video[0]
        assert stream.time_base is not None
        fps = float(stream.average_rate or 25)
        container.seek(int(start / stream.time_base), stream=stream, backward=True, any_frame=False)
        images: list[Image.Image] = []
        for frame in container.decode(stream):
            if frame.time is not None and frame.time < start - 0.5 / fps:
                continue
            if frame.time is not None and frame.time >= start + seconds:
                break
            images.append(_to_image(frame, max_lines))
        return images, fps
    except av.error.FFmpegError as exc:
        raise _unreadable(path, exc) from None
    finally:
        container.close()


def clip_info(data: bytes) -> tuple[int, int, float]:
    """(width, height, seconds) of an MP4 held in memory, from its decoded frames' count and rate."""
    try:
        with av.open(io.BytesIO(data), mode="r") as container:
            if not container.streams.video:
                raise PreviewError("unreadable_file", "clip without video")
            stream = container.streams.video[0]
            frames = sum(1 for _ in container.decode(stream))
            rate = float(stream.average_rate or 25)
            return stream.codec_context.width, stream.codec_context.height, frames / rate
    except av.error.FFmpegError as exc:
        raise _unreadable("clip.mp4", exc) from None
